"""After `make demo`, a freshly started service on the demo's store shows non-zero command
counters at /metrics (issue 17 point 4's acceptance), and no identity number (R17)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app
from tests.e2e.test_demo import EXE


def test_metrics_on_the_demo_store_count_what_the_demo_recorded(tmp_path: Path) -> None:
    done = subprocess.run(
        [EXE, "demo", "--fresh"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": str(Path(EXE).parent) + ":/usr/bin:/bin", "COLUMNS": "200"},
    )
    assert done.returncode == 0, done.stderr
    number = re.search(r"e\.g\. (\d{17}[\dX])", done.stdout)
    assert number is not None
    app = create_app(Settings(store=f"sqlite:///{tmp_path / 'accountledger.db'}"))
    with TestClient(app) as client:  # a fresh process's service: no request counted yet
        assert client.get("/readyz").status_code == 200
        scraped = client.get("/metrics")
    assert scraped.status_code == 200
    recorded = {
        s.labels["kind"]: s.value
        for family in text_string_to_metric_families(scraped.text)
        for s in family.samples
        if s.name == "accountledger_recorded_events_total"
    }
    assert recorded["Account.Registered"] > 0
    assert recorded["Account.Warned"] > 0
    assert sum(recorded.values()) > 100
    assert number.group(1) not in scraped.text
