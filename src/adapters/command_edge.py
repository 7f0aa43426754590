"""How a command value meets the edges: one input model per command, built from its fields.

Both edges validate through the same pydantic model (`input_model`), generated from the
command's dataclass fields and their metadata, and both turn it into the command value
with `to_command`; the CLI first gathers its options into the body the HTTP API takes
(`cli_body`). So a field cannot exist on one edge and not the other, nor mean two
things: a test walks `COMMANDS` to check it.
"""

from __future__ import annotations

import dataclasses
import inspect
import types
from dataclasses import dataclass
from datetime import datetime
from functools import cache, cached_property
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin, get_type_hints
from uuid import UUID
from zoneinfo import ZoneInfo

import typer

from accountledger.application.commands import AccountCommand, Command
from accountledger.application.identity import Identity
from accountledger.application.ledger import Recorded
from accountledger.domain.authorisations import Authorisation
from accountledger.domain.dates import in_zone

if TYPE_CHECKING:
    from pydantic import BaseModel

    from accountledger.adapters.inputs import IdentityInput

# The input models (pydantic) are built when a command is first validated, not when the
# CLI's options are generated: a CLI call imports pydantic only for the verb it runs.
_IDENTITY_KEYS = ("identity_kind", "identity_number", "contact")
# A licence's parts, as `Authorisation` holds them: a flag each at the CLI.
LICENCE_PARTS = tuple(f.name for f in dataclasses.fields(Authorisation))
_REQUIRED_KEYS = ("identity_kind", "identity_number")


@dataclass(frozen=True)
class EdgeField:
    """One input of a command as the edges see it."""

    name: str  # the command's field
    hint: Any  # its type
    default: Any  # dataclasses.MISSING when required
    help: str
    flag: str  # the CLI option
    flags: dict[str, str]  # an identity's parts: body key -> CLI option
    nested: bool  # an identity under its own key in the body (else flat)
    min_length: int | None
    max_length: int | None

    @property
    def required(self) -> bool:
        return self.default is dataclasses.MISSING

    @property
    def is_identity(self) -> bool:
        return self.hint is Identity

    @cached_property
    def is_tuple(self) -> bool:
        """Given as a list, stored as a tuple; known once per field, not per value built
        (hashing a `Literal` hint for `_base`'s cache was most of an import's `to_command`)."""
        return _base(self.hint) is tuple

    @property
    def is_licence(self) -> bool:
        """Evidence for an authorised name: an object in a body, a flag per part."""
        return _base(self.hint) is Authorisation

    @property
    def repeated(self) -> bool:
        return _base(self.hint) in (tuple, dict)

    @property
    def parts(self) -> tuple[str, ...]:
        """An identity's parts, as its flags name them: a registrant's include the
        parts of a composite identity (`--mobile`, `--representative-kind`, ...)."""
        return tuple(self.flags) or _IDENTITY_KEYS

    @property
    def identity_model(self) -> type[IdentityInput]:
        """The input model of an identity: with composite parts where its flags offer them."""
        from accountledger.adapters.inputs import IdentityInput, RegistrantInput

        return RegistrantInput if set(self.parts) - set(_IDENTITY_KEYS) else IdentityInput

    @property
    def body_keys(self) -> tuple[str, ...]:
        """The keys this field takes in an HTTP body."""
        if self.is_identity and not self.nested:
            return self.parts
        return (self.name,)


@cache  # asked for every field of every command value the edge builds (an import: millions)
def _base(hint: Any) -> Any:
    """`tuple` for tuple[str, ...], `datetime` for datetime | None, the hint otherwise."""
    args = [a for a in get_args(hint) if a is not type(None)]
    if get_origin(hint) in (Union, types.UnionType) and len(args) == 1:
        return _base(args[0])
    return get_origin(hint) or hint


def edge_fields(command: type[Command]) -> tuple[EdgeField, ...]:
    """The inputs of `command`, in declaration order (the account id is the path's)."""
    if command not in _FIELDS:
        _FIELDS[command] = _edge_fields(command)
    return _FIELDS[command]


_FIELDS: dict[type[Command], tuple[EdgeField, ...]] = {}
_MODELS: dict[tuple[type[Command], type[BaseModel]], type[BaseModel]] = {}


def _edge_fields(command: type[Command]) -> tuple[EdgeField, ...]:
    hints = get_type_hints(command)
    found = []
    for spec in dataclasses.fields(command):
        if spec.name == "account_id":
            continue
        meta = spec.metadata
        default = spec.default
        if spec.default_factory is not dataclasses.MISSING:
            default = spec.default_factory()
        found.append(
            EdgeField(
                name=spec.name,
                hint=hints[spec.name],
                default=default,
                help=meta.get("help", ""),
                flag=meta.get("flag") or "--" + spec.name.replace("_", "-"),
                flags=dict(meta.get("flags", {})),
                nested=meta.get("nested", True),
                min_length=meta.get("min_length"),
                max_length=meta.get("max_length"),
            )
        )
    return tuple(found)


def _pydantic_type(field: EdgeField) -> Any:
    from accountledger.adapters.inputs import BusinessTime, LicenceInput

    base = _base(field.hint)
    optional = type(None) in get_args(field.hint)
    if base is datetime:
        return BusinessTime | None if optional else BusinessTime
    if field.is_identity:
        return field.identity_model
    if field.is_licence:
        return LicenceInput | None
    return field.hint


