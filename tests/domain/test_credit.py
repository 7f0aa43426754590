"""Credit follows cases, not measures (R11; 2021 Art 13, 2022 Art 18), on the aggregate
without I/O: the credit policy runs on the events a command records, as the ledger runs
it in the same save."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.domain import Snapshot

from accountledger.domain.account import Account
from accountledger.domain.act import Role
from accountledger.domain.credit import CREDIT_ACTOR, follow_up
from accountledger.domain.errors import UnknownArticle
from accountledger.domain.reversal import taken_measure
from accountledger.domain.rules import DEFAULT_RULES, LedgerRules
from tests.domain.commands import CALLS
from tests.domain.given import GROUNDS, Clock, registered, replayed

FALSE_INFO = ("2021-18-6",)
IMPERSONATION = ("2022-8-2",)  # 2022 Art 8 (2): a name impersonating a government organ


class Desk:
    """One account, its whole history, and the credit policy after every command."""

    def __init__(self, rules: LedgerRules = DEFAULT_RULES) -> None:
        self.rules = rules
        self.clock = Clock()
        self.account = registered(self.clock)
        CALLS["verify_identity"](self.account, self.clock)
        self.history: list[Any] = list(self.account.collect_events())

    def warn(self, case: str = "case-1", violation: tuple[str, ...] = FALSE_INFO) -> list[str]:
        """A warning in `case`; the names of what the command and the policy recorded."""
        grounds = {**GROUNDS, "case_id": case, "violation": violation}
        self.account.warn(act=self.clock.act(Role.MODERATOR, **grounds))
        return self._follow()

    def appeal(self, version: int, outcome: str = "overturned") -> list[str]:
        """An appeal overturns (or varies) the measure recorded at `version`."""
        taken = taken_measure(self.history, version)
        act = self.clock.act(
            Role.APPEAL_REVIEWER, reason="not shown", basis=("2021-20",), case_id="ap-1"
        )
        until = self.clock.now if outcome == "varied" else None
        self.account.reverse_measure(taken, "ap-1", outcome, until, act=act)
        return self._follow()

    def _follow(self) -> list[str]:
        follow_up(self.account, list(self.account.pending_events), self.rules)
        events = self.account.collect_events()
        self.history.extend(events)
        return [type(e).__name__ for e in events]

    def restrict(self, case: str) -> list[str]:
        """A restriction (which an appeal may vary) in `case`, for false information."""
        grounds = {**GROUNDS, "case_id": case}
        self.account.restrict(["comment"], None, act=self.clock.act(Role.MODERATOR, **grounds))
        return self._follow()

    @property
    def tier(self) -> str:
        return str(self.account.credit_tier)

    @property
    def version(self) -> int:
        return int(self.account.version)


def test_several_measures_in_one_case_lower_the_tier_once() -> None:
    """R11, 2021 Art 13: two warnings for the same false information, one case: one
    lowering, recorded by the credit policy and naming the case."""
    desk = Desk()
    assert desk.warn("case-7") == ["Warned", "CreditTierChanged"]
    assert desk.warn("case-7") == ["Warned"]
    assert desk.tier == "C"
    lowered = desk.history[-2]
    assert (lowered.case, lowered.steps, lowered.previous) == ("case-7", 1, "B")
    assert lowered.act.actor_id == CREDIT_ACTOR and lowered.act.basis == ("2021-13",)


def test_two_cases_lower_the_tier_twice() -> None:
    """R11: each case of false information lowers the tier."""
    desk = Desk()
    desk.warn("case-1")
    assert desk.warn("case-2") == ["Warned", "CreditTierChanged"]
    assert desk.tier == "D"
    assert desk.account.credit_cases == {"case-1": 1, "case-2": 1}


def test_a_measure_without_a_case_is_a_case_of_its_own() -> None:
    """R11: a measure tied to no case is named by its own disposal record."""
    desk = Desk()
    desk.warn("")
    desk.warn("")
    assert desk.tier == "D"
    assert set(desk.account.credit_cases) == {
        f"{desk.account.id}/{desk.version - 3}",
        f"{desk.account.id}/{desk.version - 1}",
    }


def test_overturning_the_only_measure_of_a_case_gives_its_tier_back() -> None:
    """R11, R15: an overturned measure restores what its case took, by a new event
    citing the appeal; the lowering stays in history."""
    desk = Desk()
    desk.warn("case-1")
    warned = desk.version - 1
    assert desk.appeal(warned) == ["MeasureReversed", "CreditTierChanged"]
    assert desk.tier == "B" and desk.account.credit_cases == {}
    given_back = desk.history[-1]
    assert (given_back.case, given_back.steps, given_back.tier) == ("case-1", -1, "B")
    assert given_back.act.case_id == "ap-1" and "2021-20" in given_back.act.basis
    kinds = [type(e).__name__ for e in desk.history]
    assert kinds.count("CreditTierChanged") == 2  # lowered, then given back (R16)


def test_overturning_one_of_two_measures_of_a_case_keeps_the_lowering() -> None:
    """R11: the case's other measure still stands, so the tier stays lowered; once it
    too is overturned, the tier comes back."""
    desk = Desk()
    desk.warn("case-1")
    first = desk.version - 1
    desk.warn("case-1")
    second = desk.version
    assert desk.appeal(first) == ["MeasureReversed"]
    assert desk.tier == "C"
    assert desk.appeal(second) == ["MeasureReversed", "CreditTierChanged"]
    assert desk.tier == "B"


def test_a_case_given_back_after_a_raise_is_recorded_without_steps() -> None:
    """R11, R15: a moderator raised the tier since; the case's lowering is still given
    back by an event (no tier to give), so it no longer holds a lowering."""
    desk = Desk()
    desk.warn("case-1")
    warned = desk.version - 1
    desk.account.change_credit_tier("A", act=desk.clock.act(Role.MODERATOR))
    desk.history.extend(desk.account.collect_events())
    assert desk.appeal(warned) == ["MeasureReversed", "CreditTierChanged"]
    given_back = desk.history[-1]
    assert (given_back.tier, given_back.case, given_back.steps) == ("A", "case-1", 0)
    assert desk.account.credit_cases == {}
    assert desk.warn("case-1") == ["Warned", "CreditTierChanged"]


def test_a_varied_measure_gives_its_case_tier_back() -> None:
    """R11, R15: an appeal that varies a measure restores what it took, as an overturn."""
    desk = Desk()
    desk.restrict("case-3")
    assert desk.tier == "C"
    assert desk.appeal(desk.version - 1, "varied") == ["MeasureReversed", "CreditTierChanged"]
    assert desk.tier == "B"


def test_overturning_a_case_gives_back_only_its_own_tiers() -> None:
    """R11: with two cases, overturning one case's measure raises by that case's tiers."""
    desk = Desk()
    desk.warn("case-1")
    first = desk.version - 1
    desk.warn("case-2")
    desk.appeal(first)
    assert desk.tier == "C" and desk.account.credit_cases == {"case-2": 1}


def test_a_case_given_back_and_found_again_lowers_again() -> None:
    """R11: once a case's lowering is given back, a new measure in it counts anew."""
    desk = Desk()
    desk.warn("case-1")
    desk.appeal(desk.version - 1)
    assert desk.warn("case-1") == ["Warned", "CreditTierChanged"]
    assert desk.tier == "C"


