"""The import's line format (issue 16): pydantic models, published as JSON Schema.

One line of newline-delimited JSON is one account of the platform: its registration
(the body `register` takes, with the act's actor and business time) and its history in
order, each entry the body of a command of the table with its act. The models are built
from the command table (`command_edge.input_model`), so an entry is validated exactly as
the same command given to the CLI or the API; `docs/import.schema.json` is generated from
them (`docgen.py`) and a test keeps it current.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Annotated, Any, Literal, Union, cast
from uuid import UUID
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field, TypeAdapter, ValidationError, create_model

from accountledger.adapters.command_edge import input_model, to_command
from accountledger.adapters.inputs import ActInput, BusinessTime, Clock, Edge
from accountledger.application.commands import COMMANDS, AccountCommand, Command, Register
from accountledger.application.imports import Item, Legacy, Rejected
from accountledger.domain.entry import EnteredBy
from accountledger.domain.errors import LedgerError
from accountledger.domain.measures import CATALOGUE

# What legacy history may hold: identity verification, profile changes, and every
# disposal measure of the catalogue with the command that lifts it.
HISTORY_COMMANDS = (
    "verify_identity",
    "change_name",
    "change_avatar",
    "change_introduction",
    *dict.fromkeys(row.command for row in CATALOGUE),
    *dict.fromkeys(row.lifted_by[0] for row in CATALOGUE if row.lifted_by),
)
MAX_HISTORY = 10_000  # entries on one line
MAX_LINE = 1_048_576  # bytes: a line longer than this is refused unread


class EntryAct(ActInput):
    """Who decided, when and why: every entry of legacy history has its own time."""

    at: BusinessTime = Field(description="business time of the decision (ISO 8601)")


def _entry_model(command: type[Command]) -> type[BaseModel]:
    verb = command.verb()
    return create_model(
        f"{command.__name__}Entry",
        __base__=input_model(command, EntryAct),
        __doc__=command.__doc__,
        command=(
            cast(Any, Literal)[verb],
            Field(description=f"the command: `accountledger {verb}`"),
        ),
    )


RegistrationEntry = input_model(Register, EntryAct)
_ENTRIES = {COMMANDS[name].verb(): _entry_model(COMMANDS[name]) for name in HISTORY_COMMANDS}
HistoryEntry: Any = Annotated[
    Union[tuple(_ENTRIES.values())],  # noqa: UP007
    Field(discriminator="command"),
]


class ImportLine(Edge):
    """One account of the platform and its legacy history, on one line."""

    registration: RegistrationEntry  # type: ignore[valid-type]
    history: list[HistoryEntry] = Field(
        default_factory=list,
        max_length=MAX_HISTORY,
        description="what happened to the account since, in order of business time",
    )


def schema() -> dict[str, Any]:
    """The line format as JSON Schema (`docs/import.schema.json`)."""
    found = ImportLine.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://accountledger.example/import.schema.json",
        "title": "accountledger import line",
        **found,
    }


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


# ----------------------------------------------------------------------------- reading


def _none(line: int) -> None:
    return None


Stamp = Callable[[int], EnteredBy | None]


def read_items(
    lines: Iterable[bytes], clock: Clock, zone: ZoneInfo, after: int = 0, stamp: Stamp = _none
) -> Iterator[Item]:
    """Every line after `after`, validated: a `Legacy` account or a `Rejected` line.
    Blank lines are no account and are passed over. `stamp(line)`: who entered the
    line's acts (`Source.stamp`), so that the import need not copy each act to say so."""
    for number, raw in enumerate(lines, start=1):
        if number <= after or not raw.strip():
            continue
        yield parse_line(number, raw, clock, zone, stamp(number))


def parse_line(
    number: int, raw: bytes, clock: Clock, zone: ZoneInfo, entered_by: EnteredBy | None = None
) -> Item:
    """One line: its account and history, or the first field and rule that refuse it."""
    if len(raw) > MAX_LINE:
        return Rejected(number, "line", "line-too-long", f"a line holds at most {MAX_LINE} bytes")
    try:
        body = ImportLine.model_validate_json(raw)
    except ValidationError as error:
        return _invalid(number, error)
    except LedgerError as refusal:  # a rule a validator asks (time bounds) names no place
        return Rejected(
            number, _where(raw, refusal), refusal.rule, refusal.message, refusal.article or ""
        )
    try:
        return _legacy(number, body, clock, zone, entered_by)
    except LedgerError as refusal:
        where = refusal.field or "line"
        return Rejected(number, where, refusal.rule, refusal.message, refusal.article or "")
    except ValueError as error:
        return Rejected(number, "line", "invalid", str(error))


def _invalid(number: int, error: ValidationError) -> Rejected:
    first = error.errors()[0]
    loc = list(first["loc"])
    if len(loc) > 2 and loc[0] == "history" and loc[2] in _ENTRIES:
        del loc[2]  # the union's tag: the entry's own `command` says which it is
    article = (first.get("ctx") or {}).get("article", "")
    message = str(first["msg"]).removeprefix("Value error, ")
    return Rejected(number, ".".join(map(str, loc)) or "line", first["type"], message, article)


_REGISTRATION: TypeAdapter[Any] = TypeAdapter(RegistrationEntry)
_HISTORY: TypeAdapter[Any] = TypeAdapter(HistoryEntry)


def _where(raw: bytes, refusal: LedgerError) -> str:
    """Which part of the line a rule refused: its parts validated one by one."""
    data = json.loads(raw)
    parts = [("registration", _REGISTRATION, data.get("registration"))]
    history = data.get("history") or []
    parts += [(f"history.{i}", _HISTORY, entry) for i, entry in enumerate(history)]
    for where, model, value in parts:
        try:
            model.validate_python(value)
        except LedgerError:
            return f"{where}.{refusal.field}"
        except ValidationError:
            continue
    return refusal.field or "line"


_NOBODY = UUID(int=0)  # the account id is the import's to give (`Source.account_id`)


def _legacy(
    number: int, body: ImportLine, clock: Clock, zone: ZoneInfo, entered_by: EnteredBy | None
) -> Legacy:
    registration = cast(Any, body.registration)
    register = to_command(Register, registration, None, zone)
    assert isinstance(register, Register)
    history = []
    for entry in body.history:
        command = COMMANDS[entry.command.replace("-", "_")]
        value = to_command(command, entry, _NOBODY, zone)
        assert isinstance(value, AccountCommand)
        history.append((value, entry.to_act(clock, zone, entered_by)))
    act = registration.to_act(clock, zone, entered_by)
    return Legacy(number, register.registration(), act, tuple(history))
