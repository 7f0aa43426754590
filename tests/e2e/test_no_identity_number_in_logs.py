"""End to end: no identity number in any URL the service answers by, any log line it
writes or any row it keeps (R17, R18; 2022 Art 16).

A real `accountledger serve` is driven over HTTP (registrations by resident identity
card, passport and USCC, each with a mobile number; inquiries by number in a POST body,
by ref in a URL, and a client that still puts numbers in URLs), then the CLI inquires
about the same subject with personal information. Afterwards the server's whole output
(uvicorn's error log and the service's JSON request lines), the event store and read
models (SQLite file bytes, every PostgreSQL row), the key store and its access log are
searched for every number used: none is there in clear.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.keys import KeyStore
from accountledger.adapters.inputs import id_card_check, uscc_check
from tests.adapters.cli_runner import Run, as_json, cli_at_now

EXE = str(Path(sys.executable).with_name("accountledger"))
ID_CARD = "11010519491231002" + id_card_check("11010519491231002")
USCC = "91350100M000100Y4" + uscc_check("91350100M000100Y4")
PASSPORT = "E12345678"
MOBILE = "13912345678"
REPRESENTATIVE = "32010619800101001" + id_card_check("32010619800101001")
NUMBERS = (ID_CARD, USCC, PASSPORT, MOBILE, REPRESENTATIVE)
PLACES = {"registration_place": "Beijing", "operating_place": "Beijing", "content_category": "news"}


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(store: Settings, tmp_path: Path) -> Iterator[tuple[httpx.Client, Path]]:
    """`accountledger serve` on the store; yields a client and the file of its output."""
    port = _port()
    log = tmp_path / "server.log"
    env = {
        **os.environ,
        "ACCOUNTLEDGER_STORE": store.store,
        "ACCOUNTLEDGER_KEYSTORE": store.keystore or "",
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [EXE, "serve", "--port", str(port)], stdout=out, stderr=subprocess.STDOUT, env=env
        )
    try:
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
        for _ in range(300):
            try:
                client.get("/openapi.json")
                break
            except httpx.TransportError:
                assert process.poll() is None, log.read_text()
                time.sleep(0.1)
        yield client, log
        client.close()
    finally:
        process.terminate()
        process.wait(timeout=30)


def _key(store: Settings, role: str) -> dict[str, str]:
    keys = KeyStore(store.keystore or "")
    try:
        _, secret = keys.create(role, f"{role}-1")
    finally:
        keys.close()
    return {"Authorization": f"Bearer {secret}"}


def _register(client: httpx.Client, platform: dict[str, str], body: dict[str, Any]) -> str:
    created = client.post("/accounts", json=body | PLACES, headers=platform)
    assert created.status_code == 201, created.text
    return str(created.json()["account_id"])


def _stored_text(store: Settings, tmp_path: Path) -> bytes:
    """Every byte of every SQLite file under the test's directory, and, on PostgreSQL,
    every row of every table of the store's database as text."""
    found = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    if store.store.startswith("postgresql"):
        import psycopg

        url = store.store.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(url) as connection:
            tables = connection.execute(
                "SELECT table_schema, table_name FROM information_schema.tables "
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            ).fetchall()
            assert tables
            for schema, table in tables:
                rows = connection.execute(f'SELECT t::text FROM "{schema}"."{table}" t')
                found += "\n".join(row[0] for row in rows).encode()
    return found


def test_a_flow_over_http_and_the_cli_leaves_no_identity_number_in_clear(
    store: Settings,
    server: tuple[httpx.Client, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """R17, R18 (2022 Art 16): after registrations, inquiries by body, by ref and by
    numbers a client put in URLs, over HTTP and the CLI, no identity number is in the
    server's log, the store, the read models, the key store or the access log; the
    access log names the subject by its ref."""
    client, log = server
    platform, regulator = _key(store, "platform"), _key(store, "regulator")
    compliance = _key(store, "compliance")
    by_card = _register(
        client,
        platform,
        {"name": "Blue Sky Notes", "identity_kind": "id_card", "identity_number": ID_CARD}
        | {"nature": "individual", "mobile": MOBILE},
    )
    _register(
        client,
        platform,
        {"name": "Harbour Walks", "identity_kind": "passport", "identity_number": PASSPORT}
        | {"nature": "individual", "mobile": MOBILE},
    )
    _register(
        client,
        platform,
        {"name": "Lake Design Co", "identity_kind": "uscc", "identity_number": USCC}
        | {"nature": "enterprise", "main_business": "design"}
        | {"representative_kind": "id_card", "representative_number": REPRESENTATIVE},
    )

    posted = client.post(
        "/subjects/inquiry",
        json={"identity_kind": "id_card", "identity_number": ID_CARD},
        headers=regulator,
    )
    assert posted.status_code == 200, posted.text
    inquiry = posted.json()["inquiry"]
    assert [entry["account_id"] for entry in inquiry["accounts"]] == [by_card]
    ref = inquiry["subject_ref"]
    by_ref = client.get(f"/subjects/{ref}/inquiry", headers=regulator)
    assert by_ref.status_code == 200, by_ref.text
    assert [entry["account_id"] for entry in by_ref.json()["inquiry"]["accounts"]] == [by_card]

    # A client that still puts numbers in URLs: refused, or served, never logged.
    for kind, number in (("id_card", ID_CARD), ("passport", PASSPORT), ("uscc", USCC)):
        refused = client.get(f"/subjects/{kind}:{number}/inquiry", headers=regulator)
        assert refused.status_code == 400, refused.text
        assert refused.json()["rule"] == "identity-in-url"
    listed = client.get(f"/disposals?subject=id_card:{ID_CARD}", headers=regulator)
    assert listed.status_code == 200, listed.text
    # A parameter the operation does not take is refused without echoing its value.
    stray = client.get(f"/disposals?subject=id_card:{ID_CARD}&q={MOBILE}", headers=regulator)
    assert (stray.status_code, stray.json()["field"]) == (422, "q"), stray.text
    assert MOBILE not in stray.text and ID_CARD not in stray.text
    assert client.get(f"/accounts/{by_card}/identity", headers=compliance).status_code == 200

    run: Run = cli_at_now(store, monkeypatch)
    shown = run(
        *("inquiry", "--subject", f"id_card:{ID_CARD}", "--with-personal-information"),
        *("--actor", "c-1:compliance", "--json"),
    )
    assert as_json(shown)["inquiry"]["subject_ref"] == ref

    client.close()
    server_log = log.read_text()
    # One JSON line per request (request_log.py): the route template, never the path.
    assert '"method": "POST", "route": "/subjects/inquiry", "status": 200' in server_log
    assert '"route": "/subjects/{subject}/inquiry", "status": 400' in server_log
    stored = _stored_text(store, tmp_path)
    for number in NUMBERS:
        assert number not in server_log, number
        assert number.encode() not in stored, number

    keys = KeyStore(store.keystore or "")
    try:
        paths = [row["path"] for row in keys.accesses()]
    finally:
        keys.close()
    assert f"/subjects/{ref}/inquiry" in paths
    assert not any(number in path for path in paths for number in NUMBERS)
    if store.store.startswith("sqlite"):
        dump = "\n".join(sqlite3.connect(tmp_path / "keys.db").iterdump())
        assert ref in dump and ID_CARD not in dump
