"""Registrations and acts for ledger tests, with valid identity numbers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from accountledger.adapters.inputs import id_card_check
from accountledger.application.identity import Identity, Registration
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Act, Role

GROUNDS: dict[str, Any] = {
    "reason": "impersonated a county government",
    "basis": ("2021-19",),
    "violation": ("2021-18-2",),
}


def id_card(serial: int) -> str:
    body = f"11010119900307{serial:03d}"
    return body + id_card_check(body)


class Desk:
    """A platform desk: registers and acts on accounts with a moving business clock."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def act(self, role: Role | str, actor: str | None = None, **grounds: Any) -> Act:
        self.now += timedelta(hours=1)
        role = Role(role)
        who = actor or f"{role.value}-1"
        return Act(actor_id=who, actor_role=role, occurred_at=self.now, **grounds)

    def register(self, name: str, serial: int = 1, **fields: Any) -> UUID:
        registration = Registration(
            name=name, identity=Identity("id_card", id_card(serial), "13800138000"), **fields
        )
        return self.ledger.register(registration, self.act(Role.PLATFORM))

    def active(self, name: str, serial: int = 1) -> UUID:
        account = self.register(name, serial)
        self.do(account, "verify_identity", Role.REVIEWER)
        return account

    def do(self, account: UUID, method: str, role: Role | str, *args: Any, **grounds: Any) -> Any:
        act = self.act(role, **grounds)
        return self.ledger.execute(account, lambda a: getattr(a, method)(*args, act=act))
