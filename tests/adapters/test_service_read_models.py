"""The service's read models: one read store and one projection for its life, a write
never waiting for them, and every read holding every write made before it (issue 16
point 6; R13, R18)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app
from accountledger.adapters.http.service import Service
from accountledger.application.commands import Warn
from accountledger.domain.act import Role
from accountledger.projections import queries, view
from accountledger.projections.view import ReadStore
from tests.adapters.test_http import GROUNDS, NOW, Api
from tests.application.helpers import Desk


def _records(service: Service, account: str) -> list[str]:
    rows = service.read(lambda view: queries.disposals(view, account=account))
    return [str(row["record_id"]) for row in rows]


def test_a_caller_reads_its_own_write_at_once(api: Api) -> None:
    """R13, R18: a warning answered 200 is in the disposal register the next read
    returns, on both stores, though the write did not wait for the read models."""
    account = api.active_account()
    for _ in range(3):
        warned = api.post(f"/accounts/{account}/warn", GROUNDS, "moderator")
        assert warned.status_code == 200, warned.json()
        records = warned.json()["records"]
        listed = api.get(f"/disposals?account={account}", "regulator").json()["records"]
        assert records[0] in [row["record_id"] for row in listed]


def test_one_read_store_serves_every_request(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    """A request opens no read store of its own (no engines, no schema check): the
    service's one projection answers them all."""
    opened: list[str] = []
    made = view.ReadStore

    def counted(url: str) -> ReadStore:
        opened.append(url)
        return made(url)

    monkeypatch.setattr(view, "ReadStore", counted)
    account = api.active_account()
    for _ in range(3):
        assert api.post(f"/accounts/{account}/warn", GROUNDS, "moderator").status_code == 200
        assert api.get("/disposals", "regulator").status_code == 200
        assert api.get("/appeals", "regulator").status_code == 200
    assert len(opened) <= 1  # none if the service's read store was opened before


def test_the_read_models_follow_writes_without_a_read(tmp_path: Any) -> None:
    """Embedded mode: with the app running, the read models on disk take a write without
    any read asking for it (another process reading the file finds it there)."""
    store = Settings(store=f"sqlite:///{tmp_path / 'ledger.db'}")
    app = create_app(store, clock=lambda: NOW)
    with TestClient(app) as client:
        api = Api(client, app.state.service.keys, [NOW])
        account = api.active_account()
        warned = api.post(f"/accounts/{account}/warn", GROUNDS, "moderator")
        record = warned.json()["records"][0]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            view = ReadStore(store.store)
            try:
                found = [row["record_id"] for row in view.rows("disposal_register")]
            finally:
                view.close()
            if record in found:
                break
            time.sleep(0.05)
        assert record in found


@pytest.fixture
def service(store: Settings) -> Iterator[Service]:
    running = Service(store, lambda: NOW + timedelta(minutes=5))
    running.follow()
    try:
        yield running
    finally:
        running.close()


def test_threads_writing_and_reading_each_read_their_own_writes(service: Service) -> None:
    """R13: four threads of one service, each warning accounts of its own and reading the
    register straight after: every read holds the thread's every earlier record."""
    driver = Desk(service.ledger)
    accounts = [driver.active(f"Thread account {serial}", serial) for serial in range(4)]
    moderator = driver.act(Role.MODERATOR, **GROUNDS)
    failures: list[str] = []

    def writer(account: UUID) -> None:
        mine: list[str] = []
        for _ in range(5):
            recorded = service.ledger.handle(Warn(account_id=account), moderator)
            service.keep_current()
            mine += recorded.records
            missing = set(mine) - set(_records(service, str(account)))
            if missing:
                failures.append(f"{account}: {sorted(missing)} not read back")

    threads = [threading.Thread(target=writer, args=(a,)) for a in accounts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures
    assert sum(len(_records(service, str(a))) for a in accounts) == 20
