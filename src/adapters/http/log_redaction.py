"""Every log line of a request has its identity numbers redacted (2022 Art 16; R17).

`RedactLogs` wraps the application: before each request it makes sure the redacting
filter (`adapters/redaction.py`) is on the root and uvicorn loggers and their handlers
(a logging configuration applied after `create_app`, as uvicorn's own is when the
server starts, replaces handlers), and a request that fails with an unhandled error is
logged here under its redacted path, its traceback redacted too, before the error goes
on to the server.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Receive, Scope, Send

from accountledger.adapters import redaction

log = logging.getLogger("accountledger.http")


class RedactLogs:
    """ASGI middleware: the redacting log filter installed, failures logged redacted."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        redaction.install()
        try:
            await self.app(scope, receive, send)
        except Exception:
            path = redaction.logged_path(str(scope.get("path", "")))
            log.exception("request %s %s failed", scope.get("method", ""), path)
            raise
