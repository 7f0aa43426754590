"""Disposal measures (R12): warning, restriction, suspension of updates, ceasing ads,
suspension, closure, deregistration, blacklisting, and their reversals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from accountledger.application.commands.base import AccountCommand, Desk, given
from accountledger.domain.account import Account
from accountledger.domain.act import Act


@dataclass(frozen=True, kw_only=True)
class Warn(AccountCommand):
    """Warning and reminder (R12)."""

    command: ClassVar[str] = "warn"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.warn(act=act)


@dataclass(frozen=True, kw_only=True)
class Restrict(AccountCommand):
    """Restrict functions of the account, optionally until a time (R12)."""

    command: ClassVar[str] = "restrict"
    functions: tuple[str, ...] = given("a function to restrict", flag="--function", min_length=1)
    until: datetime | None = given("expiry (ISO 8601)", None)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.restrict(list(self.functions), self.until, desk.rules, act=act)


@dataclass(frozen=True, kw_only=True)
class LiftRestriction(AccountCommand):
    """Lift function restrictions."""

    command: ClassVar[str] = "lift_restriction"
    functions: tuple[str, ...] = given("a function to lift (default: all)", (), flag="--function")

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.lift_restriction(list(self.functions), act=act)


@dataclass(frozen=True, kw_only=True)
class SuspendUpdates(AccountCommand):
    """Suspend the updating of information (R12)."""

    command: ClassVar[str] = "suspend_updates"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.suspend_updates(act=act)


@dataclass(frozen=True, kw_only=True)
class ResumeUpdates(AccountCommand):
    """Resume the updating of information."""

    command: ClassVar[str] = "resume_updates"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.resume_updates(act=act)


@dataclass(frozen=True, kw_only=True)
class CeaseAds(AccountCommand):
    """Cease the release of advertisements (R12)."""

    command: ClassVar[str] = "cease_ads"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.cease_ads(act=act)


@dataclass(frozen=True, kw_only=True)
class RestoreAds(AccountCommand):
    """Restore advertising."""

    command: ClassVar[str] = "restore_ads"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.restore_ads(act=act)


@dataclass(frozen=True, kw_only=True)
class Suspend(AccountCommand):
    """Suspend use of the account, optionally until a time (R12)."""

    command: ClassVar[str] = "suspend"
    until: datetime | None = given("expiry (ISO 8601)", None)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.suspend(self.until, act=act)


@dataclass(frozen=True, kw_only=True)
class Reinstate(AccountCommand):
    """Reinstate a suspended account."""

    command: ClassVar[str] = "reinstate"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.reinstate(desk.rules, act=act)


@dataclass(frozen=True, kw_only=True)
class Close(AccountCommand):
    """Close the account; its name is barred for ever (R4, R12)."""

    command: ClassVar[str] = "close"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.close(act=act)


@dataclass(frozen=True, kw_only=True)
class Deregister(AccountCommand):
    """Deregister the account; its name is barred for ever (R4, R12)."""

    command: ClassVar[str] = "deregister"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.deregister(act=act)


@dataclass(frozen=True, kw_only=True)
class Blacklist(AccountCommand):
    """Blacklist: the subject may not register again (R4, R12)."""

    command: ClassVar[str] = "blacklist"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.blacklist(act=act)
