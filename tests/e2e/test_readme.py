"""The README's usage block runs as written, at a fixed clock (R1, R12, R18).

A newcomer copies it: every command in it must exist, accept its flags and succeed,
and its example identity number must pass the project's own check digit.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from accountledger.adapters.bootstrap import Settings
from tests.adapters.cli_runner import cli_at_now

README = Path(__file__).resolve().parents[2] / "README.md"


def usage_block() -> list[str]:
    """The shell lines of the block under `## Using it`, continuations joined."""
    section = README.read_text(encoding="utf-8").split("## Using it", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "the README has a ```sh block under 'Using it'"
    joined = block.group(1).replace("\\\n", " ")
    return [line.split("#", 1)[0].strip() for line in joined.splitlines() if line.strip()]


def test_the_readme_usage_block_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R1, R12, R18: register, verify, warn, show as of a date and history, as printed."""
    store = Settings(store=f"sqlite:///{tmp_path / 'readme.db'}")
    run = cli_at_now(store, monkeypatch)
    account = ""
    ran = []
    for line in usage_block():
        words = shlex.split(line)
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            monkeypatch.setenv(name, value)
            continue
        assert words[0] == ".venv/bin/accountledger", line
        args = [account if w == "ACCOUNT" else w for w in words[1:]]
        result = run(*args)
        ran.append(args[0])
        if args[0] == "register":
            account = json.loads(result.stdout)["account_id"]
    assert ran == ["register", "verify-identity", "warn", "show", "history"]
