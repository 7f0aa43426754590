"""Appeals against disposal records: filing, assignment, evidence, decision (R15).

An operator appeals one record within the window; an independent reviewer decides; an
overturned or varied measure is reversed on the account in the same save as the
decision, by `MeasureReversed`, so the record and its reversal never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

from accountledger.application.ledger import Attempt, Ledger, Recorded, version_at
from accountledger.application.recording import at_recording_clock, refuse_chosen_time
from accountledger.domain import reversal
from accountledger.domain.act import Act
from accountledger.domain.appeals import Appeal
from accountledger.domain.errors import NotFound, RuleViolation
from accountledger.domain.reversal import TakenMeasure
from accountledger.domain.text import check_text


def file(ledger: Ledger, record: str, grounds: str, act: Act) -> Appeal:
    """The operator appeals one disposal record, within the window (R15).

    Filed when recorded: the recording clock, not the caller, says whether the window
    is still open (`recording.py`).
    """
    ledger.check_act(act)
    check_text("grounds", grounds, ledger.rules.max_text_length)
    account_id, _, measure = ledger.measure_taken(record)

    def attempt() -> Attempt[Appeal]:
        if ledger.find(Appeal.create_id(record)) is not None:
            raise RuleViolation(
                f"{record} has already been appealed",
                rule="one-appeal-per-measure",
                field="record",
                article="2021-20",
            )
        recorded = at_recording_clock(ledger, act)
        filed = Appeal.file(
            record_id=record,
            account_id=str(account_id),
            measure=type(measure).__name__,
            decided_by=measure.act.actor_id,
            decided_at=measure.act.occurred_at,
            grounds=grounds,
            window=ledger.rules.appeal_window,
            feedback_within=ledger.rules.appeal_feedback_within,
            act=recorded,
        )
        refuse_chosen_time(ledger, act, recorded, "an appeal", "2021-20")
        return filed, [filed]

    return ledger.run_atomically(attempt)


def appeal(ledger: Ledger, appeal_id: UUID) -> Appeal:
    """The appeal as stored now, or a refusal naming it."""
    found = ledger.find(appeal_id, fresh=True)
    if not isinstance(found, Appeal):
        raise NotFound(f"no appeal {appeal_id}", rule="appeal-exists", field="appeal")
    return found


def _on_appeal(
    ledger: Ledger, appeal_id: UUID, act: Act, decide: Callable[[Appeal], None]
) -> Appeal:
    ledger.check_act(act)
    return ledger.update(lambda: appeal(ledger, appeal_id), decide)


def assign(ledger: Ledger, appeal_id: UUID, reviewer: str, act: Act) -> Appeal:
    """A reviewer who did not take the measure is assigned (R15)."""
    return _on_appeal(ledger, appeal_id, act, lambda a: a.assign(reviewer, act=act))


def add_evidence(ledger: Ledger, appeal_id: UUID, reference: str, act: Act) -> Appeal:
    """Evidence added to an open appeal (R15)."""
    return _on_appeal(ledger, appeal_id, act, lambda a: a.add_evidence(reference, act=act))


def decide(
    ledger: Ledger, appeal_id: UUID, outcome: str, until: datetime | None, act: Act
) -> tuple[Appeal, Recorded | None]:
    """Decide; an overturned or varied measure is reversed in the same save (R15)."""
    ledger.check_act(act)
    ledger.check_term(until, "until")

    def attempt() -> Attempt[tuple[Appeal, Recorded | None]]:
        found = appeal(ledger, appeal_id)
        found.decide(outcome, until, act=act)
        if outcome == "upheld":
            return (found, None), [found]
        taken = taken_measure(ledger, found.record_id)
        reversal = replace(act, basis=("2021-20",), case_id=str(appeal_id))
        recorded, changed = ledger.decided(
            UUID(found.account_id),
            lambda account: account.reverse_measure(
                taken, str(appeal_id), outcome, until, act=reversal
            ),
        )
        return (found, recorded), [found, *changed]

    return ledger.run_atomically(attempt)


def taken_measure(ledger: Ledger, record: str) -> TakenMeasure:
    """What the history says disposal record ACCOUNT/VERSION did (R15)."""
    _, events, measure = ledger.measure_taken(record)
    return reversal.taken_measure(events, measure.originator_version)


def as_of(ledger: Ledger, appeal_id: UUID, moment: datetime) -> Appeal | None:
    """The appeal at business time `moment`, replayed from its events (R15, R18).

    None when it had not been filed yet at that time.
    """
    version = version_at(ledger.repository.event_store.get(appeal_id), moment)
    if version is None:
        return None
    found: Appeal = ledger.repository.get(appeal_id, version=version)
    return found


def trail(ledger: Ledger, appeal_id: UUID) -> list[Any]:
    """Filed, assigned, evidence, decided and the reversal it applied, in order (R15)."""
    found = appeal(ledger, appeal_id)
    own = list(ledger.repository.event_store.get(appeal_id))
    reversals = [
        e
        for e in ledger.history(UUID(found.account_id))
        if type(e).__name__ == "MeasureReversed" and e.appeal_id == str(appeal_id)
    ]
    return sorted([*own, *reversals], key=lambda e: (e.act.occurred_at, e.timestamp))


def summary(found: Appeal) -> dict[str, Any]:
    """An appeal as every edge shows it (R15)."""
    return {
        "appeal_id": str(found.id),
        "record_id": found.record_id,
        "account_id": found.account_id,
        "status": found.status,
        "reviewer": found.reviewer,
        "evidence": list(found.evidence),
        "outcome": found.outcome,
        "feedback_deadline": found.deadline.isoformat(),
    }


def decision(found: Appeal, reversal: Recorded | None) -> dict[str, Any]:
    """A decided appeal and the reversal it applied, if any (R15)."""
    applied = None
    if reversal is not None:
        applied = {"events": list(reversal.events), "status": reversal.status}
    return summary(found) | {"reversal": applied}
