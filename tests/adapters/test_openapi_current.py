"""docs/openapi.json matches the served API (a stale document fails)."""

from __future__ import annotations

from pathlib import Path

from accountledger.adapters.http.app import OPENAPI_PATH, openapi_document

ROOT = Path(__file__).resolve().parents[2]


def test_checked_in_openapi_is_current() -> None:
    checked_in = (ROOT / OPENAPI_PATH).read_text(encoding="utf-8")
    assert checked_in == openapi_document(), (
        f"{OPENAPI_PATH} is stale: run `python -m accountledger.adapters.http.app`"
    )
