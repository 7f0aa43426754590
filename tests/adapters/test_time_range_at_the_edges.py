"""Every time that enters lies in one sane range (issue 15 point 1; R16, 2021 Art 19):
`"at"`, `"until"`, `"deadline"` over HTTP, written as text or as a number of
milliseconds since 1970, and `--at`/`--until` in the CLI. Outside it the refusal is one
line (a 422 problem+json) naming the field, the rule `time-range` and the article, and
nothing is written. An expiry lies within `max_term` of the recording clock."""

from __future__ import annotations

from typing import Any

import pytest

from accountledger.adapters.bootstrap import Settings
from tests.adapters.cli_runner import as_json, cli_at_now
from tests.adapters.test_http import GROUNDS, Api
from tests.adapters.test_registers_cli import ID_NUMBER

# 9999-12-31T23:59:59Z and 0001-01-01T00:00:00Z as milliseconds since 1970: pydantic
# reads a number as a time, which the text check of years never saw.
FAR_NUMBERS = [253402300799000, -62135596800000]
FAR_TEXTS = ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"]
FIELDS: list[tuple[str, dict[str, Any]]] = [
    ("warn", {}),
    ("restrict", {"functions": ["post"]}),
    ("order-rectification", {"fields": ["name"]}),
]
FIELD_OF = {"warn": "at", "restrict": "until", "order-rectification": "deadline"}


@pytest.mark.parametrize("far", FAR_NUMBERS + FAR_TEXTS)
@pytest.mark.parametrize(("verb", "extra"), FIELDS)
def test_a_far_time_in_any_field_is_refused_over_http_and_nothing_is_written(
    api: Api, verb: str, extra: dict[str, Any], far: int | str
) -> None:
    """R16 (2021 Art 19): year 9999 or year 1, as text or as a number, in `at`, `until`
    or `deadline`: 422 problem+json naming the field, `time-range` and 2021-19."""
    account = api.active_account()
    events = len(api.history(account))
    body = GROUNDS | extra | {FIELD_OF[verb]: far}
    refused = api.post(f"/accounts/{account}/{verb}", body, "moderator")
    assert refused.status_code == 422, refused.json()
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert (problem["field"], problem["rule"], problem["article"]) == (
        FIELD_OF[verb],
        "time-range",
        "2021-19",
    )
    assert len(api.history(account)) == events


def test_an_expiry_beyond_the_horizon_is_refused_over_http(api: Api) -> None:
    """R12, R16 (2021 Art 19): a restriction until 2100 is inside the sane range but not
    within `max_term` (ten years) of the recording clock: refused, nothing written."""
    account = api.active_account()
    events = len(api.history(account))
    body = GROUNDS | {"functions": ["post"], "until": "2100-01-01"}
    refused = api.post(f"/accounts/{account}/restrict", body, "moderator")
    assert refused.status_code == 422, refused.json()
    assert (refused.json()["field"], refused.json()["rule"]) == ("until", "time-range")
    assert len(api.history(account)) == events
    within = GROUNDS | {"functions": ["post"], "until": "2030-01-01"}
    assert api.post(f"/accounts/{account}/restrict", within, "moderator").status_code == 200


def test_the_cli_refuses_far_times_in_one_line_naming_field_rule_and_article(
    store: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R16 (2021 Art 19): `--at 9999-12-31T23:59:59-14:00` and `--until 2100-01-01`
    are one line each, exit 3, naming the field, `time-range` and 2021-19; nothing is
    written."""
    run = cli_at_now(store, monkeypatch)
    registered = run(
        *("register", "--name", "Lantern Studio", "--identity-kind", "id_card"),
        *("--identity-number", ID_NUMBER, "--nature", "individual"),
        *("--registration-place", "Hangzhou", "--operating-place", "Hangzhou"),
        *("--content-category", "design", "--actor", "svc:platform", "--json"),
    )
    account = str(as_json(registered)["account_id"])
    grounds = ["--reason", "rumour", "--basis", "2021-19", "--violation", "2021-18-6"]
    grounds += ["--actor", "m-1:moderator"]
    for far in FAR_TEXTS:
        refused = run("warn", account, *grounds, "--at", far, code=3)
        (line,) = refused.stderr.splitlines()
        assert "at:" in line and "(rule: time-range) [2021-19]" in line
    late = run("restrict", account, "--function", "post", "--until", "2100-01-01", *grounds, code=3)
    assert "until:" in late.stderr and "(rule: time-range) [2021-19]" in late.stderr
    assert len(as_json(run("history", account, "--json"))["events"]) == 1


@pytest.mark.parametrize(("query", "field"), [("from", "from"), ("to", "to")])
def test_a_far_time_in_a_register_query_is_a_422_naming_the_query_parameter(
    api: Api, query: str, field: str
) -> None:
    """R13, R18 (2021 Art 19): `/disposals?from=9999-12-31T23:59:59-14:00` is refused in
    one problem naming `from` (or `to`), rule `time-range` and 2021-19."""
    refused = api.get(f"/disposals?{query}={FAR_TEXTS[0].replace('+', '%2B')}", "regulator")
    assert refused.status_code == 422, refused.json()
    problem = refused.json()
    assert (problem["field"], problem["rule"], problem["article"]) == (
        field,
        "time-range",
        "2021-19",
    )
