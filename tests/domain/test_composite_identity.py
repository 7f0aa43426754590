"""Composite identity (R1, R2; 2021 Art 8, 2022 Art 9): which identities fit which subject.

2021 Art 8 names mobile numbers, identity card numbers and USCCs "and other means":
each basis alone still registers; the combinations platforms use (a mobile number
beside an identity document; an organisation's USCC beside its legal representative's
document) are accepted; an organisation without its USCC, an individual with one, are not.
"""

from __future__ import annotations

import pytest

from accountledger.domain.errors import RuleViolation
from accountledger.domain.identity_rules import Presented, check_identity

ORGANISATIONS = ["enterprise", "public_institution", "government_organ", "social_organisation"]


@pytest.mark.parametrize(
    ("nature", "presented"),
    [
        ("individual", Presented("id_card")),
        ("individual", Presented("mobile")),
        ("individual", Presented("id_card", mobile=True)),
        ("individual", Presented("passport", mobile=True)),
        ("enterprise", Presented("uscc")),
        ("enterprise", Presented("uscc", representative_kind="id_card", representative=True)),
        ("public_institution", Presented("uscc", True, "passport", True)),
        (None, Presented("id_card", mobile=True)),
    ],
)
def test_the_combinations_platforms_use_are_accepted(
    nature: str | None, presented: Presented
) -> None:
    """R1, 2021 Art 8: single bases as before, and the composite ones."""
    check_identity(nature, presented)


@pytest.mark.parametrize("nature", ORGANISATIONS)
@pytest.mark.parametrize("kind", ["mobile", "id_card"])
def test_an_organisation_without_its_uscc_is_refused(nature: str, kind: str) -> None:
    """R1, R2, 2021 Art 8: an enterprise with a mobile number only is not its identity."""
    with pytest.raises(RuleViolation) as refused:
        check_identity(nature, Presented(kind, mobile=kind != "mobile"))
    assert (refused.value.rule, refused.value.field, refused.value.article) == (
        "identity-for-nature",
        "identity_kind",
        "2021-8",
    )
    assert "\n" not in str(refused.value)


def test_an_individual_with_a_uscc_is_refused() -> None:
    """R1, R2, 2021 Art 8: a person registers as a person, not as a company's code."""
    with pytest.raises(RuleViolation) as refused:
        check_identity("individual", Presented("uscc"))
    assert (refused.value.rule, refused.value.field, refused.value.article) == (
        "identity-for-nature",
        "identity_kind",
        "2021-8",
    )


@pytest.mark.parametrize(
    ("presented", "field"),
    [
        (Presented("uscc", representative_kind="id_card"), "representative_number"),
        (Presented("uscc", representative=True), "representative_kind"),
        (
            Presented("id_card", representative_kind="id_card", representative=True),
            "representative_kind",
        ),
        (Presented("mobile", mobile=True), "mobile"),
        (Presented("passport"), "mobile"),
    ],
)
def test_parts_that_do_not_fit_together_are_refused(presented: Presented, field: str) -> None:
    """R1, 2021 Art 8: a representative needs kind and number and a USCC; a passport needs
    a mobile number beside it; a mobile number is not its own second factor."""
    with pytest.raises(RuleViolation) as refused:
        check_identity(None, presented)
    assert (refused.value.rule, refused.value.field, refused.value.article) == (
        "composite-identity",
        field,
        "2021-8",
    )
