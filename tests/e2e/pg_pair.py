"""A PostgreSQL primary and its synchronous standby for a test, made and removed by
`scripts/pg_failover_pair.sh` (docs/operations.md, "Failover on PostgreSQL").

The clusters listen on free ports of 127.0.0.1 with their sockets in a directory of their
own, so the shared server on 5432 is never touched. Whatever happens in the test, the
clusters' processes are stopped and their directory removed when the context ends.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "pg_failover_pair.sh"
MARKER = ".pg-failover-pair"  # the script acts only on a directory holding it


def script(*args: str) -> dict[str, str]:
    """Run one step of the script; the `KEY=VALUE` lines it printed."""
    done = subprocess.run(
        ["bash", str(SCRIPT), *args], capture_output=True, text=True, timeout=120, check=False
    )
    if done.returncode != 0:
        raise PairError(done.returncode, done.stderr.strip() or done.stdout.strip())
    return dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)


class PairError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"pg_failover_pair.sh exited {code}: {message}")
        self.code = code


@dataclass(frozen=True)
class Pair:
    directory: str
    primary_port: int
    standby_port: int

    def url(self, port: int, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{database}"

    def kill_primary(self) -> None:
        """kill -9 the primary's postmaster and all its processes at once."""
        script("kill-primary", self.directory)

    def promote(self) -> None:
        """`pg_ctl promote` the standby (returns once it accepts writes)."""
        script("promote", self.directory)


def tear_down(directory: str) -> None:
    """Stop the clusters in `directory` and remove it, however far `up` got."""
    try:
        if (Path(directory) / MARKER).exists():  # else `up` cleaned up, or never began
            script("down", directory)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def pg_pair() -> Iterator[Pair]:
    """A running primary and synchronous standby, or a skip saying why they cannot be."""
    # The test names the directory, so it can remove the clusters even if `up` is cut
    # short (a timeout kills the script before its own cleanup runs).
    directory = tempfile.mkdtemp(prefix="pg-failover.")
    try:
        made = script("up", directory)
    except (PairError, OSError, subprocess.TimeoutExpired) as error:
        tear_down(directory)
        pytest.skip(f"no PostgreSQL primary and standby could be made here: {error}")
    try:
        yield Pair(directory, int(made["PRIMARY_PORT"]), int(made["STANDBY_PORT"]))
    finally:
        tear_down(directory)
