"""Reports of disposal records to the cyberspace administration (2021 Art 19; R13)."""

from __future__ import annotations

from accountledger.application.ledger import Attempt, Ledger
from accountledger.application.recording import at_recording_clock, refuse_chosen_time
from accountledger.domain.act import Act
from accountledger.domain.errors import RuleViolation
from accountledger.domain.reports import DisposalReport
from accountledger.domain.text import check_text


def report_disposal(
    ledger: Ledger, record: str, reference: str, channel: str, act: Act
) -> DisposalReport:
    """Record that a disposal record was reported to the authority, once (R13).

    Reported when recorded: the recording clock, not the caller, dates the report that
    decides whether the record was reported in time (`recording.py`).
    """
    ledger.check_act(act)
    check_text("reference", reference, ledger.rules.max_field_length)
    check_text("channel", channel, ledger.rules.max_field_length)
    account_id, _, measure = ledger.measure_taken(record)

    def attempt() -> Attempt[DisposalReport]:
        existing = ledger.find(DisposalReport.create_id(record))
        if existing is not None:
            raise RuleViolation(
                f"{record} was already reported on {existing.reported_at.isoformat()} "
                f"as {existing.reference}",
                rule="reported-once",
                field="record",
                article="2021-19",
            )
        recorded = at_recording_clock(ledger, act)
        filed = DisposalReport.file(
            record_id=record,
            account_id=str(account_id),
            reference=reference,
            channel=channel,
            decided_at=measure.act.occurred_at,
            act=recorded,
        )
        refuse_chosen_time(ledger, act, recorded, "a report to the authority", "2021-19")
        return filed, [filed]

    return ledger.run_atomically(attempt)
