"""The one service behind the HTTP app and the console: ledger, key store, read models.

`Service` opens the ledger and the key store on first use and closes both on shutdown.
Its read models are one read store and one projection for the service's life
(`read_side.KeptReadModels`): `read` answers a query from them brought up to date first,
so a caller reads its own writes; `keep_current`, after a write, only nudges the thread
that follows the writes in the background (`follow`, started with the app in embedded
mode), so a write never waits for the read models (issue 16 point 6).
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from accountledger.adapters.bootstrap import (
    Settings,
    checked_keystore_url,
    open_ledger,
    open_projection,
    sqlite_path,
)
from accountledger.adapters.http.keys import KeyStore
from accountledger.adapters.http.sessions import Sessions
from accountledger.adapters.inputs import Clock
from accountledger.adapters.read_side import KeptReadModels
from accountledger.application.ledger import Ledger
from accountledger.projections.view import ReadStore

T = TypeVar("T")


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Service:
    """The app's ledger and key store, opened on first use and closed on shutdown."""

    settings: Settings
    clock: Clock = system_clock
    _ledger: Ledger | None = field(default=None, repr=False)
    _keys: KeyStore | None = field(default=None, repr=False)
    _sessions: Sessions | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    read_models: KeptReadModels = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.read_models = KeptReadModels(lambda: open_projection(self.ledger, self.settings))

    @property
    def ledger(self) -> Ledger:
        with self._lock:
            if self._ledger is None:
                self._ledger = open_ledger(self.settings, self.clock)
            return self._ledger

    @property
    def keys(self) -> KeyStore:
        with self._lock:
            if self._keys is None:
                self._keys = KeyStore(checked_keystore_url(self.settings))
            return self._keys

    @property
    def sessions(self) -> Sessions:
        """The console's sessions, in the key store's database (`http/sessions.py`)."""
        keys = self.keys
        with self._lock:
            if self._sessions is None:
                self._sessions = Sessions(keys.engine)
            return self._sessions

    def follow(self) -> None:
        """Embedded mode: keep the read models current in the background, as the CLI keeps
        them after each write (a shared store has `accountledger project --follow`)."""
        if sqlite_path(self.settings.store) is not None:
            self.read_models.start()

    def keep_current(self) -> None:
        """After a write: the follower takes it soon; a recorded write is never answered 500
        because a read model stalled, nor waits for them (the next read catches up)."""
        self.read_models.nudge()

    def read(self, query: Callable[[ReadStore], T]) -> T:
        """Answer `query` from the read models, holding every event recorded before it
        began; if they stopped at an event they cannot take, from the read models as they
        stood (logged)."""
        return self.read_models.read(query)

    def close(self) -> None:
        self.read_models.close()
        with self._lock:
            if self._ledger is not None:
                self._ledger.close()
                self._ledger = None
            if self._keys is not None:
                self._keys.close()
                self._keys = None
                self._sessions = None
