"""Credit (2021 Art 13, 2022 Art 18; R11): false information lowers the tier and, when
repeated, may blacklist; the tier gates holding several accounts (2021 Art 10).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from accountledger.domain.account import Account
from accountledger.domain.act import Act, Role
from accountledger.domain.articles import FALSE_INFORMATION
from accountledger.domain.errors import RuleViolation
from accountledger.domain.lifecycle import TRANSITIONS
from accountledger.domain.measures import MEASURE_BY_EVENT
from accountledger.domain.rules import LedgerRules

CREDIT_ACTOR = "credit-policy"


def false_information_measures(events: Sequence[Any]) -> list[Any]:
    return [
        e
        for e in events
        if type(e).__name__ in MEASURE_BY_EVENT and FALSE_INFORMATION in e.act.violation
    ]


def follow_up(account: Account, new: Sequence[Any], rules: LedgerRules) -> None:
    """After a false-information measure: lower the tier; blacklist when repeated (R11).

    `new` are the events the command just recorded.
    """
    found = false_information_measures(new)
    if not found:
        return
    total = account.false_information_measures
    cause = found[-1].act
    lower = rules.lower_tier(account.credit_tier, rules.false_information_steps)
    if lower != account.credit_tier and (account.status, "change_credit_tier") in TRANSITIONS:
        act = _act(cause, "false information lowers the credit rating", ("2021-13",))
        account.change_credit_tier(lower, rules, act=act)
    limit = rules.blacklist_after_false_information
    if limit is not None and total >= limit and (account.status, "blacklist") in TRANSITIONS:
        act = _act(cause, f"false information {total} times: blacklisted", ("2021-13", "2021-19"))
        account.blacklist(act=Act(**{**vars(act), "violation": (FALSE_INFORMATION,)}))


def _act(cause: Act, reason: str, basis: tuple[str, ...]) -> Act:
    return Act(
        actor_id=CREDIT_ACTOR,
        actor_role=Role.SYSTEM,
        occurred_at=cause.occurred_at,
        reason=reason,
        basis=basis,
        case_id=cause.case_id,
    )


def check_several_accounts(tiers: Sequence[str], rules: LedgerRules) -> None:
    """A subject that already holds accounts needs the minimum tier for another (R7, R11)."""
    if not tiers:
        return
    worst = max(tiers, key=rules.tier_rank)
    if rules.tier_rank(worst) > rules.tier_rank(rules.min_tier_for_several_accounts):
        raise RuleViolation(
            f"the subject's credit tier {worst} is below {rules.min_tier_for_several_accounts}, "
            "the minimum to hold several accounts",
            rule="credit-tier",
            field="subject",
            article="2021-10",
        )
