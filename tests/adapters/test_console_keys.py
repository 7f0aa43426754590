"""R13, R17, R18 (2022 Art 16): the console signs in only keys without a scope (its pages
show the whole register), and a key revoked or expired after sign-in is sent back to
sign-in on its next page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app
from accountledger.adapters.http.console import COOKIE
from accountledger.adapters.http.console_language import IN_ENGLISH
from accountledger.application.scope import Scope

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ACCOUNT = "7d9a3c52-4b8e-4f0e-9d43-0c2f1a6b9e11"


def test_a_scoped_key_does_not_sign_in_to_the_console(tmp_path: Path) -> None:
    """R13 (2021 Art 11): an operator never sees another subject's accounts in the console."""
    clock = [NOW]
    app = create_app(Settings(store=f"sqlite:///{tmp_path / 'l.db'}"), clock=lambda: clock[0])
    with TestClient(app, cookies=IN_ENGLISH) as client:
        keys = app.state.service.keys
        _, scoped = keys.create("operator", "op-1", scope=Scope(accounts=frozenset({ACCOUNT})))
        refused = client.post("/console/sign-in", data={"key": scoped}, follow_redirects=False)
        assert refused.status_code == 403 and "rule: scope" in refused.text
        assert COOKIE not in refused.headers.get("set-cookie", "")
        key_id, secret = keys.create("auditor", "au-1", expires=NOW + timedelta(hours=1), now=NOW)
        signed = client.post("/console/sign-in", data={"key": secret}, follow_redirects=False)
        assert signed.status_code == 303
        assert client.get("/console/search", follow_redirects=False).status_code == 200
        clock[0] = NOW + timedelta(hours=1)  # the recording clock reaches the expiry
        expired = client.get("/console/search", follow_redirects=False)
        assert expired.status_code == 303 and expired.headers["location"] == "/console/sign-in"
        again = client.post("/console/sign-in", data={"key": secret}, follow_redirects=False)
        assert again.status_code == 401 and "expired" in again.text
        clock[0] = NOW
        keys.revoke(key_id, NOW)
        revoked = client.post("/console/sign-in", data={"key": secret}, follow_redirects=False)
        assert revoked.status_code == 401 and "revoked" in revoked.text
