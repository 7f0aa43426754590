"""One place wires the ledger from settings: store URL, key store, rules.

`sqlite:///path` (the embedded default, durable on commit: WAL with synchronous
FULL), `memory:` (tests and benchmarks) and `postgresql+psycopg://...` (production)
select the eventsourcing persistence module; the identity vault's keys live in a
separate database beside the store, never in it (R17).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from eventsourcing.persistence import InternalError, PersistenceError

from accountledger.application.reading import Clock, LedgerReader, wall_clock
from accountledger.domain.rules import DEFAULT_RULES, LedgerRules

if TYPE_CHECKING:
    from accountledger.adapters.config import Effective
    from accountledger.application.ledger import Ledger
    from accountledger.projections.projector import LedgerProjection

# SQLAlchemy, the vault, the ledger's writing side, the key-store guard and the read
# models are imported where they are used: a CLI read of one account needs none of them
# (issue 16: start-up was 95% of a `show`).

DEFAULT_STORE = "sqlite:///accountledger.db"
T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    store: str = DEFAULT_STORE
    keystore: str | None = None
    rules: LedgerRules = DEFAULT_RULES
    # The largest HTTP request body the service reads (413 beyond it).
    max_body_bytes: int = 1_048_576
    # Where notifications are delivered, and the key their signature is made with
    # (ACCOUNTLEDGER_WEBHOOK_URL, ACCOUNTLEDGER_WEBHOOK_SECRET; docs/operations.md).
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    # `ACCOUNTLEDGER_REQUIRE_KEYS`: the CLI writes (and shows personal information) only
    # with `ACCOUNTLEDGER_KEY`; None: on for PostgreSQL stores, off for the embedded one.
    require_keys: bool | None = None
    # `/readyz` answers 503 once the read models are more than this many positions behind
    # the store (`serve --ready-max-lag`, ACCOUNTLEDGER_READY_MAX_LAG; docs/operations.md).
    ready_max_lag: int = 1000

    @property
    def keys_required(self) -> bool:
        """Whether the CLI needs `ACCOUNTLEDGER_KEY` to write (see `require_keys`)."""
        if self.require_keys is not None:
            return self.require_keys
        return self.store.startswith("postgresql")

    @classmethod
    def from_env(
        cls, store: str | None = None, keystore: str | None = None, config: str | None = None
    ) -> Settings:
        """Settings from the options, the environment (`ACCOUNTLEDGER_STORE`,
        `ACCOUNTLEDGER_TIME_ZONE`, ...), the TOML file (`--config`, `ACCOUNTLEDGER_CONFIG`
        or `accountledger.toml`) and the defaults, in that order (`adapters/config.py`);
        a bad value is `InvalidInput` naming the key and where it was read."""
        from accountledger.adapters.config import load

        return cls.from_effective(load({"store": store, "keystore": keystore}, config))

    @classmethod
    def from_effective(cls, effective: Effective) -> Settings:
        values = {k: v for k, v in effective.values.items() if k in _SERVICE_FIELDS}
        return cls(**values, rules=effective.rules)


_SERVICE_FIELDS = frozenset(f.name for f in fields(Settings)) - {"rules"}


def sqlite_path(store: str) -> Path | None:
    """The file of an embedded store, or None for other stores."""
    if store.startswith("sqlite:///"):
        return Path(store[len("sqlite:///") :])
    return None


def persistence_env(store: str) -> dict[str, str]:
    """The eventsourcing environment for a store URL."""
    if store in ("memory:", "memory://"):
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    path = sqlite_path(store)
    if path is not None:
        return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}
    if store.startswith("postgresql"):
        from sqlalchemy.engine import make_url

        url = make_url(store)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": url.database or "postgres",
            "POSTGRES_HOST": url.host or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": url.username or "postgres",
            "POSTGRES_PASSWORD": url.password or "",
        }
    raise ValueError(
        f"store: unsupported URL {store!r} (rule: store-url); use sqlite:///FILE, "
        "memory: or postgresql+psycopg://USER@HOST:PORT/DB"
    )


def keystore_url(settings: Settings) -> str:
    if settings.keystore:
        return settings.keystore
    path = sqlite_path(settings.store)
    if path is not None:
        return f"sqlite:///{path.with_suffix('.keys.db')}"
    if settings.store.startswith("memory"):
        return "sqlite://"
    raise ValueError(
        "keystore: a non-embedded store needs ACCOUNTLEDGER_KEYSTORE or --keystore "
        "(rule: keys-outside-event-store)"
    )


def checked_keystore_url(settings: Settings) -> str:
    """The key store's URL once it is known usable: present beside history, and a key
    store (`adapters/keystore_guard.py`; `KeyStoreUnusable` otherwise)."""
    url = keystore_url(settings)
    check_keystore(settings.store, url)
    return url


def check_keystore(store: str, keystore: str) -> None:
    """`keystore_guard.check_keystore`, imported when a key store is first needed."""
    from accountledger.adapters.keystore_guard import check_keystore as check

    check(store, keystore)


def read_store_url(settings: Settings) -> str:
    """The read models live in the same database as the events (memory: their own)."""
    if settings.store.startswith("memory"):
        return "sqlite://"
    return settings.store


def open_projection(ledger: Ledger, settings: Settings) -> LedgerProjection:
    """The tracked projection of `ledger` into its read models."""
    from accountledger.projections.projector import LedgerProjection
    from accountledger.projections.view import ReadStore

    view = creating_schema(lambda: ReadStore(read_store_url(settings)))
    return LedgerProjection(view, ledger)


class StoreUnavailable(Exception):
    """A store or key store that cannot be opened: one line naming the option, not a
    traceback from the database driver (issue 15 point 7)."""

    rule = "store-open"

    def __init__(self, field: str, url: str, reason: str) -> None:
        self.field = field
        super().__init__(f"{field}: {url!r} cannot be opened: {reason} (rule: {self.rule})")


_SQLITE_HEADER = b"SQLite format 3\x00"


def check_sqlite_file(field: str, url: str) -> None:
    """An embedded store's file must be one SQLite can open or create: a file name (not
    a directory, not empty: an in-memory key store would lose every key), in a
    directory that exists, holding a SQLite database or nothing yet."""
    path = sqlite_path(url)
    if path is None:
        return
    if not url[len("sqlite:///") :].strip():
        raise StoreUnavailable(field, url, "give a file name, sqlite:///FILE")
    if path.is_dir():
        raise StoreUnavailable(field, url, "it is a directory; give a file name")
    if not path.parent.is_dir():
        raise StoreUnavailable(field, url, f"the directory {str(path.parent)!r} does not exist")
    if path.is_file() and path.stat().st_size:
        with path.open("rb") as file:
            if file.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
                raise StoreUnavailable(field, url, "the file is not a SQLite database")


def _opened(field: str, url: str, open_store: Callable[[], T]) -> T:
    """`open_store()`, its driver's failure to open or parse `url` as one line."""
    try:
        return creating_schema(open_store)
    except _driver_errors(OSError, sqlite3.Error, PersistenceError) as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise StoreUnavailable(field, url, reason) from None


