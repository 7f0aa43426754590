"""`POST /campaigns`: a job with a status, outcomes as CSV, the measure's roles and the
key's scope checked first (R12, R13)."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app
from accountledger.application.scope import Scope
from tests.adapters.test_http import GROUNDS, NOW, REGISTRATION, Api

CASE = {"case_id": "C-HTTP", **GROUNDS}


@pytest.fixture
def api(store: Settings) -> Iterator[Api]:
    """The service on each store, its recording clock fixed at `NOW`."""
    clock = [NOW]
    app = create_app(store, clock=lambda: clock[0])
    with TestClient(app) as client:
        yield Api(client, app.state.service.keys, clock)


def _account(api: Api, serial: int, verified: bool = True) -> str:
    body = {**REGISTRATION, "name": f"Garden {serial}", "identity_number": f"1380013800{serial}"}
    created = api.post("/accounts", body, "platform")
    assert created.status_code == 201, created.json()
    account = str(created.json()["account_id"])
    if verified:
        assert api.post(f"/accounts/{account}/verify-identity", {}, "platform").status_code == 200
    return account


def _finished(api: Api, campaign: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status: dict[str, Any] = api.get(f"/campaigns/{campaign}", "moderator").json()
        if status["state"] != "running":
            return status
        time.sleep(0.05)
    raise AssertionError(f"campaign {campaign} still running")


def _events(api: Api) -> int:
    ledger = api.client.app.state.service.ledger  # type: ignore[attr-defined]
    return int(ledger.recorder.max_notification_id() or 0)


def test_a_campaign_runs_as_a_job_whose_status_and_outcomes_can_be_read(api: Api) -> None:
    """R12, R13: 202 and a job; its status counts each outcome; the CSV has one row each."""
    accounts = [_account(api, 1), _account(api, 2), _account(api, 3, verified=False)]
    started = api.post("/campaigns", {"measure": "warn", "accounts": accounts, **CASE}, "moderator")
    assert started.status_code == 202, started.json()
    campaign = started.json()["campaign_id"]
    status = _finished(api, campaign)
    assert status["state"] == "finished" and status["processed"] == 3
    assert status["counts"] == {"done": 2, "refused": 1, "already done": 0}
    download = api.get(f"/campaigns/{campaign}/outcomes", "moderator")
    assert download.headers["content-type"].startswith("text/csv")
    rows = {r["account_id"]: r for r in csv.DictReader(io.StringIO(download.text))}
    assert rows[accounts[2]]["rule"] == "lifecycle"
    assert {rows[a]["outcome"] for a in accounts[:2]} == {"done"}
    warned = [e for e in api.history(accounts[0]) if e["event"] == "Warned"]
    assert len(warned) == 1 and warned[0]["case_id"] == "C-HTTP"


def test_a_dry_run_answers_at_once_and_writes_nothing(api: Api) -> None:
    """R12: 200 with every account's outcome; no event, no campaign."""
    account = _account(api, 1)
    before = _events(api)
    body = {"measure": "restrict", "inputs": {"functions": ["comment"]}, "accounts": [account]}
    planned = api.post("/campaigns", {**body, **CASE, "dry_run": True}, "moderator")
    assert planned.status_code == 200, planned.json()
    assert [o["outcome"] for o in planned.json()["outcomes"]] == ["would do"]
    assert _events(api) == before
    missing = api.get(f"/campaigns/{planned.json()['campaign_id']}", "moderator")
    assert missing.status_code == 404


def test_role_inputs_and_scope_are_checked_before_anything_runs(api: Api) -> None:
    """R13, R17: 403 for a role that may not take the measure or an account outside the
    key's scope, 422 for a measure's bad input or one that is not a measure; no event."""
    account, other = _account(api, 1), _account(api, 2)
    before = _events(api)
    warn = {"measure": "warn", "accounts": [account], **CASE}
    refused = api.post("/campaigns", warn, "platform")
    assert refused.status_code == 403 and refused.json()["rule"] == "role"
    not_a_measure = api.post("/campaigns", {**warn, "measure": "register"}, "moderator")
    assert not_a_measure.status_code == 422
    bad_input = {**warn, "measure": "restrict", "inputs": {"functions": []}}
    assert api.post("/campaigns", bad_input, "moderator").status_code == 422
    _, secret = api.keys.create("moderator", "m-scoped", scope=Scope(accounts=frozenset({other})))
    scoped = api.client.post("/campaigns", json=warn, headers={"Authorization": f"Bearer {secret}"})
    assert scoped.status_code == 403 and scoped.json()["rule"] == "scope"
    assert _events(api) == before
