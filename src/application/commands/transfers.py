"""Transfers (R9): applied for, the transferee verified, approved or rejected."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from accountledger.application.commands.base import AccountCommand, Desk, given
from accountledger.application.identity import Identity
from accountledger.domain.account import Account
from accountledger.domain.act import Act


@dataclass(frozen=True, kw_only=True)
class ApplyTransfer(AccountCommand):
    """The holder applies to transfer the account to another subject (R9)."""

    command: ClassVar[str] = "apply_transfer"
    transferee: Identity = given(
        "the transferee's real identity",
        flags={
            "identity_kind": "--transferee-kind",
            "identity_number": "--transferee-number",
            "contact": "--transferee-contact",
        },
    )

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.apply_transfer(desk.seal(self.transferee), act=act)


@dataclass(frozen=True, kw_only=True)
class VerifyTransferee(AccountCommand):
    """The transferee passes the checks of a new registrant (R9, with R4, R5, R7).

    An account that carries a special mark needs the transferee's credential for that
    field (`--credential FIELD=REFERENCE`, repeatable; 2021 Art 9, 11).
    """

    command: ClassVar[str] = "verify_transferee"
    credentials: dict[str, str] = given(
        "the transferee's qualification per field, FIELD=REFERENCE", {}, flag="--credential"
    )

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        if account.transfer is not None:
            desk.check_may_hold(account.transfer["ref"])
        account.verify_transferee(dict(self.credentials), act=act)


@dataclass(frozen=True, kw_only=True)
class ApproveTransfer(AccountCommand):
    """Approve a transfer: the subject changes, publicly (R9)."""

    command: ClassVar[str] = "approve_transfer"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.approve_transfer(act=act)


@dataclass(frozen=True, kw_only=True)
class RejectTransfer(AccountCommand):
    """Reject a transfer: everything stays as it was (R9)."""

    command: ClassVar[str] = "reject_transfer"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.reject_transfer(act=act)


@dataclass(frozen=True, kw_only=True)
class FindUnapprovedTransfer(AccountCommand):
    """An unapproved transfer was found: suspend, or suspend and close (R9)."""

    command: ClassVar[str] = "find_unapproved_transfer"
    consequence: Literal["suspend", "close"] = given("suspend or close", "suspend")

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.find_unapproved_transfer(act=act)
        if self.consequence == "close":
            account.close(act=act)
