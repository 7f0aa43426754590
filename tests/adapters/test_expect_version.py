"""`--expect-version N` and `If-Match`: a stale decision is exit 5 / HTTP 412 and writes
nothing (issue 12 point 10; R12, R16)."""

from __future__ import annotations

import pytest

from accountledger.adapters.bootstrap import Settings
from tests.adapters.cli_runner import as_json, cli_at_now
from tests.adapters.test_http import GROUNDS, Api

REGISTER = [
    "register", "--name", "Version Garden", "--identity-kind", "mobile",
    "--identity-number", "13800138000", "--nature", "individual", "--registration-place",
    "Beijing", "--operating-place", "Beijing", "--content-category", "gardens",
    "--actor", "svc:platform", "--json",
]  # fmt: skip
MEASURE = ["--reason", "rumour", "--basis", "2021-19", "--violation", "2021-18-6"]


def test_the_cli_refuses_a_decision_on_an_old_version_with_exit_5(
    store: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R12: every account command takes --expect-version; a stale one exits 5."""
    run = cli_at_now(store, monkeypatch)
    account = as_json(run(*REGISTER))["account_id"]
    verified = as_json(run("verify-identity", account, "--actor", "r:reviewer", "--json"))
    seen = str(verified["version"])
    run("warn", account, "--actor", "m:moderator", *MEASURE, "--expect-version", seen)
    stale = run(
        "suspend", account, "--actor", "m:moderator", *MEASURE, "--expect-version", seen,
        "--json", code=5,
    )  # fmt: skip
    assert as_json(stale)["rule"] == "expected-version"
    shown = as_json(run("show", account, "--json"))
    assert shown["status"] == "active"


def test_the_api_takes_if_match_with_the_accounts_etag_and_answers_412_when_stale(
    api: Api,
) -> None:
    """R12, R16: GET gives the ETag; a command with a stale If-Match is 412, nothing written."""
    account = api.active_account()
    shown = api.client.get(f"/accounts/{account}", headers=api.key("auditor"))
    tag = shown.headers["ETag"]
    headers = api.key("moderator") | {"If-Match": tag}
    warned = api.client.post(f"/accounts/{account}/warn", json=GROUNDS, headers=headers)
    assert warned.status_code == 200, warned.json()
    assert warned.headers["ETag"] == f'"{warned.json()["version"]}"'
    before = len(api.history(account))
    stale = api.client.post(f"/accounts/{account}/suspend", json=GROUNDS, headers=headers)
    assert stale.status_code == 412
    assert stale.json()["rule"] == "expected-version"
    assert len(api.history(account)) == before
