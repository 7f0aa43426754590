"""The feed for the platform's enforcement systems (issue 14 point 6): R12 measures and
their lifts, R15 reversals, R10 reinstatements, R3 name changes, as positioned records
without personal information (R17). Articles: 2021 Art 19 (measures), 2022 Art 15 (the
platform acts on accounts), 2022 Art 16 (personal information)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any
from uuid import UUID

import pytest

from accountledger.application.feed import MAX_LIMIT
from accountledger.application.scope import Scope
from accountledger.domain.account import Account
from accountledger.domain.feed_effects import FEED_EFFECTS
from tests.adapters.test_http import GROUNDS, REGISTRATION, Api
from tests.application.helpers import id_card

NUMBER = id_card(7)
PERSON = {**REGISTRATION, "identity_kind": "id_card", "identity_number": NUMBER}
CONSUMER = Path(__file__).parents[2] / "examples" / "feed_consumer.py"


def _story(api: Api) -> str:
    """An account verified, restricted, its avatar and name changed, a function lifted."""
    created = api.post("/accounts", PERSON, "platform")
    assert created.status_code == 201, created.json()
    account = str(created.json()["account_id"])
    assert api.post(f"/accounts/{account}/verify-identity", {}, "platform").status_code == 200
    restrict = {**GROUNDS, "functions": ["comment", "live"], "until": "2026-04-01T00:00:00Z"}
    assert api.post(f"/accounts/{account}/restrict", restrict, "moderator").status_code == 200
    # An avatar change is no business of the feed; a name change is.
    avatar = {"value": "blue-sky-2"}
    assert api.post(f"/accounts/{account}/change-avatar", avatar, "platform").status_code == 200
    renamed = api.post(f"/accounts/{account}/change-name", {"value": "Clear Sky Notes"}, "platform")
    assert renamed.status_code == 200, renamed.json()
    lift = {"functions": ["live"]}
    assert api.post(f"/accounts/{account}/lift-restriction", lift, "moderator").status_code == 200
    return account


def _feed(api: Api, after: Any = 0, role: str = "platform", **params: Any) -> Any:
    return api.client.get("/feed", params={"after": after, **params}, headers=api.key(role))


def test_feed_catalogue_names_only_account_events_the_lifecycle_records() -> None:
    """R12, 2021 Art 19: every catalogued event is an event of the account (its topic is
    pinned), so the catalogue cannot name an event nothing records."""
    for name in FEED_EFFECTS:
        assert f"accountledger:Account.{name}" == getattr(Account, name).TOPIC


def test_feed_pages_measures_lifts_and_name_changes_with_positions(api: Api) -> None:
    """R12, R3 (2021 Art 19, 2022 Art 15): each record names its position, account, event,
    effect and status after; `next` resumes; the avatar change is left out."""
    account = _story(api)
    page = _feed(api)
    assert page.status_code == 200, page.json()
    body = page.json()
    events = [(r["event"], r["effect"]) for r in body["records"]]
    assert events == [
        ("IdentityVerified", {"in_service": True}),
        (
            "FunctionsRestricted",
            {"restricted": ["comment", "live"], "until": "2026-04-01T00:00:00+00:00"},
        ),
        ("ProfileChanged", {"name": "Clear Sky Notes"}),
        ("RestrictionLifted", {"lifted": ["live"]}),
    ]
    positions = [r["position"] for r in body["records"]]
    assert positions == sorted(positions) and body["next"] == positions[-1]
    assert {r["account_id"] for r in body["records"]} == {account}
    assert body["records"][1]["status"] == "active"
    assert body["records"][1]["record_id"] == f"{account}/3"
    # Resuming after a position gives only what followed it.
    later = _feed(api, after=positions[1]).json()
    assert [r["position"] for r in later["records"]] == positions[2:]
    # A page is bounded; `next` is where the next page starts.
    first = _feed(api, limit=1).json()
    assert [r["position"] for r in first["records"]] == positions[:1]
    assert first["next"] == positions[0]
    # Nothing new: no records and `next` stays where it was.
    assert _feed(api, after=body["next"]).json() == {
        "after": body["next"],
        "records": [],
        "next": body["next"],
    }


def test_feed_carries_closure_and_no_personal_information(api: Api) -> None:
    """R17 (2022 Art 16): no identity number, subject reference or sealed blob is in the
    feed; a closure (R12, 2021 Art 19) takes the account out of service."""
    account = _story(api)
    assert api.post(f"/accounts/{account}/close", GROUNDS, "moderator").status_code == 200
    text = _feed(api).text
    closed = json.loads(text)["records"][-1]
    assert (closed["event"], closed["status"], closed["effect"]) == (
        "Closed",
        "closed",
        {"in_service": False},
    )
    service = api.client.app.state.service  # type: ignore[attr-defined]
    held = service.ledger.account(UUID(account))
    assert NUMBER not in text
    assert held.subject_ref not in text and held.sealed_identity not in text
    assert GROUNDS["reason"] not in text


@pytest.mark.parametrize("after", ["-1", "abc", "1.5", "１２"])
def test_feed_refuses_a_position_that_is_not_a_non_negative_integer(api: Api, after: str) -> None:
    """R13 input bounds (2022 Art 15): a bad `after` is problem+json 422 naming it."""
    refused = _feed(api, after=after)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["field"] == "after"


def test_feed_page_size_is_bounded(api: Api) -> None:
    """R13 input bounds (2022 Art 15): `limit` above the bound is refused."""
    refused = _feed(api, limit=MAX_LIMIT + 1)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("platform", 200),
        ("system", 200),
        ("compliance", 200),
        ("moderator", 403),
        ("operator", 403),
        ("regulator", 403),
    ],
)
def test_feed_is_read_by_platform_system_and_compliance_only(
    api: Api, role: str, status: int
) -> None:
    """R13, R17 (2022 Art 16): the feed is for the platform's systems; other roles get 403
    and a caller without a key 401."""
    assert _feed(api, role=role).status_code == status
    assert api.client.get("/feed").status_code == 401


def test_feed_stream_sends_positions_as_event_ids_and_resumes(api: Api) -> None:
    """R12 (2021 Art 19): the server-sent-events stream gives each record with `id:` its
    position; `Last-Event-ID` resumes after it."""
    _story(api)
    positions = [r["position"] for r in _feed(api).json()["records"]]
    headers = api.key("system")
    with api.client.stream(
        "GET", "/feed/stream", params={"max_seconds": 0.5}, headers=headers
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        text = "".join(response.iter_text())
    ids = [int(line[4:]) for line in text.splitlines() if line.startswith("id: ")]
    assert ids == positions
    data = [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]
    assert [d["position"] for d in data] == positions
    resumed = {**headers, "Last-Event-ID": str(positions[1])}
    with api.client.stream(
        "GET", "/feed/stream", params={"max_seconds": 0.5}, headers=resumed
    ) as response:
        text = "".join(response.iter_text())
    assert [int(x[4:]) for x in text.splitlines() if x.startswith("id: ")] == positions[2:]


def _consumer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("feed_consumer", CONSUMER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_consumer_applies_the_feed_and_resumes_where_it_stopped(
    api: Api, tmp_path: Path
) -> None:
    """R12, R15 (2021 Arts 19, 20): the documented consumer (examples/feed_consumer.py)
    applies restrictions to its own table, stores its position, and on a second run
    applies only what happened since."""
    consumer = _consumer()
    account = _story(api)
    _, key = api.keys.create("system", "enforcement")
    state_file = tmp_path / "feed-state.json"
    assert consumer.consume(api.client, "", key, state_file, limit=2) == 4
    state = json.loads(state_file.read_text())
    seen = state["accounts"][account]
    assert seen["restricted"] == {"comment": "2026-04-01T00:00:00+00:00"}
    assert seen["name"] == "Clear Sky Notes" and seen["status"] == "active"
    position = state["position"]
    # Nothing new: a second run applies nothing and keeps its position.
    assert consumer.consume(api.client, "", key, state_file) == 0
    assert json.loads(state_file.read_text())["position"] == position
    # The account is closed; the third run applies that one record only.
    assert api.post(f"/accounts/{account}/close", GROUNDS, "moderator").status_code == 200
    assert consumer.consume(api.client, "", key, state_file) == 1
    state = json.loads(state_file.read_text())
    assert state["position"] > position
    assert state["accounts"][account]["in_service"] is False
    assert state["accounts"][account]["status"] == "closed"
    assert NUMBER not in state_file.read_text()


def test_feed_is_refused_to_a_key_bound_to_some_accounts(api: Api) -> None:
    """R13, R17 (2021 Art 20; 2022 Art 16): the feed covers every account, so a key bound
    to named accounts gets 403 even for a role that may read it."""
    account = _story(api)
    _, secret = api.keys.create("platform", "shop-1", scope=Scope(accounts=frozenset({account})))
    refused = api.client.get("/feed", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 403
    assert refused.json()["rule"] == "scope"
