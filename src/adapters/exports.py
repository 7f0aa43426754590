"""The disposal register and a campaign's outcomes as CSV: one cell format for every
export (R13).

The CLI's `disposals --format csv` and the console's download write the same bytes:
a header of `queries.RECORD_COLUMNS`, then one row per record; a list joins with `;`,
a flag is `true`/`false`, nothing is empty.

Every cell passes `cell`, the one place a CSV cell is made: a cell a spreadsheet would
run as a formula (its first character `=`, `+`, `-`, `@`, a tab or a carriage return)
is written with an apostrophe before it, so a name such as `=cmd|...` or a reason such
as `+1+2` is shown as the text that was recorded, never evaluated (OWASP, CSV injection;
docs/registers.md).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import fields
from typing import Any, TextIO

from accountledger.domain.campaigns import AccountOutcome
from accountledger.projections.queries import RECORD_COLUMNS
from accountledger.projections.statistics import Statistics

# The first characters with which a spreadsheet starts a formula or a new field.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """One CSV cell: lists joined with ';', booleans as true/false, None as empty; a
    formula's first character neutralised by a leading apostrophe."""
    return _neutralised(_text(value))


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _neutralised(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def write_register_csv(records: list[dict[str, Any]], stream: TextIO) -> None:
    """The header, then one row per disposal record, in the register's column order."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(RECORD_COLUMNS)
    writer.writerows([cell(record[c]) for c in RECORD_COLUMNS] for record in records)


def register_csv(records: list[dict[str, Any]]) -> str:
    """What `write_register_csv` writes, as a string."""
    buffer = io.StringIO()
    write_register_csv(records, buffer)
    return buffer.getvalue()


# A campaign's outcomes: one row per account (`domain/campaigns.AccountOutcome`).
OUTCOME_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(AccountOutcome))


def write_outcomes_csv(outcomes: Iterable[AccountOutcome], stream: TextIO) -> None:
    """The header, then one row per account of a campaign, every cell through `cell`."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(OUTCOME_COLUMNS)
    for outcome in outcomes:
        row = outcome.as_dict()
        writer.writerow([cell(row[c]) for c in OUTCOME_COLUMNS])


def outcomes_csv(outcomes: Iterable[AccountOutcome]) -> str:
    """What `write_outcomes_csv` writes, as a string."""
    buffer = io.StringIO()
    write_outcomes_csv(outcomes, buffer)
    return buffer.getvalue()


STATISTICS_COLUMNS = ("period", "section", "figure", "key", "value")


def statistics_csv(found: Statistics) -> str:
    """The statistics of one period, one figure a row (issue 17): `section`, `figure`,
    `key` (the measure, class, outcome, status or rule a count is by; else empty)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(STATISTICS_COLUMNS)
    label = found.period["label"]
    writer.writerows([cell(v) for v in (label, *row)] for row in found.rows())
    return buffer.getvalue()