def test_an_account_information_violation_lowers_the_tier_as_configured() -> None:
    """R11, 2022 Arts 8 and 18: credit appraisals of account information weigh in the
    account's credit: a 2022 Art 8 violation lowers by `account_information_steps`."""
    desk = Desk(LedgerRules(account_information_steps=2))
    assert desk.warn("case-9", IMPERSONATION) == ["Warned", "CreditTierChanged"]
    assert desk.tier == "D"
    lowered = desk.history[-1]
    assert lowered.steps == 2 and lowered.act.basis == ("2022-18",)


def test_account_information_can_be_left_out_of_credit() -> None:
    """R11, 2022 Art 18: with no steps, or the class not listed, the tier stays."""
    for rules in (
        LedgerRules(account_information_steps=0),
        LedgerRules(account_information_violations=("2022-8-6",)),
    ):
        desk = Desk(rules)
        assert desk.warn("case-9", IMPERSONATION) == ["Warned"]
        assert desk.tier == "B"


def test_a_case_lowers_by_its_heaviest_rule() -> None:
    """R11: a measure for false information and impersonation lowers by the larger of
    the two rules' steps, citing both articles."""
    desk = Desk(LedgerRules(account_information_steps=2))
    desk.warn("case-2", (*FALSE_INFO, *IMPERSONATION))
    assert desk.tier == "D" and desk.history[-1].act.basis == ("2021-13", "2022-18")


