"""Reports of disposal records to the cyberspace administration (2021 Art 19; R13).

Several records may be reported under one reference (the authority's case or batch
number). Each record is still reported once, and a batch is all or nothing: if any of
its records is refused, none is recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from accountledger.application.ledger import Attempt, Ledger
from accountledger.application.recording import at_recording_clock, refuse_chosen_time
from accountledger.domain.act import Act
from accountledger.domain.errors import RuleViolation
from accountledger.domain.reports import DisposalReport
from accountledger.domain.text import check_text

# One batch is one transaction: bounded, as every input is.
MAX_BATCH = 500


def report_disposal(
    ledger: Ledger, record: str, reference: str, channel: str, act: Act
) -> DisposalReport:
    """Record that a disposal record was reported to the authority, once (R13)."""
    (report,) = report_disposals(ledger, [record], reference, channel, act)
    return report


def report_disposals(
    ledger: Ledger, records: Sequence[str], reference: str, channel: str, act: Act
) -> list[DisposalReport]:
    """Record that each of `records` was reported under one reference, each once, all or
    nothing (R13): a record already reported, or named twice, refuses the whole batch.

    Reported when recorded: the recording clock, not the caller, dates the reports that
    decide whether each record was reported in time (`recording.py`).
    """
    ledger.check_act(act)
    check_text("reference", reference, ledger.rules.max_field_length)
    check_text("channel", channel, ledger.rules.max_field_length)
    _check_batch(records)
    taken = [(record, *ledger.measure_taken(record)) for record in records]

    def attempt() -> Attempt[list[DisposalReport]]:
        recorded = at_recording_clock(ledger, act)
        filed = [
            _file(ledger, record, account_id, measure, reference, channel, recorded)
            for record, account_id, _, measure in taken
        ]
        refuse_chosen_time(ledger, act, recorded, "a report to the authority", "2021-19")
        return filed, filed

    return ledger.run_atomically(attempt)


def _check_batch(records: Sequence[str]) -> None:
    if not records:
        raise RuleViolation(
            "name at least one disposal record", rule="report-details", field="record"
        )
    if len(records) > MAX_BATCH:
        raise RuleViolation(
            f"{len(records)} records in one report; at most {MAX_BATCH}",
            rule="report-batch",
            field="record",
        )
    twice = sorted({r for r in records if records.count(r) > 1})
    if twice:
        raise RuleViolation(
            f"{', '.join(twice)} named twice: a record is reported once",
            rule="reported-once",
            field="record",
            article="2021-19",
        )


def _file(
    ledger: Ledger,
    record: str,
    account_id: UUID,
    measure: Any,
    reference: str,
    channel: str,
    act: Act,
) -> DisposalReport:
    existing = ledger.find(DisposalReport.create_id(record))
    if existing is not None:
        raise RuleViolation(
            f"{record} was already reported on {existing.reported_at.isoformat()} "
            f"as {existing.reference}",
            rule="reported-once",
            field="record",
            article="2021-19",
        )
    return DisposalReport.file(
        record_id=record,
        account_id=str(account_id),
        reference=reference,
        channel=channel,
        decided_at=measure.act.occurred_at,
        act=act,
    )
