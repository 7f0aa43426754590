"""`accountledger stats`: the figures of a period for the authority and management (issue 17).

`--period` names a quarter, month, ISO week or span of days (`domain/periods.py`); by
default the current quarter of the recording clock in the platform's zone. Text is a
rich table for people; `--format csv|json` is for exports and scripts, `--json` means
`--format json`. A bad period is one line naming the field `period` and exit 2, before
anything is read.
"""

import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from accountledger.adapters.cli_app import app
from accountledger.adapters.cli_base import Call, command, emit
from accountledger.adapters.cli_registers import Format, Output
from accountledger.adapters.exports import statistics_csv
from accountledger.adapters.terminal import out
from accountledger.domain.periods import current_quarter, parse_period
from accountledger.projections.statistics import statistics


class Figures(Output):
    """The statistics as the format asked for, with their CSV made once."""

    def __init__(self, items: dict[str, Any], fmt: str, csv: str) -> None:
        super().__init__(items, fmt)
        self.csv = csv


def _table(result: dict[str, Any]) -> Table:
    period = result["period"]
    table = Table(
        title=f"Statistics {period['label']} ({period['first_day']} to "
        f"{period['last_day']}, {period['time_zone']})"
    )
    for heading in ("section", "figure", "key", "value"):
        table.add_column(heading, overflow="fold")
    for section, figures in result.items():
        if section == "period":
            continue
        for figure, value in figures.items():
            pairs = value.items() if isinstance(value, dict) else [("", value)]
            for key, number in pairs:
                table.add_row(section, figure, key, "-" if number is None else str(number))
    return table


def _show(result: dict[str, Any]) -> None:
    fmt = str(getattr(result, "fmt", Format.TEXT))
    if fmt == Format.JSON:
        emit(result, True, lambda _: None)
    elif fmt == Format.CSV:
        sys.stdout.write(getattr(result, "csv", ""))
    else:
        out.print(_table(result))


@command(app, "stats", _show, writes=False)
def stats(
    call: Call,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="2026-Q1, 2026-03, 2026-W05 or 2026-01-01..2026-02-15; default: the current "
            "quarter",
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="text, csv or json")] = Format.TEXT,
) -> dict[str, Any]:
    """Statistics of a period: measures, reports in time, appeals, complaints, accounts,
    refused registrations (R13-R15; 2021 Art 19, 20)."""
    rules = call.settings.rules
    zone = rules.zone
    chosen = parse_period(period) if period is not None else current_quarter(call.clock(), zone)
    found = call.read(lambda view: statistics(view, chosen, zone, rules.report_within))
    return Figures(found.as_dict(), fmt, statistics_csv(found))
