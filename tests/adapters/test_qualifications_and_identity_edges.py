"""The CLI and HTTP offer qualifications that gate and lapse, and composite identities,
through the command table (R1, R2, R5; 2021 Arts 8, 9, 2022 Arts 9, 11), on every store."""

from __future__ import annotations

from typing import Any

from accountledger.adapters.inputs import id_card_check, uscc_check
from tests.adapters.test_cli import ID_NUMBER, cli  # noqa: F401 - the fixture
from tests.adapters.test_http import REGISTRATION, Api

USCC_BODY = "91350100M000100Y4"
USCC = USCC_BODY + uscc_check(USCC_BODY)
REPRESENTATIVE_BODY = "11010119800101567"
REPRESENTATIVE = REPRESENTATIVE_BODY + id_card_check(REPRESENTATIVE_BODY)
PLACES = ["--registration-place", "Fuzhou", "--operating-place", "Fuzhou"]


def _register(cli: Any, *identity: str, nature: str, category: str, code: int = 0) -> Any:  # noqa: F811
    more = ["--main-business", "ceramics"] if nature != "individual" else []
    return cli(
        "register",
        "--name",
        "Min River Clinic",
        *identity,
        "--nature",
        nature,
        *PLACES,
        "--content-category",
        category,
        *more,
        "--actor",
        "svc:platform",
        code=code,
    )


def test_cli_a_health_account_is_refused_service_until_qualified_then_withdrawn(
    cli: Any,  # noqa: F811
) -> None:
    """R5, 2021 Art 9 ¶1-3: `verify-identity` is refused for a health account without its
    mark; `verify-qualification --expires` and `withdraw-qualification` are CLI verbs."""
    identity = ["--identity-kind", "id_card", "--identity-number", ID_NUMBER]
    account = _register(cli, *identity, nature="individual", category="health")["account_id"]
    refused = cli("verify-identity", account, "--actor", "r-1:reviewer", code=3)
    assert refused["rule"] == "qualification-required" and refused["article"] == "2021-9"
    cli(
        "submit-qualification",
        account,
        "--field",
        "health",
        "--credential",
        "c://1",
        "--actor",
        "o:operator",
    )
    cli(
        "verify-qualification",
        account,
        "--field",
        "health",
        "--expires",
        "2030-01-01",
        "--actor",
        "r-1:reviewer",
    )
    assert cli("verify-identity", account, "--actor", "r-1:reviewer")["status"] == "active"
    withdrawn = cli(
        "withdraw-qualification",
        account,
        "--field",
        "health",
        "--reason",
        "licence revoked",
        "--basis",
        "2021-9",
        "--actor",
        "r-1:reviewer",
    )
    assert withdrawn["events"] == ["QualificationWithdrawn"] and withdrawn["status"] == "suspended"


def test_cli_registers_a_composite_identity_and_refuses_an_enterprise_with_a_mobile_only(
    cli: Any,  # noqa: F811
) -> None:
    """R1, R2, 2021 Art 8: USCC plus legal representative registers an enterprise; a mobile
    number alone does not, refused in one line naming field, rule and article."""
    composite = [
        "--identity-kind",
        "uscc",
        "--identity-number",
        USCC,
        "--representative-kind",
        "id_card",
        "--representative-number",
        REPRESENTATIVE,
        "--mobile",
        "13800138000",
    ]
    assert _register(cli, *composite, nature="enterprise", category="crafts")["status"] == "pending"
    mobile_only = ["--identity-kind", "mobile", "--identity-number", "13900139000"]
    refused = _register(cli, *mobile_only, nature="enterprise", category="crafts", code=3)
    assert (refused["rule"], refused["field"], refused["article"]) == (
        "identity-for-nature",
        "identity_kind",
        "2021-8",
    )


def test_http_registers_an_individual_with_a_document_and_a_mobile_and_refuses_a_uscc(
    api: Api,
) -> None:
    """R1, 2021 Art 8: body keys `mobile`, `representative_kind`, `representative_number`
    are generated from the command model; an individual with a USCC is problem+json."""
    composite = REGISTRATION | {
        "identity_kind": "id_card",
        "identity_number": ID_NUMBER,
        "mobile": "13700137000",
    }
    assert api.post("/accounts", composite, "platform").status_code == 201
    enterprise = REGISTRATION | {
        "name": "Min River Kilns",
        "nature": "enterprise",
        "main_business": "ceramics",
        "identity_kind": "uscc",
        "identity_number": USCC,
        "representative_kind": "id_card",
        "representative_number": REPRESENTATIVE,
    }
    assert api.post("/accounts", enterprise, "platform").status_code == 201
    half = enterprise | {"name": "Half Kilns", "representative_kind": None}
    assert api.post("/accounts", half, "platform").json()["rule"] == "composite-identity"
    wrong_check = REGISTRATION | {"name": "Other", "mobile": "12345"}
    assert api.post("/accounts", wrong_check, "platform").status_code == 422
    with_uscc = REGISTRATION | {"name": "Third", "identity_kind": "uscc", "identity_number": USCC}
    refused = api.post("/accounts", with_uscc, "platform")
    assert refused.status_code == 422, refused.json()
    problem = refused.json()
    assert (problem["rule"], problem["field"], problem["article"]) == (
        "identity-for-nature",
        "identity_kind",
        "2021-8",
    )


def test_http_withdraws_a_mark_through_the_generated_route(api: Api) -> None:
    """R5, 2021 Art 9 ¶3: `POST /accounts/{id}/withdraw-qualification` needs grounds."""
    account = api.active_account()
    api.post(
        f"/accounts/{account}/submit-qualification",
        {"field": "economy", "credential": "c://cpa"},
        "operator",
    )
    verified = api.post(
        f"/accounts/{account}/verify-qualification",
        {"field": "economy", "expires": "2027-03-01"},
        "reviewer",
    )
    assert verified.status_code == 200, verified.json()
    path = f"/accounts/{account}/withdraw-qualification"
    assert api.post(path, {"field": "economy"}, "reviewer").json()["rule"] == "withdrawal-grounds"
    body = {"field": "economy", "reason": "licence revoked", "basis": ["2021-9"]}
    withdrawn = api.post(path, body, "reviewer")
    assert withdrawn.status_code == 200, withdrawn.json()
    assert withdrawn.json()["status"] == "active"  # a news account: only the mark goes
