"""Fixtures the adapter tests share: the HTTP service on the store under test, with the
recording clock held by the test (no test depends on the day it runs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app
from tests.adapters.test_http import NOW, Api


@pytest.fixture
def api(store: Settings) -> Iterator[Api]:
    clock = [NOW]
    app = create_app(store, clock=lambda: clock[0])
    with TestClient(app) as client:
        yield Api(client, app.state.service.keys, clock)
