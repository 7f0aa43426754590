"""What every command is: a frozen value whose fields are its inputs, and the `Desk` a
decision may ask of the ledger; the bounds every command's texts and times are held to."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from datetime import datetime
from typing import Any, ClassVar, Protocol
from uuid import UUID

from accountledger.application.identity import Identity
from accountledger.domain.account import Account, SubjectRef
from accountledger.domain.act import Act
from accountledger.domain.authorisations import Authorisation
from accountledger.domain.names import Verdict
from accountledger.domain.rules import LedgerRules
from accountledger.domain.text import check_text


class Desk(Protocol):
    """What a decision may ask of the ledger beyond the account itself."""

    rules: LedgerRules
    clock: Callable[[], datetime]

    def reviews(
        self, values: dict[str, str], licences: frozenset[str] = frozenset()
    ) -> dict[str, Verdict]: ...

    def authorised(self, licence: Authorisation | None) -> frozenset[str]: ...

    def check_name_free(self, name: str, account_id: UUID) -> None: ...

    def seal(self, identity: Identity) -> SubjectRef: ...

    def check_may_hold(self, subject_ref: str) -> None: ...

    def check_not_blacklisted(self, subject_ref: str) -> None: ...

    def binding(self, account: Account, at: datetime) -> list[str]: ...

    def seal_contact(self, subject_ref: str, contact: str) -> str: ...

    def history(self, account_id: UUID) -> list[Any]: ...


def given(
    help: str,
    default: Any = MISSING,
    *,
    flag: str | None = None,
    flags: Mapping[str, str] | None = None,
    nested: bool = True,
    min_length: int | None = None,
    max_length: int | None = None,
    one_line: bool = False,
) -> Any:
    """A command field with what the edges need to offer it.

    `flag` is the CLI option (default `--field-name`), `flags` the options of an
    identity's parts; `nested` says whether HTTP takes an identity as an object under
    the field's name or flat in the body; `one_line`, that the text may hold no line
    break or tab either (a name: `domain/text.check_text`).
    """
    metadata = {
        "help": help,
        "flag": flag,
        "flags": dict(flags or {}),
        "nested": nested,
        "min_length": min_length,
        "max_length": max_length,
        "one_line": one_line,
    }
    if isinstance(default, dict):
        return field(default_factory=dict, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True, kw_only=True)
class Command:
    """A command; `command` is the lifecycle's and the role table's name for it."""

    command: ClassVar[str]

    @classmethod
    def verb(cls) -> str:
        """The CLI verb and the last part of the HTTP path: `warn`, `apply-transfer`."""
        return cls.command.replace("_", "-")


@dataclass(frozen=True, kw_only=True)
class AccountCommand(Command):
    """A command on one existing account."""

    account_id: UUID

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        """Let the account decide: the use case of this command."""
        raise NotImplementedError


def check_fields(command: Command, limit: int) -> None:
    """Every text a command carries is bounded and visible, whichever edge built it
    (R13, R16): a field's own `max_length` where it has one, else `limit`; a name on one line."""
    for name, bound, one_line in _text_bounds(type(command), limit):
        for part, text in _texts(name, getattr(command, name)):
            check_text(part, text, bound, one_line=one_line)


def _texts(name: str, value: Any) -> Iterator[tuple[str, str]]:
    """Each text a field holds, named: an identity's or a licence's parts by their own
    names (a registrant's contact is free text too), a list's or a mapping's by the field."""
    if is_dataclass(value):
        parts = ((part.name, getattr(value, part.name)) for part in fields(value))
        yield from ((part, text) for part, text in parts if isinstance(text, str))
        return
    texts = value if isinstance(value, tuple) else (value,)
    if isinstance(value, dict):
        texts = (*value, *value.values())
    yield from ((name, text) for text in texts if isinstance(text, str))


def command_times(command: Command) -> Iterator[tuple[str, datetime]]:
    """Every time a command carries (`until`, `deadline`, `expires`), by field name: the
    ledger bounds each by `max_term`, whichever edge built it (R16, issue 15 point 1)."""
    for spec in fields(command):
        value = getattr(command, spec.name)
        if isinstance(value, datetime):
            yield spec.name, value


_BOUNDS: dict[tuple[type[Command], int], tuple[tuple[str, int, bool], ...]] = {}


def _text_bounds(command: type[Command], limit: int) -> tuple[tuple[str, int, bool], ...]:
    """Each field of a command, its bound and whether it is one line: read once per class."""
    key = (command, limit)
    if key not in _BOUNDS:
        _BOUNDS[key] = tuple(
            (
                spec.name,
                spec.metadata.get("max_length") or limit,
                bool(spec.metadata.get("one_line")),
            )
            for spec in fields(command)
        )
    return _BOUNDS[key]
