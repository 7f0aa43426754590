"""`accountledger campaign MEASURE`: one measure on many accounts, with a progress bar.

One verb per measure of the catalogue, generated from the command table like every
other verb (`campaign warn`, `campaign restrict --function comment ...`); the grounds
and the case are the shared write options. The use case is `application/campaigns.py`;
this module only gathers the accounts, shows progress and writes the outcomes' CSV.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TextIO
from uuid import UUID

import typer
from rich.progress import Progress

from accountledger.adapters import campaign_edge, render
from accountledger.adapters.cli_app import app
from accountledger.adapters.cli_base import Call, command
from accountledger.adapters.cli_registers import subject_ref
from accountledger.adapters.command_edge import cli_body, cli_parameters, help_text
from accountledger.adapters.exports import write_outcomes_csv
from accountledger.adapters.terminal import out, progress_bar
from accountledger.application import campaigns
from accountledger.application.commands import AccountCommand
from accountledger.domain.act import Act
from accountledger.domain.errors import InvalidInput
from accountledger.projections.selection import Selection

campaign_app = typer.Typer(
    help="Take one measure for one case on many accounts, listed or queried (R12, R13).",
    no_args_is_help=True,
)
app.add_typer(campaign_app, name="campaign")


def _option(name: str, annotation: Any, default: Any = None) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def _text(flag: str, help: str) -> Any:
    return Annotated[str | None, typer.Option(flag, help=help)]


SELECTION = [
    _option(
        "accounts_file",
        Annotated[
            Path | None, typer.Option("--accounts", help="a file of account ids, one a line")
        ],
    ),
    _option("name", _text("--name", "query: name pattern (* and ?, any case)")),
    _option("subject", _text("--subject", "query: subject ref s-... or KIND:NUMBER")),
    _option("content_category", _text("--content-category", "query: content category")),
    _option("credit_tier", _text("--credit-tier", "query: credit tier")),
    _option(
        "dry_run",
        Annotated[bool, typer.Option("--dry-run", help="show what would happen; write nothing")],
        False,
    ),
    _option(
        "out_file",
        Annotated[
            Path | None,
            typer.Option(
                "--out", help="the outcomes' CSV (default campaign-ID.csv; dry run: none)"
            ),
        ],
    ),
]


def _accounts(call: Call, options: dict[str, Any]) -> list[Any]:
    path = options.pop("accounts_file")
    subject = options.pop("subject")
    query = Selection(
        name=options.pop("name"),
        subject=subject_ref(call, subject) if subject else None,
        content_category=options.pop("content_category"),
        credit_tier=options.pop("credit_tier"),
    )
    campaign_edge.one_source(path is not None, query)
    found = campaign_edge.read_listed(path) if path else campaign_edge.queried(call.read, query)
    caller = call.entry().caller
    if caller is None:
        return found
    return campaign_edge.in_scope(caller.scope, call.ledger, found, path is not None)


def _bar(measure: str) -> Progress:
    return progress_bar(f"campaign {measure}", "accounts/s")


@contextmanager
def _opened(path: Path | None) -> Iterator[TextIO | None]:
    """The CSV's file, opened before the campaign runs: one it cannot write is refused
    (exit 2) with nothing taken."""
    if path is None:
        yield None
        return
    try:
        stream = path.open("w", encoding="utf-8", newline="")
    except OSError as error:
        raise InvalidInput(
            f"cannot write {path}: {error.strerror}", rule="file", field="out"
        ) from None
    with stream:
        yield stream


def _run_with_bar(
    call: Call,
    measure: type[AccountCommand],
    value: AccountCommand,
    act: Act,
    accounts: list[UUID],
    stamped: bool,
    dry_run: bool,
) -> campaigns.Report:
    """The campaign, with a bar on stderr counting accounts and their rate this run."""
    started, first = time.perf_counter(), [-1]
    with _bar(measure.verb()) as bar:
        task = bar.add_task("campaign", total=len(accounts), rate=0.0)

        def advance(done: int, total: int) -> None:
            first[0] = done if first[0] < 0 else first[0]  # outcomes recorded by earlier runs
            rate = (done - first[0]) / max(time.perf_counter() - started, 1e-9)
            bar.update(task, completed=done, total=total, rate=rate)

        return campaigns.run(
            call.ledger, value, act, accounts, stamped=stamped, dry_run=dry_run, progress=advance
        )


def _campaign_line(measure: type[AccountCommand]) -> None:
    """`accountledger campaign VERB [--accounts FILE | query] --case ... --reason ...`."""

    def run(call: Call, **options: Any) -> dict[str, Any]:
        dry_run, out_file = options.pop("dry_run"), options.pop("out_file")
        accounts = _accounts(call, options)
        zone = call.settings.rules.zone
        value = campaign_edge.template(measure.command, cli_body(measure, options), zone)
        act, stamped = call.act(), call.common.get("at") is None
        campaigns.check(call.ledger, value, act)  # a refusal before any progress is shown
        if out_file is None and not dry_run:
            out_file = Path(f"campaign-{campaigns.campaign_id(value, act)}.csv")
        with _opened(out_file) as stream:
            report = _run_with_bar(call, measure, value, act, accounts, stamped, dry_run)
            result = report.summary()
            if stream is not None:
                write_outcomes_csv(report.outcomes, stream)
                result["csv"] = str(out_file)
        if dry_run:
            result["outcomes"] = [o.as_dict() for o in report.outcomes]
        return result

    params = [
        inspect.Parameter("call", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        *SELECTION,
        *cli_parameters(measure),
    ]
    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__name__ = f"campaign_{measure.command}"
    doc = f"Campaign: {help_text(measure)} On each account listed or queried, once per case."
    command(campaign_app, measure.verb(), _render, help=doc)(run)


def _render(result: dict[str, Any]) -> None:
    """A dry run's accounts one a line; then the counts."""
    for item in result.get("outcomes", []):
        rule = f" (rule: {item['rule']})" if item["rule"] else ""
        out.print(f"{item['account_id']}: {item['outcome']}{rule}", markup=False)
    shown = {k: v for k, v in result.items() if k != "outcomes"}
    render.fields(shown)


for _measure in campaign_edge.measures():
    _campaign_line(_measure)
