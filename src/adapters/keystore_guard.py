"""Never a new pepper beside existing history: the key store is checked before use (R17).

The key store (`accountledger.keys.db` or `ACCOUNTLEDGER_KEYSTORE`) holds the pepper of
every subject's keyed hash, every subject's key and the API keys. A new one beside an
event store that already holds history would make every identity unreadable, every API
key unknown, and let a blacklisted subject register again under a new hash. So:

* an absent or empty key store may be created only beside an event store with no events;
* a key store that is not one (not SQLite, foreign tables, garbage) is refused;

each as one line naming the key store and what to do (`KeyStoreUnusable`: CLI exit 10,
HTTP 503). Both checks only read: nothing is created before they pass.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError

from accountledger.domain.errors import InvalidInput, LedgerError

# Every table the key-store database may hold (vault.py, http/keys.py, http/sessions.py).
KEYSTORE_TABLES = frozenset(
    {"vault_secrets", "vault_subject_keys", "api_keys", "access_log", "console_sessions"}
)
# The events table of each persistence module (eventsourcing.sqlite, eventsourcing.postgres).
EVENT_TABLES = ("stored_events", "accountledger_events")
_REMEDY = (
    "restore it with `accountledger restore DIR` from a backup, or point --keystore / "
    "ACCOUNTLEDGER_KEYSTORE at it"
)


class KeyStoreUnusable(LedgerError):
    """The key store is missing beside existing history, or is not a key store."""

    rule = "keystore-missing"


def shown(url: str) -> str:
    """A store URL as a message may show it: never its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except SQLAlchemyError:
        return "(unparsable URL)"


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        return None
    return Path(parsed.database) if parsed.database not in (None, "", ":memory:") else None


@contextmanager
def _reading(url: str) -> Iterator[Connection | sqlite3.Connection | None]:
    """A read-only connection to `url`; None when it is an absent (or in-memory) SQLite
    file. A SQLite file is opened read-only so that looking never creates it."""
    path = _sqlite_file(url)
    if make_url(url).drivername.startswith("sqlite"):
        if path is None or not path.exists():
            yield None
            return
        if path.is_dir():
            raise IsADirectoryError(f"{path} is a directory")
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            yield db
        return
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def _tables(db: Connection | sqlite3.Connection) -> set[str]:
    if isinstance(db, sqlite3.Connection):
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return {str(row[0]) for row in rows if not str(row[0]).startswith("sqlite_")}
    return set(inspect(db).get_table_names())


def _first(db: Connection | sqlite3.Connection, query: str) -> object:
    if isinstance(db, sqlite3.Connection):
        return db.execute(query).fetchone()
    return db.execute(text(query)).first()


def store_has_events(store: str) -> bool:
    """Whether the event store at `store` holds at least one event (memory: never)."""
    if store.startswith("memory"):
        return False
    try:
        with _reading(store) as db:
            if db is None:
                return False
            found = _tables(db).intersection(EVENT_TABLES)
            return any(_first(db, f"SELECT 1 FROM {table} LIMIT 1") for table in sorted(found))
    except (sqlite3.Error, SQLAlchemyError, OSError) as error:
        # Unknown history is not "no history": refuse rather than risk a new pepper.
        raise InvalidInput(
            f"cannot read the event store {shown(store)} ({_reason(error)})",
            rule="store-open",
            field="store",
        ) from None


def keystore_has_pepper(keystore: str) -> bool:
    """Whether the key store holds a pepper; False when it is absent or empty.

    Raises `KeyStoreUnusable` (rule `keystore-corrupt`) when it cannot be read as a key
    store: not a database, a directory, foreign tables, or a table of the wrong shape."""
    try:
        with _reading(keystore) as db:
            if db is None:
                return False
            tables = _tables(db)
            if tables and not tables <= KEYSTORE_TABLES:
                foreign = ", ".join(sorted(tables - KEYSTORE_TABLES)[:3])
                raise _corrupt(keystore, f"it holds tables of something else ({foreign})")
            if "vault_secrets" not in tables:
                return False
            query = "SELECT value FROM vault_secrets WHERE name = 'pepper'"
            return _first(db, query) is not None
    except (sqlite3.Error, SQLAlchemyError, OSError) as error:
        raise _corrupt(keystore, _reason(error)) from None


def _reason(error: Exception) -> str:
    """The first line of an error, bounded: a driver's message can run to many lines."""
    return str(error).splitlines()[0][:160] if str(error) else type(error).__name__


def _corrupt(keystore: str, reason: str) -> KeyStoreUnusable:
    return KeyStoreUnusable(
        f"the key store {shown(keystore)} is not a usable key store ({reason}); {_REMEDY}",
        rule="keystore-corrupt",
        field="keystore",
        article="2022-16",
    )


def check_keystore(store: str, keystore: str) -> None:
    """Refuse to go on when the key store is unusable, or missing beside history (R17)."""
    # History is read first: an event is committed after the pepper it was sealed under,
    # so a writer starting beside another on a fresh store that sees its events also
    # sees its pepper (read the other way round, it could see neither, then both).
    history = store_has_events(store)
    if keystore_has_pepper(keystore) or not history:
        return
    raise KeyStoreUnusable(
        f"the key store {shown(keystore)} is missing or empty but the event store "
        f"{shown(store)} holds history; a new key store would make every identity "
        f"unreadable and every API key unknown; {_REMEDY}",
        field="keystore",
        article="2022-16",
    )
