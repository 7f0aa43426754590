"""What a decision on one account changes in the indexes across accounts (R4, R7, R9).

A pure function of named facts, before and after the decision: which names are claimed,
released, barred or given back, which subject holds the account, and whether a subject
is blacklisted or awaits a transfer. The ledger loads the indexes the steps name and
saves them with the account, so a rule across accounts holds atomically with its event.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from accountledger.domain.lifecycle import LIVE


@dataclass(frozen=True)
class AccountFacts:
    """What the indexes know of one account at one moment."""

    status: str
    name: str
    subject_ref: str
    transferee_ref: str | None  # the subject an open transfer goes to
    name_barred: bool = False


class Step(StrEnum):
    """One change to an index; the ledger applies each to the index it names."""

    CLAIM_NAME = "claim_name"  # the name's index: held by the account
    RELEASE_NAME = "release_name"  # free for anyone again
    BAR_NAME = "bar_name"  # never registered again (and in the barred names)
    RESTORE_NAME = "restore_name"  # held again after an ending was overturned
    ADD_TO_SUBJECT = "add_to_subject"  # the subject's holdings (limit and credit checked)
    REMOVE_FROM_SUBJECT = "remove_from_subject"  # no longer a live account of the subject
    BLACKLIST_SUBJECT = "blacklist_subject"
    LIFT_BLACKLISTING = "lift_blacklisting"
    RESTORE_TO_SUBJECT = "restore_to_subject"  # an ending overturned: held again
    AWAIT_TRANSFER = "await_transfer"  # the transferee's index knows an open transfer
    SETTLE_TRANSFER = "settle_transfer"


@dataclass(frozen=True)
class IndexStep:
    """`step` on the index keyed by `key` (a name, or a subject ref)."""

    step: Step
    key: str


def registration_steps(registered: AccountFacts) -> list[IndexStep]:
    """A new account claims its name and joins its subject's holdings (R4, R7)."""
    return [
        IndexStep(Step.CLAIM_NAME, registered.name),
        IndexStep(Step.ADD_TO_SUBJECT, registered.subject_ref),
    ]


def index_steps(before: AccountFacts, after: AccountFacts) -> list[IndexStep]:
    """Every index change a decision from `before` to `after` needs, in order."""
    steps: list[IndexStep] = []
    if before.transferee_ref != after.transferee_ref:
        if before.transferee_ref is not None:
            steps.append(IndexStep(Step.SETTLE_TRANSFER, before.transferee_ref))
        if after.transferee_ref is not None:
            steps.append(IndexStep(Step.AWAIT_TRANSFER, after.transferee_ref))
    if after.name != before.name:
        steps += [IndexStep(Step.CLAIM_NAME, after.name), IndexStep(Step.RELEASE_NAME, before.name)]
    if after.subject_ref != before.subject_ref:
        steps += [
            IndexStep(Step.REMOVE_FROM_SUBJECT, before.subject_ref),
            IndexStep(Step.ADD_TO_SUBJECT, after.subject_ref),
        ]
    revived = before.status not in LIVE and after.status in LIVE
    ended = before.status in LIVE and after.status not in LIVE
    if revived:
        steps.append(IndexStep(Step.RESTORE_NAME, after.name))
    if ended:
        retire = Step.BAR_NAME if after.name_barred else Step.RELEASE_NAME
        steps.append(IndexStep(retire, after.name))
    blacklisted = after.status == "blacklisted"
    for applies, step in (
        (blacklisted and before.status != "blacklisted", Step.BLACKLIST_SUBJECT),
        (before.status == "blacklisted" and not blacklisted, Step.LIFT_BLACKLISTING),
        (revived, Step.RESTORE_TO_SUBJECT),
        (ended and not blacklisted, Step.REMOVE_FROM_SUBJECT),
    ):
        if applies:
            steps.append(IndexStep(step, after.subject_ref))
    return steps
