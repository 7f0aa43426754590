"""An account that carries a special mark changes hands, from the CLI and over HTTP (R5, R9).

2021 Art 11: the transferee is checked as a new registrant; 2021 Art 9: an account that
carries a qualification mark keeps it only with the transferee's own qualification.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app
from accountledger.adapters.inputs import id_card_check
from accountledger.application.scope import Scope
from tests.adapters.cli_runner import as_json, cli_at_now

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
HOLDER = "11010119850101002"
BUYER = "31010419900202003"
REGISTRATION = [
    "--name",
    "Mountain Herbal Notes",
    "--identity-kind",
    "id_card",
    "--identity-number",
    HOLDER + id_card_check(HOLDER),
    "--nature",
    "individual",
    "--registration-place",
    "Kunming",
    "--operating-place",
    "Kunming",
    "--content-category",
    "health",
]


def test_the_cli_transfers_an_account_with_a_mark_once_the_transferee_shows_credentials(
    store: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R5, R9: without the transferee's health credential the check is refused (exit 3,
    rule transferee-qualification); with `--credential health=REF` it passes, the transfer
    is approved and the mark's credential is the transferee's."""
    run = cli_at_now(store, monkeypatch)
    account = as_json(run("register", *REGISTRATION, "--actor", "svc:platform", "--json"))[
        "account_id"
    ]
    # A health account enters service only once qualified (2021 Art 9, R5).
    run(
        "submit-qualification",
        account,
        "--field",
        "health",
        "--credential",
        "cred://old",
        "--actor",
        "op:operator",
    )
    run("verify-qualification", account, "--field", "health", "--actor", "r-1:reviewer")
    run("verify-identity", account, "--actor", "r-1:reviewer")
    buyer = BUYER + id_card_check(BUYER)
    run(
        "apply-transfer",
        account,
        "--transferee-kind",
        "id_card",
        "--transferee-number",
        buyer,
        "--actor",
        "op:operator",
    )
    refused = run("verify-transferee", account, "--actor", "r-1:reviewer", "--json", code=3)
    assert as_json(refused)["rule"] == "transferee-qualification"
    run(
        "verify-transferee",
        account,
        "--credential",
        "health=cred://buyer",
        "--actor",
        "r-1:reviewer",
    )
    approved = as_json(run("approve-transfer", account, "--actor", "r-2:reviewer", "--json"))
    assert approved["events"] == ["TransferApproved"]
    shown = as_json(run("show", account, "--json"))
    assert shown["qualifications"]["health"]["credential"] == "cred://buyer"
    assert shown["qualifications"]["health"]["mark"] == "verified health creator"


def test_the_api_transfers_an_account_with_a_mark_once_the_transferee_shows_credentials(
    store: Settings,
) -> None:
    """R5, R9: the same over HTTP: `credentials` in the body of verify-transferee."""
    app = create_app(store, clock=lambda: NOW)
    with TestClient(app) as client:
        keys = app.state.service.keys

        def post(path: str, body: dict[str, Any], role: str) -> Any:
            # An operator key is bound to the account it acts on (2021 Art 11).
            bound = frozenset(path.split("/")[2:3]) if role == "operator" else frozenset()
            _, secret = keys.create(role, f"{role}-1", scope=Scope(accounts=bound))
            return client.post(path, json=body, headers={"Authorization": f"Bearer {secret}"})

        registration = dict(zip(REGISTRATION[::2], REGISTRATION[1::2], strict=True))
        body = {k.removeprefix("--").replace("-", "_"): v for k, v in registration.items()}
        created = post("/accounts", body, "platform")
        assert created.status_code == 201, created.json()
        account = created.json()["account_id"]
        steps: list[tuple[str, dict[str, Any], str]] = [
            ("submit-qualification", {"field": "health", "credential": "cred://old"}, "operator"),
            ("verify-qualification", {"field": "health"}, "reviewer"),
            ("verify-identity", {}, "reviewer"),
        ]
        buyer = {"identity_kind": "id_card", "identity_number": BUYER + id_card_check(BUYER)}
        steps.append(("apply-transfer", {"transferee": buyer}, "operator"))
        for verb, given, role in steps:
            done = post(f"/accounts/{account}/{verb}", given, role)
            assert done.status_code == 200, (verb, done.json())
        refused = post(f"/accounts/{account}/verify-transferee", {}, "reviewer")
        assert refused.status_code == 422
        assert refused.json()["rule"] == "transferee-qualification"
        credentials = {"credentials": {"health": "cred://buyer"}}
        verified = post(f"/accounts/{account}/verify-transferee", credentials, "reviewer")
        assert verified.status_code == 200, verified.json()
        approved = post(f"/accounts/{account}/approve-transfer", {}, "reviewer")
        assert approved.json()["events"] == ["TransferApproved"]
        _, secret = keys.create("auditor", "au-1")
        shown = client.get(f"/accounts/{account}", headers={"Authorization": f"Bearer {secret}"})
        assert shown.json()["qualifications"]["health"]["credential"] == "cred://buyer"
