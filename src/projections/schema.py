"""The read models' tables: SQLAlchemy 2.x, in the same database as the events.

Every read model is disposable: `accountledger rebuild` drops these tables and
rebuilds them from the first event. Times are ISO 8601 strings in UTC, so they
sort and compare the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Boolean, Column, Integer, MetaData, String, Table, Text

metadata = MetaData()

tracking = Table(
    "projection_tracking",
    metadata,
    Column("application_name", String(64), primary_key=True),
    Column("notification_id", Integer, primary_key=True),
)

account_status = Table(
    "account_status",
    metadata,
    Column("account_id", String(36), primary_key=True),
    Column("status", String(16), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("subject_ref", String(80), nullable=False, index=True),
    # The registration details as last approved (R2); the contact is never here (R17).
    Column("details", JSON, nullable=False),
    Column("restrictions", JSON, nullable=False),
    Column("updates_suspended", Boolean, nullable=False),
    Column("ads_ceased", Boolean, nullable=False),
    Column("suspended_until", String(40)),
    Column("qualification_marks", JSON, nullable=False),
    Column("credit_tier", String(8), nullable=False),
    Column("open_transfer", String(16)),
    Column("last_activity_at", String(40)),
    Column("warnings", Integer, nullable=False),
    Column("registered_at", String(40), nullable=False),
    Column("version", Integer, nullable=False),
    Column("last_event_at", String(40), nullable=False),
    # Since when the account has its status: for a refused registration, when it was
    # refused (nothing follows a refusal); statistics count refusals by it (issue 17).
    Column("status_since", String(40)),
    # A refused registration's name-policy rules it was refused over (its findings), or
    # ["identity"] for a refusal without findings (R1); None for every other account.
    Column("refused_rules", JSON),
)

disposal_register = Table(
    "disposal_register",
    metadata,
    Column("record_id", String(48), primary_key=True),
    Column("account_id", String(36), nullable=False, index=True),
    Column("subject_ref", String(80), nullable=False, index=True),
    Column("account_name", Text, nullable=False),
    Column("measure", String(24), nullable=False, index=True),
    Column("event", String(40), nullable=False),
    Column("violation", JSON, nullable=False),
    Column("basis", JSON, nullable=False),
    Column("reason", Text, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("case_id", String(80), nullable=False),
    Column("functions", JSON, nullable=False),
    Column("decided_by", String(80), nullable=False),
    Column("decided_role", String(24), nullable=False),
    Column("decided_at", String(40), nullable=False, index=True),
    # When the store recorded the decision: later than `decided_at` for a late entry.
    Column("recorded_at", String(40)),
    Column("effective_from", String(40), nullable=False),
    Column("effective_until", String(40)),
    Column("bars_reregistration", Boolean, nullable=False),
    # Reported to the authority unless on administrative grounds (2021 Art 19; R13).
    Column("reportable", Boolean, nullable=False),
    Column("lifted_by", String(48)),
    Column("lifted_at", String(40)),
    Column("reported_reference", Text),
    Column("reported_channel", String(40)),
    Column("reported_at", String(40)),
    Column("reported_by", String(80)),
    Column("appeal_id", String(36)),
    Column("appeal_status", String(16), nullable=False),
    Column("reversed_by", String(48)),
    Column("reversed_at", String(40)),
)

appeals = Table(
    "appeals",
    metadata,
    Column("appeal_id", String(36), primary_key=True),
    Column("record_id", String(48), nullable=False, index=True),
    Column("account_id", String(36), nullable=False, index=True),
    Column("measure", String(40), nullable=False),
    Column("decided_by", String(80), nullable=False),
    Column("status", String(16), nullable=False),
    Column("grounds", Text, nullable=False),
    Column("filed_at", String(40), nullable=False),
    Column("feedback_deadline", String(40), nullable=False),
    Column("reviewer", String(80)),
    Column("evidence", JSON, nullable=False),
    Column("outcome", String(16)),
    Column("decided_at", String(40)),
)

public_registry = Table(
    "public_registry",
    metadata,
    Column("account_id", String(36), primary_key=True),
    Column("name", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("marks", JSON, nullable=False),
    # Only the details the law says to show (2021 Art 9 ¶2, 2022 Art 13), never the contact.
    Column("details", JSON, nullable=False),
    Column("since", String(40), nullable=False),
    # Held by an organisation (identified by its USCC, public by law), not an individual.
    Column("organisation", Boolean, nullable=False),
    # Where the platform attributes the account's IP address (2022 Art 12), if supplied.
    Column("ip_attribution", String(40)),
)

subject_notices = Table(
    "subject_change_notices",
    metadata,
    Column("notice_id", String(48), primary_key=True),
    Column("account_id", String(36), nullable=False, index=True),
    Column("account_name", Text, nullable=False),
    Column("approved_at", String(40), nullable=False),
    Column("approved_by", String(80), nullable=False),
)

name_registry = Table(
    "name_registry",
    metadata,
    Column("entry_id", String(48), primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False, index=True),
    Column("account_id", String(36), nullable=False, index=True),
    Column("subject_ref", String(80), nullable=False),
    Column("used_from", String(40), nullable=False),
    Column("used_until", String(40)),
    Column("barred", Boolean, nullable=False),
)

subject_holdings = Table(
    "subject_holdings",
    metadata,
    Column("holding_id", String(48), primary_key=True),
    Column("subject_ref", String(80), nullable=False, index=True),
    Column("account_id", String(36), nullable=False, index=True),
    Column("held_from", String(40), nullable=False),
    Column("held_until", String(40)),
)

complaints = Table(
    "complaints",
    metadata,
    Column("complaint_id", String(36), primary_key=True),
    Column("account_id", String(36), nullable=False, index=True),
    Column("category", String(16), nullable=False, index=True),
    Column("status", String(16), nullable=False, index=True),
    Column("received_at", String(40), nullable=False),
    Column("feedback_deadline", String(40), nullable=False, index=True),
    Column("answered_at", String(40)),
    Column("linked_records", JSON, nullable=False),
    Column("rejection_reason", String(16)),
    Column("duplicate_of", String(36)),
    Column("version", Integer, nullable=False),
)

READ_MODELS = (
    account_status,
    disposal_register,
    appeals,
    public_registry,
    subject_notices,
    name_registry,
    subject_holdings,
    complaints,
)


def iso(moment: datetime | None) -> str | None:
    """The stored form of a time: ISO 8601 in UTC."""
    if moment is None:
        return None
    # Most times read back are in UTC already (`astimezone` would return the same one).
    return moment.isoformat() if moment.tzinfo is UTC else moment.astimezone(UTC).isoformat()
