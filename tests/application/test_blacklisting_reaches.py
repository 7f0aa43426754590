"""Blacklisting reaches the subject (R4, R12; 2021 Art 19, 2021 Art 13, 2022 Art 15): the
subject's other live accounts are each suspended pending review (or closed, or left, as
configured), in the same save as the blacklisting, each as a disposal record of its own
whose act names the blacklisting as its evidence; a pending registration of the subject
is no longer verified."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from accountledger.application.commands import Blacklist, Suspend, VerifyIdentity
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.errors import InvalidInput, RuleViolation
from accountledger.domain.lifecycle import TERMINAL
from accountledger.domain.rules import LedgerRules
from tests.application.conftest import ledger_on
from tests.application.helpers import GROUNDS, Desk


@pytest.fixture(params=["sqlite", "postgres"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def ledger(kind: str, tmp_path: Path) -> Iterator[Ledger]:
    with ledger_on(kind, tmp_path, LedgerRules(max_accounts_per_subject=3)) as app:
        yield app


def three_accounts(desk: Desk) -> tuple[UUID, UUID, UUID]:
    """One subject: two active accounts and one pending registration."""
    rumours = desk.active("Rumour Mill", serial=7)
    garden = desk.active("Quiet Garden", serial=7)
    pending = desk.register("Fresh Start", serial=7)
    return rumours, garden, pending


def test_blacklisting_suspends_the_subjects_other_live_accounts(ledger: Ledger) -> None:
    """R4, R12 (2021 Art 19, 2022 Art 15): the other active account is suspended pending
    review by the system, citing the blacklisting record, in its own disposal record."""
    desk = Desk(ledger)
    rumours, garden, _ = three_accounts(desk)
    done = desk.do(Blacklist(account_id=rumours), Role.MODERATOR, **GROUNDS, case_id="case-9")
    (blacklisting,) = done.records
    other = ledger.account(garden)
    assert other.status == "suspended" and other.suspended_until is None
    suspended = ledger.history(garden)[-1]
    assert type(suspended).__name__ == "Suspended"
    assert done.reached == (f"{garden}/{suspended.originator_version}",)
    act = suspended.act
    assert (act.actor_id, act.actor_role) == ("blacklisting-reach", Role.SYSTEM)
    assert act.evidence == (blacklisting,) and blacklisting in act.reason
    assert act.basis == ("2021-19", "2022-15") and act.violation == ()
    assert act.case_id == "case-9"
    assert act.occurred_at == ledger.history(rumours)[-1].act.occurred_at


def test_a_pending_registration_of_a_blacklisted_subject_is_not_verified(
    ledger: Ledger,
) -> None:
    """R4 (2021 Art 19, 2022 Art 10): the pending registration is left for a reviewer to
    refuse; verifying it is refused as a blacklisted subject's."""
    desk = Desk(ledger)
    rumours, _, pending = three_accounts(desk)
    desk.do(Blacklist(account_id=rumours), Role.MODERATOR, **GROUNDS)
    assert ledger.account(pending).status == "pending"
    with pytest.raises(RuleViolation) as refused:
        desk.do(VerifyIdentity(account_id=pending), Role.REVIEWER)
    assert (refused.value.rule, refused.value.field) == ("blacklisted-subject", "subject")
    assert ledger.account(pending).version == 1


def test_an_already_suspended_account_stays_as_it_is(ledger: Ledger) -> None:
    """R12 (2021 Art 19): no second suspension of an account already suspended."""
    desk = Desk(ledger)
    rumours, garden, _ = three_accounts(desk)
    desk.do(Suspend(account_id=garden), Role.MODERATOR, **GROUNDS)
    version = ledger.account(garden).version
    done = desk.do(Blacklist(account_id=rumours), Role.MODERATOR, **GROUNDS)
    assert done.reached == () and ledger.account(garden).version == version


@pytest.mark.parametrize(("measure", "status"), [("close", "closed"), ("nothing", "active")])
def test_what_a_blacklisting_does_to_other_accounts_is_configuration(
    kind: str, tmp_path: Path, measure: str, status: str
) -> None:
    """R4, R12 (2021 Art 19): `blacklist_reaches` closes them (names barred) or leaves them."""
    rules = LedgerRules(max_accounts_per_subject=3, blacklist_reaches=measure)
    with ledger_on(kind, tmp_path, rules) as ledger:
        desk = Desk(ledger)
        rumours, garden, _ = three_accounts(desk)
        done = desk.do(Blacklist(account_id=rumours), Role.MODERATOR, **GROUNDS)
        other = ledger.account(garden)
        assert other.status == status and status not in TERMINAL
        assert len(done.reached) == (measure == "close")
        assert other.name_barred is (measure == "close")


def test_an_unknown_reach_is_refused_when_the_rules_are_made() -> None:
    """R12 (2021 Art 19): a misspelt measure would silently do nothing."""
    with pytest.raises(InvalidInput) as refused:
        LedgerRules(blacklist_reaches="delete")
    assert (refused.value.rule, refused.value.field) == ("blacklist-reaches", "blacklist_reaches")
