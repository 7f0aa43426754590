"""What an appealed measure still does, read from the account's history (R15).

An overturn undoes only what the appealed measure itself still does on the account:
a restriction lifted and imposed again by a later record belongs to that record, and
a suspension lifted and imposed again is the later record's suspension. The history
after the measure decides; `reversal_effects` (in `account.py`) then gives back only that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from accountledger.domain.measures import ROW_BY_EVENT, Undo


@dataclass(frozen=True)
class TakenMeasure:
    """What the history says a measure did, and whether it still does it (R15)."""

    version: int
    kind: str  # the event that took it, e.g. "Suspended"
    status_before: str
    status_after: str
    functions: tuple[str, ...] = ()  # of a restriction: those this record still holds
    in_force: bool = True


def _touched(event: Any) -> set[str]:
    """The functions a later event restricted, lifted or gave back."""
    name = type(event).__name__
    if name in ("FunctionsRestricted", "RestrictionLifted"):
        return set(event.functions)
    if name == "MeasureReversed":
        effects = event.effects
        return set(effects.get("lift_functions", ())) | set(effects.get("restrict_functions", ()))
    return set()


def _overturns(event: Any, version: int) -> bool:
    return (
        type(event).__name__ == "MeasureReversed"
        and event.record_version == version
        and event.outcome == "overturned"
    )


def taken_measure(events: Sequence[Any], version: int) -> TakenMeasure:
    """The measure recorded at `version` of `events` (an account's whole history)."""
    measure = events[version - 1]
    kind = type(measure).__name__
    row = ROW_BY_EVENT[kind]
    later = events[version:]
    before = events[version - 2].status if version > 1 else "unregistered"
    functions: tuple[str, ...] = tuple(getattr(measure, "functions", ()))
    if row.undoes is Undo.FUNCTIONS:
        touched = set().union(*(_touched(e) for e in later)) if later else set()
        functions = tuple(f for f in functions if f not in touched)
        in_force = bool(functions)
    elif row.undoes is Undo.STATUS:
        # Still in force only if the account never left the status it led to.
        in_force = all(e.status == measure.status for e in later)
    elif row.lifted_by is not None:
        # Lifted by its own command, or by an overturn of this very record.
        in_force = not any(
            type(e).__name__ == row.lifted_by[1] or _overturns(e, version) for e in later
        )
    else:
        in_force = True
    return TakenMeasure(version, kind, before, measure.status, functions, in_force)
