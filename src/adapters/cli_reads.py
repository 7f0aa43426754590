"""The verbs a call may run without typer: their options as data (`cli_base.Param`).

`cli_app.py` generates each one's typer command from this table, as it generates the
command table's verbs; `cli.py` parses a call of one of them from the same table and
runs it through the same `cli_base.execute`, before typer, pydantic or the rest of the
CLI are imported (issue 16: `show ID --json` was mostly start-up). A call it does not
fully understand (`--help`, an unknown or repeated option, a value that looks like an
option, `--config`) goes to typer, which answers it as it always has.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, NamedTuple

from accountledger.adapters import render
from accountledger.adapters.cli_base import Call, Param, shared
from accountledger.application.ids import account_id
from accountledger.application.views import state
from accountledger.domain.dates import parse_moment


class ReadVerb(NamedTuple):
    """A verb that writes nothing: `run(call, **own_options)`, its output and options.
    (A named tuple: made at import in a fraction of a frozen dataclass's time, issue 16.)"""

    name: str
    run: Callable[..., dict[str, Any]]
    render: Callable[[dict[str, Any]], None]
    params: tuple[Param, ...]


def show(call: Call, account: str, as_of: str | None = None) -> dict[str, Any]:
    """The account's state, replayed from its events up to a business time (R18)."""
    zone = call.settings.rules.zone
    moment = parse_moment(as_of, zone, end_of_day=True, field="as_of") if as_of else None
    return state(call.reader, account_id(account), moment)


ACCOUNT = Param("account", None, "account id")
AS_OF = Param(
    "as_of",
    "--as-of",
    "business time; a date (2026-01-10 or 20260110) means its end; a date or a time "
    "without offset is in the platform's zone (ACCOUNTLEDGER_TIME_ZONE)",
)
READS = {"show": ReadVerb("show", show, render.account, (ACCOUNT, AS_OF))}


def parse(verb: ReadVerb, args: list[str]) -> dict[str, Any] | None:
    """The options of `verb` in `args` (after the verb), as typer would give them, with
    the environment's for those not given; None if typer should answer instead."""
    params = (*verb.params, *shared(writes=False))
    by_flag = {p.flag: p for p in params if p.flag is not None}
    values: dict[str, Any] = {}
    positional: list[str] = []
    tokens = iter(args)
    for token in tokens:
        if not token.startswith("-"):
            positional.append(token)
            continue
        flag, has_value, value = token.partition("=")
        param = by_flag.get(flag)
        if param is None or param.name in values or param.many or (param.is_flag and has_value):
            return None
        if not param.is_flag and not has_value:
            value = next(tokens, "")
        if not param.is_flag and (not value or value.startswith("-")):
            return None
        values[param.name] = True if param.is_flag else value
    arguments = [p for p in params if p.flag is None]
    if len(positional) != len(arguments):
        return None
    values |= {p.name: text for p, text in zip(arguments, positional, strict=True)}
    for param in params:
        if param.name not in values:
            from_env = os.environ.get(param.envvar) if param.envvar else None
            values[param.name] = from_env or param.default
    return values