def test_other_violations_do_not_touch_the_tier() -> None:
    """R11 concerns false information and account information only."""
    desk = Desk()
    assert desk.warn("case-1", ("2021-18-5",)) == ["Warned"]
    assert desk.tier == "B" and desk.account.credit_cases == {}


def test_blacklisting_counts_cases_of_false_information() -> None:
    """R11: `blacklist_after_false_information` counts cases, not measures."""
    desk = Desk(LedgerRules(blacklist_after_false_information=2))
    desk.warn("case-1")
    desk.warn("case-1")
    assert desk.account.status == "active"
    assert desk.warn("case-2") == ["Warned", "CreditTierChanged", "Blacklisted"]
    assert desk.account.status == "blacklisted"


def test_an_overturned_case_does_not_count_for_blacklisting() -> None:
    """R11, R15: a case whose only measure was overturned is no case of false information."""
    desk = Desk(LedgerRules(blacklist_after_false_information=2))
    desk.warn("case-1")
    desk.appeal(desk.version - 1)
    assert "Blacklisted" not in desk.warn("case-2")


def test_the_credit_state_replays_from_the_events() -> None:
    """R11, R18: which cases lowered the tier and which measures stand come back from
    the history alone."""
    desk = Desk()
    desk.warn("case-1")
    desk.warn("case-1")
    desk.appeal(desk.version - 2)
    desk.warn("case-2", IMPERSONATION)
    rebuilt = replayed(desk.history)
    assert rebuilt.credit_cases == desk.account.credit_cases == {"case-1": 1, "case-2": 1}
    assert rebuilt.credit_measures == desk.account.credit_measures
    assert rebuilt.credit_tier == desk.tier == "D"


def test_a_tier_change_without_a_case_holds_no_case() -> None:
    """R11, R16: a moderator's change (and every credit event before cases) has no
    case and stays what it was: a change of tier, which no appeal gives back."""
    desk = Desk()
    desk.account.change_credit_tier("D", act=desk.clock.act(Role.MODERATOR))
    changed = desk.account.collect_events()[-1]
    assert (changed.case, changed.steps) == ("", 0)
    assert desk.account.credit_cases == {} and desk.account.credit_tier == "D"


def test_a_snapshot_from_before_cases_still_loads() -> None:
    """R16, R18: an account snapshot taken before credit followed cases loads with an
    empty credit state; the tier and status it held stay as they were."""
    desk = Desk()
    desk.warn("case-1")
    snapshot = Snapshot.take(desk.account)
    old = {k: v for k, v in snapshot.state.items() if k not in ("credit_measures", "credit_cases")}
    old.pop("class_version")
    old["false_information_measures"] = 1
    before = Snapshot(
        originator_id=snapshot.originator_id,
        originator_version=snapshot.originator_version,
        timestamp=snapshot.timestamp,
        topic=snapshot.topic,
        state=old,
    )
    loaded = before.mutate(None)
    assert isinstance(loaded, Account)
    assert (loaded.credit_tier, loaded.status) == ("C", "active")
    assert loaded.credit_cases == {} and loaded.credit_measures == {}
    assert not hasattr(loaded, "false_information_measures")


def test_account_information_rules_name_violation_classes() -> None:
    """R14: the classes that count for credit must be items of 2021 Art 18 or 2022 Art 8."""
    with pytest.raises(UnknownArticle):
        LedgerRules(account_information_violations=("2022-18",))
