"""One JSON log line per request, with its request id, and the request's metrics.

`RequestLog` wraps the whole application. Each request gets an id: the caller's
`X-Request-ID` when it is a short token (letters, digits, `-`, `_`, `.`; at most 64),
else a new one; it is echoed in the response's `X-Request-ID` and written on the request's
log line, so a caller's report and the operator's log meet. The line (logger
`accountledger.requests`) holds only: request id, method, route template, status,
duration in milliseconds, the answering process's id and, for a refusal, its rule.
Never the path itself (an account id, a subject ref, a mistyped identity number may be
in it), never a query, a header or a body: no personal information (2022 Art 16; R17).
A path no route matches is logged as `unmatched`.

The refusal's rule reaches here through the request's state (`errors.install` notes it).
`configure` (called by `serve`) writes every `accountledger` log record as one JSON object
a line (`JsonLines`), the request lines with their fields at the top level.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import uuid
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accountledger.adapters.http.metrics import Metrics

log = logging.getLogger("accountledger.requests")
HEADER = "X-Request-ID"
_TOKEN = re.compile(r"[A-Za-z0-9._-]{1,64}")
UNMATCHED = "unmatched"


def request_id(given: str | None) -> str:
    """The caller's id when it is a short token, else a new one (never a caller's text
    that could carry anything else into the log)."""
    if given is not None and _TOKEN.fullmatch(given):
        return given
    return uuid.uuid4().hex


def route_of(scope: Scope) -> tuple[str, str | None]:
    """The matched route's template and name, or `unmatched`."""
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    name = getattr(route, "name", None)
    if not isinstance(template, str):
        return UNMATCHED, None
    return scope.get("root_path", "") + template, name if isinstance(name, str) else None


class RequestLog:
    """ASGI middleware: request id in and out, one JSON line, the metrics observed."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        given = headers.get(HEADER.lower().encode())
        rid = request_id(given.decode("latin-1") if given is not None else None)
        started = time.perf_counter()
        status = 500  # unless a response starts

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                MutableHeaders(scope=message)[HEADER] = rid
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            self._done(scope, rid, status, time.perf_counter() - started)

    def _done(self, scope: Scope, rid: str, status: int, took: float) -> None:
        route, name = route_of(scope)
        rule = (scope.get("state") or {}).get("refusal_rule")
        method = str(scope.get("method", ""))
        self.metrics.observe(method, route, name, status, rule, took)
        line: dict[str, Any] = {
            "request_id": rid,
            "method": method,
            "route": route,
            "status": status,
            "duration_ms": round(took * 1000, 3),
            "pid": os.getpid(),  # which worker answered (`serve --workers N`)
        }
        if rule is not None:
            line["rule"] = rule
        log.info(json.dumps(line, ensure_ascii=False), extra={"fields": line})


class JsonLines(logging.Formatter):
    """Every record of the `accountledger` loggers as one JSON object: level, logger and
    message (its identity numbers already redacted by the handler's filter), a traceback
    under `exception`; a request line's fields at the top level."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {"level": record.levelname.lower(), "logger": record.name}
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        else:
            line["message"] = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:  # the redacting filter leaves the traceback here, redacted
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


def configure() -> None:
    """`serve`: the service's own log lines on standard error, one JSON object a line
    (uvicorn's access line, which holds the raw path, is turned off there)."""
    service = logging.getLogger("accountledger")
    if not any(isinstance(h.formatter, JsonLines) for h in service.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonLines())
        service.addHandler(handler)
    log.setLevel(logging.INFO)
