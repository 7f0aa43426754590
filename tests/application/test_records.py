"""What the record keeps: sealed identities, full history, state on any date (R1, R16, R17, R18)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.commands import RecordActivity, Suspend, VerifyIdentity, Warn
from accountledger.application.ledger import Ledger
from accountledger.application.views import event_record
from accountledger.domain.act import Role
from accountledger.domain.errors import TransitionRefused
from tests.application.helpers import GROUNDS, Desk, id_card


def test_identity_numbers_never_appear_in_clear_in_the_store(tmp_path: Path) -> None:
    """R17: identity numbers and contact details are sealed; only a keyed hash matches."""
    store = tmp_path / "ledger.db"
    ledger = open_ledger(Settings(store=f"sqlite:///{store}"))
    desk = Desk(ledger)
    account = desk.register("Sealed Shop", serial=42)
    ledger.close()
    dump = "\n".join(sqlite3.connect(store).iterdump())
    assert id_card(42) not in dump and "13800138000" not in dump
    assert str(account) in dump or account.hex in dump
    keys = "\n".join(sqlite3.connect(tmp_path / "ledger.keys.db").iterdump())
    assert id_card(42) not in keys


def test_sealed_identity_opens_with_the_subject_key(ledger: Ledger) -> None:
    """R17: the ciphertext in the event opens with the subject's own key."""
    desk = Desk(ledger)
    account = ledger.account(desk.register("Open Shop", serial=43))
    opened = ledger.vault.unseal(account.subject_ref, account.sealed_identity)
    assert opened == {"kind": "id_card", "number": id_card(43), "contact": "13800138000"}


def test_no_service_before_identity_is_verified(ledger: Ledger) -> None:
    """R1: a pending account cannot be used; verification activates it (real-name
    registration, 2022 Art 9, 2022 Art 14)."""
    desk = Desk(ledger)
    account = desk.register("Pending Shop")
    with pytest.raises(TransitionRefused):
        desk.do(RecordActivity(account_id=account, kind="login"), Role.OPERATOR)
    desk.do(VerifyIdentity(account_id=account), Role.PLATFORM)
    desk.do(RecordActivity(account_id=account, kind="login"), Role.OPERATOR)
    assert ledger.account(account).last_activity_at is not None


def test_state_on_a_past_date_is_replayed_from_events(ledger: Ledger) -> None:
    """R18: what did the account look like at a past business time?"""
    desk = Desk(ledger)
    account = desk.active("Film Fragments")
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    before_suspension = desk.now
    desk.do(Suspend(account_id=account), Role.MODERATOR, **GROUNDS)
    past = ledger.account_as_of(account, before_suspension)
    assert past is not None and past.status == "active" and past.warnings == 1
    assert ledger.account(account).status == "suspended"
    assert ledger.account_as_of(account, before_suspension - timedelta(days=30)) is None


def test_history_names_who_decided_what_on_which_article(ledger: Ledger) -> None:
    """R13, R16: every event keeps actor, role, time, reason and basis."""
    desk = Desk(ledger)
    account = desk.active("Campus Stories")
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    records = [event_record(e) for e in ledger.history(account)]
    assert [r["event"] for r in records] == ["Registered", "IdentityVerified", "Warned"]
    warned = records[-1]
    assert warned["actor_role"] == "moderator" and warned["basis"] == ["2021-19"]
    assert warned["violation"] == ["2021-18-2"] and warned["reason"] == GROUNDS["reason"]
    assert "sealed_identity" not in records[0]["details"]


def test_a_measure_without_grounds_is_refused(ledger: Ledger) -> None:
    """R12, R13: a disposal measure needs a reason, a basis and a violation class."""
    desk = Desk(ledger)
    account = desk.active("Night Market Eats")
    with pytest.raises(Exception, match="violation") as refused:
        desk.do(Warn(account_id=account), Role.MODERATOR, reason="spam", basis=("2021-19",))
    assert getattr(refused.value, "article", None) == "2021-19"
    assert ledger.account(account).warnings == 0
