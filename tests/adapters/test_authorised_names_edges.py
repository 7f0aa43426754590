"""Both edges take the evidence for an authorised name through the command model: the
CLI as `--licence-kind --licence-number --licence-issuer --licence-valid-until`, HTTP as
a `licence` object (R3; 2021 Art 5; 2022 Art 8 item 4, Art 11). Evidence is hostile
input: an unknown kind or an over-long number is refused and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app
from tests.adapters.cli_runner import NOW, Run, as_json, cli_at_now

LICENCE = ["--licence-kind", "news", "--licence-number", "10120170001"]
LICENCE += ["--licence-issuer", "国家互联网信息办公室", "--licence-valid-until", "2027-06-30"]
REGISTER = [
    "register",
    "--name",
    "人民日报",
    "--identity-kind",
    "uscc",
    "--identity-number",
    "91350100M000100Y43",
    "--nature",
    "enterprise",
    "--main-business",
    "news publishing",
    "--registration-place",
    "Beijing",
    "--operating-place",
    "Beijing",
    "--content-category",
    "news",
    "--actor",
    "svc:platform",
    "--json",
]


@pytest.fixture
def run(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_at_now(store, monkeypatch)


def test_the_cli_registers_a_news_name_with_its_licence_for_review(run: Run) -> None:
    """R3: without a licence 人民日报 is refused; with one it is pending with findings a
    reviewer approves, and the verification names the licence (2022-8-4, 2022-11)."""
    refused = as_json(run(*REGISTER, code=3))
    assert refused["rule"].startswith("name-policy:")
    registered = as_json(run(*REGISTER, *LICENCE))
    assert registered["status"] == "pending"
    assert {f.get("authorisation") for f in registered["review_findings"]} == {"news"}
    account = registered["account_id"]
    as_json(run("verify-identity", account, "--actor", "r-1:reviewer", "--json"))
    history = as_json(run("history", account, "--json"))
    verified = history["events"][-1]
    assert verified["event"] == "IdentityVerified"
    assert verified["details"]["approved_against"]["number"] == "10120170001"


def test_the_cli_refuses_a_licence_of_no_known_kind(run: Run) -> None:
    """R3: the kind is one of the catalogue's (2022-11); nothing is written."""
    bad = [*LICENCE]
    bad[1] = "friendship"
    refused = as_json(run(*REGISTER, *bad, code=2))
    assert "licence" in (refused.get("field") or "") or "kind" in refused["error"]


@pytest.fixture
def client(store: Settings) -> Iterator[tuple[TestClient, dict[str, str]]]:
    app = create_app(store, clock=lambda: NOW)
    with TestClient(app) as test_client:
        _, secret = app.state.service.keys.create("platform", "svc")
        _, review = app.state.service.keys.create("reviewer", "r-1")
        yield test_client, {"platform": secret, "reviewer": review}


def _body(**licence: Any) -> dict[str, Any]:
    return {
        "name": "人民日报",
        "identity_kind": "uscc",
        "identity_number": "91350100M000100Y43",
        "nature": "enterprise",
        "main_business": "news publishing",
        "registration_place": "Beijing",
        "operating_place": "Beijing",
        "content_category": "news",
        "licence": {
            "kind": "news",
            "number": "10120170001",
            "issuer": "国家互联网信息办公室",
            "valid_until": "2027-06-30",
            **licence,
        },
    }


def test_http_takes_the_licence_as_an_object_and_refuses_hostile_evidence(
    client: tuple[TestClient, dict[str, str]],
) -> None:
    """R3: `licence` is an object in the body; an over-long number or an unknown kind is
    a 4xx problem and writes nothing; a valid one sends the name to review (2022-11)."""
    http, keys = client
    headers = {"Authorization": f"Bearer {keys['platform']}"}
    too_long = http.post("/accounts", json=_body(number="9" * 65), headers=headers)
    assert too_long.status_code == 422
    unknown = http.post("/accounts", json=_body(kind="friendship"), headers=headers)
    assert unknown.status_code == 422
    created = http.post("/accounts", json=_body(), headers=headers)
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "pending"
    schema = http.get("/openapi.json").json()
    assert "licence" in str(schema)
