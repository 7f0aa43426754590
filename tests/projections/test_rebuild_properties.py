"""Property: read models kept current command by command equal a rebuild from the
first event, row for row, however few accounts the rebuild keeps in memory (R16, R18)."""

from __future__ import annotations

from contextlib import suppress

from hypothesis import given, settings
from hypothesis import strategies as st

from accountledger.adapters.bootstrap import Settings, open_ledger, open_projection
from accountledger.application import reports
from accountledger.domain.act import Role
from accountledger.domain.errors import LedgerError
from tests.application.helpers import Desk, run
from tests.domain.commands import CALLS
from tests.domain.given import Clock
from tests.projections.conftest import snapshot

steps = st.lists(
    st.tuples(st.integers(min_value=0, max_value=2), st.sampled_from(sorted(CALLS))),
    max_size=30,
)


@settings(max_examples=40, deadline=None)
@given(steps, st.integers(min_value=1, max_value=7), st.integers(min_value=1, max_value=4))
def test_incremental_read_models_equal_a_rebuild(
    sequence: list[tuple[int, str]], batch_size: int, kept: int
) -> None:
    config = Settings(store="memory:")
    ledger = open_ledger(config)
    projection = open_projection(ledger, config)
    projection.batch_size = batch_size
    desk = Desk(ledger)
    accounts = [
        desk.register(name, serial=n)
        for n, name in enumerate(["Alpha Garden", "Beta Kitchen", "Gamma Tea"], start=1)
    ]
    clock = Clock(desk.now)
    for index, command in sequence:
        try:
            run(ledger, accounts[index], command, clock)
        except LedgerError:
            continue
        projection.catch_up()
        if command in {"warn", "suspend", "close"}:
            record = f"{accounts[index]}/{ledger.account(accounts[index]).version}"
            with suppress(LedgerError):
                reports.report_disposal(
                    ledger, record, "CAC-1", "online", clock.act(Role.COMPLIANCE)
                )
    projection.catch_up()
    live = snapshot(projection)
    # The rebuild keeps `kept` accounts in memory and reads `batch_size` events at a time,
    # so accounts leave memory and come back (issue 16 point 4).
    projection.accounts_kept, projection.rebuild_page = kept, batch_size
    projection.rebuild()
    assert snapshot(projection) == live
    projection.view.close()
    ledger.close()
