"""The plumbing every CLI command shares: options, the ledger, output and refusals.

A user mistake becomes one clear line (or one JSON object with `--json`) and a
non-zero exit: 2 for input that fails validation, 3 for a refusal by a rule,
4 for something not found, 5 for a lost race. Never a traceback. A check that ran
exits 6 when it found something changed, and `verify --strict` 7 when it found
nothing changed but not everything sealed. A write (or a read of personal information)
without a key where `require_keys` is on, or with a key the key store does not accept,
exits 8 (HTTP's 401; field `ACCOUNTLEDGER_KEY`, rule `key-required` or `key-unknown`).
A key store missing beside existing history, or not a key store at all, exits 10 (HTTP's
503; field `keystore`, rule `keystore-missing` or `keystore-corrupt`): every write needs
it, and so does every read of personal information; other reads run without it.
A `--store` or `--keystore` that cannot be opened exits 2 (rule `store-open`). A read
model that cannot take a stored event exits 9 from `project` and `rebuild` (rule
`projection-stalled`, naming the event); other reads answer from the read models as
they stood, with a warning on stderr.
"""

import inspect
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, NoReturn, TypeVar
from uuid import UUID

from accountledger.adapters import terminal
from accountledger.adapters.bootstrap import (
    Settings,
    StoreUnavailable,
    checked_keystore_url,
    open_ledger,
    open_projection,
    open_reader,
    sqlite_path,
)
from accountledger.adapters.terminal import json_line
from accountledger.application.reading import Clock, LedgerReader
from accountledger.domain.act import Act
from accountledger.domain.errors import (
    ConcurrentChange,
    InvalidInput,
    LedgerError,
    NotFound,
)

if TYPE_CHECKING:
    import typer
    from pydantic import ValidationError

    from accountledger.adapters.entry import Entry, KeyRefused
    from accountledger.adapters.keystore_guard import KeyStoreUnusable
    from accountledger.application.ledger import Ledger
    from accountledger.projections.projector import LedgerProjection, ProjectionStalled
    from accountledger.projections.view import ReadStore

# pydantic, the key store and the read models are imported where they are used, and the
# refusals below name their classes only when something was refused (an `except`
# clause is evaluated only then): a CLI read imports none of them (issue 16).

T = TypeVar("T")

EXIT_INVALID, EXIT_REFUSED, EXIT_NOT_FOUND, EXIT_CONFLICT = 2, 3, 4, 5
# A check that ran and found something wrong (`verify`, `verify-bundle`).
EXIT_BROKEN = 6
# `verify --strict`: nothing found wrong, but events after the latest checkpoint are not
# yet protected against a deletion of the newest ones, or positions are missing after it.
EXIT_UNSEALED = 7
# No `ACCOUNTLEDGER_KEY` where `require_keys` is on, or a key not accepted (`adapters/entry.py`).
EXIT_KEY = 8
# The key store is missing beside existing history, or is not a key store (keystore_guard.py).
EXIT_KEYSTORE = 10
# The read models stopped at an event they cannot take (`project`, `rebuild`).
EXIT_STALLED = 9


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Call:
    """One invocation: its settings, the edge input and the ledger, opened on demand."""

    settings: Settings
    common: dict[str, Any]
    clock: Clock = system_clock
    _ledger: "Ledger | None" = field(default=None, repr=False)
    _reader: LedgerReader | None = field(default=None, repr=False)

    @property
    def ledger(self) -> "Ledger":
        if self._ledger is None:
            self._ledger = open_ledger(self.settings, self.clock)
        return self._ledger

    @property
    def reader(self) -> LedgerReader:
        """The store as the ledger reads it, for a read of one account: the ledger when
        this call opened one, else a reader, which imports no writing side (issue 16)."""
        if self._ledger is not None:
            return self._ledger
        if self._reader is None:
            self._reader = open_reader(self.settings, self.clock)
        return self._reader

    def entry(self, what: str = "a write", command: str | None = None) -> "Entry":
        """Who this write is entered for and by (`adapters/entry.py`: the key or the login)."""
        from accountledger.adapters.entry import authorise

        return authorise(self.settings, self.common.get("actor"), what, command)

    def act(self, account: UUID | None = None) -> Act:
        """The actor and grounds from the options (or the key), and who entered them; a
        write without an actor is refused, and without a key where keys are required. A
        key bound to a scope acts only on an `account` inside it (`application/scope.py`,
        the rule HTTP applies; 2021 Arts 11, 20)."""
        entry = self.entry()
        if entry.caller is not None and account is not None:
            entry.caller.scope.check(account, self.ledger)
        actor = entry.actor
        if not actor:
            raise Refusal(
                "actor: a write needs --actor ID:ROLE or ACCOUNTLEDGER_ACTOR (rule: actor)",
                EXIT_INVALID,
            )
        fields = {k: self.common.get(k) for k in ("reason", "case_id")}
        payload = {
            "actor": actor,
            "at": self.common.get("at"),
            "basis": tuple(self.common.get("basis") or ()),
            "violation": tuple(self.common.get("violation") or ()),
            "evidence": tuple(self.common.get("evidence") or ()),
            **{k: v for k, v in fields.items() if v is not None},
        }
        from accountledger.adapters.inputs import ActInput

        act = ActInput(**payload).to_act(self.clock, self.settings.rules.zone)
        return replace(act, entered_by=entry.entered_by)

    def projection(self) -> "LedgerProjection":
        return open_projection(self.ledger, self.settings)

    def read(self, query: "Callable[[ReadStore], T]") -> T:
        """Answer `query` from the read models, brought up to date first; if they stopped
        at an event they cannot take, from the read models as they stood, with a warning."""
        projection = self.projection()
        try:
            stalled(projection.catch_up)
            return query(projection.view)
        finally:
            projection.view.close()

    def keep_current(self) -> None:
        """Embedded mode: bring the read models up to date after a write (issue 3); a
        write that was recorded is not reported as failed because a read model stalled."""
        if sqlite_path(self.settings.store) is not None:
            projection = self.projection()
            try:
                stalled(projection.catch_up)
            finally:
                projection.view.close()

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
        if self._reader is not None:
            self._reader.close()