def open_ledger(settings: Settings, clock: Clock = wall_clock) -> Ledger:
    """The ledger for `settings` with its recording clock; `ledger.close()` closes its
    store and its vault. A store that cannot be opened is `StoreUnavailable`."""
    from accountledger.adapters.vault import Vault
    from accountledger.application.ledger import Ledger

    env = persistence_env(settings.store)
    keys = keystore_url(settings)
    check_sqlite_file("store", settings.store)
    check_sqlite_file("keystore", keys)
    # The key store is checked when first used (keystore_guard): reads that need no
    # personal information run without it.
    vault = Vault(keys, guard=lambda: check_keystore(settings.store, keys))
    ledger = _opened(
        "store",
        settings.store,
        lambda: Ledger(env, vault=vault, rules=settings.rules, clock=clock),
    )
    return ledger


def open_reader(settings: Settings, clock: Clock = wall_clock) -> LedgerReader:
    """The store of `settings` as the ledger reads it, for a read of one account
    (`application/reading.py`): neither the vault nor the commands, indexes and name
    review a write needs are imported. Refused as `open_ledger` refuses a store."""
    env = persistence_env(settings.store)
    check_sqlite_file("store", settings.store)
    check_sqlite_file("keystore", keystore_url(settings))
    return _opened(
        "store", settings.store, lambda: LedgerReader(env, rules=settings.rules, clock=clock)
    )


def _driver_errors(*others: type[Exception], parse: bool = True) -> tuple[type[Exception], ...]:
    """`others` and SQLAlchemy's failures to reach a database (and, with `parse`, to parse
    a URL): imported only when opening failed (an `except` clause is evaluated only then)."""
    from sqlalchemy.exc import ArgumentError, DBAPIError

    return (*others, DBAPIError, *((ArgumentError,) if parse else ()))


def creating_schema(open_store: Callable[[], T]) -> T:
    """Open a store whose schema is created on first use: servers starting together race
    on PostgreSQL's catalogue ("tuple concurrently updated"), and two openers of one
    SQLite file (a CLI beside the service's follower) on a table both found missing
    ("already exists"); the loser tries again."""
    for attempt in range(5):
        try:
            return open_store()
        except _driver_errors(InternalError, parse=False) as error:
            raced = "concurrently" in str(error) or "already exists" in str(error)
            if not raced or attempt == 4:
                raise
            time.sleep(0.1 * (attempt + 1))
    raise AssertionError("unreachable")
