"""Campaigns: one measure, one case, one set of grounds over many accounts (R12, R13).

A `Campaign` is an aggregate of its own, keyed by its measure and case id, so that
running the same campaign again finds it: it records what it was started with and each
account's outcome, once. The measures themselves are the accounts' own events, each
recorded by `Ledger.handle`; the campaign's evidence reference (`marker`) on each of
them lets a run that was killed between a measure and the record of its outcome find
the measure again (`earlier_measure`) rather than take it twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from accountledger.domain.act import Act
from accountledger.domain.authority import authorise
from accountledger.domain.errors import LedgerError, RuleViolation
from accountledger.domain.indexes import NAMESPACE
from accountledger.domain.measures import ROW_BY_COMMAND, record_id

# Measures a campaign may take: those taken on grounds by a person (the catalogue's
# rows that need grounds); the sweep's own measures are not a campaign's.
CAMPAIGN_MEASURES = tuple(row.command for row in ROW_BY_COMMAND.values() if row.needs_grounds)


class Outcome(StrEnum):
    """What a campaign did on one account; a dry run's three say what it would do."""

    DONE = "done"
    REFUSED = "refused"
    ALREADY_DONE = "already done"
    WOULD_DO = "would do"
    WOULD_BE_REFUSED = "would be refused"


@dataclass(frozen=True)
class AccountOutcome:
    """One account's outcome: the record taken or found, or the rule that refused."""

    account_id: str
    outcome: Outcome
    record: str = ""
    rule: str = ""
    field: str = ""
    article: str = ""
    detail: str = ""

    @classmethod
    def refused(cls, account_id: str, error: LedgerError, dry_run: bool = False) -> AccountOutcome:
        outcome = Outcome.WOULD_BE_REFUSED if dry_run else Outcome.REFUSED
        return cls(
            account_id,
            outcome,
            rule=error.rule,
            field=error.field or "",
            article=error.article or "",
            detail=error.message,
        )

    @classmethod
    def of(cls, stored: Mapping[str, str]) -> AccountOutcome:
        rest = {k: v for k, v in stored.items() if k != "outcome"}
        return cls(outcome=Outcome(stored["outcome"]), **rest)

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}


def check_measure(command: str) -> str:
    """A measure a campaign may take, or a refusal naming those it may."""
    if command not in CAMPAIGN_MEASURES:
        raise RuleViolation(
            f"{command!r} is not a measure a campaign may take "
            f"(one of: {', '.join(CAMPAIGN_MEASURES)})",
            rule="campaign-measure",
            field="measure",
            article="2021-19",
        )
    return command


def marker(campaign_id: UUID) -> str:
    """The evidence reference every measure of the campaign carries."""
    return f"campaign:{campaign_id}"


def earlier_measure(
    history: Iterable[Any], command: str, case_id: str, campaign_id: UUID
) -> AccountOutcome | None:
    """The measure `command` already taken on the account for `case_id`, if any: done by
    this campaign (its marker among the evidence) or already done before it (R13).

    Found in the account's own events, so the answer does not depend on whether the run
    that took it lived to record its outcome.
    """
    event_name = ROW_BY_COMMAND[command].event
    for taken in history:
        act = taken.act
        if type(taken).__name__ == event_name and act.case_id.strip() == case_id.strip():
            by_us = marker(campaign_id) in act.evidence
            outcome = Outcome.DONE if by_us else Outcome.ALREADY_DONE
            account = str(taken.originator_id)
            return AccountOutcome(account, outcome, record_id(account, taken.originator_version))
    return None


def grounds(act: Act) -> dict[str, Any]:
    """What must be the same for every account of a campaign, and on every run."""
    return {
        "actor": f"{act.actor_id}:{act.actor_role.value}",
        "reason": act.reason,
        "basis": list(act.basis),
        "violation": list(act.violation),
        "evidence": list(act.evidence),
    }


class Campaign(Aggregate):
    """A measure taken for one case on many accounts, and each account's outcome, once."""

    TOPIC = "accountledger:Campaign"

    class Event(Aggregate.Event):
        TOPIC = "accountledger:Campaign.Event"

    @staticmethod
    def create_id(command: str, case_id: str) -> UUID:
        return uuid5(NAMESPACE, f"campaign:{command}:{case_id.strip()}")

    @classmethod
    def start(cls, *, command: str, terms: dict[str, str], act: Act) -> Campaign:
        """Started by someone who may take the measure, on its grounds, for a case (R13)."""
        check_measure(command)
        if not act.case_id.strip():
            raise RuleViolation(
                "a campaign is for one case: give its case id",
                rule="campaign-case",
                field="case_id",
                article="2021-19",
            )
        authorise(command, act)
        return cls(command=command, case_id=act.case_id.strip(), terms=terms, act=act)

    @event("Started", topic="accountledger:Campaign.Started")
    def __init__(self, command: str, case_id: str, terms: dict[str, str], act: Act) -> None:
        self.command = command
        self.case_id = case_id
        self.terms = dict(terms)
        self.grounds = grounds(act)
        self.outcomes: dict[str, dict[str, str]] = {}

    def check_same(self, terms: dict[str, str], act: Act) -> None:
        """A campaign run again runs on the terms and grounds it was started with."""
        given = {"terms": dict(terms), **grounds(act)}
        started = {"terms": self.terms, **self.grounds}
        for field, value in started.items():
            if given[field] != value:
                raise RuleViolation(
                    f"campaign {self.id} ({self.command}, case {self.case_id}) was started "
                    f"with {field} {value!r}, not {given[field]!r}",
                    rule="campaign-terms",
                    field=field,
                    article="2021-19",
                )

    def record(self, outcomes: Sequence[AccountOutcome], act: Act) -> None:
        """Record the outcomes of accounts that have none yet; an account's outcome is
        recorded once, whatever runs report it again."""
        new: dict[str, dict[str, str]] = {}
        for outcome in outcomes:
            if outcome.account_id not in self.outcomes:
                new.setdefault(outcome.account_id, outcome.as_dict())
        if new:
            self._record(list(new.values()), act)

    @event("OutcomesRecorded", topic="accountledger:Campaign.OutcomesRecorded")
    def _record(self, outcomes: list[dict[str, str]], act: Act) -> None:
        for outcome in outcomes:
            self.outcomes[outcome["account_id"]] = outcome

    def counts(self) -> dict[str, int]:
        """How many accounts had each outcome."""
        counted = {str(o): 0 for o in (Outcome.DONE, Outcome.REFUSED, Outcome.ALREADY_DONE)}
        for outcome in self.outcomes.values():
            counted[outcome["outcome"]] = counted.get(outcome["outcome"], 0) + 1
        return counted
