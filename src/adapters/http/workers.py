"""`serve --workers N`: the API on N processes, the write path still safe.

uvicorn starts each worker as a new process (spawn, never fork), and each calls
`worker_app`, which builds its own `Service`: its own ledger, key store and read store
engines and its own read models, nothing shared in memory across processes. What keeps
the writes safe is in the stores, as between any two writers: the event store's
optimistic concurrency refuses an event at a version already taken and the ledger retries
the command on fresh aggregates (`Ledger.run_atomically`); the read models' catch-up is
serialised by the read store's lock and tracking position. A read in any worker first
catches its read models up with everything recorded before it began, so a caller reads
its own writes whichever worker answers.

The service's background work runs once, in the supervising process (`Background`): the
automatic checkpoints (R16) and the delivery of notifications (2021 Art 20), not once
per worker. Settings reach the workers through the environment, which they inherit:
`serve` puts its options there (`ACCOUNTLEDGER_STORE`, ...), the same precedence as
everywhere (option > environment > file > default).
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from accountledger.adapters import redaction
from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.delivery import DeliveryThread, deliverer
from accountledger.adapters.http import request_log
from accountledger.adapters.http.sealer import Sealer
from accountledger.adapters.http.service import Service, system_clock

FACTORY = "accountledger.adapters.http.workers:worker_app"


def worker_app() -> FastAPI:
    """One worker's application (uvicorn's `factory=True`), from the inherited settings;
    it neither seals nor delivers (the supervisor does)."""
    from accountledger.adapters.http.app import create_app

    request_log.configure()
    redaction.install()
    return create_app(Settings.from_env())


def export(settings: Settings) -> None:
    """Put what the options chose where the workers read it (their environment)."""
    os.environ["ACCOUNTLEDGER_STORE"] = settings.store
    if settings.keystore:
        os.environ["ACCOUNTLEDGER_KEYSTORE"] = settings.keystore
    os.environ["ACCOUNTLEDGER_READY_MAX_LAG"] = str(settings.ready_max_lag)


class Background:
    """The supervisor's sealer and deliverer, over a service of its own."""

    def __init__(self, settings: Settings) -> None:
        self.service = Service(settings, system_clock)
        self.sealer = Sealer(self.service)
        self.delivery = (
            DeliveryThread(
                lambda: deliverer(self.service.ledger, self.service.settings, self.service.clock)
            )
            if settings.webhook_url
            else None
        )

    def start(self) -> None:
        self.sealer.start()
        if self.delivery is not None:
            self.delivery.start()

    def stop(self) -> None:
        if self.delivery is not None:
            self.delivery.stop()
        self.sealer.stop()
        self.service.close()