# The longest wait or run a `--interval`, `--every` or `--stop-after` may ask for: a day.
MAX_SECONDS = 86_400.0


def seconds(value: float | None) -> float | None:
    """A number of seconds given as an option: finite and between 0 and a day (`nan`
    never compares, so a loop told to stop after nan seconds would never stop)."""
    if value is not None and not 0 <= value <= MAX_SECONDS:
        import typer

        raise typer.BadParameter(f"{value} is not a number of seconds from 0 to {MAX_SECONDS:.0f}")
    return value


def _stalled() -> "type[ProjectionStalled]":
    from accountledger.projections.projector import ProjectionStalled

    return ProjectionStalled


def _key_refused() -> "type[KeyRefused]":
    from accountledger.adapters.entry import KeyRefused

    return KeyRefused


def _keystore_unusable() -> "type[KeyStoreUnusable]":
    from accountledger.adapters.keystore_guard import KeyStoreUnusable

    return KeyStoreUnusable


def _invalid() -> "type[ValidationError]":
    from pydantic import ValidationError

    return ValidationError


def stalled(catch_up: Callable[[], int]) -> None:
    """Run `catch_up`; a stalled projection is a warning on stderr, not a failure."""
    try:
        catch_up()
    except _stalled() as stop:
        terminal.err.print(f"warning: {stop}; run `accountledger rebuild` once fixed", markup=False)


