"""Qualifications gate service and stay alive, on every store (R5; 2021 Art 9 ¶1-3,
2022 Art 11): a health account goes active only once qualified, its mark can be
withdrawn or expire (the sweep records it), and it then leaves service until verified
again; a refusal writes nothing."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from accountledger.application.commands import (
    SubmitQualification,
    VerifyIdentity,
    VerifyQualification,
    WithdrawQualification,
)
from accountledger.application.ledger import Ledger
from accountledger.application.views import describe
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation
from tests.application.helpers import Desk

HEALTH = {
    "nature": "individual",
    "registration_place": "Beijing",
    "operating_place": "Beijing",
    "content_category": "health",
}


def qualify(desk: Desk, account: UUID, expires_in: timedelta | None = None) -> None:
    desk.do(
        SubmitQualification(account_id=account, field="health", credential="credential://md"),
        Role.OPERATOR,
    )
    expires = None if expires_in is None else desk.now + expires_in
    desk.do(
        VerifyQualification(
            account_id=account, field="health", mark="医疗健康认证", expires=expires
        ),
        Role.REVIEWER,
        basis=("2021-9",),
    )


def test_a_health_account_goes_active_only_after_its_qualification_is_verified(
    ledger: Ledger,
) -> None:
    """R5, 2021 Art 9: `verify_identity` is refused (`qualification-required`) and writes
    nothing; once the health mark is verified the same command activates the account."""
    desk = Desk(ledger)
    account = desk.register("Dr Lin on Health", details=HEALTH)
    version = ledger.account(account).version
    with pytest.raises(RuleViolation) as refused:
        desk.do(VerifyIdentity(account_id=account), Role.REVIEWER)
    assert (refused.value.rule, refused.value.article) == ("qualification-required", "2021-9")
    assert ledger.account(account).version == version
    qualify(desk, account)
    assert desk.do(VerifyIdentity(account_id=account), Role.REVIEWER).status == "active"


def test_the_sweep_records_an_expired_mark_and_suspends_the_account(ledger: Ledger) -> None:
    """R5, 2021 Art 9 ¶3: the expiry is kept in the event; the sweep records
    `QualificationExpired` under the system actor, dated at the expiry, the mark leaves
    the account's view and the account is suspended; a new verification restores it."""
    desk = Desk(ledger)
    account = desk.register("Dr Wu on Health", details=HEALTH)
    qualify(desk, account, expires_in=timedelta(days=30))
    desk.do(VerifyIdentity(account_id=account), Role.REVIEWER)
    expires = ledger.account(account).qualifications["health"]["expires"]
    assert ledger.sweep([account], expires - timedelta(seconds=1)) == []
    (swept,) = ledger.sweep([account], expires + timedelta(days=1))
    assert swept.events == ("QualificationExpired",) and swept.status == "suspended"
    last = ledger.history(account)[-1]
    assert last.act.actor_role is Role.SYSTEM and last.act.occurred_at == expires
    assert last.act.basis == ("2021-9",)
    view = describe(ledger.account(account))
    assert view["qualifications"]["health"]["status"] == "expired"
    desk.now = expires + timedelta(days=2)
    qualify(desk, account, expires_in=timedelta(days=365))
    assert ledger.account(account).status == "active"


def test_a_withdrawn_mark_suspends_the_account_with_the_withdrawal_as_its_basis(
    ledger: Ledger,
) -> None:
    """R5, R13, 2021 Art 9 ¶3: a reviewer withdraws the mark with reason and basis; the
    one event records the suspension it caused."""
    desk = Desk(ledger)
    account = desk.register("Dr Ma on Health", details=HEALTH)
    qualify(desk, account)
    desk.do(VerifyIdentity(account_id=account), Role.REVIEWER)
    recorded = desk.do(
        WithdrawQualification(account_id=account, field="health"),
        Role.REVIEWER,
        reason="medical licence revoked by the health commission",
        basis=("2021-9",),
    )
    assert recorded.events == ("QualificationWithdrawn",) and recorded.status == "suspended"
    withdrawn = ledger.history(account)[-1]
    assert withdrawn.status == "suspended" and withdrawn.act.basis == ("2021-9",)
