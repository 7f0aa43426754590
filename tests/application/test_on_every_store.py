"""The same record on every store: SQLite embedded, PostgreSQL in production (R4, R17, R18)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger, open_projection
from accountledger.application.commands import Close, Restrict
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation
from tests.application.helpers import GROUNDS, Desk, id_card


def test_a_closed_name_stays_barred_and_history_replays(store: Settings) -> None:
    """R4, R18: rules across accounts and point-in-time replay hold on every store."""
    ledger = open_ledger(store)
    desk = Desk(ledger)
    account = desk.active("Store Garden", serial=1)
    before = desk.now
    desk.do(Close(account_id=account), Role.MODERATOR, **GROUNDS)
    with pytest.raises(RuleViolation):
        desk.register("store garden", serial=2)
    past = ledger.account_as_of(account, before)
    assert past is not None and past.status == "active"
    assert ledger.account(account).status == "closed"
    ledger.close()


def test_identity_numbers_are_not_in_any_event_row(store: Settings) -> None:
    """R17: the stored events hold a keyed hash and a ciphertext, never the number."""
    ledger = open_ledger(store)
    Desk(ledger).register("Sealed Store", serial=42)
    rows = ledger.recorder.select_notifications(start=1, limit=100)
    assert rows and all(id_card(42).encode() not in n.state for n in rows)
    ledger.close()


def test_read_models_rebuild_to_what_was_kept_current(store: Settings) -> None:
    """R13, R18: incremental projection equals a rebuild on every store."""
    ledger = open_ledger(store)
    projection = open_projection(ledger, store)
    desk = Desk(ledger)
    for serial in range(3):
        account = desk.active(f"Rebuild {serial}", serial=serial)
        desk.do(
            Restrict(
                account_id=account, functions=("comment",), until=desk.now + timedelta(days=3)
            ),
            Role.MODERATOR,
            **GROUNDS,
        )
        projection.catch_up()
    tables = ("account_status", "disposal_register", "name_registry", "subject_holdings")
    live = {t: projection.view.rows(t) for t in tables}
    projection.rebuild()
    assert {t: projection.view.rows(t) for t in tables} == live
    assert len(live["disposal_register"]) == 3
    projection.view.close()
    ledger.close()
