"""Rules across accounts, kept by small index aggregates saved with the account.

Each index is keyed by a uuid5 of what must be unique, so two registrations of the
same name (or for the same subject) write version 1 (or the same next version) of
the same index: the store's optimistic concurrency lets exactly one of them win.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from accountledger.domain.barred_index import FOLDING, filing
from accountledger.domain.errors import RuleViolation

NAMESPACE = UUID("6f1d2c1e-8a55-5b7e-9a43-2b0f3c6a9d10")


def _topic(name: str) -> str:
    return f"accountledger:{name}"


class NameIndex(Aggregate):
    """Who holds a normalised name, and whether it is barred for ever (R4)."""

    TOPIC = _topic("NameIndex")

    class Event(Aggregate.Event):
        TOPIC = _topic("NameIndex.Event")

    @staticmethod
    def create_id(key: str) -> UUID:
        return uuid5(NAMESPACE, f"name:{key}")

    @event("Claimed", topic=_topic("NameIndex.Claimed"))
    def __init__(self, key: str, name: str, account_id: str) -> None:
        self.key = key
        self.name = name
        self.holder: str | None = account_id
        self.barred = False

    def check_free(self, name: str) -> None:
        if self.barred:
            raise RuleViolation(
                f"the name {name!r} belonged to an account closed or blacklisted under law "
                "or agreement and cannot be registered again",
                rule="barred-name",
                field="name",
                article="2021-8",
            )
        if self.holder is not None:
            raise RuleViolation(
                f"the name {name!r} is held by another live account",
                rule="unique-name",
                field="name",
            )

    def claim(self, name: str, account_id: str) -> None:
        self.check_free(name)
        self._claim(name, account_id)

    @event("Reclaimed", topic=_topic("NameIndex.Reclaimed"))
    def _claim(self, name: str, account_id: str) -> None:
        self.name = name
        self.holder = account_id

    @event("Released", topic=_topic("NameIndex.Released"))
    def release(self, account_id: str) -> None:
        self.holder = None

    @event("Barred", topic=_topic("NameIndex.Barred"))
    def bar(self, account_id: str) -> None:
        self.holder = None
        self.barred = True

    def restore(self, name: str, account_id: str) -> None:
        """An overturned closure gives the name back to its account (R15)."""
        if self.holder not in (None, account_id):
            raise RuleViolation(
                f"the name {name!r} is now held by another account",
                rule="unique-name",
                field="name",
            )
        self._restore(account_id)

    @event("Restored", topic=_topic("NameIndex.Restored"))
    def _restore(self, account_id: str) -> None:
        self.holder = account_id
        self.barred = False


class SubjectIndex(Aggregate):
    """The live accounts a subject holds, and whether it is blacklisted (R4, R7).

    `ever_held` is every account ever added, derived from the same events: the
    accounts whose records an erasure of the subject must respect (R16). `erased_keys`
    names the keys whose erasure was recorded; `awaited`, the accounts applied for
    transfer to the subject and not yet approved or rejected.
    """

    TOPIC = _topic("SubjectIndex")

    class Event(Aggregate.Event):
        TOPIC = _topic("SubjectIndex.Event")

    @staticmethod
    def create_id(subject_ref: str) -> UUID:
        return uuid5(NAMESPACE, f"subject:{subject_ref}")

    @event("Indexed", topic=_topic("SubjectIndex.Indexed"))
    def __init__(self, subject_ref: str) -> None:
        self.subject_ref = subject_ref
        self.accounts: list[str] = []
        self.blacklisted_by: list[str] = []
        self.ever_held: list[str] = []
        self.erased_keys: list[str] = []
        self.awaited: list[str] = []

    @property
    def blacklisted(self) -> bool:
        return bool(self.blacklisted_by)

    def check_not_blacklisted(self) -> None:
        """A blacklisted subject cannot register or take over accounts (R4)."""
        if self.blacklisted:
            raise RuleViolation(
                "the subject is blacklisted and may not register or take over accounts",
                rule="blacklisted-subject",
                field="subject",
                article="2021-19",
            )

    def check_may_hold_another(self, limit: int) -> None:
        """A blacklisted subject cannot register; nor one at its limit (R4, R7)."""
        self.check_not_blacklisted()
        if len(self.accounts) >= limit:
            raise RuleViolation(
                f"the subject already holds {len(self.accounts)} accounts, the limit is {limit}",
                rule="accounts-per-subject",
                field="subject",
                article="2021-10",
            )

    def add(self, account_id: str, limit: int) -> None:
        self.check_may_hold_another(limit)
        self._add(account_id)

    @event("AccountAdded", topic=_topic("SubjectIndex.AccountAdded"))
    def _add(self, account_id: str) -> None:
        self.accounts.append(account_id)
        if account_id not in self.ever_held:
            self.ever_held.append(account_id)

    @event("AccountRemoved", topic=_topic("SubjectIndex.AccountRemoved"))
    def remove(self, account_id: str) -> None:
        self.accounts.remove(account_id)

    @event("SubjectBlacklisted", topic=_topic("SubjectIndex.SubjectBlacklisted"))
    def blacklist(self, account_id: str) -> None:
        if account_id in self.accounts:
            self.accounts.remove(account_id)
        self.blacklisted_by.append(account_id)

    @event("BlacklistingLifted", topic=_topic("SubjectIndex.BlacklistingLifted"))
    def lift_blacklisting(self, account_id: str) -> None:
        """A blacklisting overturned on appeal no longer bars the subject (R15)."""
        if account_id in self.blacklisted_by:
            self.blacklisted_by.remove(account_id)

    @event("TransferAwaited", topic=_topic("SubjectIndex.TransferAwaited"))
    def await_transfer(self, account_id: str) -> None:
        """A transfer of the account to this subject was applied for (R9): the subject's
        identity is sealed in it, so its erasure must wait (R17)."""
        if account_id not in self.awaited:
            self.awaited.append(account_id)

    @event("TransferSettled", topic=_topic("SubjectIndex.TransferSettled"))
    def settle_transfer(self, account_id: str) -> None:
        """The transfer was approved or rejected."""
        if account_id in self.awaited:
            self.awaited.remove(account_id)

    @event("ErasureNoted", topic=_topic("SubjectIndex.ErasureNoted"))
    def note_erasure(self, fingerprint: str) -> None:
        """An erasure of the subject's key was recorded (R17). Saved with the erasure, it
        makes a registration of the same subject in the same instant conflict and decide
        again; noted here, the key is never used to seal anything new."""
        self.erased_keys.append(fingerprint)

    def key_erased(self, fingerprint: str | None) -> bool:
        return fingerprint is not None and fingerprint in self.erased_keys

    @event("AccountRestored", topic=_topic("SubjectIndex.AccountRestored"))
    def restore(self, account_id: str) -> None:
        """An ending overturned on appeal: the account counts again (R15)."""
        if account_id not in self.accounts:
            self.accounts.append(account_id)


class BarredNames(Aggregate):
    """Every barred name, as stores written before issue 16 kept them: one aggregate,
    snapshotted every 100 names (so its storage grew with the square of the names).
    Read, never written any more: names are barred in `BarredPage`s after its own."""

    TOPIC = _topic("BarredNames")
    ID = uuid5(NAMESPACE, "barred-names")

    class Event(Aggregate.Event):
        TOPIC = _topic("BarredNames.Event")

    @staticmethod
    def create_id() -> UUID:
        return BarredNames.ID

    @event("Started", topic=_topic("BarredNames.Started"))
    def __init__(self) -> None:
        self.names: list[str] = []

    @event("NameAdded", topic=_topic("BarredNames.NameAdded"))
    def add(self, name: str) -> None:
        self.names.append(name)

    @event("NameRemoved", topic=_topic("BarredNames.NameRemoved"))
    def remove(self, name: str) -> None:
        if name in self.names:
            self.names.remove(name)


class BarredPage(Aggregate):
    """One page of the barred names' history (R4, 2022 Art 10 ¶3): up to `SIZE` names
    barred or given back, in order, then closed when the next page opens.

    The barred names are these pages' operations, page after page, after those of the
    old `BarredNames`. Only the last page ever changes, and a full page is snapshotted
    once (the ledger's interval is `SIZE`), so storage grows with the names, never with
    their square. Opening the next page closes this one in the same save: a writer still
    appending here conflicts and decides again on the new page.
    """

    TOPIC = _topic("BarredPage")
    SIZE = 1000

    class Event(Aggregate.Event):
        TOPIC = _topic("BarredPage.Event")

    @staticmethod
    def create_id(number: int) -> UUID:
        return uuid5(NAMESPACE, f"barred-page:{number}")

    @event("Opened", topic=_topic("BarredPage.Opened"))
    def __init__(self, number: int) -> None:
        self.number = number
        # ("+", name, *filing): barred, with how it is filed (`barred_index.filing`);
        # ("-", name): given back (its earliest occurrence, R15). The events hold only
        # the names: the filings are derived, and kept by the page's snapshot.
        self.operations: list[tuple[Any, ...]] = []
        self.folding = FOLDING
        self.closed = False

    @property
    def full(self) -> bool:
        return len(self.operations) >= self.SIZE

    @event("NameAdded", topic=_topic("BarredPage.NameAdded"))
    def add(self, name: str) -> None:
        self.operations.append(("+", name, *filing(name)))

    @event("NameRemoved", topic=_topic("BarredPage.NameRemoved"))
    def remove(self, name: str) -> None:
        self.operations.append(("-", name))

    @event("Closed", topic=_topic("BarredPage.Closed"))
    def close(self) -> None:
        self.closed = True
