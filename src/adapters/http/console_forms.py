"""The console's command forms, generated from the command table like the CLI and the API.

An account page offers a form for each command that the lifecycle accepts in the
account's state and the signed-in role may issue; its inputs are the command's fields
(`command_edge.edge_fields`) and the grounds of the act. A submitted form becomes the
same HTTP body the API takes (`body_from_form`), validated by the same model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args, get_origin

from accountledger.adapters.command_edge import EdgeField, edge_fields, help_text
from accountledger.adapters.http.console_labels import command_name, field_label
from accountledger.adapters.inputs import LICENCE_PARTS
from accountledger.application.commands import COMMANDS, AccountCommand, Command
from accountledger.domain import authority
from accountledger.domain.act import Role
from accountledger.domain.lifecycle import TRANSITIONS
from accountledger.domain.measures import MEASURE_COMMANDS

REQUIRED_PARTS = ("identity_kind", "identity_number")
# Grounds of the act (R13): lists are entered one per line or separated by commas.
GROUNDS = ("reason", "basis", "violation", "evidence", "case_id")
_LISTS = frozenset({"basis", "violation", "evidence"})


@dataclass(frozen=True)
class Input:
    """One form input: its name in the form, its label, how it is entered."""

    name: str
    label: str  # a message of the catalogue (`console_labels.FIELDS`)
    kind: str  # text, datetime, lines (one item per line), choice
    required: bool
    choices: tuple[str, ...] = ()
    help: str = ""  # the command table's help for the field, in English


@dataclass(frozen=True)
class CommandForm:
    verb: str
    help: str
    inputs: tuple[Input, ...]
    needs_grounds: bool
    name: str = ""  # a message of the catalogue (`console_labels.COMMANDS`)


def _inputs(verb: str, field: EdgeField) -> list[Input]:
    """The inputs of one field, each labelled by `console_labels` (a message, translated
    where shown); the field's own help, in English, goes with it."""
    return [
        Input(name, field_label(verb, name), kind, required, choices, help)
        for name, help, kind, required, choices in _parts(field)
    ]


def _parts(field: EdgeField) -> list[tuple[str, str, str, bool, tuple[str, ...]]]:
    if field.is_identity:
        prefix = f"{field.name}." if field.nested else ""
        return [
            (f"{prefix}{part}", part.replace("_", " "), "text", part in REQUIRED_PARTS, ())
            for part in field.parts
        ]
    if field.is_licence:
        return [
            (
                f"{field.name}.{part}",
                f"licence {part.replace('_', ' ')}",
                _part_kind(part),
                False,
                (),
            )
            for part in LICENCE_PARTS
        ]
    base = get_origin(field.hint) or field.hint
    if base is Literal:
        return [(field.name, field.help, "choice", field.required, get_args(field.hint))]
    if base in (tuple, dict):
        hint = "one per line" + (", FIELD=REFERENCE" if base is dict else "")
        return [(field.name, f"{field.help} ({hint})", "lines", field.required, ())]
    timed = field.hint is datetime or datetime in get_args(field.hint)
    return [(field.name, field.help, "datetime" if timed else "text", field.required, ())]


def _part_kind(part: str) -> str:
    return "datetime" if part == "valid_until" else "text"


def command_form(command: type[Command]) -> CommandForm:
    verb = command.verb()
    inputs = tuple(i for field in edge_fields(command) for i in _inputs(verb, field))
    needs_grounds = command.command in MEASURE_COMMANDS
    return CommandForm(verb, help_text(command), inputs, needs_grounds, command_name(verb))


def forms_for(role: Role, status: str) -> list[CommandForm]:
    """The commands a role may issue on an account in `status`, as forms."""
    return [
        command_form(command)
        for command in COMMANDS.values()
        if issubclass(command, AccountCommand)
        and (status, command.command) in TRANSITIONS
        and authority.refusal(role, command.command) is None
    ]


def _lines(text: str) -> list[str]:
    return [item.strip() for line in text.splitlines() for item in line.split(",") if item.strip()]


def body_from_form(command: type[Command], form: Mapping[str, str]) -> dict[str, Any]:
    """The API body a submitted form stands for; empty inputs are left out."""
    body: dict[str, Any] = {}
    for field in edge_fields(command):
        if field.is_identity:
            prefix = f"{field.name}." if field.nested else ""
            parts = {p: form[prefix + p] for p in field.parts if form.get(prefix + p)}
            body.update({field.name: parts} if field.nested else parts)
            continue
        if field.is_licence:
            given_parts = {p: form[f"{field.name}.{p}"] for p in LICENCE_PARTS}
            if any(v.strip() for v in given_parts.values() if v):
                body[field.name] = {p: v for p, v in given_parts.items() if v}
            continue
        given = form.get(field.name, "").strip()
        base = get_origin(field.hint) or field.hint
        if not given:
            continue
        if base is dict:
            pairs = (line.partition("=") for line in given.splitlines() if line.strip())
            body[field.name] = {k.strip(): v.strip() for k, _, v in pairs}
        else:
            body[field.name] = _lines(given) if base is tuple else given
    for name in GROUNDS:
        given = form.get(name, "").strip()
        if given:
            body[name] = _lines(given) if name in _LISTS else given
    return body
