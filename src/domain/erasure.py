"""Erasing one subject's personal information by destroying its key (R16, R17).

Identities are never in the events in clear: each is sealed under a key of its
subject's own, kept in the key store (2022 Art 16, 2017 Art 9). Erasure destroys
that key; the history around it stays as it was. The decision is an event of its
own, `SubjectErased` on a `SubjectErasure` keyed by the subject's keyed hash, with
who decided, when, why and on which articles, recorded before the key is destroyed.

Records are kept first (R16): an erasure is refused while the subject holds a live
account (real-name authentication needs the identity, 2021 Art 8), and until every
account the subject held ended, and its last disposal measure was taken, at least
`LedgerRules.record_retention_months` calendar months (in the platform's zone) before
the erasure's business time (2017 Art 16: at least six months; 2021 Art 19 / 2022
Art 17: disposal records are kept).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from accountledger.domain.act import Act
from accountledger.domain.authority import authorise
from accountledger.domain.dates import add_months
from accountledger.domain.errors import RuleViolation
from accountledger.domain.indexes import NAMESPACE
from accountledger.domain.lifecycle import LIVE
from accountledger.domain.measures import MEASURE_BY_EVENT
from accountledger.domain.rules import LedgerRules

PERSONAL_INFORMATION = "2022-16"


@dataclass(frozen=True)
class Holding:
    """What one account's history says about one subject's holding of it."""

    account_id: str
    # When the subject's holding ended: the account ended while held, or passed to
    # another subject. None: the subject holds it and it is live.
    ended_at: datetime | None
    # The business time of the last disposal measure taken while the subject held it.
    last_measure_at: datetime | None


def holding(subject_ref: str, account_id: str, history: Iterable[Any]) -> Holding | None:
    """The subject's holding of the account, read off its events; None if never held."""
    holder: str | None = None
    held = False
    ended_at: datetime | None = None
    last_measure_at: datetime | None = None
    for domain_event in history:
        kind = type(domain_event).__name__
        if kind == "Registered":
            holder = domain_event.subject_ref
        elif kind == "TransferApproved":
            if domain_event.previous_subject_ref == subject_ref:
                ended_at = domain_event.act.occurred_at  # passed to another subject
            holder = domain_event.subject_ref
        if holder != subject_ref:
            continue
        held = True
        moment = domain_event.act.occurred_at
        if kind in MEASURE_BY_EVENT:
            last_measure_at = moment
        if domain_event.status in LIVE:
            ended_at = None  # (again) a live account of this subject
        elif ended_at is None:
            ended_at = moment
    if not held:
        return None
    return Holding(account_id, ended_at, last_measure_at)


def _refuse(message: str, rule: str, field: str, article: str) -> None:
    raise RuleViolation(message, rule=rule, field=field, article=article)


def check_erasable(holdings: Iterable[Holding], now: datetime, rules: LedgerRules) -> None:
    """Refuse an erasure at business time `now` that would destroy kept records (R16)."""
    holdings = list(holdings)
    for held in holdings:
        if held.ended_at is None:
            _refuse(
                f"the subject still holds live account {held.account_id}: real-name "
                "authentication needs its identity",
                "live-account",
                "subject",
                "2021-8",
            )
    months = rules.record_retention_months
    for held in holdings:
        for moment, what, article in (
            (held.ended_at, "ended", "2017-16"),
            (held.last_measure_at, "had a disposal measure", "2021-19"),
        ):
            if moment is None:
                continue
            # Calendar months in the platform's zone, as the law counts them (2017 Art 16).
            kept_until = add_months(moment, months, rules.zone)
            if now < kept_until:
                _refuse(
                    f"account {held.account_id} {what} on {moment.isoformat()}; its records "
                    f"are kept {months} calendar months, until {kept_until.isoformat()}",
                    "record-retention",
                    "subject",
                    article,
                )


def check_no_transfer_awaited(awaited: Iterable[str]) -> None:
    """A transfer to the subject still open holds its identity for the real-name check of
    the new holder (2021 Art 11, R9): no erasure until it is approved or rejected."""
    for account_id in awaited:
        _refuse(
            f"account {account_id} awaits transfer to the subject: the new holder's identity "
            "is needed until the transfer is approved or rejected",
            "transfer-awaited",
            "subject",
            "2021-11",
        )


