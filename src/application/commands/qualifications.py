"""Qualifications for professional fields (R5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from accountledger.application.commands.base import AccountCommand, Desk, given
from accountledger.domain.account import Account
from accountledger.domain.act import Act

_QUALIFIED = "economy, education, health or justice"


@dataclass(frozen=True, kw_only=True)
class SubmitQualification(AccountCommand):
    """Submit professional qualifications for a regulated field (R5)."""

    command: ClassVar[str] = "submit_qualification"
    field: str = given(_QUALIFIED)
    credential: str = given("reference to the material")

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.submit_qualification(self.field, self.credential, act=act)


@dataclass(frozen=True, kw_only=True)
class VerifyQualification(AccountCommand):
    """Qualification passed: the account carries the special mark (R5), until `expires`
    if given (the sweep records its expiry); an account suspended because this mark
    lapsed returns to service."""

    command: ClassVar[str] = "verify_qualification"
    field: str = given(_QUALIFIED)
    mark: str = given("the special mark shown", "")
    expires: datetime | None = given("the mark's expiry (ISO 8601)", None)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.verify_qualification(self.field, self.mark, self.expires, desk.rules, act=act)


@dataclass(frozen=True, kw_only=True)
class RejectQualification(AccountCommand):
    """Qualification failed (R5)."""

    command: ClassVar[str] = "reject_qualification"
    field: str = given(_QUALIFIED)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.reject_qualification(self.field, act=act)


@dataclass(frozen=True, kw_only=True)
class WithdrawQualification(AccountCommand):
    """Withdraw a verified mark on dynamic verification, with reason and basis (R5; 2021
    Art 9 ¶3): an active account registered in that field is suspended pending a new
    verification."""

    command: ClassVar[str] = "withdraw_qualification"
    field: str = given(_QUALIFIED)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.withdraw_qualification(self.field, desk.rules, act=act)


@dataclass(frozen=True, kw_only=True)
class ExpireQualification(AccountCommand):
    """A mark's expiry has passed (the sweep records it): as for a withdrawal (R5)."""

    command: ClassVar[str] = "expire_qualification"
    field: str = given(_QUALIFIED)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.expire_qualification(self.field, desk.rules, act=act)
