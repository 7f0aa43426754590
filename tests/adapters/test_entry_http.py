"""Every HTTP write names the key that entered it, never its secret (R13, R17; 2021 Art 20:
an accountable record of each decision)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app

REGISTRATION = {
    "name": "Lantern Harbour",
    "identity_kind": "mobile",
    "identity_number": "13800138001",
    "nature": "individual",
    "registration_place": "Beijing",
    "operating_place": "Beijing",
    "content_category": "news",
}
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_an_http_write_records_the_keys_id_beside_its_actor(store: Settings) -> None:
    """R13, R17, 2021-20: the event's act carries the key id; the secret is nowhere in it."""
    app = create_app(store, clock=lambda: NOW)
    with TestClient(app) as client:
        key_id, secret = app.state.service.keys.create("platform", "svc-http")
        headers = {"Authorization": f"Bearer {secret}"}
        created = client.post("/accounts", json=REGISTRATION, headers=headers)
        assert created.status_code == 201, created.json()
        account = created.json()["account_id"]
        history = client.get(f"/accounts/{account}/history", headers=headers).json()
    [registered] = history["events"]
    assert (registered["actor_id"], registered["actor_role"]) == ("svc-http", "platform")
    assert registered["entered_by"] == {"key_id": key_id}
    assert secret not in json.dumps(history)
