"""The one service behind the HTTP app and the console: ledger, key store, read models.

`Service` opens the ledger and the key store on first use and closes both on shutdown;
`read` answers a query from the read models brought up to date first, and
`keep_current` brings them up to date after a write in embedded mode, as the CLI does.
"""

import logging
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
from accountledger.application.ledger import Ledger
from accountledger.projections.projector import ProjectionStalled
from accountledger.projections.view import ReadStore

T = TypeVar("T")
log = logging.getLogger(__name__)


def system_clock() -> datetime:
    return datetime.now(UTC)


def _stalled(catch_up: Callable[[], int]) -> None:
    # `POST /projections/catch-up` and `/rebuild` report the stall (503); reads go on.
    try:
        catch_up()
    except ProjectionStalled as stop:
        log.warning("%s; answering from the read models as they stood", stop)


@dataclass
class Service:
    """The app's ledger and key store, opened on first use and closed on shutdown."""

    settings: Settings
    clock: Clock = system_clock
    _ledger: Ledger | None = field(default=None, repr=False)
    _keys: KeyStore | None = field(default=None, repr=False)
    _sessions: Sessions | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

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

    def keep_current(self) -> None:
        """Embedded mode: bring the read models up to date after a write (as the CLI); a
        recorded write is not answered 500 because a read model stalled."""
        if sqlite_path(self.settings.store) is not None:
            projection = open_projection(self.ledger, self.settings)
            try:
                _stalled(projection.catch_up)
            finally:
                projection.view.close()

    def read(self, query: Callable[[ReadStore], T]) -> T:
        """Answer `query` from the read models, brought up to date first; if they stopped
        at an event they cannot take, from the read models as they stood (logged)."""
        projection = open_projection(self.ledger, self.settings)
        try:
            _stalled(projection.catch_up)
            return query(projection.view)
        finally:
            projection.view.close()

    def close(self) -> None:
        with self._lock:
            if self._ledger is not None:
                self._ledger.close()
                self._ledger = None
            if self._keys is not None:
                self._keys.close()
                self._keys = None
                self._sessions = None
