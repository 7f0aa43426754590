"""Operations watch the service: /healthz, /readyz, /metrics and one JSON line per request
(issue 17 point 4), with no personal information in any of them (R17)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app
from accountledger.domain.errors import LedgerError
from tests.adapters.test_http import GROUNDS, REGISTRATION, Api

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _api(settings: Settings) -> Iterator[Api]:
    app = create_app(settings, clock=lambda: NOW)
    with TestClient(app) as client:
        yield Api(client, app.state.service.keys, [NOW])


@pytest.fixture
def api(store: Settings) -> Iterator[Api]:
    yield from _api(store)


@pytest.fixture
def sqlite_api(tmp_path: Path) -> Iterator[Api]:
    """On the embedded store, whose key store is a file beside it that can go missing."""
    yield from _api(
        Settings(store=f"sqlite:///{tmp_path / 'ledger.db'}", keystore=None, ready_max_lag=5)
    )


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a Prometheus exposition, by name and labels."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def _command(name: str, outcome: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    return ("accountledger_commands_total", (("command", name), ("outcome", outcome)))


def test_healthz_answers_without_a_key_and_reads_nothing(api: Api) -> None:
    answered = api.client.get("/healthz")
    assert (answered.status_code, answered.json()) == (200, {"status": "alive"})


def test_readyz_is_ready_when_every_store_answers_and_the_read_models_keep_up(api: Api) -> None:
    api.active_account()
    answered = api.client.get("/readyz")
    assert answered.status_code == 200, answered.json()
    checks = answered.json()["checks"]
    assert (checks["store"], checks["keystore"], checks["read_models"]) == ("ok", "ok", "ok")
    assert checks["projection_lag"] <= checks["ready_max_lag"]


def test_readyz_is_503_when_the_key_store_is_missing_beside_history(sqlite_api: Api) -> None:
    """R17: without its key store the service cannot verify a key or seal an identity:
    unready (503, problem+json naming the key store), as `serve` refuses to start."""
    sqlite_api.active_account()
    Path(str(sqlite_api.keys.engine.url.database)).unlink()
    answered = sqlite_api.client.get("/readyz")
    assert answered.status_code == 503
    assert answered.headers["content-type"].startswith("application/problem+json")
    body = answered.json()
    assert body["rule"] == "keystore-unusable"
    assert body["checks"]["keystore"].startswith("unready")
    assert sqlite_api.client.get("/healthz").status_code == 200  # alive, not ready


def test_readyz_is_503_when_the_read_models_lag_beyond_the_threshold(sqlite_api: Api) -> None:
    sqlite_api.active_account()
    service = sqlite_api.client.app.state.service  # type: ignore[attr-defined]
    service.read_models.close()  # the follower stops: nothing takes the writes below
    for n in range(4):
        body = REGISTRATION | {"name": f"Blue Sky Notes {n}", "identity_number": f"1380013800{n}"}
        assert sqlite_api.post("/accounts", body, "platform").status_code == 201
    answered = sqlite_api.client.get("/readyz")
    assert answered.status_code == 503, answered.json()
    assert answered.json()["rule"] == "projection-lag"
    assert answered.json()["checks"]["projection_lag"] > 5


def test_probes_refuse_a_query_parameter_they_do_not_declare(api: Api) -> None:
    for path in ("/healthz", "/readyz", "/metrics"):
        answered = api.client.get(f"{path}?verbose=1")
        assert answered.status_code == 422
        assert answered.json()["rule"] == "extra_forbidden"


def test_metrics_count_commands_refusals_by_rule_and_what_the_store_holds(api: Api) -> None:
    """R13: what was recorded and what was refused, by rule, for operations to watch."""
    account = api.active_account()
    refused = api.post(f"/accounts/{account}/verify-identity", {}, "platform")
    assert refused.status_code == 409
    rule = refused.json()["rule"]
    assert api.post(f"/accounts/{account}/warn", GROUNDS, "platform").status_code == 403
    assert api.post(f"/accounts/{account}/warn", GROUNDS, "moderator").status_code == 200
    answered = api.client.get("/metrics")
    assert answered.status_code == 200
    assert answered.headers["content-type"].startswith("text/plain")
    found = samples(answered.text)
    assert found[_command("register", "recorded")] == 1
    assert found[_command("warn", "recorded")] == 1
    assert found[("accountledger_refusals_total", (("rule", rule), ("status", "409")))] == 1
    assert found[("accountledger_refusals_total", (("rule", "role"), ("status", "403")))] == 1
    assert found[_command("warn", "refused")] == 1
    assert found[("accountledger_recorded_events_total", (("kind", "Account.Registered"),))] == 1
    assert found[("accountledger_recorded_events_total", (("kind", "Account.Warned"),))] == 1
    assert ("accountledger_projection_lag", ()) in found
    assert found[("accountledger_delivery_backlog", ())] >= 0
    route = (("method", "POST"), ("route", "/accounts/{account_id}/warn"))
    assert found[("accountledger_request_duration_seconds_count", route)] == 2
    assert account not in answered.text  # a route template, never the path


def test_metrics_show_the_time_since_the_last_checkpoint(api: Api) -> None:
    api.active_account()
    assert api.post("/sweep", {}, "system").status_code == 200  # seals a checkpoint (R16)
    found = samples(api.client.get("/metrics").text)
    assert found[("accountledger_seconds_since_last_checkpoint", ())] == 0.0


def _request_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    return [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "accountledger.requests"
    ]


def test_each_request_is_one_json_line_with_its_request_id_and_no_identity(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    """R17 (2022 Art 16): the line names the route template and the request id, never the
    path, a query or a body; an identity number typed into a URL is not in it."""
    caplog.set_level(logging.INFO, logger="accountledger.requests")
    number = REGISTRATION["identity_number"]
    created = api.client.post(
        "/accounts", json=REGISTRATION, headers=api.key("platform") | {"X-Request-ID": "abc-123"}
    )
    assert created.headers["X-Request-ID"] == "abc-123"
    inquiry = api.client.get(f"/subjects/mobile:{number}/inquiry", headers=api.key("regulator"))
    assert re.fullmatch(r"[0-9a-f]{32}", inquiry.headers["X-Request-ID"])
    hostile = api.client.get("/healthz", headers={"X-Request-ID": f"id {number}\nforged"})
    assert number not in hostile.headers["X-Request-ID"]
    lines = _request_lines(caplog)
    assert [line["status"] for line in lines] == [201, inquiry.status_code, 200]
    first = lines[0]
    assert first["request_id"] == "abc-123"
    assert (first["method"], first["route"]) == ("POST", "/accounts")
    assert set(first) == {"request_id", "method", "route", "status", "duration_ms", "pid"}
    assert lines[1]["route"] == "/subjects/{subject}/inquiry"
    assert lines[2]["request_id"] == hostile.headers["X-Request-ID"]
    assert all(number not in r.getMessage() for r in caplog.records)


def test_a_refusal_line_names_its_rule_and_an_unknown_path_is_not_logged_as_typed(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="accountledger.requests")
    api.client.post("/accounts/not-an-id/warn", json=GROUNDS, headers=api.key("moderator"))
    api.client.get("/no/such/13800138000")
    refused, unknown = _request_lines(caplog)
    assert refused["status"] == 422 and refused["rule"]
    assert (unknown["route"], unknown["status"], unknown["rule"]) == ("unmatched", 404, "path")


def test_the_lag_threshold_is_one_setting_of_the_one_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ready_max_lag`: default, `accountledger.toml`, `ACCOUNTLEDGER_READY_MAX_LAG`, in
    that order of precedence; a negative number is refused naming the key."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ACCOUNTLEDGER_READY_MAX_LAG", raising=False)
    assert Settings.from_env().ready_max_lag == 1000
    (tmp_path / "accountledger.toml").write_text("ready_max_lag = 50\n")
    assert Settings.from_env().ready_max_lag == 50
    monkeypatch.setenv("ACCOUNTLEDGER_READY_MAX_LAG", "7")
    assert Settings.from_env().ready_max_lag == 7
    monkeypatch.setenv("ACCOUNTLEDGER_READY_MAX_LAG", "-1")
    with pytest.raises(LedgerError) as refused:
        Settings.from_env()
    assert refused.value.field == "ready_max_lag"


def test_readyz_answers_unready_rather_than_wait_behind_a_long_catch_up(
    sqlite_api: Api,
) -> None:
    service = sqlite_api.client.app.state.service  # type: ignore[attr-defined]
    service.read_models.busy_wait = 0.01
    with service.read_models._catching:  # as a rebuild holds the read models
        answered = sqlite_api.client.get("/readyz")
    assert answered.status_code == 503
    assert answered.json()["rule"] == "read-models-unreachable"
    assert "busy" in answered.json()["checks"]["read_models"]


def test_the_service_log_lines_are_json_with_identity_numbers_redacted() -> None:
    """R17: `serve`'s log format; a warning, a traceback and a request line."""
    from accountledger.adapters.http.request_log import JsonLines
    from accountledger.adapters.redaction import FILTER

    handler = logging.Handler()
    handler.setFormatter(JsonLines())
    handler.addFilter(FILTER)
    number = REGISTRATION["identity_number"]
    try:
        raise ValueError(f"no such subject {number}")
    except ValueError:
        import sys

        failed = logging.LogRecord(
            "accountledger.x", logging.ERROR, __file__, 1, "lookup of %s", (number,),
            sys.exc_info(),
        )  # fmt: skip
    assert handler.filter(failed)
    line = json.loads(handler.format(failed))
    assert (line["level"], line["logger"]) == ("error", "accountledger.x")
    assert line["message"] == "lookup of [redacted]"
    assert "ValueError: no such subject [redacted]" in line["exception"]
    fields = {"request_id": "r-1", "route": "/healthz", "status": 200}
    request = logging.LogRecord("accountledger.requests", logging.INFO, "", 1, "", None, None)
    request.fields = fields
    assert json.loads(handler.format(request)) == {
        "level": "info", "logger": "accountledger.requests", **fields
    }  # fmt: skip
