"""Stored events counted by kind from the store itself, so a fresh process's metrics show
what the ledger holds (issue 17 point 4), on every store."""

from __future__ import annotations

from collections import Counter

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.commands import Warn
from accountledger.application.ledger import Ledger
from accountledger.application.tally import Tally, kind
from accountledger.domain.act import Role
from tests.application.helpers import GROUNDS, Desk


def _every_event(ledger: Ledger) -> Counter[str]:
    found = ledger.recorder.select_notifications(start=1, limit=100_000)
    return Counter(kind(n.topic) for n in found)


def _warned(ledger: Ledger, times: int) -> None:
    desk = Desk(ledger)
    account = desk.active("Counted Square")
    for _ in range(times):
        ledger.handle(Warn(account_id=account), desk.act(Role.MODERATOR, **GROUNDS))


def test_the_tally_counts_every_stored_event_by_kind(ledger: Ledger) -> None:
    _warned(ledger, 3)
    counted = Tally(ledger.recorder).update()
    assert counted == dict(_every_event(ledger))
    assert counted["Account.Warned"] == 3
    assert counted["Account.Registered"] == 1


def test_a_second_update_counts_only_what_was_recorded_since(ledger: Ledger) -> None:
    tally = Tally(ledger.recorder)
    _warned(ledger, 1)
    first = tally.update()
    position = tally.position
    desk = Desk(ledger)
    account = desk.active("Another Square", serial=2)
    ledger.handle(Warn(account_id=account), desk.act(Role.MODERATOR, **GROUNDS))
    second = tally.update()
    assert tally.position > position
    assert second["Account.Warned"] == first["Account.Warned"] + 1
    assert second == dict(_every_event(ledger))
    assert tally.update() == second  # nothing new: nothing counted twice


def test_a_store_in_memory_is_counted_page_by_page() -> None:
    ledger = open_ledger(Settings(store="memory:"))
    try:
        _warned(ledger, 2)
        assert Tally(ledger.recorder).update() == dict(_every_event(ledger))
    finally:
        ledger.close()


def test_a_kind_is_the_event_class_of_its_topic() -> None:
    assert kind("accountledger.domain.account:Account.Warned") == "Account.Warned"