class Refusal(Exception):
    def __init__(self, message: str, code: int, detail: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.detail = detail or {"error": message}


def _validation_line(error: "ValidationError") -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "input"
        message = str(item["msg"]).removeprefix("Value error, ")
        article = (item.get("ctx") or {}).get("article")  # e.g. `inputs.folded_number`
        law = f" [{article}]" if article else ""
        parts.append(f"{where}: {message} (rule: {item['type']}){law}")
    return "; ".join(parts)


@contextmanager
def refusals() -> Iterator[None]:
    """Turn every expected failure into a Refusal with its exit code."""
    try:
        yield
    except Refusal:
        raise
    except StoreUnavailable as error:
        raise Refusal(
            str(error), EXIT_INVALID, {"field": error.field, "rule": error.rule}
        ) from None
    except _stalled() as error:
        raise Refusal(str(error), EXIT_STALLED, error.as_dict()) from None
    except _key_refused() as error:
        raise Refusal(str(error), EXIT_KEY, error.as_dict()) from None
    except _keystore_unusable() as error:
        raise Refusal(str(error), EXIT_KEYSTORE, error.as_dict()) from None
    except _invalid() as error:
        raise Refusal(_validation_line(error), EXIT_INVALID) from None
    except NotFound as error:
        raise Refusal(str(error), EXIT_NOT_FOUND, error.as_dict()) from None
    except ConcurrentChange as error:
        raise Refusal(str(error), EXIT_CONFLICT, error.as_dict()) from None
    except InvalidInput as error:
        raise Refusal(str(error), EXIT_INVALID, error.as_dict()) from None
    except LedgerError as error:
        raise Refusal(str(error), EXIT_REFUSED, error.as_dict()) from None
    except (ValueError, OverflowError) as error:
        raise Refusal(str(error), EXIT_INVALID) from None


def report(refusal: Refusal, as_json: bool) -> int:
    """Print a refusal as one line, or as one JSON object; return its exit code."""
    if as_json:
        print(json_line(refusal.detail | {"error": str(refusal)}))
    else:
        terminal.err.print(f"error: {refusal}", markup=False)
    return refusal.code


def fail(refusal: Refusal, as_json: bool) -> NoReturn:
    import typer

    raise typer.Exit(report(refusal, as_json))


class Verdict(dict[str, Any]):
    """A result that ends the command with an exit code of its own (0 when it holds)."""

    def __init__(self, items: dict[str, Any], exit_code: int) -> None:
        super().__init__(items)
        self.exit_code = exit_code


def emit(result: dict[str, Any], as_json: bool, render: Callable[[dict[str, Any]], None]) -> None:
    if as_json:
        sys.stdout.write(json_line(result) + "\n")
    else:
        render(result)


# ------------------------------------------------------------ shared options


class Param(NamedTuple):
    """One option (or, without `flag`, the argument) of a verb, as data: the typer
    parameter is generated from it (`typer_parameter`), and so is the parse of a verb
    run without typer (`cli.py`'s fast path), so the two cannot differ on a name. (A
    named tuple: made at import in a fraction of a frozen dataclass's time, issue 16.)"""

    name: str
    flag: str | None
    help: str
    default: Any = None
    envvar: str | None = None
    is_flag: bool = False
    many: bool = False

    def annotation(self) -> Any:
        import typer

        if self.flag is None:
            return Annotated[str, typer.Argument(help=self.help, show_default=False)]
        kind: Any = bool if self.is_flag else list[str] | None if self.many else str | None
        return Annotated[kind, typer.Option(self.flag, envvar=self.envvar, help=self.help)]

    def typer_parameter(self) -> inspect.Parameter:
        annotation = self.annotation()
        if self.flag is None:  # an argument: required, before the options
            kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
            return inspect.Parameter(self.name, kind, annotation=annotation)
        kind_only = inspect.Parameter.KEYWORD_ONLY
        return inspect.Parameter(self.name, kind_only, default=self.default, annotation=annotation)


STORE = Param("store", "--store", "store URL (sqlite:///FILE)", envvar="ACCOUNTLEDGER_STORE")
KEYSTORE = Param(
    "keystore", "--keystore", "identity key store URL", envvar="ACCOUNTLEDGER_KEYSTORE"
)
JSON = Param("json_out", "--json", "print exactly one JSON object", False, is_flag=True)
WRITE_OPTIONS = [
    Param("actor", "--actor", "who acts, ID:ROLE", envvar="ACCOUNTLEDGER_ACTOR"),
    Param("at", "--at", "business time (ISO 8601)"),
    Param("reason", "--reason", "why"),
    Param("basis", "--basis", "article id, e.g. 2021-19", many=True),
    Param("violation", "--violation", "violation class, e.g. 2021-18-6", many=True),
    Param("evidence", "--evidence", "evidence reference", many=True),
    Param("case_id", "--case", "case or request id"),
]
COMMON = [STORE, KEYSTORE, JSON]


def shared(writes: bool) -> list[Param]:
    """The options every verb takes, and a write's too."""
    return COMMON + (WRITE_OPTIONS if writes else [])


def execute(
    fn: Callable[..., dict[str, Any]],
    render: Callable[[dict[str, Any]], None],
    writes: bool,
    kwargs: dict[str, Any],
) -> int:
    """Run `fn(call, **own_options)` with the shared options in `kwargs`: print its
    result (or its refusal, one line) and return the exit code. Typer's verbs and the
    fast path both run a verb through here."""
    names = {p.name for p in shared(writes)}
    common = {k: kwargs.pop(k) for k in list(kwargs) if k in names}
    store, keystore = common.pop("store"), common.pop("keystore")
    as_json = common.pop("json_out")
    try:
        with refusals():
            # A bad setting (ACCOUNTLEDGER_TIME_ZONE) is refused like bad input.
            settings = Settings.from_env(store, keystore)
    except Refusal as refusal:
        return report(refusal, as_json)
    call = Call(settings, common, clock=CLOCK[0])
    try:
        with refusals():
            if writes:  # never a decision recorded beside a lost key store (R17)
                checked_keystore_url(settings)
            result = fn(call, **kwargs)
            if writes:
                call.keep_current()
    except Refusal as refusal:
        return report(refusal, as_json)
    finally:
        call.close()
    emit(result, as_json, render)
    return int(getattr(result, "exit_code", 0))


def command(
    app: "typer.Typer",
    name: str,
    render: Callable[[dict[str, Any]], None],
    *,
    writes: bool = True,
    help: str | None = None,
) -> Callable[[Callable[..., dict[str, Any]]], Callable[..., dict[str, Any]]]:
    """Register `fn(call, **own_options) -> result` as a CLI command with the shared options."""
    import typer

    options = [p.typer_parameter() for p in shared(writes)]

    def decorate(fn: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        own = [p for n, p in inspect.signature(fn).parameters.items() if n != "call"]

        def run(**kwargs: Any) -> None:
            code = execute(fn, render, writes, kwargs)
            if code:
                raise typer.Exit(code)

        run.__signature__ = inspect.Signature(own + options)  # type: ignore[attr-defined]
        run.__name__ = fn.__name__
        run.__doc__ = fn.__doc__
        app.command(name, help=help or fn.__doc__)(run)
        return fn

    return decorate


# The clock is injected: tests and the demo replace it; no rule reads the wall clock.
CLOCK: list[Clock] = [system_clock]
