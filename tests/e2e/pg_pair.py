"""A PostgreSQL primary and its synchronous standby for a test, made and removed by
`scripts/pg_failover_pair.sh` (docs/operations.md, "Failover on PostgreSQL").

The clusters listen on free ports of 127.0.0.1 with their sockets in a directory of their
own, so the shared server on 5432 is never touched. Whatever happens in the test, the
clusters' processes are stopped and their directory removed when the context ends.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "pg_failover_pair.sh"
NO_BINARIES = 3  # the script's exit code when there is nothing to run the clusters with


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


@contextmanager
def pg_pair() -> Iterator[Pair]:
    """A running primary and synchronous standby, or a skip saying why they cannot be."""
    try:
        made = script("up")
    except (PairError, OSError, subprocess.TimeoutExpired) as error:
        pytest.skip(f"no PostgreSQL primary and standby could be made here: {error}")
    pair = Pair(made["DIR"], int(made["PRIMARY_PORT"]), int(made["STANDBY_PORT"]))
    try:
        yield pair
    finally:
        script("down", pair.directory)
