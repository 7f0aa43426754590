"""Every HTTP body is bounded: 413 problem+json, and nothing is written (issue 12 point 12;
R16)."""

from __future__ import annotations

from dataclasses import replace

from fastapi.testclient import TestClient

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app
from tests.adapters.test_http import GROUNDS, NOW, REGISTRATION, Api


def test_a_body_over_the_limit_is_413_problem_json_and_writes_nothing(store: Settings) -> None:
    """R16: a ten-megabyte reason never reaches the store."""
    app = create_app(replace(store, max_body_bytes=4096), clock=lambda: NOW)
    with TestClient(app) as client:
        api = Api(client, app.state.service.keys, [NOW])
        account = api.active_account()
        before = len(api.history(account))
        huge = GROUNDS | {"reason": "x" * 10_000_000}
        refused = api.post(f"/accounts/{account}/warn", huge, "moderator")
        assert refused.status_code == 413
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["rule"] == "body-size"
        assert len(api.history(account)) == before


def test_a_body_within_the_limit_is_served(store: Settings) -> None:
    """R13: ordinary commands pass the limit."""
    app = create_app(replace(store, max_body_bytes=4096), clock=lambda: NOW)
    with TestClient(app) as client:
        api = Api(client, app.state.service.keys, [NOW])
        assert api.post("/accounts", REGISTRATION, "platform").status_code == 201


def test_an_invisible_reason_over_http_is_422_naming_the_field(store: Settings) -> None:
    """R13: the same rule as the CLI's, from the command's handling."""
    app = create_app(store, clock=lambda: NOW)
    with TestClient(app) as client:
        _refused_as_invisible(Api(client, app.state.service.keys, [NOW]))


def _refused_as_invisible(api: Api) -> None:
    account = api.active_account()
    refused = api.post(f"/accounts/{account}/warn", GROUNDS | {"reason": "\u200b"}, "moderator")
    assert refused.status_code == 422
    assert (refused.json()["rule"], refused.json()["field"]) == ("invisible-text", "reason")
