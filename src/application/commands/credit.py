"""Credit and activity (R8, R11)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from accountledger.application.commands.base import AccountCommand, Desk, given
from accountledger.domain.account import Account
from accountledger.domain.act import Act


@dataclass(frozen=True, kw_only=True)
class ChangeCreditTier(AccountCommand):
    """Change the credit tier (R11)."""

    command: ClassVar[str] = "change_credit_tier"
    tier: str = given("the new tier")

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.change_credit_tier(self.tier, desk.rules, act=act)


@dataclass(frozen=True, kw_only=True)
class RecordActivity(AccountCommand):
    """Record a login or use (R8)."""

    command: ClassVar[str] = "record_activity"
    kind: str = given("login, post or use", "login")

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.record_activity(self.kind, act=act)


@dataclass(frozen=True, kw_only=True)
class RecordIpAttribution(AccountCommand):
    """Record where the account's IP address is attributed (2022 Art 12): a province at
    home (广东), a country or region abroad (日本); never an address (R17)."""

    command: ClassVar[str] = "record_ip_attribution"
    place: str = given("the province, country or region; shown publicly", max_length=40)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.record_ip_attribution(self.place, act=act)
