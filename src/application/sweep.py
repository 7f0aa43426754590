"""The periodic job: what fell due, what is late, and a checkpoint over what was recorded.

One use case for every edge (`accountledger sweep`, `POST /sweep`): record every
time-driven rule due at a time (R6, R8, R12), bring the read models up to date, seal a
checkpoint over what was recorded since the last one (R16), and count what is late
without needing an event of its own (reports, appeals, complaints; R13, R15).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from accountledger.application import integrity
from accountledger.application.ledger import Ledger
from accountledger.domain.entry import EnteredBy


class ReadSide(Protocol):
    """What the sweep asks of the read models."""

    def live_accounts(self) -> Sequence[UUID]: ...

    def overdue(self, moment: datetime) -> dict[str, int]: ...

    def keep_current(self) -> None: ...


def sweep(
    ledger: Ledger, reads: ReadSide, moment: datetime, entered_by: EnteredBy | None = None
) -> dict[str, Any]:
    """Sweep at `moment`; idempotent for one moment (a second run records nothing).
    `entered_by`: the key or login that ran it, recorded on each act it records."""
    ledger.check_time(moment, "now")
    swept = ledger.sweep(reads.live_accounts(), moment, entered_by)
    reads.keep_current()
    sealed = integrity.checkpoint(ledger, moment, "periodic checkpoint after the sweep")
    return (
        {"overdue": reads.overdue(moment)}
        | sealed
        | {
            "now": moment.isoformat(),
            # The zone a date given as `now` was read in (`domain/dates.py`).
            "time_zone": ledger.rules.time_zone,
            "accounts": len(swept),
            "events": sum(len(r.events) for r in swept),
            "swept": [
                {"account_id": str(r.account_id), "events": list(r.events), "status": r.status}
                for r in swept
            ],
        }
    )
