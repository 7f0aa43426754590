"""The platform's rules refuse settings that would mean nothing (a checkpoint every 0
events, an appeal window of no time): refused when the rules are made, naming the key."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from accountledger.domain.errors import InvalidInput
from accountledger.domain.rules import (
    AT_LEAST_NONE,
    AT_LEAST_ONE,
    DEFAULT_RULES,
    NOT_NEGATIVE_TERMS,
    POSITIVE_TERMS,
)


@pytest.mark.parametrize("name", AT_LEAST_ONE)
def test_a_count_below_one_is_refused_naming_the_key(name: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        replace(DEFAULT_RULES, **{name: 0})
    assert (refused.value.field, refused.value.rule) == (name, "setting-range")
    assert replace(DEFAULT_RULES, **{name: 1}).__getattribute__(name) == 1


@pytest.mark.parametrize("name", AT_LEAST_NONE)
def test_a_negative_number_of_steps_is_refused(name: str) -> None:
    with pytest.raises(InvalidInput, match="at least 0"):
        replace(DEFAULT_RULES, **{name: -1})
    assert getattr(replace(DEFAULT_RULES, **{name: 0}), name) == 0


@pytest.mark.parametrize("name", POSITIVE_TERMS)
def test_a_window_of_no_time_is_refused(name: str) -> None:
    # R13, R15: a report or feedback window of no time would make every record overdue.
    with pytest.raises(InvalidInput) as refused:
        replace(DEFAULT_RULES, **{name: timedelta(0)})
    assert refused.value.field == name


@pytest.mark.parametrize("name", NOT_NEGATIVE_TERMS)
def test_an_allowance_may_be_zero_but_not_negative(name: str) -> None:
    assert getattr(replace(DEFAULT_RULES, **{name: timedelta(0)}), name) == timedelta(0)
    with pytest.raises(InvalidInput):
        replace(DEFAULT_RULES, **{name: timedelta(seconds=-1)})


def test_a_default_tier_outside_the_tiers_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        replace(
            DEFAULT_RULES,
            credit_tiers=("A", "B"),
            default_credit_tier="B",
            min_tier_for_several_accounts="C",
        )
    assert refused.value.field == "min_tier_for_several_accounts"


def test_blacklisting_after_zero_cases_is_refused_but_unset_is_allowed() -> None:
    assert replace(DEFAULT_RULES, blacklist_after_false_information=None)
    with pytest.raises(InvalidInput):
        replace(DEFAULT_RULES, blacklist_after_false_information=0)
