"""`GET /accounts/{id}/identity`: identities only for compliance and regulators, every
disclosure in the access log, erased subjects shown as erased (R17)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app
from accountledger.application.erasure import erase_subject
from accountledger.domain.act import Act, Role
from accountledger.domain.authority import PERSONAL_INFORMATION_ROLES
from tests.adapters.test_http import GROUNDS, REGISTRATION, Api

NUMBER = REGISTRATION["identity_number"]
START = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)


class Clock:
    """The service's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def api(store: Settings, clock: Clock) -> Iterator[Api]:
    app = create_app(store, clock=clock)
    with TestClient(app) as client:
        yield Api(client, app.state.service.keys, [])


def test_compliance_and_regulators_see_the_identity_and_each_disclosure_is_logged(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    """R17: 200 with kind and number; the access log names who, which account, which path;
    no log line carries the number."""
    account = api.active_account()
    with caplog.at_level(logging.DEBUG):
        for role in ("compliance", "regulator"):
            shown = api.get(f"/accounts/{account}/identity", role)
            assert shown.status_code == 200, shown.json()
            assert (shown.json()["kind"], shown.json()["number"]) == ("mobile", NUMBER)
    assert NUMBER not in caplog.text
    assert any("disclosed" in r.getMessage() for r in caplog.records)
    log = api.keys.accesses()
    path = f"/accounts/{account}/identity"
    assert [(r["actor_id"], r["role"], r["path"], r["account_id"]) for r in log] == [
        ("compliance-1", "compliance", path, account),
        ("regulator-1", "regulator", path, account),
    ]
    assert all(NUMBER not in str(row) for row in log)


@pytest.mark.parametrize("role", [r.value for r in Role if r not in PERSONAL_INFORMATION_ROLES])
def test_a_role_that_may_not_see_personal_information_gets_403(api: Api, role: str) -> None:
    """R17: problem+json naming rule, field and article; nothing disclosed, nothing logged."""
    account = api.active_account()
    refused = api.get(f"/accounts/{account}/identity", role)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert (problem["rule"], problem["field"], problem["article"]) == ("role", "actor", "2022-16")
    assert NUMBER not in refused.text and api.keys.accesses() == []


def test_after_erasure_the_identity_is_shown_erased_and_the_history_stays(
    api: Api, clock: Clock
) -> None:
    """R16, R17: closed in May 2025, erased in December: erased_at and basis, same history."""
    account = api.active_account()
    assert api.post(f"/accounts/{account}/close", GROUNDS, "moderator").status_code == 200
    history = api.history(account)
    clock.now = START + timedelta(days=220)
    service = api.client.app.state.service
    ref = service.ledger.account(UUID(account)).subject_ref
    act = Act("c-1", Role.COMPLIANCE, clock.now, "the subject asked", ("2022-16",))
    erase_subject(service.ledger, ref, act, now=clock.now)
    shown = api.get(f"/accounts/{account}/identity", "regulator")
    assert shown.status_code == 200, shown.json()
    assert shown.json() == {
        "account_id": account,
        "subject_ref": ref,
        "erased": True,
        "erased_at": clock.now.isoformat(),
        "basis": ["2022-16"],
    }
    assert api.history(account) == history
    assert api.get(f"/accounts/{account}", "auditor").json()["status"] == "closed"


def test_an_unknown_account_is_404_for_a_role_that_may_see_identities(api: Api) -> None:
    """R17: a role allowed to see identities still gets problem+json for a missing account."""
    missing = api.get("/accounts/00000000-0000-0000-0000-000000000000/identity", "compliance")
    assert missing.status_code == 404 and missing.json()["rule"] == "account-exists"
    assert api.keys.accesses() == []
