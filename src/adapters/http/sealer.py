"""The service's automatic checkpoints: a thread that seals whenever one is due (R16).

`accountledger serve` starts it with the app and stops it before the ledger closes.
Every `tick` seconds (the first time at once) it asks `sealing.seal_if_due` at the
service's clock, so no more than `checkpoint_every_events` events, or
`checkpoint_interval` of history, stay unprotected for longer than a tick.
"""

from __future__ import annotations

import logging
import threading

from accountledger.adapters.http.service import Service
from accountledger.application.integrity import Sealed
from accountledger.application.sealing import seal_if_due

log = logging.getLogger(__name__)

# How often the thread looks: often enough that the event count is not overrun by much,
# seldom enough to cost nothing (one indexed read of the checkpoint, one of the log).
TICK = 5.0


class Sealer:
    """Seals a checkpoint whenever one is due, on a daemon thread of its own."""

    def __init__(self, service: Service, tick: float = TICK) -> None:
        interval = service.settings.rules.checkpoint_interval.total_seconds()
        self.service = service
        self.tick = min(tick, interval)
        self.ticked = threading.Event()  # set after every look: lets a test wait for one
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def seal_if_due(self) -> Sealed | None:
        return seal_if_due(self.service.ledger, self.service.clock())

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="checkpoint-sealer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=60)  # a seal under way finishes; its save is atomic
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                sealed = self.seal_if_due()
                if sealed is not None:
                    log.info("checkpoint %s sealed at position %s", sealed.number, sealed.position)
            except Exception:
                # The store may be away for a moment; the next look tries again, and
                # `verify` says meanwhile how many events wait for a checkpoint.
                log.exception("automatic checkpoint failed")
            self.ticked.set()
            self._stop.wait(self.tick)
