"""One rule for dates at every edge (issue 12 point 8): `2026-01-10` and `20260110` are
the same whole day in the platform's zone (Asia/Shanghai unless configured), in the CLI,
the HTTP API and the console, and the output says which zone (R18)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app
from accountledger.adapters.http.console_language import IN_ENGLISH
from accountledger.domain.rules import LedgerRules
from tests.adapters.cli_runner import NOW, Run, as_json, cli_at_now
from tests.adapters.test_console import Console
from tests.adapters.test_http import GROUNDS, REGISTRATION, Api
from tests.adapters.test_registers_cli import ID_NUMBER

# 18:00Z on Jan 10 is already Jan 11 in Shanghai: "as of 2026-01-10" there is before it.
SUSPENDED_AT = "2026-01-10T18:00:00+00:00"
CLI_GROUNDS = ["--reason", "rumour", "--basis", "2021-19", "--violation", "2021-18-6"]


@pytest.fixture
def cli(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.delenv("ACCOUNTLEDGER_TIME_ZONE", raising=False)
    return cli_at_now(store, monkeypatch)


def _suspended_late_on_the_tenth(cli: Run) -> str:
    """An account registered on 20260105 (a bare date, ISO basic) and suspended at
    2026-01-10T18:00Z, which is the 10th in UTC and the 11th in Shanghai."""
    registered = cli(
        *("register", "--name", "Lantern Studio", "--identity-kind", "id_card"),
        *("--identity-number", ID_NUMBER, "--nature", "individual"),
        *("--registration-place", "Hangzhou", "--operating-place", "Hangzhou"),
        *("--content-category", "design", "--actor", "svc:platform", "--at", "20260105"),
        "--json",
    )
    account = str(as_json(registered)["account_id"])
    cli("verify-identity", account, "--actor", "r-1:reviewer", "--at", "2026-01-06")
    cli("suspend", account, "--actor", "m-1:moderator", "--at", SUSPENDED_AT, *CLI_GROUNDS)
    return account


def test_cli_bare_dates_in_either_iso_form_are_one_whole_day_in_shanghai(cli: Run) -> None:
    """R18: `--as-of 2026-01-10` and `--as-of 20260110` print the same state, as of the
    end of Jan 10 in Asia/Shanghai (before the 18:00Z suspension), saying so; `--at
    20260105` was midnight there (R13)."""
    account = _suspended_late_on_the_tenth(cli)
    extended = as_json(cli("show", account, "--as-of", "2026-01-10", "--json"))
    basic = as_json(cli("show", account, "--as-of", "20260110", "--json"))
    assert extended == basic
    assert extended["status"] == "active"
    assert extended["as_of"] == "2026-01-10T23:59:59.999999+08:00"
    assert extended["time_zone"] == "Asia/Shanghai"
    assert extended["registered_at"] == "2026-01-05T00:00:00+08:00"
    assert as_json(cli("show", account, "--as-of", "20260111", "--json"))["status"] == "suspended"
    text = " ".join(cli("show", account, "--as-of", "20260110").stdout.split())
    assert "as of 2026-01-10 23:59:59 +08:00 (Asia/Shanghai)" in text


def test_cli_reads_bare_dates_in_the_configured_zone(
    cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R18: with ACCOUNTLEDGER_TIME_ZONE=UTC the same date is UTC's day, which includes
    the 18:00Z suspension; the inquiry names the zone and gives the local time too."""
    account = _suspended_late_on_the_tenth(cli)
    monkeypatch.setenv("ACCOUNTLEDGER_TIME_ZONE", "UTC")
    shown = as_json(cli("show", account, "--as-of", "20260110", "--json"))
    assert (shown["status"], shown["time_zone"]) == ("suspended", "UTC")
    assert shown["as_of"] == "2026-01-10T23:59:59.999999+00:00"
    monkeypatch.delenv("ACCOUNTLEDGER_TIME_ZONE")
    asked = as_json(cli("inquiry", account, "--as-of", "20260110", "--format", "json"))
    body = asked["inquiry"]
    assert body["as_of"] == "2026-01-10T15:59:59.999999+00:00"  # the key as it was: UTC
    assert body["as_of_local"] == "2026-01-10T23:59:59.999999+08:00"
    assert body["time_zone"] == "Asia/Shanghai"
    assert body["accounts"][0]["state"]["status"] == "active"
    text = " ".join(cli("inquiry", account, "--as-of", "2026-01-10").stdout.split())
    assert "as of 2026-01-10 23:59:59 +08:00 (Asia/Shanghai)" in text