def input_model(command: type[Command], base: type[BaseModel] | None = None) -> type[BaseModel]:
    """The validated input of `command`: the HTTP body's own fields, and the CLI's options.

    Built once per command and base (`ActFields` over HTTP, plain `Edge` in the CLI).
    """
    if base is None:
        from accountledger.adapters.inputs import Edge

        base = Edge
    if (command, base) not in _MODELS:
        _MODELS[command, base] = _input_model(command, base)
    return _MODELS[command, base]


def _input_model(command: type[Command], base: type[BaseModel]) -> type[BaseModel]:
    from pydantic import Field, create_model

    from accountledger.adapters.inputs import Edge

    definitions: dict[str, Any] = {}
    bases: tuple[type[BaseModel], ...] = (base,)
    for field in edge_fields(command):
        if field.is_identity and not field.nested:
            bases = (field.identity_model, *(b for b in bases if b is not Edge))
            continue
        default = ... if field.required else field.default
        if isinstance(default, tuple | dict) and not default:
            default = type(default)()
        definitions[field.name] = (
            _pydantic_type(field),
            Field(
                default,
                description=field.help,
                min_length=field.min_length,
                max_length=field.max_length,
            ),
        )
    return create_model(
        f"{command.__name__}Body",
        __base__=bases if len(bases) > 1 else bases[0],
        __doc__=command.__doc__,
        **definitions,
    )


def to_command(
    command: type[Command], body: BaseModel, account_id: UUID | None, zone: ZoneInfo
) -> Command:
    """The command value from a validated input (and the account it is about); a time
    given without offset is placed in the platform's `zone` (`domain/dates.py`)."""
    from accountledger.adapters.inputs import LicenceInput

    values: dict[str, Any] = {}
    for field in edge_fields(command):
        if field.is_identity:
            source: Any = getattr(body, field.name) if field.nested else body
            values[field.name] = source.to_identity()
            continue
        value = getattr(body, field.name)
        if isinstance(value, LicenceInput):
            value = value.to_authorisation(zone)
        if isinstance(value, datetime):
            value = in_zone(value, zone)
        values[field.name] = tuple(value) if field.is_tuple else value
    if issubclass(command, AccountCommand):
        values["account_id"] = account_id
    return command(**values)


# ----------------------------------------------------------------------------- CLI


def _option(name: str, flag: str, help: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        default=default,
        annotation=Annotated[annotation, typer.Option(flag, help=help)],
    )


def cli_parameters(command: type[Command]) -> list[inspect.Parameter]:
    """One typer option per input (an identity: one per part), named by the field's flag."""
    params = []
    for field in edge_fields(command):
        if field.is_identity:
            suffix = "" if field.nested else " (registrant)"
            for key in field.parts:
                required = key in _REQUIRED_KEYS
                params.append(
                    _option(
                        f"{field.name}__{key}",
                        field.flags[key],
                        f"{key.replace('_', ' ')}{suffix}",
                        str if required else str | None,
                        inspect.Parameter.empty if required else None,
                    )
                )
        elif field.is_licence:
            for key in LICENCE_PARTS:
                help = f"{key.replace('_', ' ')} of {field.help}"
                params.append(
                    _option(f"{field.name}__{key}", field.flags[key], help, str | None, None)
                )
        elif field.repeated:
            required = field.required and bool(field.min_length)
            help = f"{field.help} (repeatable)"
            annotation = list[str] if required else list[str] | None
            default = inspect.Parameter.empty if required else None
            params.append(_option(field.name, field.flag, help, annotation, default))
        elif field.required:
            params.append(_option(field.name, field.flag, field.help, str, inspect.Parameter.empty))
        else:
            params.append(_option(field.name, field.flag, field.help, str | None, None))
    return params


def _pairs(field: EdgeField, given: list[str]) -> dict[str, str]:
    pairs = {}
    for item in given:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"{field.name}: {item!r} is not FIELD=REFERENCE (rule: key-value)")
        pairs[key.strip()] = value.strip()
    return pairs


def cli_body(command: type[Command], options: dict[str, Any]) -> dict[str, Any]:
    """The HTTP body the CLI's options stand for; options not given are left out."""
    body: dict[str, Any] = {}
    for field in edge_fields(command):
        if field.is_identity:
            parts = {
                key: options[f"{field.name}__{key}"]
                for key in field.parts
                if options.get(f"{field.name}__{key}") is not None
            }
            if field.nested:
                body[field.name] = parts
            else:
                body.update(parts)
            continue
        if field.is_licence:
            given = {k: options[f"{field.name}__{k}"] for k in LICENCE_PARTS}
            if any(v is not None for v in given.values()):
                body[field.name] = {k: v for k, v in given.items() if v is not None}
            continue
        value = options.get(field.name)
        if value is None:
            continue
        body[field.name] = _pairs(field, value) if _base(field.hint) is dict else value
    return body


def help_text(command: type[Command]) -> str:
    """The command's docstring as help: paragraphs kept, lines joined."""
    paragraphs = inspect.cleandoc(command.__doc__ or "").split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def written(command: type[Command], result: Recorded) -> dict[str, Any]:
    """What a command recorded, as both edges report it (R13)."""
    output: dict[str, Any] = {
        "account_id": str(result.account_id),
        "command": command.verb(),
        "events": list(result.events),
        "records": list(result.records),
        "reached": list(result.reached),
        "status": result.status,
        "version": result.version,
    }
    if not issubclass(command, AccountCommand):
        output["review_findings"] = list(result.review_findings)
    return output
