"""Edge validation with pydantic: identity formats and registration details (R1, R2).

A registration is validated by the `Register` command's input model, the one both the
CLI and the API use (`command_edge.input_model`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from accountledger.adapters.command_edge import input_model, to_command
from accountledger.adapters.inputs import ActInput, id_card_check, uscc_check
from accountledger.application.commands import Register
from accountledger.domain.errors import RuleViolation
from accountledger.domain.rules import DEFAULT_RULES

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
    """R1: mobile, resident identity card or unified social credit code (2022 Art 9)."""
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
    registration = to_command(Register, org, None, DEFAULT_RULES.zone).registration()  # type: ignore[attr-defined]
    assert registration.details["main_business"] == "ceramics"


def test_organisation_must_state_its_main_business() -> None:
    """R2: organisations also record their main business or scope (2021 Art 15)."""
    with pytest.raises(RuleViolation, match="main_business") as refused:
        to_command(
            Register, RegisterInput(**{**BASE, "nature": "enterprise"}), None, DEFAULT_RULES.zone
        )
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
    zone = DEFAULT_RULES.zone
    assert ActInput(actor="m-1:moderator").to_act(lambda: fixed, zone).occurred_at == fixed
    given = ActInput(actor="m-1:moderator", at="2026-04-01T08:00:00+08:00")
    assert given.to_act(lambda: fixed, zone).occurred_at == datetime(2026, 4, 1, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize("at", ["2026-04-01", "20260401", "2026-04-01T00:00"])
def test_a_business_time_without_offset_is_in_the_platform_zone(at: str) -> None:
    """R13, R18: `--at 2026-04-01`, `20260401` and `2026-04-01T00:00` are one instant,
    midnight in the configured zone (Asia/Shanghai by default), never UTC."""
    fixed = datetime(2026, 5, 1, tzinfo=UTC)
    given = ActInput(actor="m-1:moderator", at=at)
    shanghai = given.to_act(lambda: fixed, DEFAULT_RULES.zone).occurred_at
    assert shanghai == datetime(2026, 3, 31, 16, 0, tzinfo=UTC)
    assert given.to_act(lambda: fixed, ZoneInfo("UTC")).occurred_at == datetime(
        2026, 4, 1, tzinfo=UTC
    )
    with pytest.raises(ValidationError, match="ISO 8601"):
        ActInput(actor="m-1:moderator", at="yesterday")
