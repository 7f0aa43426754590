"""What one account event changed: the event, the account after it, and the few facts
of the account before it that the read models compare against."""

from __future__ import annotations

from typing import Any, NamedTuple

from accountledger.domain.account import Account
from accountledger.domain.measures import record_id
from accountledger.projections.schema import iso


class Before(NamedTuple):
    """(A tuple: made for every event, and a frozen dataclass is slow to make.)"""

    status: str
    name: str
    name_barred: bool
    subject_ref: str

    @classmethod
    def of(cls, account: Account | None) -> Before | None:
        if account is None:
            return None
        return cls(account.status, account.name, account.name_barred, account.subject_ref)


class Change:
    """One account event, the account after it and the facts of the account before it.
    The texts every read model asks for are worked out once (a UUID's text is slow, and
    `functools.cached_property` takes a lock on each read)."""

    __slots__ = ("_at", "account", "account_id", "before", "event", "kind")

    def __init__(
        self, event: Any, account: Account, before: Before | None, account_id: str
    ) -> None:
        self.event, self.account, self.before = event, account, before
        self.account_id = account_id  # the account's id as text, worked out by the caller
        self.kind: str = type(event).__name__
        self._at: str | None = None

    @property
    def record_id(self) -> str:
        return record_id(self.account_id, self.event.originator_version)

    @property
    def at(self) -> str:
        if self._at is None:
            self._at = iso(self.event.act.occurred_at)
            assert self._at is not None
        return self._at
