"""Human-readable output: one line for a write, tables for state and history."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from accountledger.adapters.console import out


def written(result: dict[str, Any]) -> None:
    events = ", ".join(result["events"]) or "nothing"
    out.print(
        f"{result['command']}: recorded {events}; account {result['account_id']} is "
        f"{result['status']} (version {result['version']})",
        markup=False,
    )
    for finding in result.get("review_findings") or []:
        out.print(
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
        title += f" as of {state['as_of']}"
    table = Table(title=title, show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    for key, value in state.items():
        if key != "account_id":
            table.add_row(key, _flat(value))
    out.print(table)


def history(result: dict[str, Any]) -> None:
    table = Table(title=f"History of account {result['account_id']}")
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
    out.print(table)


def fields(result: dict[str, Any]) -> None:
    out.print(", ".join(f"{k}: {_flat(v)}" for k, v in result.items()), markup=False)
