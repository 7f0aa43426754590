"""The command table drives both edges: every field of every command means the same in the
CLI and over HTTP, and no edge has a command the other lacks (R1-R13)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any, Literal, get_args, get_origin
from uuid import UUID

import pytest
import typer

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.cli import app
from accountledger.adapters.command_edge import (
    EdgeField,
    cli_body,
    edge_fields,
    input_model,
    to_command,
)
from accountledger.adapters.http.app import create_app
from accountledger.adapters.http.commands import body_model
from accountledger.adapters.inputs import id_card_check
from accountledger.application.commands import COMMANDS, AccountCommand, Command, Warn
from accountledger.application.identity import Identity
from accountledger.domain.authority import COMMAND_ROLES
from accountledger.domain.rules import DEFAULT_RULES

ACCOUNT = UUID("7d9a3c52-4b8e-4f0e-9d43-0c2f1a6b9e11")
WHEN = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ID = "11010119900307123" + id_card_check("11010119900307123")


def _sample(field: EdgeField) -> tuple[list[str], dict[str, Any]]:
    """A value for `field` that differs from its default: as CLI arguments, as HTTP body."""
    hint = field.hint
    base = get_origin(hint) or hint
    if field.is_identity:
        parts = {"identity_kind": "mobile", "identity_number": "13800138000", "contact": "c@x.cn"}
        if "mobile" in field.flags:  # a registrant's composite identity (R1, 2021 Art 8)
            parts |= {"identity_kind": "id_card", "identity_number": ID, "mobile": "13800138000"}
        args = [a for key, value in parts.items() for a in (field.flags[key], value)]
        return args, ({field.name: parts} if field.nested else parts)
    if field.is_licence:
        parts = {
            "kind": "news",
            "number": "10120170001",
            "issuer": "Cyberspace Administration",
            "valid_until": WHEN.isoformat(),
        }
        args = [a for key, value in parts.items() for a in (field.flags[key], value)]
        return args, {field.name: parts}
    if base is tuple:
        return [field.flag, "post", field.flag, "comment"], {field.name: ["post", "comment"]}
    if base is dict:
        return [field.flag, "economy=cred://1"], {field.name: {"economy": "cred://1"}}
    if base is Literal:
        choice = next(c for c in get_args(hint) if c != field.default)
        return [field.flag, choice], {field.name: choice}
    if datetime in get_args(hint) or hint is datetime:
        return [field.flag, WHEN.isoformat()], {field.name: WHEN.isoformat()}
    text = f"given {field.name}"
    return [field.flag, text], {field.name: text}


def _samples(command: type[Command]) -> tuple[list[str], dict[str, Any]]:
    args: list[str] = []
    body: dict[str, Any] = {}
    for field in edge_fields(command):
        more_args, more_body = _sample(field)
        args += more_args
        body |= more_body
    return args, body


def _from_cli(command: type[Command], args: list[str]) -> Command:
    """The command value the CLI builds from `args`, parsed by its generated options."""
    click_command = typer.main.get_command(app).commands[command.verb()]  # type: ignore[attr-defined]
    account = [str(ACCOUNT)] if issubclass(command, AccountCommand) else []
    context = click_command.make_context(command.verb(), [*account, *args])
    options = dict(context.params)
    target = UUID(options.pop("account")) if account else None
    body = input_model(command).model_validate(cli_body(command, options))
    return to_command(command, body, target, DEFAULT_RULES.zone)


def _from_http(command: type[Command], body: dict[str, Any]) -> Command:
    """The command value the HTTP API builds from `body`, validated by its body model."""
    validated = body_model(command).model_validate(body)
    target = ACCOUNT if issubclass(command, AccountCommand) else None
    return to_command(command, validated, target, DEFAULT_RULES.zone)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_field_of_every_command_means_the_same_in_the_cli_and_over_http(name: str) -> None:
    """R1-R13: each field, given a value other than its default, yields the same command
    value from the CLI's options as from the HTTP body; so an edge cannot drop a field."""
    command = COMMANDS[name]
    args, body = _samples(command)
    from_cli = _from_cli(command, args)
    assert from_cli == _from_http(command, body)
    for field in edge_fields(command):
        assert getattr(from_cli, field.name) != field.default, field.name


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_field_of_every_command_is_in_the_openapi_document(name: str) -> None:
    """R13: the API documents what it accepts; every command field is in its body schema."""
    command = COMMANDS[name]
    schema = body_model(command).model_json_schema()
    for field in edge_fields(command):
        assert set(field.body_keys) <= set(schema["properties"]), field.name


def test_every_lifecycle_command_is_in_the_table_with_a_route_and_a_cli_verb() -> None:
    """R1-R12: the table covers the lifecycle (reversal goes through appeals, R15), and both
    edges offer every command of the table."""
    assert set(COMMANDS) == set(COMMAND_ROLES) - {"reverse_measure"}
    verbs = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    routes = set(create_app(Settings(store="memory:")).openapi()["paths"])
    for command in COMMANDS.values():
        assert command.verb() in verbs
        on_account = issubclass(command, AccountCommand)
        assert (
            f"/accounts/{{account_id}}/{command.verb()}" if on_account else "/accounts"
        ) in routes


def test_a_command_value_is_what_its_dataclass_says() -> None:
    """R13: command values are frozen; the table holds only verbs, never a base class."""
    warn = Warn(account_id=ACCOUNT)
    with pytest.raises(dataclasses.FrozenInstanceError):
        warn.account_id = UUID(int=0)  # type: ignore[misc]
    assert COMMANDS["warn"] is Warn
    assert all("command" in vars(c) for c in COMMANDS.values())
    assert COMMANDS["apply_transfer"].__dataclass_fields__["transferee"].type in (
        "Identity",
        Identity,
    )
