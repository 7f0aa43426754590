"""A real local webhook receiver for delivery tests: an HTTP server on a thread that
answers 503 to its first `fail` requests, then 204, and keeps what it received."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    key: str
    signature: str
    body: bytes


@dataclass
class Receiver:
    fail: int = 0
    delay: float = 0.0
    url: str = ""
    received: list[Received] = field(default_factory=list)  # answered 2xx
    refused: list[Received] = field(default_factory=list)  # answered 503
    started: int = 0  # requests read, answered or not yet
    lock: threading.Lock = field(default_factory=threading.Lock)

    def keys(self) -> list[str]:
        return [r.key for r in self.received]


@contextmanager
def receiver(fail: int = 0, delay: float = 0.0) -> Iterator[Receiver]:
    state = Receiver(fail=fail, delay=delay)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got = Received(
                self.headers.get("Idempotency-Key", ""),
                self.headers.get("X-Accountledger-Signature", ""),
                body,
            )
            with state.lock:
                state.started += 1
            if state.delay:
                time.sleep(state.delay)
            with state.lock:
                failing = state.fail > 0
                if failing:
                    state.fail -= 1
                    state.refused.append(got)
                else:
                    state.received.append(got)
            self.send_response(503 if failing else 204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
