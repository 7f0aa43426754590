"""Generated documents match the code that holds the rules (a stale doc fails)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from accountledger.adapters.docgen import GENERATED

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("path", "generate"), sorted(GENERATED.items()))
def test_generated_document_is_current(path: str, generate: Callable[[], str]) -> None:
    """The rules the ledger enforces are published as they are (2021 Art 6, 2022 Art 6)."""
    checked_in = (ROOT / path).read_text(encoding="utf-8")
    assert checked_in == generate(), f"{path} is stale: run `make docs`"


def test_lifecycle_doc_names_every_command_and_the_diagram() -> None:
    text = (ROOT / "docs/lifecycle.md").read_text(encoding="utf-8")
    assert "```mermaid" in text and "| blacklist |" in text and "| rectify |" in text
