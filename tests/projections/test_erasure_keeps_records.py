"""After an erasure the record is whole: read models rebuild to the same rows and the
disposal records keep their facts; only the identity is gone (R13, R16, R17)."""

from __future__ import annotations

from datetime import timedelta

from accountledger.application import disclosure, reports
from accountledger.application.commands import (
    ApplyTransfer,
    ApproveTransfer,
    Close,
    VerifyTransferee,
    Warn,
)
from accountledger.application.erasure import erase_subject
from accountledger.application.identity import Identity
from accountledger.domain.act import Role
from tests.application.helpers import GROUNDS, id_card
from tests.projections.conftest import World, snapshot


def test_read_models_rebuild_the_same_after_an_erasure(world: World) -> None:
    """R16, R17: warning, report, transfer, closure; erase the first holder; rebuild equals."""
    desk, ledger = world.desk, world.ledger
    account = desk.active("Willow Creek Diary", serial=31)
    first = ledger.account(account).subject_ref
    desk.do(Warn(account_id=account), Role.MODERATOR, evidence=("evidence://w/1",), **GROUNDS)
    warning = f"{account}/3"
    reports.report_disposal(ledger, warning, "CAC-77", "online", desk.act(Role.COMPLIANCE))
    desk.do(
        ApplyTransfer(account_id=account, transferee=Identity("id_card", id_card(32))),
        Role.PLATFORM,
    )
    desk.do(VerifyTransferee(account_id=account), Role.REVIEWER)
    desk.do(ApproveTransfer(account_id=account), Role.REVIEWER)
    desk.do(Close(account_id=account), Role.MODERATOR, **GROUNDS)
    before = snapshot(world.current())
    desk.now += timedelta(days=185)
    done = erase_subject(
        ledger, first, desk.act(Role.COMPLIANCE, reason="asked", basis=("2022-16",))
    )
    assert done.key_destroyed
    assert world.current().catch_up() == 0  # the erasure is no read-model event
    world.projection.rebuild()
    after = snapshot(world.projection)
    assert after == before
    (record,) = [r for r in after["disposal_register"] if r["record_id"] == warning]
    assert (record["measure"], record["reason"]) == ("warning", GROUNDS["reason"])
    assert record["basis"] == ["2021-19"] and record["violation"] == ["2021-18-2"]
    assert record["evidence"] == ["evidence://w/1"] and record["decided_by"] == "moderator-1"
    assert record["reported_reference"] == "CAC-77"
    holders = [r["subject_ref"] for r in after["subject_holdings"]]
    assert first in holders  # who held it stays on record, by keyed hash only
    versions = [e.originator_version for e in ledger.history(account)]
    assert versions == list(range(1, len(versions) + 1))
    registered = ledger.account(account, version=1)
    erased = disclosure.unsealed(ledger, first, registered.sealed_identity)
    assert erased["erased"] is True and "number" not in erased
    current = disclosure.identity(ledger, account, Role.COMPLIANCE)
    assert current["number"] == id_card(32)  # the transferee was not erased
