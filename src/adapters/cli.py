"""The `accountledger` command line: every account command, `show`, `history`, `demo`.

Each command validates its input at the edge (pydantic), asks the ledger, and prints
one line, a table, or with `--json` exactly one JSON object.
"""

import inspect
import sys
from typing import Annotated, Any

import typer

from accountledger.adapters import render
from accountledger.adapters.cli_base import EXIT_INVALID, Call, Refusal, report
from accountledger.adapters.cli_base import command as cli_command
from accountledger.adapters.command_edge import (
    cli_body,
    cli_parameters,
    help_text,
    input_model,
    to_command,
    written,
)
from accountledger.adapters.config import CONFIG_OPTION
from accountledger.application.commands import COMMANDS, AccountCommand, Command
from accountledger.application.ids import account_id
from accountledger.application.views import event_record, state
from accountledger.domain.dates import parse_moment

_SETTINGS: dict[str, Any] = {
    "name": "accountledger",
    "help": "System of record for account lifecycles under the 2021 and 2022 provisions.",
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
}
app = typer.Typer(**_SETTINGS)

AccountArg = Annotated[str, typer.Argument(help="account id", show_default=False)]
# A page of a long history: only those events are read (`Ledger.events_as_of`).
LimitOption = Annotated[
    int | None,
    typer.Option("--limit", min=1, help="list at most this many events (default: all)"),
]
OffsetOption = Annotated[
    int, typer.Option("--offset", min=0, help="skip this many events first (with --limit)")
]
ExpectVersion = Annotated[
    int | None,
    typer.Option(
        "--expect-version",
        help="the account version the decision was made on; refused (exit 5) if it moved on",
    ),
]


def _command_line(command: type[Command]) -> None:
    """`accountledger VERB [ACCOUNT] --option ...` for one command of the table."""
    on_account = issubclass(command, AccountCommand)

    def run(call: Call, **options: Any) -> dict[str, Any]:
        target = account_id(options.pop("account")) if on_account else None
        expected = options.pop("expect_version", None)
        body = input_model(command).model_validate(cli_body(command, options))
        value = to_command(command, body, target, call.settings.rules.zone)
        act, stamped = call.act(target), call.common.get("at") is None
        recorded = call.ledger.handle(value, act, expected_version=expected, stamped=stamped)
        return written(command, recorded)

    account_param = inspect.Parameter(
        "account", inspect.Parameter.KEYWORD_ONLY, annotation=AccountArg
    )
    expect_param = inspect.Parameter(
        "expect_version", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=ExpectVersion
    )
    call_param = inspect.Parameter("call", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    on_it = [account_param, expect_param] if on_account else []
    params = [call_param, *on_it, *cli_parameters(command)]
    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__name__ = command.command
    cli_command(app, command.verb(), render.written, help=help_text(command))(run)


for _command in COMMANDS.values():
    _command_line(_command)


# ------------------------------------------------------------------ queries


@cli_command(app, "show", render.account, writes=False)
def show(
    call: Call,
    account: AccountArg,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="business time; a date (2026-01-10 or 20260110) means its end; a date or "
            "a time without offset is in the platform's zone (ACCOUNTLEDGER_TIME_ZONE)",
        ),
    ] = None,
) -> dict[str, Any]:
    """The account's state, replayed from its events up to a business time (R18)."""
    zone = call.settings.rules.zone
    moment = parse_moment(as_of, zone, end_of_day=True, field="as_of") if as_of else None
    return state(call.ledger, account_id(account), moment)


@cli_command(app, "history", render.history, writes=False)
def history(
    call: Call, account: AccountArg, limit: LimitOption = None, offset: OffsetOption = 0
) -> dict[str, Any]:
    """Every event of the account: time, actor, action, reason, basis (R16, R18)."""
    ident = account_id(account)
    events, total = call.ledger.history_page(ident, offset, limit)
    result: dict[str, Any] = {
        "account_id": str(ident),
        "events": [event_record(e) for e in events],
    }
    if limit is not None:
        result["events_page"] = {"offset": offset, "limit": limit, "total": total}
    return result


def _all_verbs() -> None:
    """The other modules add their commands to `app` when imported."""
    from accountledger.adapters import (  # noqa: F401
        cli_appeals,
        cli_backup,
        cli_campaign,
        cli_complaints,
        cli_config,
        cli_http,
        cli_import,
        cli_integrity,
        cli_notifications,
        cli_privacy,
        cli_projections,
        cli_registers,
        cli_stats,
        cli_time,
        demo,
    )


def _app_for(given: list[str]) -> typer.Typer:
    """The app a call needs: a verb of this module (every command of the table, `show`,
    `history`) alone, so neither the other modules nor the other verbs' options are
    loaded before it runs (issue 16: start-up was 95% of a `show`); else the whole app."""
    verb = given[0] if given else None
    own = [c for c in app.registered_commands if verb is not None and c.name == verb]
    if not own:
        _all_verbs()
        return app
    alone = typer.Typer(**_SETTINGS)
    alone.registered_commands = own
    # A group of one command still takes the verb's name first, as the whole app does.
    alone.callback(invoke_without_command=False)(_no_options)
    return alone


def _no_options() -> None:
    """System of record for account lifecycles under the 2021 and 2022 provisions."""


def main() -> None:
    """Run the CLI with the process's arguments and exit with its code."""
    sys.exit(run())


def run(args: list[str] | None = None) -> int:
    """Run the CLI on `args` (default: the process's); a usage mistake is one line too
    (JSON with --json), exit 2. The exit code is returned (tests drive this)."""
    given = sys.argv[1:] if args is None else args
    try:
        if given[:1] and given[0].split("=")[0] == "--config":
            # `accountledger --config PATH VERB ...`: the file every setting is read from.
            CONFIG_OPTION[0], given = _config_option(given)
        code = _app_for(given)(given, standalone_mode=False)
    except typer.TyperException as mistake:
        text = str(mistake)
        message = mistake.format_message() if hasattr(mistake, "format_message") else text
        code = report(Refusal(f"{message} (rule: usage)", EXIT_INVALID), "--json" in given)
    except typer.Abort:
        code = 1
    finally:
        CONFIG_OPTION[0] = None
    return code if isinstance(code, int) else 0


def _config_option(given: list[str]) -> tuple[str, list[str]]:
    """The leading `--config PATH` (or `--config=PATH`) and the arguments after it."""
    if given[0].startswith("--config="):
        return given[0].removeprefix("--config="), given[1:]
    if len(given) < 2:
        raise typer.BadParameter("--config needs a PATH")
    return given[1], given[2:]
