"""The read models as the application's use cases ask for them (the sweep's `ReadSide`).

Built over any edge's `read(query)` and `keep_current()` (the CLI's `Call`, the HTTP
`Service`), so the sweep runs the same queries wherever it is started.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from accountledger.projections import complaints, queries
from accountledger.projections.view import ReadStore

Read = Callable[[Callable[[ReadStore], Any]], Any]


@dataclass(frozen=True)
class ReadModels:
    """Live accounts and late items, from the read models brought up to date."""

    read: Read
    keep_current: Callable[[], None]
    report_within: timedelta

    def live_accounts(self) -> Sequence[UUID]:
        return [UUID(a) for a in self.read(queries.live_accounts)]

    def overdue(self, moment: datetime) -> dict[str, int]:
        """Lateness that needs no event: counted at `moment`, listed by each `--overdue`."""

        def counts(view: ReadStore) -> dict[str, int]:
            late = {
                "reports": queries.disposals(
                    view, overdue_at=moment, report_within=self.report_within, overdue_only=True
                ),
                "appeals": queries.appeals(view, overdue_at=moment),
                "complaints": complaints.overdue(view, moment),
            }
            return {kind: len(rows) for kind, rows in late.items()}

        counted: dict[str, int] = self.read(counts)
        return counted
