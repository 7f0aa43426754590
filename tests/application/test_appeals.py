"""Appeals against one disposal record: window, independent reviewer, reversal by a new
event that restores what the measure took away (R15, R4, R16)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial

import pytest

from accountledger.application import appeals
from accountledger.application.commands import (
    AccountCommand,
    CeaseAds,
    Close,
    RecordActivity,
    Suspend,
    Warn,
)
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation
from accountledger.domain.indexes import NameIndex
from accountledger.domain.names import normalise
from tests.application.helpers import GROUNDS, Desk

REASONS = {"reason": "the evidence does not show the violation"}


def measured(
    desk: Desk, command: Callable[..., AccountCommand], name: str = "Appealing Garden"
) -> str:
    account = desk.active(name)
    desk.do(RecordActivity(account_id=account, kind="login"), Role.OPERATOR)
    desk.do(command(account_id=account), Role.MODERATOR, **GROUNDS)
    return f"{account}/{desk.ledger.account(account).version}"


def decide(desk: Desk, record: str, outcome: str, until: object = None) -> object:
    ledger = desk.ledger
    appeal = appeals.file(ledger, record, "I did not do this", desk.act(Role.OPERATOR))
    appeals.assign(ledger, appeal.id, "ar-2", desk.act(Role.APPEAL_REVIEWER))
    act = desk.act(Role.APPEAL_REVIEWER, "ar-2", **REASONS)
    return appeals.decide(ledger, appeal.id, outcome, until, act)  # type: ignore[arg-type]


def test_overturned_closure_restores_the_account_and_frees_its_name(ledger: Ledger) -> None:
    """R15: a closure overturned restores the account and lifts the bar on its name (R4)."""
    desk = Desk(ledger)
    record = measured(desk, Close)
    account_id = record.split("/")[0]
    _, reversal = decide(desk, record, "overturned")  # type: ignore[misc]
    account = ledger.account(reversal.account_id)
    assert account.status == "active" and not account.name_barred
    index = ledger.repository.get(NameIndex.create_id(normalise("Appealing Garden")))
    assert index.holder == account_id and not index.barred
    assert "Appealing Garden" not in ledger.barred_names()
    kinds = [type(e).__name__ for e in ledger.history(account.id)]
    assert kinds[-2:] == ["Closed", "MeasureReversed"]  # the closure stays in history (R16)


def test_overturned_warning_is_withdrawn_but_stays_in_history(ledger: Ledger) -> None:
    """R15, R16: a warning withdrawn without erasing that it was given."""
    desk = Desk(ledger)
    record = measured(desk, Warn)
    _, reversal = decide(desk, record, "overturned")  # type: ignore[misc]
    assert ledger.account(reversal.account_id).warnings == 0
    assert "Warned" in [type(e).__name__ for e in ledger.history(reversal.account_id)]


def test_varied_suspension_gets_a_shorter_term(ledger: Ledger) -> None:
    """R15: varied, e.g. a shorter suspension."""
    desk = Desk(ledger)
    record = measured(desk, partial(Suspend, until=desk.now + timedelta(days=90)))
    shorter = desk.now + timedelta(days=7)
    _, reversal = decide(desk, record, "varied", shorter)  # type: ignore[misc]
    account = ledger.account(reversal.account_id)
    assert account.status == "suspended" and account.suspended_until == shorter


def test_upheld_appeal_changes_nothing_on_the_account(ledger: Ledger) -> None:
    desk = Desk(ledger)
    record = measured(desk, Suspend)
    version = ledger.account(
        desk.ledger.account(__import__("uuid").UUID(record.split("/")[0])).id
    ).version
    appeal, reversal = decide(desk, record, "upheld")  # type: ignore[misc]
    assert reversal is None and appeal.outcome == "upheld"
    assert ledger.account(__import__("uuid").UUID(appeal.account_id)).version == version


def test_appeal_out_of_window_is_refused(ledger: Ledger) -> None:
    """R15: an operator appeals within a configurable window."""
    desk = Desk(ledger)
    record = measured(desk, Warn)
    desk.now += ledger.rules.appeal_window + timedelta(days=1)
    with pytest.raises(RuleViolation) as refused:
        appeals.file(ledger, record, "late", desk.act(Role.OPERATOR))
    assert refused.value.rule == "appeal-window" and refused.value.article == "2021-20"


def test_the_moderator_who_took_the_measure_cannot_review_it(ledger: Ledger) -> None:
    """R15: the reviewer is not the person who decided the measure."""
    desk = Desk(ledger)
    record = measured(desk, Warn)
    appeal = appeals.file(ledger, record, "unfair", desk.act(Role.OPERATOR))
    with pytest.raises(RuleViolation) as refused:
        appeals.assign(ledger, appeal.id, "moderator-1", desk.act(Role.APPEAL_REVIEWER))
    assert refused.value.rule == "independent-reviewer"


def test_only_the_assigned_reviewer_decides(ledger: Ledger) -> None:
    desk = Desk(ledger)
    record = measured(desk, Warn)
    appeal = appeals.file(ledger, record, "unfair", desk.act(Role.OPERATOR))
    appeals.assign(ledger, appeal.id, "ar-2", desk.act(Role.APPEAL_REVIEWER))
    with pytest.raises(RuleViolation) as refused:
        appeals.decide(
            ledger, appeal.id, "overturned", None, desk.act(Role.APPEAL_REVIEWER, **REASONS)
        )
    assert refused.value.rule == "assigned-reviewer"


def test_one_appeal_per_measure(ledger: Ledger) -> None:
    """R15: one appeal per measure."""
    desk = Desk(ledger)
    record = measured(desk, Warn)
    appeals.file(ledger, record, "unfair", desk.act(Role.OPERATOR))
    with pytest.raises(RuleViolation, match="already been appealed"):
        appeals.file(ledger, record, "again", desk.act(Role.OPERATOR))


def test_appeal_trail_is_one_ordered_query(ledger: Ledger) -> None:
    """R15: filed, assigned, evidence added, decided, reversal applied."""
    desk = Desk(ledger)
    record = measured(desk, CeaseAds)
    appeal = appeals.file(ledger, record, "the ads were disclosed", desk.act(Role.OPERATOR))
    appeals.add_evidence(ledger, appeal.id, "evidence://disclosure", desk.act(Role.OPERATOR))
    appeals.assign(ledger, appeal.id, "ar-2", desk.act(Role.APPEAL_REVIEWER))
    act = desk.act(Role.APPEAL_REVIEWER, **REASONS)
    appeals.decide(
        ledger, appeal.id, "overturned", None, type(act)(**{**vars(act), "actor_id": "ar-2"})
    )
    trail = [type(e).__name__ for e in appeals.trail(ledger, appeal.id)]
    assert trail == ["Filed", "EvidenceAdded", "Assigned", "Decided", "MeasureReversed"]
