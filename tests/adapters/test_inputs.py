"""Edge validation with pydantic: identity formats and registration details (R1, R2).

A registration is validated by the `Register` command's input model, the one both the
CLI and the API use (`command_edge.input_model`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from accountledger.adapters.command_edge import input_model, to_command
from accountledger.adapters.inputs import ActInput, id_card_check, parse_time, uscc_check
from accountledger.application.commands import Register
from accountledger.domain.errors import RuleViolation

VALID_ID = "11010119900307123" + id_card_check("11010119900307123")
VALID_USCC = "91350100M000100Y4" + uscc_check("91350100M000100Y4")
BASE = {
    "name": "Jade Pottery",
    "identity_kind": "id_card",
    "identity_number": VALID_ID,
    "nature": "individual",
    "registration_place": "Jingdezhen",
    "operating_place": "Jingdezhen",
    "content_category": "crafts",
}


def RegisterInput(**given: Any) -> Any:
    return input_model(Register).model_validate(given)


def test_identity_card_with_a_wrong_check_digit_is_refused() -> None:
    """R1: an identity that cannot be authentic is refused at the edge."""
    wrong = VALID_ID[:-1] + ("0" if VALID_ID[-1] != "0" else "1")
    with pytest.raises(ValidationError) as refused:
        RegisterInput(**{**BASE, "identity_number": wrong})
    assert "check digit" in str(refused.value)


def test_valid_identity_kinds_are_accepted_and_compacted() -> None:
    """R1: mobile, resident identity card or unified social credit code."""
    assert RegisterInput(**{**BASE, "identity_number": VALID_ID[:6] + " " + VALID_ID[6:]})
    mobile = RegisterInput(
        **{**BASE, "identity_kind": "mobile", "identity_number": "138-0013-8000"}
    )
    assert mobile.identity_number == "13800138000"
    org = RegisterInput(
        **{
            **BASE,
            "identity_kind": "uscc",
            "identity_number": VALID_USCC,
            "nature": "enterprise",
            "main_business": "ceramics",
        }
    )
    registration = to_command(Register, org, None).registration()  # type: ignore[attr-defined]
    assert registration.details["main_business"] == "ceramics"


def test_organisation_must_state_its_main_business() -> None:
    """R2: organisations also record their main business or scope (2021 Art 15)."""
    with pytest.raises(RuleViolation, match="main_business") as refused:
        to_command(Register, RegisterInput(**{**BASE, "nature": "enterprise"}), None)
    assert refused.value.article == "2021-15"


def test_registration_details_are_required() -> None:
    """R2: nature, registration place, operating place, content category."""
    with pytest.raises(ValidationError) as refused:
        RegisterInput(**{**BASE, "operating_place": ""})
    assert "operating_place" in str(refused.value)


def test_actor_must_name_a_known_role() -> None:
    with pytest.raises(ValidationError, match="ROLE"):
        ActInput(actor="m-1:overlord")
    with pytest.raises(ValidationError, match="unknown article"):
        ActInput(actor="m-1:moderator", basis=("2021-99",))


def test_business_time_defaults_to_the_injected_clock() -> None:
    fixed = datetime(2026, 5, 1, tzinfo=UTC)
    assert ActInput(actor="m-1:moderator").to_act(lambda: fixed).occurred_at == fixed
    given = ActInput(actor="m-1:moderator", at="2026-04-01T08:00:00+08:00").to_act(lambda: fixed)
    assert given.occurred_at == datetime(2026, 4, 1, 0, 0, tzinfo=UTC)


def test_a_bare_date_means_its_start_or_end() -> None:
    assert parse_time("2026-03-01") == datetime(2026, 3, 1, tzinfo=UTC)
    assert parse_time("2026-03-01", end_of_day=True).date().isoformat() == "2026-03-01"
    with pytest.raises(ValueError, match="ISO 8601"):
        parse_time("yesterday")
