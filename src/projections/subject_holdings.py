"""Which subject held which account over which period, transfers included (R9, R18)."""

from __future__ import annotations

from accountledger.projections.batch import Batch
from accountledger.projections.change import Change
from accountledger.projections.schema import subject_holdings


def _hold(batch: Batch, change: Change) -> None:
    batch.put(
        subject_holdings,
        {
            "holding_id": change.record_id,
            "subject_ref": change.account.subject_ref,
            "account_id": change.account_id,
            "held_from": change.at,
            "held_until": None,
        },
    )


def apply(batch: Batch, change: Change) -> None:
    if change.before is None:
        _hold(batch, change)
    elif change.before.subject_ref != change.account.subject_ref:
        for row in batch.rows_of(subject_holdings, change.account_id):
            if row["held_until"] is None:
                row.update(held_until=change.at)
                batch.touch(subject_holdings, row)
        _hold(batch, change)
