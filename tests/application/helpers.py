"""Registrations and acts for ledger tests, with valid identity numbers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from accountledger.adapters.inputs import id_card_check
from accountledger.application.commands import Command, VerifyIdentity
from accountledger.application.identity import Identity, Registration
from accountledger.application.ledger import Ledger, Recorded
from accountledger.domain.act import Act, Role
from tests.domain.commands import CALLS, VALUES
from tests.domain.given import Clock

GROUNDS: dict[str, Any] = {
    "reason": "impersonated a county government",
    "basis": ("2021-19",),
    "violation": ("2021-18-2",),
}


def id_card(serial: int) -> str:
    body = f"11010119900307{serial:03d}"
    return body + id_card_check(body)


class Desk:
    """A platform desk: registers and acts on accounts with a moving business clock.

    The ledger's recording clock follows the desk's, so no test depends on the day it
    runs and every act is dated at the moment it is recorded.
    """

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
        ledger.clock = self.clock

    def clock(self) -> datetime:
        return self.now

    def act(self, role: Role | str, actor: str | None = None, **grounds: Any) -> Act:
        self.now += timedelta(hours=1)
        role = Role(role)
        who = actor or f"{role.value}-1"
        return Act(actor_id=who, actor_role=role, occurred_at=self.now, **grounds)

    def register(self, name: str, serial: int = 1, **fields: Any) -> UUID:
        registration = Registration(
            name=name, identity=Identity("id_card", id_card(serial), "13800138000"), **fields
        )
        return self.ledger.register(registration, self.act(Role.PLATFORM)).account_id

    def active(self, name: str, serial: int = 1) -> UUID:
        account = self.register(name, serial)
        self.do(VerifyIdentity(account_id=account), Role.REVIEWER)
        return account

    def do(self, command: Command, role: Role | str, **grounds: Any) -> Recorded:
        """Run one command value through `Ledger.handle`, acting as `role` with `grounds`."""
        return self.ledger.handle(command, self.act(role, **grounds))


def run(ledger: Ledger, account_id: UUID, name: str, clock: Clock) -> Recorded:
    """The command `name` of `VALUES` through `Ledger.handle`, for properties.

    A reversal has no command value (only an appeal's decision takes one), so
    `reverse_measure` runs the aggregate's own call through `Ledger.execute`.
    """
    if name == "reverse_measure":
        return ledger.execute(account_id, lambda a: CALLS[name](a, clock))
    command, act = VALUES[name](ledger.account(account_id), clock)
    return ledger.handle(command, act)
