"""Delivering notifications: signed webhooks, at least once (2021 Art 8 ¶2, Art 20;
2022 Art 15).

`Deliverer.run_once` first brings the outbox up to date from the event log, then POSTs
every pending notification whose next try is due to `ACCOUNTLEDGER_WEBHOOK_URL`:

- the body is the notification's stored JSON, byte for byte the same on every try;
- `X-Accountledger-Signature: sha256=<hex>` is the HMAC-SHA256 of those bytes under
  `ACCOUNTLEDGER_WEBHOOK_SECRET`;
- `Idempotency-Key: <notification id>` (the position of the event that obliges it) is
  the same on every try, so a receiver drops a duplicate;
- a 2xx marks it delivered; anything else (or no answer) is a failed try, tried again
  after the backoff of `LedgerRules` (from the recording clock), dead after
  `notification_max_tries`.

A notification is marked delivered only after the receiver said 2xx: a worker killed
between the two sends it again on restart, with the same idempotency key (at least once).
`accountledger deliver` runs it once or with `--follow`; `accountledger serve` runs it
on a thread (`DeliveryThread`) when a webhook URL is set.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from accountledger.adapters.bootstrap import Settings, read_store_url
from accountledger.application.ledger import Ledger
from accountledger.application.reading import Clock
from accountledger.domain.errors import InvalidInput
from accountledger.projections.notifications import DEAD, STATUSES, Outbox

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Accountledger-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
TIMEOUT = 10.0


def signature(secret: str, body: bytes) -> str:
    """The signature header's value: `sha256=` and the HMAC-SHA256 of the exact body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def open_outbox(ledger: Ledger, settings: Settings) -> Outbox:
    return Outbox(read_store_url(settings), ledger, settings.rules)


def owed(
    ledger: Ledger,
    settings: Settings,
    now: datetime,
    status: str | None = None,
    account: str | None = None,
) -> dict[str, Any]:
    """Every notification owed up to now and its delivery status, optionally of one status
    or one account, with the count of each status: the one listing the CLI, the API and
    the console show (2021 Art 8, Art 20; 2022 Art 15)."""
    if status is not None and status not in STATUSES:
        raise InvalidInput(
            f"status is one of {', '.join(STATUSES)}", rule="notification-status", field="status"
        )
    outbox = open_outbox(ledger, settings)
    try:
        outbox.catch_up(now)
        rows = outbox.rows(status, account)
        counts = outbox.counts()
    finally:
        outbox.close()
    return {"notifications": rows, "count": len(rows), "counts": counts}


@dataclass
class Round:
    """What one round of delivery did."""

    owed: int = 0  # notifications newly written to the outbox
    delivered: int = 0
    failed: int = 0
    dead: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "owed": self.owed,
            "delivered": self.delivered,
            "failed": self.failed,
            "dead": self.dead,
        }


class Deliverer:
    """Brings the outbox up to date and delivers what is due, at the recording clock."""

    def __init__(
        self,
        outbox: Outbox,
        url: str,
        secret: str,
        clock: Clock,
        client: httpx.Client | None = None,
        sent: Callable[[dict[str, Any]], None] = lambda row: None,
    ) -> None:
        self.outbox = outbox
        self.url = url
        self.secret = secret
        self.clock = clock
        self.client = client or httpx.Client(timeout=TIMEOUT)
        self.sent = sent  # called after a 2xx, before it is marked (a test crashes here)

    def run_once(self, limit: int = 100) -> Round:
        done = Round(owed=self.outbox.catch_up(self.clock()))
        while True:
            due = self.outbox.due(self.clock(), limit)
            if not due:
                return done
            for row in due:
                self._deliver(row, done)
            if len(due) < limit:
                return done

    def _deliver(self, row: dict[str, Any], done: Round) -> None:
        body = row["payload"].encode()
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: signature(self.secret, body),
            IDEMPOTENCY_HEADER: str(row["notification_id"]),
        }
        try:
            answer = self.client.post(self.url, content=body, headers=headers)
            error = None if answer.is_success else f"HTTP {answer.status_code}"
        except httpx.HTTPError as failure:
            error = f"{type(failure).__name__}: {failure}"
        if error is None:
            self.sent(row)
            self.outbox.delivered(row["notification_id"], self.clock())
            done.delivered += 1
            return
        status = self.outbox.failed(row["notification_id"], row["tries"], error, self.clock())
        done.failed += 1
        if status == DEAD:
            done.dead += 1
            log.warning(
                "notification %s is dead after %s tries", row["notification_id"], row["tries"] + 1
            )

    def close(self) -> None:
        self.client.close()
        self.outbox.close()


def deliverer(ledger: Ledger, settings: Settings, clock: Clock) -> Deliverer:
    """The deliverer of `settings`; refused without a webhook URL and secret."""
    if not settings.webhook_url or not settings.webhook_secret:
        raise ValueError(
            "webhook: set ACCOUNTLEDGER_WEBHOOK_URL and ACCOUNTLEDGER_WEBHOOK_SECRET "
            "(rule: webhook-settings)"
        )
    return Deliverer(
        open_outbox(ledger, settings), settings.webhook_url, settings.webhook_secret, clock
    )


class DeliveryThread:
    """`accountledger serve`'s worker: a round of delivery every `tick` seconds."""

    def __init__(self, make: Callable[[], Deliverer], tick: float = 5.0) -> None:
        self.make = make
        self.tick = tick
        self.ticked = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="notifications", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=60)
            self._thread = None

    def _run(self) -> None:
        worker = self.make()
        try:
            while not self._stop.is_set():
                try:
                    worker.run_once()
                except Exception:
                    # The store or the receiver may be away for a moment: the next round
                    # tries again; nothing is marked that was not delivered.
                    log.exception("notification delivery failed")
                self.ticked.set()
                self._stop.wait(self.tick)
        finally:
            worker.close()
