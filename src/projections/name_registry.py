"""The name registry: every name ever used, by which account, and whether barred (R4)."""

from __future__ import annotations

from accountledger.domain.names import normalise
from accountledger.projections.batch import Batch, Row
from accountledger.projections.change import Change
from accountledger.projections.schema import name_registry


def _current(batch: Batch, change: Change) -> Row | None:
    for row in batch.rows_of(name_registry, change.account_id):
        if row["used_until"] is None:
            return row
    return None


def _start(batch: Batch, change: Change) -> None:
    batch.put(
        name_registry,
        {
            "entry_id": change.record_id,
            "name": change.account.name,
            "name_key": normalise(change.account.name),
            "account_id": change.account_id,
            "subject_ref": change.account.subject_ref,
            "used_from": change.at,
            "used_until": None,
            "barred": False,
        },
    )


def apply(batch: Batch, change: Change) -> None:
    before = change.before
    if before is None:
        _start(batch, change)
        return
    renamed = before.name != change.account.name
    barred = change.account.name_barred and not before.name_barred
    if not (renamed or barred):
        return  # most events: the name's entry stays as it is, so no need to find it
    current = _current(batch, change)
    if current is not None and renamed:
        current.update(used_until=change.at)
        batch.touch(name_registry, current)
        _start(batch, change)
    elif current is not None and barred:
        current.update(barred=True, used_until=change.at)
        batch.touch(name_registry, current)