def test_cli_refuses_a_zone_that_is_not_an_iana_zone_and_writes_nothing(
    cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R18: a bad ACCOUNTLEDGER_TIME_ZONE is one line naming the setting and the rule,
    exit 2, before anything is written."""
    account = _suspended_late_on_the_tenth(cli)
    before = as_json(cli("history", account, "--json"))["events"]
    monkeypatch.setenv("ACCOUNTLEDGER_TIME_ZONE", "Mars/Olympus")
    refused = cli("reinstate", account, "--actor", "m-1:moderator", code=2)
    assert "time_zone: 'Mars/Olympus' is not an IANA time zone" in refused.stderr
    assert "(rule: time-zone)" in refused.stderr
    monkeypatch.delenv("ACCOUNTLEDGER_TIME_ZONE")
    assert as_json(cli("history", account, "--json"))["events"] == before


def test_cli_sweep_now_as_a_bare_date_is_its_start_in_the_zone(cli: Run) -> None:
    """R8, R18: `sweep --now 20260301` is midnight in Shanghai, and says which zone."""
    swept = as_json(cli("sweep", "--now", "20260301", "--json"))
    assert swept["now"] == "2026-03-01T00:00:00+08:00" and swept["time_zone"] == "Asia/Shanghai"


# ---------------------------------------------------------------------- HTTP and console


def _api(store: Settings, rules: LedgerRules) -> Iterator[tuple[Api, Console]]:
    clock = [NOW]
    app = create_app(replace(store, rules=rules), clock=lambda: clock[0])
    with TestClient(app, cookies=IN_ENGLISH) as client:
        api = Api(client, app.state.service.keys, clock)
        yield api, Console(client, api)


@pytest.fixture
def shanghai(store: Settings) -> Iterator[tuple[Api, Console]]:
    yield from _api(store, LedgerRules())


@pytest.fixture
def utc(store: Settings) -> Iterator[tuple[Api, Console]]:
    yield from _api(store, LedgerRules(time_zone="UTC"))


def _suspended_over_http(api: Api) -> str:
    created = api.post("/accounts", REGISTRATION | {"at": "20260105"}, "platform")
    assert created.status_code == 201, created.json()
    account = str(created.json()["account_id"])
    verified = api.post(f"/accounts/{account}/verify-identity", {"at": "2026-01-06"}, "platform")
    assert verified.status_code == 200, verified.json()
    body = GROUNDS | {"at": SUSPENDED_AT}
    assert api.post(f"/accounts/{account}/suspend", body, "moderator").status_code == 200
    return account


def _state(api: Api, account: str, as_of: str) -> dict[str, Any]:
    answer = api.client.get(
        f"/accounts/{account}", params={"as_of": as_of}, headers=api.key("regulator")
    )
    assert answer.status_code == 200, answer.json()
    shown: dict[str, Any] = answer.json()
    return shown


def test_api_bare_dates_in_either_iso_form_are_one_whole_day_in_shanghai(
    shanghai: tuple[Api, Console],
) -> None:
    """R18: `?as_of=2026-01-10` and `?as_of=20260110` answer the same state as of the end
    of Jan 10 in Asia/Shanghai, saying so; `"at": "20260105"` was midnight there (R13)."""
    api, _ = shanghai
    account = _suspended_over_http(api)
    extended, basic = _state(api, account, "2026-01-10"), _state(api, account, "20260110")
    assert extended == basic
    assert (extended["status"], extended["time_zone"]) == ("active", "Asia/Shanghai")
    assert extended["as_of"] == "2026-01-10T23:59:59.999999+08:00"
    assert extended["registered_at"] == "2026-01-05T00:00:00+08:00"
    asked = api.client.get(
        f"/accounts/{account}/inquiry", params={"as_of": "20260110"}, headers=api.key("regulator")
    ).json()["inquiry"]
    assert (asked["as_of_local"], asked["time_zone"]) == (extended["as_of"], "Asia/Shanghai")


def test_api_reads_bare_dates_in_the_configured_zone(utc: tuple[Api, Console]) -> None:
    """R18: a service configured for UTC reads the same date as UTC's day."""
    api, _ = utc
    account = _suspended_over_http(api)
    shown = _state(api, account, "20260110")
    assert (shown["status"], shown["time_zone"]) == ("suspended", "UTC")
    assert shown["as_of"] == "2026-01-10T23:59:59.999999+00:00"
    history = api.get(f"/accounts/{account}/history", "platform").json()["events"]
    assert history[0]["occurred_at"] == "2026-01-05T00:00:00+00:00"


def test_console_as_of_a_date_is_the_day_in_the_platform_zone_and_says_so(
    shanghai: tuple[Api, Console],
) -> None:
    """R18: the console reads `as_of` by the same rule and its banner names the zone."""
    api, console = shanghai
    account = _suspended_over_http(api)
    console.sign_in("regulator")
    pages = [
        console.get(f"/console/accounts/{account}", as_of=d) for d in ("2026-01-10", "20260110")
    ]
    for page in pages:
        assert page.status_code == 200, page.text
        assert "State as of 2026-01-10 23:59:59 +08:00 (Asia/Shanghai)" in page.text
        assert '<input type="date" id="as_of" name="as_of" value="2026-01-10">' in page.text
        assert 'data-event="Suspended"' not in page.text
