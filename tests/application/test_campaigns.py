"""R12, R13: a campaign takes one measure for one case on many accounts, each once, and
records each account's outcome: done, refused with its rule, or already done."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from accountledger.application import campaigns
from accountledger.application.commands import Restrict, Warn
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Act, Role
from accountledger.domain.campaigns import Campaign
from accountledger.domain.errors import RuleViolation
from tests.application.helpers import GROUNDS, Desk

CASE = "C-7"
NO_ACCOUNT = UUID(int=0)


def _world(ledger: Ledger) -> tuple[Desk, dict[str, UUID]]:
    """Two active accounts, a pending one, and one already warned for the case."""
    desk = Desk(ledger)
    accounts = {
        "active": desk.active("River Notes", 1),
        "other": desk.active("Hill Notes", 2),
        "pending": desk.register("Lake Notes", 3),
        "warned": desk.active("Sea Notes", 4),
    }
    desk.do(Warn(account_id=accounts["warned"]), Role.MODERATOR, **GROUNDS, case_id=CASE)
    return desk, accounts


def _act(desk: Desk, **changes: object) -> Act:
    act = desk.act(Role.MODERATOR, "m-9", **GROUNDS, case_id=CASE)
    return Act(**{**vars(act), **changes})  # type: ignore[arg-type]


def _positions(ledger: Ledger) -> int:
    return ledger.recorder.max_notification_id() or 0


def test_each_account_gets_its_outcome_and_a_second_run_writes_nothing(ledger: Ledger) -> None:
    """R12, R13: done, refused (lifecycle: a pending account), already done (the case's
    warning was given before the campaign); run again, the same outcomes, no event."""
    desk, accounts = _world(ledger)
    act = _act(desk)
    listed = list(accounts.values())
    report = campaigns.run(ledger, Warn(account_id=NO_ACCOUNT), act, listed)
    outcomes = {o.account_id: o for o in report.outcomes}
    assert [outcomes[str(a)].outcome for a in listed] == [
        "done",
        "done",
        "refused",
        "already done",
    ]
    assert outcomes[str(accounts["pending"])].rule == "lifecycle"
    done = outcomes[str(accounts["active"])]
    taken = ledger.history(accounts["active"])[-1]
    assert done.record == f"{accounts['active']}/{taken.originator_version}"
    assert taken.act.case_id == CASE and f"campaign:{report.campaign_id}" in taken.act.evidence

    before = _positions(ledger)
    again = campaigns.run(ledger, Warn(account_id=NO_ACCOUNT), act, listed)
    assert again.outcomes == report.outcomes
    assert _positions(ledger) == before
    recorded = ledger.find(Campaign.create_id("warn", CASE), fresh=True)
    assert recorded.counts() == {"done": 2, "refused": 1, "already done": 1}


def test_a_dry_run_says_what_would_happen_and_writes_nothing(ledger: Ledger) -> None:
    """R12: would do, would be refused (with the rule), already done; no event at all."""
    desk, accounts = _world(ledger)
    before = _positions(ledger)
    report = campaigns.run(
        ledger, Warn(account_id=NO_ACCOUNT), _act(desk), list(accounts.values()), dry_run=True
    )
    assert [(o.outcome, o.rule) for o in report.outcomes] == [
        ("would do", ""),
        ("would do", ""),
        ("would be refused", "lifecycle"),
        ("already done", ""),
    ]
    assert _positions(ledger) == before
    assert ledger.find(Campaign.create_id("warn", CASE), fresh=True) is None
    # What the dry run decided in memory is not what the next command builds on.
    assert ledger.account(accounts["active"]).warnings == 0


def test_a_campaign_runs_again_only_on_its_own_terms(ledger: Ledger) -> None:
    """R13: the same case and measure with other grounds or inputs is refused, nothing run."""
    desk, accounts = _world(ledger)
    until = datetime(2026, 9, 1, tzinfo=UTC)
    restrict = Restrict(account_id=NO_ACCOUNT, functions=("comment",), until=until)
    campaigns.run(ledger, restrict, _act(desk), [accounts["active"]])
    before = _positions(ledger)
    other_reason = _act(desk, reason="another reason")
    with pytest.raises(RuleViolation) as refused:
        campaigns.run(ledger, restrict, other_reason, [accounts["other"]])
    assert refused.value.rule == "campaign-terms" and refused.value.field == "reason"
    longer = Restrict(account_id=NO_ACCOUNT, functions=("comment", "post"), until=until)
    with pytest.raises(RuleViolation) as refused:
        campaigns.run(ledger, longer, _act(desk), [accounts["other"]])
    assert refused.value.field == "terms"
    assert _positions(ledger) == before


def test_a_campaign_needs_a_case_grounds_and_a_role_that_may_take_the_measure(
    ledger: Ledger,
) -> None:
    """R13, R14: refused before any account is touched."""
    desk, accounts = _world(ledger)
    before = _positions(ledger)
    cases = {
        "campaign-case": _act(desk, case_id=" "),
        "measure-grounds": _act(desk, violation=()),
        "role": _act(desk, actor_role=Role.PLATFORM),
    }
    for rule, act in cases.items():
        with pytest.raises(RuleViolation) as refused:
            campaigns.run(ledger, Warn(account_id=NO_ACCOUNT), act, [accounts["active"]])
        assert refused.value.rule == rule
    assert _positions(ledger) == before
