"""R12, R13: the Campaign aggregate records each account's outcome once, and the measure
a campaign took is told from one taken before it by the campaign's evidence reference."""

from __future__ import annotations

from dataclasses import replace

import pytest

from accountledger.domain.act import Role
from accountledger.domain.campaigns import (
    AccountOutcome,
    Campaign,
    Outcome,
    earlier_measure,
    marker,
)
from accountledger.domain.errors import RuleViolation
from tests.domain.given import GROUNDS, Clock, registered


def test_an_outcome_is_recorded_once_whichever_run_reports_it() -> None:
    """R13: a second report of an account's outcome records nothing new."""
    clock = Clock()
    campaign = Campaign.start(command="warn", terms={}, act=clock.act(Role.MODERATOR, **GROUNDS))
    first = [AccountOutcome("a", Outcome.DONE, "a/3"), AccountOutcome("b", Outcome.REFUSED)]
    campaign.record(first, clock.act(Role.MODERATOR, **GROUNDS))
    again = [AccountOutcome("a", Outcome.ALREADY_DONE), AccountOutcome("c", Outcome.DONE)]
    campaign.record(again, clock.act(Role.MODERATOR, **GROUNDS))
    campaign.record(again, clock.act(Role.MODERATOR, **GROUNDS))
    events = campaign.collect_events()
    assert [type(e).__name__ for e in events] == ["Started", "OutcomesRecorded", "OutcomesRecorded"]
    assert campaign.outcomes["a"]["outcome"] == "done"
    assert campaign.counts() == {"done": 2, "refused": 1, "already done": 0}


def test_a_campaign_is_its_measure_and_case_and_not_the_sweeps_measures() -> None:
    """R13: keyed by measure and case; a measure without grounds is not a campaign's."""
    act = Clock().act(Role.MODERATOR, **GROUNDS)
    started = Campaign.start(command="warn", terms={}, act=act)
    assert started.id == Campaign.create_id("warn", " case-1 ")
    with pytest.raises(RuleViolation) as refused:
        Campaign.start(command="miss_rectification_deadline", terms={}, act=act)
    assert refused.value.rule == "campaign-measure"


def test_the_measure_taken_for_the_case_is_found_and_whose_it_was() -> None:
    """R12: done by this campaign (its mark in the evidence) or already done before it."""
    clock = Clock()
    account = registered(clock)
    account.verify_identity("composite", act=clock.act(Role.REVIEWER), now=clock.now)
    ident = Campaign.create_id("warn", "case-1")
    assert earlier_measure(account.collect_events(), "warn", "case-1", ident) is None
    marked = clock.act(Role.MODERATOR, **GROUNDS)
    account.warn(act=replace(marked, evidence=(*marked.evidence, marker(ident))))
    events = account.collect_events()
    found = earlier_measure(events, "warn", "case-1", ident)
    assert found is not None and found.outcome is Outcome.DONE
    assert found.record == f"{account.id}/{account.version}"
    other = earlier_measure(events, "warn", "case-1", Campaign.create_id("warn", "x"))
    assert other is not None and other.outcome is Outcome.ALREADY_DONE
    assert earlier_measure(events, "warn", "case-2", ident) is None
