"""Credit (2021 Art 13, 2022 Art 18; R11): credit follows cases, not measures.

A case's measures for false information (2021 Art 18 (VI)) or for account information
(2022 Art 8) lower the tier once, however many measures the case has; when an appeal
overturns or varies a measure and no counting measure of its case still stands, the
tiers the case took are given back by a new event. False information found in enough
cases may blacklist. The tier gates holding several accounts (2021 Art 10).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from accountledger.domain.account import Account
from accountledger.domain.act import Act, Role
from accountledger.domain.articles import FALSE_INFORMATION
from accountledger.domain.errors import RuleViolation
from accountledger.domain.lifecycle import TRANSITIONS
from accountledger.domain.measures import case_of, is_measure, record_id
from accountledger.domain.rules import LedgerRules

CREDIT_ACTOR = "credit-policy"


def follow_up(account: Account, new: Sequence[Any], rules: LedgerRules) -> None:
    """After a command: lower the tier for each new case, give back what a reversed
    case took, blacklist when false information reaches the configured count (R11).

    `new` are the events the command just recorded, already applied to `account`.
    """
    for recorded in new:
        name = type(recorded).__name__
        if name == "MeasureReversed":
            _give_back(account, recorded, rules)
        elif is_measure(name):
            _lower(account, recorded, rules)
    _blacklist(account, new, rules)


def standing_steps(account: Account, case: str, rules: LedgerRules) -> int:
    """How far the measures of `case` that still stand lower the tier (0: none counts)."""
    return max(
        (
            rules.credit_steps(tuple(m["violation"]))
            for m in account.credit_measures.values()
            if m["case"] == case and m["standing"]
        ),
        default=0,
    )


def false_information_cases(account: Account, up_to: int | None = None) -> set[str]:
    """The cases with a standing false-information measure, recorded up to a version."""
    return {
        m["case"]
        for version, m in account.credit_measures.items()
        if m["standing"]
        and FALSE_INFORMATION in m["violation"]
        and (up_to is None or int(version) <= up_to)
    }


def _may_change(account: Account, command: str = "change_credit_tier") -> bool:
    return (account.status, command) in TRANSITIONS


def _lower(account: Account, measure: Any, rules: LedgerRules) -> None:
    """The first counting measure of a case lowers the tier by its steps."""
    violation = tuple(measure.act.violation)
    steps = rules.credit_steps(violation)
    case = case_of(measure.act.case_id, account.id, measure.originator_version)
    if steps == 0 or case in account.credit_cases or not _may_change(account):
        return
    if rules.lower_tier(account.credit_tier, steps) == account.credit_tier:
        return  # already the lowest tier: nothing to take, nothing to give back
    basis = (("2021-13",) if FALSE_INFORMATION in violation else ()) + (
        ("2022-18",) if set(violation) & set(rules.account_information_violations) else ()
    )
    what = "false information" if FALSE_INFORMATION in violation else "account information"
    act = _act(measure.act, f"{what} lowers the credit rating (case {case})", basis)
    account.lower_credit_for_case(case, steps, rules, act=act)


def _give_back(account: Account, reversal: Any, rules: LedgerRules) -> None:
    """The case of a reversed measure gives back its tiers once none of it stands."""
    measure = account.credit_measures.get(str(reversal.record_version))
    if measure is None or not _may_change(account):
        return
    case = measure["case"]
    if case not in account.credit_cases or standing_steps(account, case, rules) > 0:
        return
    record = record_id(account.id, reversal.record_version)
    act = Act(
        actor_id=CREDIT_ACTOR,
        actor_role=Role.SYSTEM,
        occurred_at=reversal.act.occurred_at,
        reason=f"appeal {reversal.appeal_id} {reversal.outcome} {record}: no measure of "
        f"case {case} stands, the credit tier it took is given back",
        basis=("2021-13", "2021-20"),
        case_id=reversal.act.case_id,  # the appeal
    )
    account.restore_credit_for_case(case, rules, act=act)


def _blacklist(account: Account, new: Sequence[Any], rules: LedgerRules) -> None:
    """Blacklist when a new case of false information reaches the configured count."""
    limit = rules.blacklist_after_false_information
    if limit is None or not new or not _may_change(account, "blacklist"):
        return
    found = [
        e for e in new if is_measure(type(e).__name__) and FALSE_INFORMATION in e.act.violation
    ]
    if not found:
        return
    cases = false_information_cases(account)
    earlier = false_information_cases(account, up_to=new[0].originator_version - 1)
    if len(cases) < limit or not cases - earlier:
        return
    act = _act(
        found[-1].act,
        f"false information in {len(cases)} cases: blacklisted",
        ("2021-13", "2021-19"),
    )
    account.blacklist(act=Act(**{**vars(act), "violation": (FALSE_INFORMATION,)}))


def _act(cause: Act, reason: str, basis: tuple[str, ...]) -> Act:
    # The follow-up of an imported decision was entered with it, from the same line.
    imported = cause.entered_by if cause.entered_by and cause.entered_by.source else None
    return Act(
        actor_id=CREDIT_ACTOR,
        actor_role=Role.SYSTEM,
        occurred_at=cause.occurred_at,
        reason=reason,
        basis=basis,
        case_id=cause.case_id,
        entered_by=imported,
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
