"""The disposal register kept under 2021 Art 19: one row per measure (R12, R13, R14)."""

from __future__ import annotations

from typing import Any

from accountledger.domain.articles import reportable
from accountledger.domain.measures import (
    BARS_REREGISTRATION,
    LIFTED_BY_EVENT,
    MEASURE_BY_EVENT,
    Measure,
)
from accountledger.projections.batch import Batch, Row
from accountledger.projections.change import Change
from accountledger.projections.schema import disposal_register, iso


def _until(change: Change) -> str | None:
    event = change.event
    return iso(getattr(event, "until", None) or getattr(event, "deadline", None))


def record(change: Change, measure: Measure) -> Row:
    act = change.event.act
    return {
        "record_id": change.record_id,
        "account_id": change.account_id,
        "subject_ref": change.account.subject_ref,
        "account_name": change.account.name,
        "measure": measure.value,
        "event": change.kind,
        "violation": list(act.violation),
        "basis": list(act.basis),
        "reason": act.reason,
        "evidence": list(act.evidence),
        "case_id": act.case_id,
        "functions": list(getattr(change.event, "functions", [])),
        "decided_by": act.actor_id,
        "decided_role": act.actor_role.value,
        "decided_at": change.at,
        "recorded_at": iso(change.event.timestamp),
        "effective_from": change.at,
        "effective_until": _until(change),
        "bars_reregistration": measure in BARS_REREGISTRATION,
        "reportable": reportable(tuple(act.basis), tuple(act.violation)),
        "lifted_by": None,
        "lifted_at": None,
        "reported_reference": None,
        "reported_channel": None,
        "reported_at": None,
        "reported_by": None,
        "appeal_id": None,
        "appeal_status": "none",
        "reversed_by": None,
        "reversed_at": None,
    }


def _still_in_force(row: Row, change: Change) -> bool:
    # A restriction record stays open while any of its functions is still restricted.
    if row["measure"] == Measure.RESTRICTION:
        return any(f in change.account.restrictions for f in row["functions"])
    return False


def lift(batch: Batch, change: Change, measure: Measure) -> None:
    for row in list(batch.rows_of(disposal_register, change.account_id)):
        open_record = row["measure"] == measure and row["lifted_by"] is None
        if open_record and not _still_in_force(row, change):
            row.update(lifted_by=change.record_id, lifted_at=change.at)
            batch.touch(disposal_register, row)


def _reverse(batch: Batch, change: Change) -> None:
    """MeasureReversed: the record it names was overturned or varied on appeal (R15)."""
    record = f"{change.account_id}/{change.event.record_version}"
    row = batch.get(disposal_register, record, change.account_id)
    if row is not None:
        row.update(reversed_by=change.record_id, reversed_at=change.at)
        batch.touch(disposal_register, row)


def apply(batch: Batch, change: Change) -> None:
    if change.kind == "MeasureReversed":
        _reverse(batch, change)
    if change.kind in MEASURE_BY_EVENT:
        batch.put(disposal_register, record(change, MEASURE_BY_EVENT[change.kind]))
    if change.kind in LIFTED_BY_EVENT:
        lift(batch, change, LIFTED_BY_EVENT[change.kind])


def report(batch: Batch, reported: Any) -> None:
    """A DisposalReport.Reported event marks its record reported (R13)."""
    row = batch.get(disposal_register, reported.record_id, reported.account_id)
    if row is None:
        return
    row.update(
        reported_reference=reported.reference,
        reported_channel=reported.channel,
        reported_at=iso(reported.act.occurred_at),
        reported_by=reported.act.actor_id,
    )
    batch.touch(disposal_register, row)


def appeal(batch: Batch, record_id: str, account_id: str, appeal_id: str, status: str) -> None:
    """The register shows where each record's appeal stands (R15)."""
    row = batch.get(disposal_register, record_id, account_id)
    if row is not None:
        row.update(appeal_id=appeal_id, appeal_status=status)
        batch.touch(disposal_register, row)
