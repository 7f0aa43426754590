"""What one account event changed: the event, the account after it, and the few facts
of the account before it that the read models compare against."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accountledger.domain.account import Account
from accountledger.domain.measures import record_id
from accountledger.projections.schema import iso


@dataclass(frozen=True)
class Before:
    status: str
    name: str
    name_barred: bool
    subject_ref: str

    @classmethod
    def of(cls, account: Account | None) -> Before | None:
        if account is None:
            return None
        return cls(account.status, account.name, account.name_barred, account.subject_ref)


@dataclass(frozen=True)
class Change:
    event: Any
    account: Account
    before: Before | None

    @property
    def kind(self) -> str:
        return type(self.event).__name__

    @property
    def account_id(self) -> str:
        return str(self.account.id)

    @property
    def record_id(self) -> str:
        return record_id(self.account.id, self.event.originator_version)

    @property
    def at(self) -> str:
        moment = iso(self.event.act.occurred_at)
        assert moment is not None
        return moment
