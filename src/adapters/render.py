"""Human-readable output: one line for a write, tables for state and history."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from accountledger.adapters import terminal
from accountledger.domain.dates import local_text


def written(result: dict[str, Any]) -> None:
    events = ", ".join(result["events"]) or "nothing"
    terminal.out.print(
        f"{result['command']}: recorded {events}; account {result['account_id']} is "
        f"{result['status']} (version {result['version']})",
        markup=False,
    )
    for finding in result.get("review_findings") or []:
        terminal.out.print(
            f"  review: {finding['rule']} [{finding['article']}] {finding['detail']}", markup=False
        )


def _flat(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_flat(v) for v in value) or "-"
    if isinstance(value, dict):
        return ", ".join(f"{k}={_flat(v)}" for k, v in value.items()) or "-"
    return "-" if value in (None, "") else str(value)


def account(state: dict[str, Any]) -> None:
    title = f"Account {state['account_id']}"
    if state.get("as_of"):
        # On the platform's wall clock, naming its zone: a date asked about is a day there.
        zone, moment = state.get("time_zone"), state["as_of"]
        shown = local_text(datetime.fromisoformat(moment), ZoneInfo(zone)) if zone else moment
        title += f" as of {shown}"
    from rich.table import Table

    table = Table(title=title, show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    for key, value in state.items():
        if key != "account_id":
            table.add_row(key, _flat(value))
    terminal.out.print(table)


# Longer listings go through the terminal's pager (rich's `Console.pager`) when printed
# to a terminal; `--limit`/`--offset` read a page of the events and nothing else.
PAGER_ABOVE = 100


def paged(rows: int) -> AbstractContextManager[object]:
    """The pager for a listing of `rows` on a terminal; nothing otherwise."""
    if rows > PAGER_ABOVE and terminal.out.is_terminal:
        return terminal.out.pager()
    return nullcontext()


def page_line(page: dict[str, Any] | None, shown: int) -> None:
    """Which events a page holds, and how to ask for the next."""
    if page is None:
        return
    first, total = page["offset"] + 1, page["total"]
    line = (
        f"events {first}-{page['offset'] + shown} of {total}"
        if shown
        else f"no events past {page['offset']} of {total}"
    )
    if page["offset"] + shown < total:
        line += f"; --offset {page['offset'] + shown} for the next page"
    terminal.out.print(line, markup=False)


def history(result: dict[str, Any]) -> None:
    with paged(len(result["events"])):
        history_table(result)


def history_table(result: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=result.get("title") or f"History of account {result['account_id']}")
    for column in ("#", "occurred at", "event", "actor", "status", "reason", "basis"):
        table.add_column(column)
    for record in result["events"]:
        table.add_row(
            str(record["version"]),
            record["occurred_at"],
            record["event"],
            f"{record['actor_id']} ({record['actor_role']})",
            record["status"],
            record["reason"] or "-",
            ", ".join(record["basis"] + record["violation"]) or "-",
        )
    terminal.out.print(table)
    page_line(result.get("events_page"), len(result["events"]))


def fields(result: dict[str, Any]) -> None:
    terminal.out.print(", ".join(f"{k}: {_flat(v)}" for k, v in result.items()), markup=False)


def rows(result: dict[str, Any]) -> None:
    """A listing: the first list in the result as a table."""
    listed = next(v for v in result.values() if isinstance(v, list))
    if not listed:
        terminal.out.print("nothing to list")
        return
    from rich.table import Table

    table = Table(show_lines=False)
    columns = [k for k in listed[0] if not isinstance(listed[0][k], list | dict)]
    for column in columns:
        table.add_column(column)
    for row in listed:
        table.add_row(*(_flat(row[c]) for c in columns))
    terminal.out.print(table)
