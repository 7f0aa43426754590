"""Round trips to PostgreSQL, counted on the wire: a proxy between the client and the
server that counts, per connection, each time the client speaks after the server has
(or first): one exchange the client waits on, whatever the driver batches or pipelines.

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
            # Who spoke last on this connection: the client speaking after the server is
            # a new round trip. Set before forwarding, so the answer to a reply is seen
            # after it.
            last = ["server"]
            threading.Thread(
                target=self._pump, args=(client, server, last, True), daemon=True
            ).start()
            threading.Thread(
                target=self._pump, args=(server, client, last, False), daemon=True
            ).start()

    def _pump(self, source: socket.socket, sink: socket.socket, last: list[str], up: bool) -> None:
        try:
            while data := source.recv(65536):
                with self._lock:
                    if up and last[0] == "server":
                        self._count += 1
                    last[0] = "client" if up else "server"
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


@contextmanager
def counting(url: str) -> Iterator[tuple[RoundTrips, str]]:
    """A proxy to the server of `url`, and `url` through it."""
    parsed = make_url(url)
    proxy = RoundTrips(parsed.host or "127.0.0.1", parsed.port or 5432)
    try:
        yield proxy, proxy.url(url)
    finally:
        proxy.close()
