"""Superseded law (2021 Art 23; R12, R13, R16): the 2017 Provisions were replaced by the
2021 ones. Their articles stay in the catalogue so that old events citing them still
replay and read, but no new measure or act may cite them as its basis."""

from __future__ import annotations

import pytest

from accountledger.domain.act import Role
from accountledger.domain.articles import CATALOGUE, article
from accountledger.domain.errors import RuleViolation
from tests.domain.given import GROUNDS, Clock, given, registered, replayed


def test_the_2017_provisions_are_marked_superseded_by_the_2021_ones() -> None:
    """2021 Art 23: the catalogue says, as data, which articles are superseded."""
    superseded = {a.id for a in CATALOGUE.values() if a.superseded_by is not None}
    assert superseded == {"2017-6", "2017-9", "2017-13", "2017-16"}
    assert article("2017-13").superseded_by == "2021"
    assert article("2021-19").superseded_by is None and article("2022-17").superseded_by is None


@pytest.mark.parametrize("basis", [("2017-13",), ("2021-19", "2017-16")])
def test_a_new_measure_citing_a_2017_article_is_refused(basis: tuple[str, ...]) -> None:
    """R12, R13 (2021 Art 19, 2021 Art 23): a 2017 article is no basis for a new blacklisting;
    the refusal names the field, the rule and the article, and nothing is recorded."""
    account, clock = given(lambda a, c: a.verify_identity(act=c.act(Role.REVIEWER)))
    grounds = {**GROUNDS, "basis": basis}
    with pytest.raises(RuleViolation) as refused:
        account.blacklist(act=clock.act(Role.MODERATOR, **grounds))
    assert (refused.value.rule, refused.value.field) == ("superseded-law", "basis")
    assert refused.value.article in basis and refused.value.article.startswith("2017-")
    assert "superseded" in refused.value.message and account.pending_events == []
    assert account.status == "active"


def test_an_old_event_citing_a_2017_article_still_replays_and_reads() -> None:
    """R16, R18 (2021 Art 19): a closure recorded under 2017 Art 13 before the 2021
    Provisions replays to the same state and keeps its basis as recorded."""
    clock = Clock()
    account = registered(clock)
    account.verify_identity(act=clock.act(Role.REVIEWER))
    old_act = clock.act(Role.MODERATOR, **{**GROUNDS, "basis": ("2017-13",)})
    account._close(old_act, "closed")  # what an earlier ledger recorded, never re-decided
    events = account.collect_events()
    again = replayed(events)
    assert (again.status, again.name_barred, again.version) == ("closed", True, 3)
    assert events[-1].act.basis == ("2017-13",)
    assert article(events[-1].act.basis[0]).summary.startswith("deal with violating accounts")
