"""A page of a long history: `history` and `inquiry` with `--limit`/`--offset` list only
those events and say which of how many (issue 16 point 5; R16, R18)."""

from __future__ import annotations

import json
import sys
from typing import Any

from typer.testing import CliRunner

from accountledger.adapters import cli as entry
from accountledger.adapters import cli_registers  # noqa: F401  (adds `inquiry`)
from tests.adapters.test_cli import GROUNDS, cli, register  # noqa: F401  (the fixture)


def refused(*args: str) -> dict[str, Any]:
    """The CLI's entry point on `args` as a shell runs it: exit 2 and one line of JSON."""
    with CliRunner().isolation() as (out, _, _):
        code = entry.run([*args, "--json"])
        sys.stdout.flush()
        said = out.getvalue().decode()
    lines = [line for line in said.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1, said
    answer: dict[str, Any] = json.loads(lines[0])
    return answer


def _history_of_six(cli: Any) -> str:  # noqa: F811
    account = register(cli)
    cli("verify-identity", account, "--actor", "r-1:reviewer")
    for _ in range(4):
        cli("record-activity", account, "--actor", "op-1:operator")
    return account


def test_history_lists_the_page_asked_for_and_the_total(cli: Any) -> None:  # noqa: F811
    """R16, R18: events 2-4 of 6, and the same events as the whole listing holds there."""
    account = _history_of_six(cli)
    whole = cli("history", account)
    assert "events_page" not in whole and len(whole["events"]) == 6
    page = cli("history", account, "--limit", "3", "--offset", "1")
    assert page["events"] == whole["events"][1:4]
    assert page["events_page"] == {"offset": 1, "limit": 3, "total": 6}
    past = cli("history", account, "--limit", "3", "--offset", "6")
    assert past["events"] == [] and past["events_page"]["total"] == 6


def test_an_inquiry_lists_a_page_of_the_events_decided_by_then(cli: Any) -> None:  # noqa: F811
    """R18: the page is of the events up to the time asked about, in the order recorded."""
    account = _history_of_six(cli)
    cli("warn", account, "--actor", "m-1:moderator", *GROUNDS)
    whole = cli("inquiry", account, "--format", "json")["inquiry"]["accounts"][0]
    page = cli("inquiry", account, "--format", "json", "--limit", "2", "--offset", "5")
    entry = page["inquiry"]["accounts"][0]
    assert entry["events"] == whole["events"][5:7]
    assert entry["events_page"] == {"offset": 5, "limit": 2, "total": len(whole["events"])}
    assert entry["state"] == whole["state"] and entry["disposals"] == whole["disposals"]


def test_a_page_of_nothing_or_a_paged_bundle_is_a_usage_error(cli: Any, tmp_path: Any) -> None:  # noqa: F811
    """A limit under one, a negative offset, or a page of a bundle (which holds every
    event) is refused in one line, exit 2, before anything is read."""
    account = _history_of_six(cli)
    for args, option in ((["--limit", "0"], "--limit"), (["--offset", "-1"], "--offset")):
        answer = refused("history", account, *args)
        assert "(rule: usage)" in answer["error"] and option in answer["error"], answer
    bundle = str(tmp_path / "b.zip")
    answer = refused("inquiry", account, "--bundle", bundle, "--limit", "2")
    assert answer["error"].startswith("limit: ") and "(rule: usage)" in answer["error"], answer
    assert not (tmp_path / "b.zip").exists()
