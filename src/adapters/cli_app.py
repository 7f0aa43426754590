"""The `accountledger` command line as typer runs it: every account command, `show`,
`history`, and the other modules' verbs (`cli.py` is the entry point).

Each command validates its input at the edge (pydantic), asks the ledger, and prints
one line, a table, or with `--json` exactly one JSON object.

`app` is the whole CLI. The verbs of the command table are generated on first need
(`_table_verbs`): a read (`show`, `history`) imports neither the table, nor its input
models, nor the ledger's writing side (issue 16: start-up was most of a `show`).
"""

import inspect
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accountledger.adapters import render
from accountledger.adapters.cli_base import EXIT_INVALID, Call, Refusal, report
from accountledger.adapters.cli_base import command as cli_command
from accountledger.adapters.cli_reads import READS, ReadVerb
from accountledger.adapters.config import CONFIG_OPTION
from accountledger.application.ids import account_id
from accountledger.application.views import event_record

if TYPE_CHECKING:
    from accountledger.application.commands import Command

    app: typer.Typer  # the whole CLI, made by `__getattr__` on first access

_SETTINGS: dict[str, Any] = {
    "name": "accountledger",
    "help": "System of record for account lifecycles under the 2021 and 2022 provisions.",
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
}
# The whole app is `app` (module `__getattr__`): this, with the table's verbs added.
_APP = typer.Typer(**_SETTINGS)

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


def _command_line(command: "type[Command]") -> None:
    """`accountledger VERB [ACCOUNT] --option ...` for one command of the table."""
    from accountledger.adapters.command_edge import (
        cli_body,
        cli_parameters,
        help_text,
        input_model,
        to_command,
        written,
    )
    from accountledger.application.commands import AccountCommand

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
    cli_command(_APP, command.verb(), render.written, help=help_text(command))(run)


@cache
def _table_verbs() -> frozenset[str]:
    """Every command of the table as a verb of `app`, generated once; their names."""
    from accountledger.application.commands import COMMANDS

    earlier = list(_APP.registered_commands)
    for command in COMMANDS.values():
        _command_line(command)
    # First, as they were when generated at import: the help lists verbs in this order.
    _APP.registered_commands[:] = _APP.registered_commands[len(earlier) :] + earlier
    return frozenset(command.verb() for command in COMMANDS.values())


def __getattr__(name: str) -> Any:
    """`app`, the whole CLI's own verbs: the table's generated on first access."""
    if name == "app":
        _table_verbs()
        return _APP
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ------------------------------------------------------------------ queries


def _read_verb(verb: ReadVerb) -> None:
    """A verb of `cli_reads.READS` as a typer command, generated from its options."""

    def run(call: Call, **options: Any) -> dict[str, Any]:
        return verb.run(call, **options)

    call_param = inspect.Parameter("call", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    params = [call_param, *(p.typer_parameter() for p in verb.params)]
    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__name__ = verb.name
    run.__doc__ = verb.run.__doc__
    cli_command(_APP, verb.name, verb.render, writes=False)(run)


for _verb in READS.values():
    _read_verb(_verb)


@cli_command(_APP, "history", render.history, writes=False)
def history(
    call: Call, account: AccountArg, limit: LimitOption = None, offset: OffsetOption = 0
) -> dict[str, Any]:
    """Every event of the account: time, actor, action, reason, basis (R16, R18)."""
    ident = account_id(account)
    events, total = call.reader.history_page(ident, offset, limit)
    result: dict[str, Any] = {
        "account_id": str(ident),
        "events": [event_record(e) for e in events],
    }
    if limit is not None:
        result["events_page"] = {"offset": offset, "limit": limit, "total": total}
    return result


def _all_verbs() -> None:
    """The other modules add their commands to `app` when imported."""
    _table_verbs()
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


# The verbs of this module that are not of the table: they run without generating it.
_READS = frozenset(c.name for c in _APP.registered_commands)


def _app_for(given: list[str]) -> typer.Typer:
    """The app a call needs: a verb of this module (every command of the table, `show`,
    `history`) alone, so neither the other modules nor the other verbs' options are
    loaded before it runs (issue 16: start-up was 95% of a `show`); else the whole app."""
    verb = given[0] if given else None
    if verb is not None and verb not in _READS:
        _table_verbs()
    own = [c for c in _APP.registered_commands if verb is not None and c.name == verb]
    if not own:
        _all_verbs()
        return _APP
    alone = typer.Typer(**_SETTINGS)
    alone.registered_commands = own
    # A group of one command still takes the verb's name first, as the whole app does.
    alone.callback(invoke_without_command=False)(_no_options)
    return alone


def _no_options() -> None:
    """System of record for account lifecycles under the 2021 and 2022 provisions."""


def run_app(given: list[str]) -> int:
    """Run the typer app on `given`; a usage mistake is one line too (JSON with
    --json), exit 2. The exit code is returned."""
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
