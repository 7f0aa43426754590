"""What the public registry shows of one account (2021 Art 9 ¶2, Art 11 ¶2; 2022 Arts 12, 13).

Read from the `public_registry` and `subject_change_notices` read models: the account's
name, status, special marks and public registration details, and the dates its subject
changed. A notice shows when, never who (R17).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from accountledger.projections.schema import public_registry, subject_notices
from accountledger.projections.view import ReadStore


def public_entry(view: ReadStore, account_id: str) -> dict[str, Any] | None:
    """The public entry of `account_id`, or None if it is not in the registry (unknown,
    pending, refused or no longer in service)."""
    with view.engine.connect() as connection:
        row = connection.execute(
            select(public_registry).where(public_registry.c.account_id == account_id)
        ).first()
        if row is None:
            return None
        notices = connection.execute(
            select(subject_notices.c.approved_at)
            .where(subject_notices.c.account_id == account_id)
            .order_by(subject_notices.c.approved_at)
        ).all()
    entry = dict(row._mapping)
    return {
        "account_id": entry["account_id"],
        "name": entry["name"],
        "status": entry["status"],
        "marks": entry["marks"],
        "registration": entry["details"],
        "organisation": entry["organisation"],
        "ip_attribution": entry["ip_attribution"],
        "listed_since": entry["since"],
        "subject_changes": [{"approved_at": n.approved_at} for n in notices],
    }
