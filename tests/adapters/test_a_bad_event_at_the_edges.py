"""With an event in the store that the read models cannot take (as an earlier main let
one in), the edges go on working: reads answer from the read models as they stood,
writes are recorded and answered, and `rebuild` stops in one line naming the event and
leaves the read models as before (issue 15 point 1; R13, R16, R18)."""

from __future__ import annotations

from uuid import UUID

import pytest

from accountledger.adapters.bootstrap import Settings
from accountledger.domain.act import Act, Role
from accountledger.projections.view import ReadStore
from tests.adapters.cli_runner import as_json, cli_at_now
from tests.adapters.test_http import GROUNDS, NOW, Api
from tests.projections.test_a_bad_event_in_the_store import inject_overflowing_expiry

TABLES = ("account_status", "disposal_register")


def _rows(store: Settings) -> dict[str, list[dict[str, object]]]:
    url = "sqlite://" if store.store.startswith("memory") else store.store
    view = ReadStore(url)
    try:
        return {table: view.rows(table) for table in TABLES}
    finally:
        view.close()


def _moderator() -> Act:
    return Act(actor_id="m-9", actor_role=Role.MODERATOR, occurred_at=NOW, **GROUNDS)


def test_over_http_reads_and_writes_go_on_and_a_rebuild_is_a_503_naming_the_event(
    api: Api, store: Settings
) -> None:
    """R13, R18 (2021 Art 19, 2021 Art 21): after a bad event, `/disposals`, `/appeals`
    and `/complaints` answer 200, a warning is recorded and answered 200 (it was 500
    though committed), and `POST /projections/rebuild` is 503 problem+json naming the
    notification; the read models are as before it."""
    account = api.active_account()
    assert api.post(f"/accounts/{account}/warn", GROUNDS, "moderator").status_code == 200
    api.post("/projections/catch-up", {}, "compliance")
    before = _rows(store)
    ledger = api.client.app.state.service.ledger  # type: ignore[attr-defined]
    bad = inject_overflowing_expiry(ledger, UUID(account), _moderator())
    for path in ("/disposals", "/appeals", "/complaints"):
        assert api.get(path, "regulator").status_code == 200, path
    events = len(api.history(account))
    warned = api.post(f"/accounts/{account}/warn", GROUNDS, "moderator")
    assert warned.status_code == 200, warned.json()
    assert len(api.history(account)) > events
    kept = _rows(store)
    rebuilt = api.post("/projections/rebuild", {}, "compliance")
    assert rebuilt.status_code == 503
    assert rebuilt.headers["content-type"] == "application/problem+json"
    assert rebuilt.json()["rule"] == "projection-stalled"
    assert f"notification {bad}" in rebuilt.json()["detail"]
    assert _rows(store) == kept
    assert kept["disposal_register"] == before["disposal_register"]


def test_the_cli_answers_reads_and_rebuild_exits_9_in_one_line(
    store: Settings, monkeypatch: pytest.MonkeyPatch, api: Api
) -> None:
    """R16, R18 (2021 Art 19, 2021 Art 21): `disposals` answers (with a warning), and
    `rebuild` exits 9 in one line naming the notification and its topic, leaving the
    read models as they were (account_status was left empty before issue 15)."""
    account = api.active_account()
    run = cli_at_now(store, monkeypatch)
    run("project")
    before = _rows(store)
    ledger = api.client.app.state.service.ledger  # type: ignore[attr-defined]
    bad = inject_overflowing_expiry(ledger, UUID(account), _moderator())
    answered = run("disposals", "--json")
    assert as_json(answered)["count"] == len(before["disposal_register"])
    assert f"notification {bad}" in answered.stderr
    stopped = run("rebuild", "--json", code=9)
    refusal = as_json(stopped)
    assert (refusal["rule"], refusal["notification_id"]) == ("projection-stalled", bad)
    assert "FunctionsRestricted" in refusal["topic"]
    assert _rows(store) == before
    assert run("project", code=9).stderr.count("\n") == 1
