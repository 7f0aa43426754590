"""Automatic checkpoints (R16; 2021 Art 19, 2017 Art 16): the service seals one when
`checkpoint_every_events` events are unsealed or `checkpoint_interval` has passed since
the last one, and not before. Every time here is given, never read from a clock."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.commands import Warn
from accountledger.application.integrity import latest_checkpoint, verify
from accountledger.application.ledger import Ledger
from accountledger.application.sealing import checkpoint_due, last_sealed, seal_if_due
from accountledger.domain.act import Role
from accountledger.domain.rules import DEFAULT_RULES
from tests.application.helpers import GROUNDS, Desk

RULES = replace(DEFAULT_RULES, checkpoint_every_events=3, checkpoint_interval=timedelta(minutes=5))
T0 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def ledger(store: Settings) -> Iterator[Ledger]:
    opened = open_ledger(replace(store, rules=RULES))
    yield opened
    opened.close()


def _warn(desk: Desk, account: UUID, times: int) -> None:
    for _ in range(times):
        desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)


@pytest.mark.parametrize(
    ("unsealed", "since", "due"),
    [
        (0, None, False),  # an empty store has nothing to seal
        (1, None, True),  # nothing was ever sealed: at once
        (0, timedelta(days=1), False),  # a day, but nothing new
        (2, timedelta(minutes=4, seconds=59), False),
        (2, timedelta(minutes=5), True),  # the interval reached
        (3, timedelta(seconds=1), True),  # the count reached
        (3, timedelta(seconds=-30), True),  # a clock behind the last seal: the count rules
    ],
)
def test_a_checkpoint_is_due_on_the_count_or_the_interval_whichever_comes_first(
    unsealed: int, since: timedelta | None, due: bool
) -> None:
    """R16: due when `checkpoint_every_events` events are unsealed, or when any is and
    `checkpoint_interval` has passed since the last checkpoint; never with nothing new."""
    assert checkpoint_due(unsealed, since, RULES) is due


def test_the_defaults_seal_every_thousand_events_or_five_minutes() -> None:
    """R16: the defaults the issue names, as configuration data in `LedgerRules`."""
    assert DEFAULT_RULES.checkpoint_every_events == 1000
    assert DEFAULT_RULES.checkpoint_interval == timedelta(minutes=5)


def test_the_first_checkpoint_is_sealed_as_soon_as_anything_is_recorded(ledger: Ledger) -> None:
    """R16: with no checkpoint yet, the first look seals one, at the time it is given."""
    assert seal_if_due(ledger, T0) is None  # nothing recorded yet
    Desk(ledger).active("Lakeside Notes")
    sealed = seal_if_due(ledger, T0)
    assert sealed is not None and sealed.number == 1
    assert last_sealed(ledger) == (sealed.position, T0)
    assert verify(ledger).holds_strictly


def test_the_interval_seals_what_is_new_and_not_a_moment_before(ledger: Ledger) -> None:
    """R16: one event after a checkpoint is sealed `checkpoint_interval` after it, not a
    second earlier, and nothing is sealed when nothing is new."""
    desk = Desk(ledger)
    account = desk.active("Lakeside Notes")
    assert seal_if_due(ledger, T0) is not None
    assert seal_if_due(ledger, T0 + timedelta(hours=1)) is None  # nothing new
    _warn(desk, account, 1)
    assert seal_if_due(ledger, T0 + timedelta(minutes=4, seconds=59)) is None
    assert verify(ledger).unsealed == 1
    sealed = seal_if_due(ledger, T0 + timedelta(minutes=5))
    assert sealed is not None and sealed.number == 2
    assert verify(ledger).holds_strictly


def test_the_count_seals_before_the_interval(ledger: Ledger) -> None:
    """R16: `checkpoint_every_events` unsealed events are sealed at once, however soon
    after the last checkpoint; one fewer waits for the interval."""
    desk = Desk(ledger)
    account = desk.active("Lakeside Notes")
    assert seal_if_due(ledger, T0) is not None
    _warn(desk, account, 2)
    assert seal_if_due(ledger, T0 + timedelta(seconds=1)) is None
    _warn(desk, account, 1)
    sealed = seal_if_due(ledger, T0 + timedelta(seconds=2))
    assert sealed is not None and sealed.number == 2
    latest = latest_checkpoint(ledger)
    assert latest is not None and latest.position == sealed.position
