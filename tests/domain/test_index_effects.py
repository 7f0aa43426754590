"""What a decision changes across accounts, as a pure function of facts (R4, R7, R9).

No store: `index_steps(before, after)` names the index steps; the ledger applies them.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from accountledger.domain.index_effects import (
    AccountFacts,
    IndexStep,
    Step,
    index_steps,
    registration_steps,
)

ACTIVE = AccountFacts(status="active", name="Jade Pottery", subject_ref="s-a", transferee_ref=None)


def test_a_registration_claims_its_name_and_joins_its_subject() -> None:
    """R4, R7: the name is held, the subject's holdings counted."""
    assert registration_steps(ACTIVE) == [
        IndexStep(Step.CLAIM_NAME, "Jade Pottery"),
        IndexStep(Step.ADD_TO_SUBJECT, "s-a"),
    ]


def test_a_decision_that_changes_nothing_across_accounts_needs_no_step() -> None:
    """R4: a warning leaves every index as it was."""
    assert index_steps(ACTIVE, ACTIVE) == []


def test_a_new_name_is_claimed_and_the_old_one_released() -> None:
    """R3, R4: a profile change moves the name."""
    renamed = replace(ACTIVE, name="Jade Kiln")
    assert index_steps(ACTIVE, renamed) == [
        IndexStep(Step.CLAIM_NAME, "Jade Kiln"),
        IndexStep(Step.RELEASE_NAME, "Jade Pottery"),
    ]


@pytest.mark.parametrize(
    ("status", "barred", "retire"),
    [("closed", True, Step.BAR_NAME), ("deregistered", False, Step.RELEASE_NAME)],
)
def test_an_ending_bars_or_releases_the_name_and_leaves_the_subject(
    status: str, barred: bool, retire: Step
) -> None:
    """R4, R10: a closure bars the name for ever; an operator's own termination frees it."""
    ended = replace(ACTIVE, status=status, name_barred=barred)
    assert index_steps(ACTIVE, ended) == [
        IndexStep(retire, "Jade Pottery"),
        IndexStep(Step.REMOVE_FROM_SUBJECT, "s-a"),
    ]


def test_a_blacklisting_bars_the_name_and_blacklists_the_subject() -> None:
    """R4, R12: the subject may not register again; it is not merely removed."""
    blacklisted = replace(ACTIVE, status="blacklisted", name_barred=True)
    assert index_steps(ACTIVE, blacklisted) == [
        IndexStep(Step.BAR_NAME, "Jade Pottery"),
        IndexStep(Step.BLACKLIST_SUBJECT, "s-a"),
    ]


def test_an_overturned_blacklisting_gives_back_the_name_and_the_subjects_standing() -> None:
    """R15: the reversal restores the name and lifts the blacklisting."""
    blacklisted = replace(ACTIVE, status="blacklisted", name_barred=True)
    assert index_steps(blacklisted, ACTIVE) == [
        IndexStep(Step.RESTORE_NAME, "Jade Pottery"),
        IndexStep(Step.LIFT_BLACKLISTING, "s-a"),
        IndexStep(Step.RESTORE_TO_SUBJECT, "s-a"),
    ]


def test_a_transfer_is_awaited_by_the_transferee_and_settled_when_approved() -> None:
    """R9, R17: the transferee's index knows an open transfer; approval moves holdings."""
    applied = replace(ACTIVE, transferee_ref="s-b")
    assert index_steps(ACTIVE, applied) == [IndexStep(Step.AWAIT_TRANSFER, "s-b")]
    approved = replace(ACTIVE, subject_ref="s-b")
    assert index_steps(applied, approved) == [
        IndexStep(Step.SETTLE_TRANSFER, "s-b"),
        IndexStep(Step.REMOVE_FROM_SUBJECT, "s-a"),
        IndexStep(Step.ADD_TO_SUBJECT, "s-b"),
    ]
