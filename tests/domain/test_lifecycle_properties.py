"""Property tests: no sequence of commands reaches an illegal state, and replaying
the recorded events always rebuilds an identical aggregate (R12, R16, R18)."""

from __future__ import annotations

from typing import Any

from hypothesis import given as for_all
from hypothesis import settings
from hypothesis import strategies as st

from accountledger.domain.errors import LedgerError
from accountledger.domain.lifecycle import STATES, TRANSITIONS
from tests.domain.commands import CALLS
from tests.domain.given import Clock, registered, replayed

commands = st.lists(st.sampled_from(sorted(CALLS)), max_size=40)


def state_of(account: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(account).items() if k != "_pending_events"}


@settings(max_examples=150, deadline=None)
@for_all(commands)
def test_no_command_sequence_reaches_an_illegal_state(sequence: list[str]) -> None:
    clock = Clock()
    account = registered(clock)
    events = list(account.collect_events())
    for command in sequence:
        before = account.status
        try:
            CALLS[command](account, clock)
        except LedgerError:
            assert account.collect_events() == [], "a refused command recorded an event"
            assert account.status == before
            continue
        new = account.collect_events()
        events.extend(new)
        assert account.status in STATES and account.status != "unregistered"
        assert account.status in TRANSITIONS[(before, command)]
        assert [e.status for e in new] == [account.status]
    assert state_of(replayed(events)) == state_of(account)