def _check_grounds(act: Act) -> None:
    authorise("erase_subject", act)
    for field, value in (("reason", act.reason.strip()), ("basis", act.basis)):
        if not value:
            _refuse(f"an erasure needs a {field}", "erasure-grounds", field, PERSONAL_INFORMATION)


def _erasure(act: Act, fingerprint: str, accounts: list[str]) -> dict[str, Any]:
    return {
        "erased_at": act.occurred_at,
        "erased_by": act.actor_id,
        "basis": list(act.basis),
        "fingerprint": fingerprint,
        "accounts": list(accounts),
    }


class SubjectErasure(Aggregate):
    """The erasures of one subject's personal information, with their legal basis.

    One per subject. A subject that registers again after an erasure gets a new key;
    a later erasure of that key is another event on the same aggregate. Each event
    names the key it destroys by a fingerprint (a hash of the key, which says
    nothing of the key or the data), so a repeated command can tell an erasure
    interrupted before its key was destroyed from one already complete.
    """

    TOPIC = "accountledger:SubjectErasure"

    class Event(Aggregate.Event):
        TOPIC = "accountledger:SubjectErasure.Event"

    @staticmethod
    def create_id(subject_ref: str) -> UUID:
        return uuid5(NAMESPACE, f"erasure:{subject_ref}")

    @classmethod
    def erase(
        cls,
        *,
        subject_ref: str,
        fingerprint: str,
        holdings: list[Holding],
        act: Act,
        rules: LedgerRules,
    ) -> SubjectErasure:
        """Decide the first erasure of the subject: grounds, role and retention (R16, R17)."""
        _check_grounds(act)
        check_erasable(holdings, act.occurred_at, rules)
        accounts = [h.account_id for h in holdings]
        return cls(subject_ref=subject_ref, fingerprint=fingerprint, accounts=accounts, act=act)

    @event("SubjectErased", topic="accountledger:SubjectErasure.SubjectErased")
    def __init__(self, subject_ref: str, fingerprint: str, accounts: list[str], act: Act) -> None:
        self.subject_ref = subject_ref
        self.erasures: list[dict[str, Any]] = [_erasure(act, fingerprint, accounts)]

    @property
    def last(self) -> dict[str, Any]:
        return self.erasures[-1]

    def covers(self, fingerprint: str | None) -> bool:
        """Whether an erasure was decided for this key (destroyed or not yet)."""
        return fingerprint is not None and any(
            e["fingerprint"] == fingerprint for e in self.erasures
        )

    def refuse_repeat(self) -> None:
        """Nothing left to erase: the key of every recorded erasure is gone."""
        last = self.last
        _refuse(
            f"the subject's personal information was erased on "
            f"{last['erased_at'].isoformat()} on the basis of {', '.join(last['basis'])}; "
            "nothing is left to erase",
            "erased-once",
            "subject",
            PERSONAL_INFORMATION,
        )

    def complete(self, act: Act) -> None:
        """Finish an erasure whose key was not destroyed: only its decider's role may."""
        authorise("erase_subject", act)

    def erase_again(
        self, *, fingerprint: str, holdings: list[Holding], act: Act, rules: LedgerRules
    ) -> None:
        """Erase what the subject's key sealed since a previous erasure (R16, R17)."""
        _check_grounds(act)
        if self.covers(fingerprint):
            self.refuse_repeat()
        if act.occurred_at < self.last["erased_at"]:
            _refuse(
                "an erasure cannot be dated before the subject's previous erasure",
                "business-time-order",
                "occurred_at",
                PERSONAL_INFORMATION,
            )
        check_erasable(holdings, act.occurred_at, rules)
        self._erase_again(fingerprint, [h.account_id for h in holdings], act)

    @event("SubjectErasedAgain", topic="accountledger:SubjectErasure.SubjectErasedAgain")
    def _erase_again(self, fingerprint: str, accounts: list[str], act: Act) -> None:
        self.erasures.append(_erasure(act, fingerprint, accounts))
