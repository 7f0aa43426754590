"""R12, R15 (2021 Art 8 ¶2, Art 20; 2022 Art 15): the notifications' edges. `accountledger
deliver` delivers to the webhook the settings name and is refused without one;
`accountledger notifications` and `GET /notifications` show each notification's delivery
status to the roles that answer for telling people; `serve` delivers on a thread of its
own. On SQLite and PostgreSQL, against a real local HTTP receiver."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from accountledger.adapters import cli_notifications  # noqa: F401  (adds its commands)
from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.adapters.delivery import DeliveryThread
from accountledger.adapters.http.app import create_app
from accountledger.adapters.http.console_language import IN_ENGLISH
from accountledger.application.commands import Warn
from accountledger.domain.act import Role
from tests.adapters.cli_runner import cli_at_now
from tests.adapters.receiver import receiver
from tests.application.helpers import GROUNDS, Desk

SECRET = "edge-secret"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def warned(store: Settings, name: str = "Edge Garden") -> str:
    ledger = open_ledger(store)
    try:
        desk = Desk(ledger)
        account = desk.active(name)
        desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
        return str(account)
    finally:
        ledger.close()


def test_deliver_sends_to_the_webhook_and_notifications_shows_it_delivered(
    store: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2021 Art 20: `deliver` once sends the warning's notice; `notifications` lists it
    with its status, `--status` filters; an unknown status is refused (exit 2)."""
    account = warned(store)
    run = cli_at_now(store, monkeypatch)
    listed = json.loads(run("notifications", "--json").output)
    assert [(r["kind"], r["status"], r["account_id"]) for r in listed["notifications"]] == [
        ("measure", "pending", account)
    ]
    with receiver(fail=1) as hook:
        monkeypatch.setenv("ACCOUNTLEDGER_WEBHOOK_URL", hook.url)
        monkeypatch.setenv("ACCOUNTLEDGER_WEBHOOK_SECRET", SECRET)
        first = json.loads(run("deliver", "--json").output)
        assert (first["failed"], first["delivered"], first["now_pending"]) == (1, 0, 1)
        failed = json.loads(run("notifications", "--status", "pending", "--json").output)
        assert failed["notifications"][0]["last_error"] == "HTTP 503"
        assert failed["notifications"][0]["tries"] == 1
    assert len(hook.refused) == 1 and not hook.received
    assert json.loads(run("notifications", "--status", "delivered", "--json").output)["count"] == 0
    run("notifications", "--status", "lost", code=2)


def test_deliver_without_a_webhook_is_refused(
    store: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2021 Art 20: without ACCOUNTLEDGER_WEBHOOK_URL and _SECRET nothing is sent and the
    refusal names the settings (exit 2)."""
    monkeypatch.delenv("ACCOUNTLEDGER_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("ACCOUNTLEDGER_WEBHOOK_SECRET", raising=False)
    run = cli_at_now(store, monkeypatch)
    refused = run("deliver", code=2)
    assert "ACCOUNTLEDGER_WEBHOOK_URL" in refused.output and "webhook-settings" in refused.output


def test_the_api_lists_notifications_to_compliance_and_the_platform_only(store: Settings) -> None:
    """2021 Art 20: `GET /notifications` for compliance and the platform, with each
    notification's payload and delivery status; a moderator gets 403."""
    account = warned(store)
    app = create_app(store, clock=lambda: NOW)
    keys = app.state.service.keys
    with TestClient(app) as client:
        for role in ("compliance", "platform"):
            _, secret = keys.create(role, f"{role}-1")
            found = client.get(
                "/notifications", headers={"Authorization": f"Bearer {secret}"}
            ).json()
            assert found["count"] == 1
            (row,) = found["notifications"]
            assert (row["status"], row["payload"]["account_id"]) == ("pending", account)
        _, secret = keys.create("moderator", "mod-1")
        refused = client.get("/notifications", headers={"Authorization": f"Bearer {secret}"})
        assert refused.status_code == 403 and refused.json()["rule"] == "role"
        _, secret = keys.create("compliance", "compliance-2")
        bad = client.get(
            "/notifications?status=lost", headers={"Authorization": f"Bearer {secret}"}
        )
        assert bad.status_code == 422


def test_the_service_delivers_on_a_thread_of_its_own(store: Settings) -> None:
    """2021 Art 20: with a webhook set, `serve`'s app delivers what is owed by itself; the
    receiver checks the signature against the shared secret."""
    warned(store)
    with receiver() as hook:
        settings = replace(store, webhook_url=hook.url, webhook_secret=SECRET)
        app = create_app(settings, clock=lambda: NOW, deliver_automatically=True)
        delivery = app.state.delivery
        assert isinstance(delivery, DeliveryThread)
        with TestClient(app):
            assert delivery.ticked.wait(timeout=60)
        (got,) = hook.received
    expected = "sha256=" + hmac.new(SECRET.encode(), got.body, hashlib.sha256).hexdigest()
    assert got.signature == expected
    assert create_app(store, deliver_automatically=True).state.delivery is None  # no URL


def test_the_console_shows_each_notification_and_its_status_to_compliance(
    store: Settings,
) -> None:
    """2021 Art 20: the console's notifications page lists each notification with its
    delivery status and counts, and links it from the navigation for compliance; a
    moderator is refused (403) and sees no link."""
    account = warned(store)
    app = create_app(store, clock=lambda: NOW)
    keys = app.state.service.keys
    with TestClient(app, cookies=IN_ENGLISH) as client:
        _, secret = keys.create("compliance", "compliance-1")
        client.post("/console/sign-in", data={"key": secret}, follow_redirects=False)
        shown = client.get("/console/notifications")
        assert shown.status_code == 200
        assert 'href="/console/notifications" aria-current="page"' in shown.text
        assert 'data-status="pending"' in shown.text and account in shown.text
        assert "pending: 1" in shown.text and "delivered: 0" in shown.text
        none = client.get("/console/notifications", params={"status": "dead"})
        assert 'id="no-notifications"' in none.text
        _, secret = keys.create("moderator", "mod-1")
        client.post("/console/sign-in", data={"key": secret}, follow_redirects=False)
        refused = client.get("/console/notifications")
        assert refused.status_code == 403 and "may not read notifications" in refused.text
        assert 'href="/console/notifications"' not in client.get("/console/search").text
