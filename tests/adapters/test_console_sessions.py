"""R17 (2022 Art 16), R18 (2021 Art 21): the console's cookie names a server-side session
with an expiry, never the API key; it is Secure over HTTPS; signing out needs the
session's own token and ends the session in the key store."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app
from accountledger.adapters.http.console import COOKIE
from accountledger.adapters.http.console_language import IN_ENGLISH
from accountledger.adapters.http.sessions import SESSION_LIFE

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> list[datetime]:
    return [NOW]


@pytest.fixture
def app(tmp_path: Path, clock: list[datetime]) -> FastAPI:
    return create_app(Settings(store=f"sqlite:///{tmp_path / 'l.db'}"), clock=lambda: clock[0])


def _secret(app: FastAPI, role: str = "auditor") -> str:
    return str(app.state.service.keys.create(role, f"{role}-1", now=NOW)[1])


def _signed_in(client: TestClient, secret: str) -> str:
    signed = client.post("/console/sign-in", data={"key": secret}, follow_redirects=False)
    assert signed.status_code == 303, signed.text
    return str(signed.headers["set-cookie"])


def _sign_out_token(client: TestClient) -> str:
    page = client.get("/console/search", follow_redirects=False)
    assert page.status_code == 200
    found = re.search(r'name="sign_out" value="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)


def _cookie_value(header: str) -> str:
    return header.split(";")[0].split("=", 1)[1]


def test_the_cookie_holds_a_session_id_with_an_expiry_never_the_key(app: FastAPI) -> None:
    """R17 (2022 Art 16): a copied cookie does not reveal the API key; it says how long it
    lives, is HttpOnly and SameSite=Strict, and not Secure over plain HTTP."""
    secret = _secret(app)
    with TestClient(app, cookies=IN_ENGLISH) as client:
        header = _signed_in(client, secret)
    value = _cookie_value(header)
    assert secret not in header and secret[4:] not in header
    assert len(value) >= 40 and value != secret
    assert f"Max-Age={int(SESSION_LIFE.total_seconds())}" in header
    assert "HttpOnly" in header and "samesite=strict" in header.lower()
    assert "Secure" not in header


def test_the_cookie_is_secure_over_https_and_behind_a_trusted_proxy(app: FastAPI) -> None:
    """R17 (2022 Art 16): over HTTPS, directly or through a proxy that says so in
    X-Forwarded-Proto (trusted as `serve` trusts it, uvicorn's FORWARDED_ALLOW_IPS), the
    cookie is never sent back over plain HTTP."""
    with TestClient(app, base_url="https://testserver", cookies=IN_ENGLISH) as client:
        assert "Secure" in _signed_in(client, _secret(app))
    behind = ProxyHeadersMiddleware(app, trusted_hosts="*")
    with TestClient(behind, cookies=IN_ENGLISH) as client:  # type: ignore[arg-type]
        answer = client.post(
            "/console/sign-in",
            data={"key": _secret(app, "platform")},
            headers={"X-Forwarded-Proto": "https"},
            follow_redirects=False,
        )
    assert answer.status_code == 303 and "Secure" in answer.headers["set-cookie"]


def test_a_session_ends_by_itself_after_its_life(app: FastAPI, clock: list[datetime]) -> None:
    """R17 (2022 Art 16): the server refuses a session past its expiry, whatever the
    browser keeps; by the recording clock, never the browser's."""
    with TestClient(app, cookies=IN_ENGLISH) as client:
        _signed_in(client, _secret(app))
        clock[0] = NOW + SESSION_LIFE - timedelta(seconds=1)
        assert client.get("/console/search", follow_redirects=False).status_code == 200
        clock[0] = NOW + SESSION_LIFE
        ended = client.get("/console/search", follow_redirects=False)
        assert ended.status_code == 303 and ended.headers["location"] == "/console/sign-in"


def test_a_cross_site_or_tokenless_sign_out_changes_nothing(app: FastAPI) -> None:
    """R17 (2022 Art 16): another site cannot sign a person out: a POST from another
    origin, or without the session's sign-out token, is refused and the session lives on."""
    with TestClient(app, cookies=IN_ENGLISH) as client:
        _signed_in(client, _secret(app))
        token = _sign_out_token(client)
        forged = client.post(
            "/console/sign-out",
            data={"sign_out": token},
            headers={"Origin": "https://evil.example"},
            follow_redirects=False,
        )
        assert forged.status_code == 403
        tokenless = client.post("/console/sign-out", data={}, follow_redirects=False)
        assert tokenless.status_code == 403
        wrong = client.post("/console/sign-out", data={"sign_out": "x"}, follow_redirects=False)
        assert wrong.status_code == 403
        assert client.get("/console/search", follow_redirects=False).status_code == 200


def test_signing_out_ends_the_session_so_a_copied_cookie_opens_nothing(app: FastAPI) -> None:
    """R17 (2022 Art 16): after sign-out the session is gone from the key store: the same
    cookie value, replayed, is sent to sign in."""
    with TestClient(app, cookies=IN_ENGLISH) as client:
        copied = _cookie_value(_signed_in(client, _secret(app)))
        out = client.post(
            "/console/sign-out", data={"sign_out": _sign_out_token(client)}, follow_redirects=False
        )
        assert out.status_code == 303 and out.headers["location"] == "/console/sign-in"
        assert f'{COOKIE}=""' in out.headers["set-cookie"]
    # A restarted service: the session is gone for good.
    with TestClient(app, cookies=IN_ENGLISH) as thief:
        thief.cookies.set(COOKIE, copied, path="/console")
        replayed = thief.get("/console/search", follow_redirects=False)
        assert replayed.status_code == 303 and replayed.headers["location"] == "/console/sign-in"


def test_rotating_the_key_ends_its_console_sessions(app: FastAPI) -> None:
    """R17 (2022 Art 16): a session rests on the key's secret at sign-in: once the key is
    rotated, the session opens nothing."""
    keys = app.state.service.keys
    key_id, secret = keys.create("auditor", "au-1", now=NOW)
    with TestClient(app, cookies=IN_ENGLISH) as client:
        _signed_in(client, secret)
        keys.rotate(key_id, now=NOW)
        assert client.get("/console/search", follow_redirects=False).status_code == 303
