"""Two processes writing one store (`serve --workers N`, or the CLI beside `serve`): a
command is never refused on an account another process has changed since this one
cached it (R12, R16; issue 17 point 4)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.commands import VerifyIdentity, Warn
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.errors import TransitionRefused
from tests.application.helpers import GROUNDS, Desk
from tests.stores import store_for


@pytest.fixture(params=["sqlite", "postgres"])
def two(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Ledger, Ledger]]:
    with store_for(request.param, tmp_path) as (url, keys):
        first = open_ledger(Settings(store=url, keystore=keys))
        second = open_ledger(Settings(store=url, keystore=keys))
        yield first, second
        first.close()
        second.close()


def test_a_command_on_an_account_another_process_changed_is_decided_on_the_store(
    two: tuple[Ledger, Ledger],
) -> None:
    """R12: the first process registered the account (and cached it pending); the second
    verified it; the first's warning is decided on the active account, not refused."""
    first, second = two
    here, there = Desk(first), Desk(second)
    account = here.register("Two Desks")
    there.now = here.now
    there.do(VerifyIdentity(account_id=account), Role.REVIEWER)
    here.now = there.now
    warned = here.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    assert warned.status == "active"
    assert [type(e).__name__ for e in first.history(account)][-1] == "Warned"


def test_a_command_still_refused_on_what_the_store_holds_is_refused(
    two: tuple[Ledger, Ledger],
) -> None:
    first, _ = two
    desk = Desk(first)
    account = desk.register("Still Pending")
    with pytest.raises(TransitionRefused):
        desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    assert len(first.history(account)) == 1
