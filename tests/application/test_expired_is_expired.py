"""Expired is expired (issue 12 point 9; R12, R18): the current state shows a timed
measure ended once its expiry has passed, before any sweep; the sweep still records the
end, dated at the expiry."""

from __future__ import annotations

from datetime import timedelta

from accountledger.application.commands import Restrict, Suspend
from accountledger.application.ledger import Ledger
from accountledger.application.views import state
from accountledger.domain.act import Role
from tests.application.helpers import GROUNDS, Desk


def test_a_passed_expiry_shows_the_measure_ended_before_the_sweep(ledger: Ledger) -> None:
    """R12: restricted and suspended for a day; two days later `show` reports both ended."""
    desk = Desk(ledger)
    account = desk.active("Day Pass")
    day = desk.now + timedelta(days=1)
    desk.do(
        Restrict(account_id=account, functions=("comment",), until=day), Role.MODERATOR, **GROUNDS
    )
    desk.do(Suspend(account_id=account, until=day), Role.MODERATOR, **GROUNDS)
    before = state(ledger, account)
    assert before["suspension_in_force"] is True
    assert before["restrictions"][0]["in_force"] is True
    desk.now = day + timedelta(days=1)
    after = state(ledger, account)
    assert after["suspension_in_force"] is False
    assert after["restrictions"][0]["in_force"] is False
    assert after["status"] == "suspended"  # recorded as such until the sweep records the end
    swept = ledger.sweep([account], desk.now)
    assert [e for r in swept for e in r.events] == ["RestrictionLifted", "Reinstated"]
    assert ledger.history(account)[-1].act.occurred_at == day
