"""Qualifications that gate service and stay alive (R5; 2021 Art 9, 2022 Art 11).

An account registered in a content category of a regulated field (economy, education,
medical care and health, justice: `LedgerRules.qualified_categories`) needs that
field's qualification verified before it enters service. A verified mark may carry an
expiry and may be withdrawn (dynamic verification, 2021 Art 9 ¶3); when the account's
own field loses its mark, the account leaves service until a new verification.

The account decides with these functions; its `@event` bodies only assign.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from accountledger.domain.act import Act
from accountledger.domain.errors import RuleViolation
from accountledger.domain.rules import QUALIFIED_FIELDS, LedgerRules

LAPSED = ("withdrawn", "expired")


def own_field(details: Mapping[str, str], rules: LedgerRules) -> str | None:
    """The regulated field the account registered in, if its content category is one."""
    return rules.regulated_field(details.get("content_category", ""))


def marked(qualification: Mapping[str, Any] | None, at: datetime) -> bool:
    """Whether a qualification carries its mark at `at`: verified and not past its expiry."""
    if not qualification or qualification.get("status") != "verified":
        return False
    expires: datetime | None = qualification.get("expires")
    return expires is None or expires > at


def check_field(field: str) -> None:
    if field not in QUALIFIED_FIELDS:
        raise RuleViolation(
            f"unknown qualification field {field!r}; one of {', '.join(QUALIFIED_FIELDS)}",
            rule="qualification-field",
            field="field",
            article="2021-9",
        )


def check_may_serve(
    details: Mapping[str, str],
    qualifications: Mapping[str, Mapping[str, Any]],
    rules: LedgerRules,
    at: datetime,
) -> None:
    """An account of a regulated field enters service only with the field's mark (R5)."""
    field = own_field(details, rules)
    if field is not None and not marked(qualifications.get(field), at):
        raise RuleViolation(
            f"registered in {details.get('content_category')!r} ({field}): the {field} "
            "qualification must be verified before the account enters service",
            rule="qualification-required",
            field="content_category",
            article="2021-9",
        )


def check_not_lapsed(
    details: Mapping[str, str],
    qualifications: Mapping[str, Mapping[str, Any]],
    rules: LedgerRules,
    at: datetime,
) -> None:
    """An account whose own field's mark was withdrawn or expired returns to service only
    after a new verification (2021 Art 9 ¶3). An account registered before the gate
    existed and never qualified is not held back by this (it never lost a mark)."""
    field = own_field(details, rules)
    if field is None:
        return
    qualification = qualifications.get(field, {})
    if qualification.get("status") in LAPSED:
        check_may_serve(details, qualifications, rules, at)


def check_expiry(expires: datetime | None, act: Act, rules: LedgerRules) -> None:
    """An expiry after the verification and within the longest term the rules allow."""
    if expires is None:
        return
    latest = act.occurred_at + rules.max_qualification_term
    if not act.occurred_at < expires <= latest:
        raise RuleViolation(
            f"an expiry must be after the verification and no later than {latest.isoformat()}",
            rule="expiry",
            field="expires",
            article="2021-9",
        )


def check_withdrawal(field: str, qualifications: Mapping[str, Mapping[str, Any]], act: Act) -> None:
    """A withdrawal names a verified mark and says why, on what basis (2021 Art 9 ¶3)."""
    check_field(field)
    if qualifications.get(field, {}).get("status") != "verified":
        raise RuleViolation(
            f"no verified {field} qualification to withdraw",
            rule="qualification-verified",
            field="field",
            article="2021-9",
        )
    for name, given in (("reason", act.reason.strip()), ("basis", act.basis)):
        if not given:
            raise RuleViolation(
                f"a withdrawal of a qualification needs a {name}",
                rule="withdrawal-grounds",
                field=name,
                article="2021-9",
            )


def check_expired(field: str, qualifications: Mapping[str, Mapping[str, Any]], act: Act) -> None:
    """Only a verified mark whose expiry has passed expires."""
    check_field(field)
    qualification = qualifications.get(field, {})
    expires: datetime | None = qualification.get("expires")
    if qualification.get("status") != "verified" or expires is None or expires > act.occurred_at:
        raise RuleViolation(
            f"the {field} qualification has no expiry passed at {act.occurred_at.isoformat()}",
            rule="qualification-not-expired",
            field="field",
            article="2021-9",
        )


def after_lapse(status: str, field: str, details: Mapping[str, str], rules: LedgerRules) -> str:
    """The status after `field` loses its mark: an active account registered in that
    field is suspended pending a new verification; any other keeps its status."""
    if status == "active" and own_field(details, rules) == field:
        return "suspended"
    return status


def after_verification(status: str, field: str, hold: str | None) -> str:
    """The status after `field` is verified: an account suspended because that field's
    mark lapsed returns to service; any other keeps its status."""
    if status == "suspended" and hold == field:
        return "active"
    return status
