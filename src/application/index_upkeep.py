"""The indexes across accounts kept in step with each decision (R4, R7, R9, R11, R12).

What a decision changes across accounts is the domain's (`domain/index_effects.py`: the
steps; `domain/reach.py`: what a blacklisting reaches; `domain/credit.py`); here each
index a step names is loaded once, changed, and handed back to be saved with the
account in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from accountledger.application.barred import BarredNamesModel
from accountledger.domain import ending
from accountledger.domain.account import Account
from accountledger.domain.complaints import OpenComplaints
from accountledger.domain.credit import check_several_accounts, follow_up
from accountledger.domain.index_effects import AccountFacts, IndexStep, Step, index_steps
from accountledger.domain.indexes import NameIndex, SubjectIndex
from accountledger.domain.names import normalise
from accountledger.domain.reach import blacklistings, reach
from accountledger.domain.rules import LedgerRules


class IndexUpkeep:
    """The ledger's checks and changes of the cross-account indexes (a part of `Ledger`)."""

    rules: LedgerRules
    barred: BarredNamesModel

    if TYPE_CHECKING:

        def find(self, aggregate_id: UUID, *, fresh: bool = False) -> Any: ...

        def _load(self, account_id: UUID, version: int | None = None) -> Account: ...

        def history(self, account_id: UUID) -> list[Any]: ...

    def _reach(self, account: Account, touched: dict[UUID, Any]) -> list[Account]:
        """A blacklisting reaches the subject's other live accounts, in the same save, each
        measure a record of its own (`domain/reach.py`; R4, R12)."""
        reached: list[Account] = []
        for blacklisting in blacklistings(account.pending_events):
            holdings = touched.get(SubjectIndex.create_id(account.subject_ref))
            held = [] if holdings is None else list(holdings.accounts)
            for other_id in held:
                if other_id == str(account.id) or any(str(r.id) == other_id for r in reached):
                    continue
                other = self._load(UUID(other_id))
                before = facts(other)
                if reach(other, blacklisting, self.rules):
                    self._credit_follow_up(other)
                    self._follow(other, before, touched)
                    reached.append(other)
        return reached

    def _credit_follow_up(self, account: Account) -> None:
        """Credit follows the command's cases in the same save: a new case lowers the
        tier, a reversed one gives it back (R11)."""
        follow_up(account, list(account.pending_events), self.rules)

    def check_name_free(self, name: str, account_id: UUID) -> None:
        index = self.find(NameIndex.create_id(normalise(name)))
        if index is not None and index.holder != str(account_id):
            index.check_free(name)

    def check_not_blacklisted(self, subject_ref: str) -> None:
        """A blacklisted subject's pending registration is not verified (R4)."""
        index = self.find(SubjectIndex.create_id(subject_ref))
        if index is not None:
            index.check_not_blacklisted()

    def check_may_hold(self, subject_ref: str) -> None:
        index = self.find(SubjectIndex.create_id(subject_ref))
        if index is not None:
            self._check_subject_may_hold(index)

    def _check_subject_may_hold(self, index: SubjectIndex) -> None:
        """Not blacklisted, under the limit, credit enough for several (R4, R7, R11)."""
        index.check_may_hold_another(self.rules.max_accounts_per_subject)
        self._check_credit(index.accounts)

    def binding(self, account: Account, at: datetime) -> list[str]:
        """What still binds an account at `at`: measures in force, open complaints (R10, R12)."""
        index: OpenComplaints | None = self.find(OpenComplaints.create_id(str(account.id)))
        complaints = [] if index is None else index.complaints
        return ending.holds(account.id, self.history(account.id), complaints, at)

    def _check_name_claimable(self, name: str) -> None:
        """Neither barred nor held by a live account (R4)."""
        index = self.find(NameIndex.create_id(normalise(name)))
        if index is not None:
            index.check_free(name)

    def _check_credit(self, held: list[str]) -> None:
        """Several accounts need the minimum credit tier (R7, R11)."""
        tiers = [self._load(UUID(a)).credit_tier for a in held]
        check_several_accounts(tiers, self.rules)

    def _follow(
        self, account: Account, before: AccountFacts, touched: dict[UUID, Any] | None = None
    ) -> list[Aggregate]:
        """The indexes a decision changes, each loaded once (R4, R7, R9); `touched` holds
        those a save already changes, so that each is loaded and saved once."""
        touched = {} if touched is None else touched
        for item in index_steps(before, facts(account)):
            self._apply(item, str(account.id), touched)
        return list(touched.values())

    def _apply(self, item: IndexStep, account_id: str, touched: dict[UUID, Any]) -> None:
        """Apply one index step; `touched` holds the indexes changed so far, by id."""

        def index(ident: UUID, new: Callable[[], Any] | None = None) -> Any:
            if ident not in touched:
                found = self.find(ident)
                if found is None and new is None:
                    return None
                touched[ident] = found if found is not None else new()  # type: ignore[misc]
            return touched[ident]

        key, step = item.key, item.step
        if step in _NAME_STEPS:
            names_id = NameIndex.create_id(normalise(key))
        else:
            subject_id = SubjectIndex.create_id(key)
        if step is Step.CLAIM_NAME:
            claimed = self.find(names_id)
            if claimed is None:
                touched[names_id] = NameIndex(key=normalise(key), name=key, account_id=account_id)
            else:
                claimed.claim(key, account_id)
                touched[names_id] = claimed
        elif step is Step.RELEASE_NAME:
            index(names_id).release(account_id)
        elif step is Step.BAR_NAME:
            index(names_id).bar(account_id)
            self.barred.bar(key, index)
        elif step is Step.RESTORE_NAME:
            index(names_id).restore(key, account_id)
            self.barred.give_back(key, index)
        elif step is Step.ADD_TO_SUBJECT:
            holdings = index(subject_id, lambda: SubjectIndex(subject_ref=key))
            self._check_credit(holdings.accounts)
            holdings.add(account_id, self.rules.max_accounts_per_subject)
        elif step is Step.AWAIT_TRANSFER:
            index(subject_id, lambda: SubjectIndex(subject_ref=key)).await_transfer(account_id)
        elif step is Step.SETTLE_TRANSFER:
            settled = index(subject_id)  # absent for a transfer applied for before indexes
            if settled is not None:
                settled.settle_transfer(account_id)
        else:
            _SUBJECT_STEPS[step](index(subject_id), account_id)


_NAME_STEPS = frozenset({Step.CLAIM_NAME, Step.RELEASE_NAME, Step.BAR_NAME, Step.RESTORE_NAME})
_SUBJECT_STEPS: dict[Step, Callable[[SubjectIndex, str], None]] = {
    Step.REMOVE_FROM_SUBJECT: SubjectIndex.remove,
    Step.BLACKLIST_SUBJECT: SubjectIndex.blacklist,
    Step.LIFT_BLACKLISTING: SubjectIndex.lift_blacklisting,
    Step.RESTORE_TO_SUBJECT: SubjectIndex.restore,
}


def facts(account: Account) -> AccountFacts:
    """What the indexes know of the account now."""
    transfer = account.transfer
    return AccountFacts(
        status=account.status,
        name=account.name,
        subject_ref=account.subject_ref,
        transferee_ref=None if transfer is None else str(transfer["ref"]),
        name_barred=account.name_barred,
    )
