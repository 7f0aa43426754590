"""An operator's own requests (R10): suspension, reinstatement, termination."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from accountledger.application.commands.base import AccountCommand, Desk
from accountledger.domain.account import Account
from accountledger.domain.act import Act
from accountledger.domain.reinstatement import suspension_cause


@dataclass(frozen=True, kw_only=True)
class RequestSuspension(AccountCommand):
    """The operator asks to suspend its own account (R10)."""

    command: ClassVar[str] = "request_suspension"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.request_suspension(act=act)


@dataclass(frozen=True, kw_only=True)
class RequestReinstatement(AccountCommand):
    """The operator asks to end the suspension it asked for; a moderator decides (R10;
    2021 Art 11). A suspension that is the platform's measure ends when lifted, when
    it expires or on appeal, not on request."""

    command: ClassVar[str] = "request_reinstatement"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        cause = suspension_cause(desk.history(account.id))
        account.request_reinstatement(cause, act=act)


@dataclass(frozen=True, kw_only=True)
class GrantReinstatement(AccountCommand):
    """A moderator grants the operator's request to end its suspension (R10)."""

    command: ClassVar[str] = "grant_reinstatement"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.grant_reinstatement(act=act)


@dataclass(frozen=True, kw_only=True)
class RefuseReinstatement(AccountCommand):
    """A moderator refuses the operator's request to end its suspension, with reasons."""

    command: ClassVar[str] = "refuse_reinstatement"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.refuse_reinstatement(act=act)


@dataclass(frozen=True, kw_only=True)
class RequestTermination(AccountCommand):
    """The operator asks to terminate its own account (R10)."""

    command: ClassVar[str] = "request_termination"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        held_for = desk.binding(account, act.occurred_at)
        account.request_termination(held_for, desk.rules, act=act)
