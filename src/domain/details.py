"""Registration details after registration: each change is submitted, then reviewed (R2, R3).

2021 Art 15 asks the operator to fill in the nature, registration place, operating place,
content category and contact truthfully, and an organisation its main business or scope;
2022 Art 10 has the platform review account information at registration *and at every
change*. So a change of a detail never takes effect by itself: it waits, like a profile
change sent to review, until a reviewer approves or rejects it. The nature and the
registration place belong to the subject and change only with it (a transfer, R9).

The contact is personal information (R17, 2022 Art 16): its value is sealed under the
subject's key before any event holds it, so only `sealed` reaches the store.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from accountledger.domain.errors import RuleViolation
from accountledger.domain.text import check_text

# The keys of `Registered.details` (and `contact`, sealed with the identity) that change.
DETAIL_FIELDS = ("contact", "operating_place", "content_category", "main_business")
SEALED_DETAILS = frozenset({"contact"})


def fold(value: str) -> str:
    """A detail as recorded: NFKC-folded (full-width and compatibility forms to their
    plain ones) and without surrounding spaces, so two spellings are one value."""
    return unicodedata.normalize("NFKC", value).strip()


def check_registration_details(details: Mapping[str, str]) -> None:
    """An organisation states its main business or scope (2021 Art 15; R2)."""
    nature = details.get("nature")
    if nature and nature != "individual" and not details.get("main_business"):
        raise RuleViolation(
            "an organisation must state its main business or scope",
            rule="registration-details",
            field="main_business",
            article="2021-15",
        )


def check_field(field: str) -> None:
    if field not in DETAIL_FIELDS:
        raise RuleViolation(
            f"unknown registration detail {field!r}; one of {', '.join(DETAIL_FIELDS)}",
            rule="detail-field",
            field="field",
            article="2021-15",
        )


def checked_change(details: Mapping[str, str], field: str, value: str, limit: int) -> str:
    """The folded new value of `field`, or a refusal: an empty value, one longer than
    `limit` once folded (NFKC may lengthen), the value it already has, or a change that
    leaves an organisation without its main business (R2)."""
    check_field(field)
    folded = check_text(field, fold(value), limit)
    if not folded:
        raise RuleViolation(
            f"a {field} change needs a value", rule="detail-value", field=field, article="2021-15"
        )
    if field not in SEALED_DETAILS and details.get(field) == folded:
        raise RuleViolation(f"the {field} is already {folded!r}", rule="no-change", field=field)
    check_registration_details({**details, field: folded})
    return folded


def pending(changes: Mapping[str, Mapping[str, Any]], field: str) -> Mapping[str, Any]:
    """The change of `field` awaiting review, or a refusal naming the field."""
    check_field(field)
    if field not in changes:
        raise RuleViolation(
            f"no {field} change awaits review", rule="pending-change", field="field"
        )
    return changes[field]


def check_same_holder(change: Mapping[str, Any], subject_ref: str) -> None:
    """A contact submitted by an earlier holder is not the current holder's (R9, R17)."""
    if change.get("subject_ref", subject_ref) != subject_ref:
        raise RuleViolation(
            "the contact was submitted by the account's previous holder",
            rule="detail-holder",
            field="field",
            article="2021-11",
        )
