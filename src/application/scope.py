"""What a key may reach: a subject's accounts or named accounts (2021 Arts 11, 20; 2022 Art 16).

A key bound to a subject reaches every account the subject holds now, whatever it held
when the key was made: the subject's `SubjectIndex` follows registrations and
transfers, so an account transferred in is reached and one transferred away is not.
A key bound to named accounts reaches those accounts only. A key with neither is
unbounded; an operator key must be bound (`require_bound`), a key of any other role
may be (it is then held to its scope exactly as an operator's is).

This module is the one place the rule is stated: the HTTP service, the console and
(with `require_keys`) the CLI call `Scope.covers` / `Scope.check` before anything is
written or shown. A refusal is a `RuleViolation` with rule `scope` (HTTP 403) and
nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation
from accountledger.domain.indexes import SubjectIndex

SCOPE_ARTICLE = "2021-11"
# Roles whose keys must name a scope: an operator acts for its own accounts only.
BOUND_ROLES = frozenset({Role.OPERATOR})
MAX_ACCOUNTS = 100
Row = TypeVar("Row", bound=Mapping[str, Any])


@dataclass(frozen=True)
class Scope:
    """A subject ref, named account ids, or neither (unbounded)."""

    subject: str | None = None
    accounts: frozenset[str] = frozenset()

    @property
    def unbounded(self) -> bool:
        return self.subject is None and not self.accounts

    def describe(self) -> str:
        if self.subject is not None:
            return f"subject {self.subject}"
        if self.accounts:
            return "accounts " + ", ".join(sorted(self.accounts))
        return "unbounded"

    def reached(self, ledger: Ledger) -> frozenset[str] | None:
        """The account ids the scope reaches now; None when unbounded."""
        if self.unbounded:
            return None
        if self.subject is None:
            return self.accounts
        index = ledger.find(SubjectIndex.create_id(self.subject), fresh=True)
        held = index.accounts if isinstance(index, SubjectIndex) else []
        return frozenset(held) | self.accounts

    def covers(self, account_id: UUID | str, ledger: Ledger) -> bool:
        """Whether the key may act on or see `account_id`."""
        reached = self.reached(ledger)
        return reached is None or str(account_id) in reached

    def covers_subject(self, subject_ref: str) -> bool:
        """Whether the key may act for `subject_ref` (a registration, a subject's inquiry)."""
        return self.unbounded or self.subject == subject_ref

    def check(self, account_id: UUID | str, ledger: Ledger, field: str = "account_id") -> None:
        """Refuse (rule `scope`, HTTP 403) an account the scope does not reach."""
        if not self.covers(account_id, ledger):
            raise out_of_scope(f"account {account_id}", self, field)

    def check_subject(self, subject_ref: str, field: str = "subject") -> None:
        if not self.covers_subject(subject_ref):
            raise out_of_scope(f"subject {subject_ref}", self, field)

    def keep(self, rows: Iterable[Row], ledger: Ledger, key: str = "account_id") -> list[Row]:
        """The rows whose `key` names an account the scope reaches (reads are scoped)."""
        reached = self.reached(ledger)
        return [row for row in rows if reached is None or str(row.get(key)) in reached]


UNBOUNDED = Scope()


def out_of_scope(what: str, scope: Scope, field: str) -> RuleViolation:
    return RuleViolation(
        f"{what} is outside this key's scope ({scope.describe()})",
        rule="scope",
        field=field,
        article=SCOPE_ARTICLE,
    )


def require_bound(role: Role, scope: Scope) -> None:
    """An operator key must be bound to a subject or to named accounts."""
    if role in BOUND_ROLES and scope.unbounded:
        raise RuleViolation(
            f"a {role.value} key must be bound to a subject (--subject REF) or to accounts "
            "(--account ID); recreate it with a scope",
            rule="scope",
            field="scope",
            article=SCOPE_ARTICLE,
        )
