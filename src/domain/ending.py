"""What still binds an account when its operator ends it (R4, R10, R12; 2021 Arts 8,
11, 19; 2022 Art 15).

Terminating one's own account is no way out of a measure: whatever binds the account
when it ends is named in the termination's event, its name stays barred as if closed
(`LedgerRules.termination_name_hold`), and the platform may still close, deregister or
blacklist it (the lifecycle's `terminated` state).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from accountledger.domain.measures import ROW_BY_EVENT, Undo, record_id
from accountledger.domain.reversal import TakenMeasure, taken_measure


def measures_in_force(events: Sequence[Any], at: datetime) -> list[TakenMeasure]:
    """The measures of an account's history that still bind it at `at` (R10, R12).

    A measure binds while it lasts: a status it led to and the account never left, a
    restriction, suspended updates or ceased advertising not yet lifted. A warning has
    no lasting effect; a measure overturned on appeal or past its expiry binds no more.
    """
    bound: list[TakenMeasure] = []
    for version, recorded in enumerate(events, start=1):
        row = ROW_BY_EVENT.get(type(recorded).__name__)
        if row is None or (row.lifted_by is None and row.undoes is not Undo.STATUS):
            continue
        until = getattr(recorded, "until", None)
        if until is not None and until <= at:
            continue
        measure = taken_measure(events, version)
        if measure.in_force:
            bound.append(measure)
    return bound


def holds(
    account_id: object, history: Sequence[Any], open_complaints: Sequence[str], at: datetime
) -> list[str]:
    """What binds the account at `at`: each measure in force by its record, then each
    open complaint, e.g. `suspension ACCOUNT/5`, `complaint ID`."""
    bound = [
        f"{ROW_BY_EVENT[m.kind].measure.value} {record_id(account_id, m.version)}"
        for m in measures_in_force(history, at)
    ]
    return bound + [f"complaint {c}" for c in open_complaints]
