"""A process that opens only a ledger can read every event a store may hold (R16)."""

from __future__ import annotations

import subprocess
import sys

from eventsourcing.utils import _topic_cache

# Every module, so every pinned topic: the CLI's and the service's.
import accountledger.adapters.cli
import accountledger.adapters.http.app  # noqa: F401


def test_every_pinned_topic_resolves_in_a_process_that_imports_only_the_ledger() -> None:
    """R16 (2021 Art 19): `verify`, `rebuild` and an inquiry read events of every
    aggregate (reports, appeals, erasures, campaigns, imports); a lazily importing CLI
    once opened a ledger whose process could not resolve `DisposalReport.Reported`."""
    topics = sorted(t for t in _topic_cache if t.startswith("accountledger:"))
    assert any(t.startswith("accountledger:DisposalReport") for t in topics)
    script = (
        "import sys\n"
        "import accountledger.application.ledger\n"
        "from eventsourcing.utils import resolve_topic\n"
        "for topic in sys.stdin.read().split():\n"
        "    resolve_topic(topic)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input="\n".join(topics),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
