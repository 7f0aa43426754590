"""Round trips to PostgreSQL, counted on the wire: a proxy between the client and the
server that counts, per connection, each time the client speaks when the server has
answered everything asked so far (its ReadyForQuery, `Z`, or before the first message):
one exchange the client waits on to its end, however the driver batches or pipelines,
and however TCP splits the bytes (the server's messages are framed by their length).

Counting is not timing: a test may assert a count (issue 16 point 6), and the benchmark
(`bench/scale_service.py`) reports the same count.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from sqlalchemy.engine import make_url


class RoundTrips:
    """A TCP proxy to `host:port` on a free local port; `count` is the round trips so far."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self._count = 0
        self._lock = threading.Lock()
        self._closed = False
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def count(self) -> int:
        with self._lock:
            return self._count

    def url(self, url: str) -> str:
        """`url` with its host and port replaced by the proxy's."""
        return str(make_url(url).set(host="127.0.0.1", port=self.port).render_as_string(False))

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            for end in (client, server):
                end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._sockets += [client, server]
            wire = _Wire()
            threading.Thread(
                target=self._pump, args=(client, server, wire, True), daemon=True
            ).start()
            threading.Thread(
                target=self._pump, args=(server, client, wire, False), daemon=True
            ).start()

    def _pump(self, source: socket.socket, sink: socket.socket, wire: _Wire, up: bool) -> None:
        try:
            while data := source.recv(65536):
                with self._lock:  # read before forwarding: the answer comes after it
                    if up:
                        self._count += wire.client(data)
                    else:
                        wire.server(data)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._closed = True
        self.listener.close()
        for end in self._sockets:
            end.close()


# The requests a client may send before its startup message, answered by one bare byte.
_ENCRYPTION_REQUESTS = {80877103, 80877104}  # SSLRequest, GSSENCRequest


class _Wire:
    """One connection's protocol, as far as counting needs it."""

    def __init__(self) -> None:
        self.ready = True  # the server answered all: the client's next bytes open a trip
        self.bare = 0  # one-byte answers owed to encryption requests
        self.header = b""  # the current server message's type and length, as received
        self.left = 0  # bytes of the current server message still to come

    def client(self, data: bytes) -> int:
        """1 if these bytes open a round trip, else 0."""
        opens = int(self.ready)
        self.ready = False
        if len(data) == 8 and int.from_bytes(data[4:8], "big") in _ENCRYPTION_REQUESTS:
            self.bare += 1
        return opens

    def server(self, data: bytes) -> None:
        at = 0
        while at < len(data):
            if self.bare:
                self.bare, at, self.ready = self.bare - 1, at + 1, True
            elif self.left:
                taken = min(self.left, len(data) - at)
                self.left, at = self.left - taken, at + taken
            else:
                piece = data[at : at + 5 - len(self.header)]
                self.header, at = self.header + piece, at + len(piece)
                if len(self.header) == 5:
                    self.left = int.from_bytes(self.header[1:5], "big") - 4
                    self.ready = self.ready or self.header[:1] == b"Z"
                    self.header = b""


@contextmanager
def counting(url: str) -> Iterator[tuple[RoundTrips, str]]:
    """A proxy to the server of `url`, and `url` through it."""
    parsed = make_url(url)
    proxy = RoundTrips(parsed.host or "127.0.0.1", parsed.port or 5432)
    try:
        yield proxy, proxy.url(url)
    finally:
        proxy.close()
