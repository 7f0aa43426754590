"""Probes for operations: `/healthz` (the process answers) and `/readyz` (it can serve).

`/readyz` is 200 only when the event store answers, the key store is present beside the
history and answers (the guard of `keystore_guard.py`: a missing or foreign key store is
unready, as `serve` refuses to start beside one), the read models answer, and they are
at most `ready_max_lag` positions behind the store (`Settings.ready_max_lag`,
`serve --ready-max-lag`). Otherwise 503, problem+json naming the first failed check as
its rule, with every check's outcome under `checks`. Neither needs a key (a load balancer
or an orchestrator asks them) and neither names an account, a subject or an identity:
only counts and the stores' own error lines.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from accountledger.adapters.bootstrap import checked_keystore_url
from accountledger.adapters.http.errors import PROBLEM
from accountledger.adapters.http.service import Service

log = logging.getLogger(__name__)
TAGS: list[str | Any] = ["operations probes"]


def _first_line(error: Exception) -> str:
    message = str(error).splitlines()[0][:400] if str(error) else ""
    return message or type(error).__name__


def _checked(name: str, check: Callable[[], Any], found: dict[str, Any]) -> Any:
    """Run one check, its outcome under `found[name]`: what it returned, or None when it
    failed (logged, one line)."""
    try:
        value = check()
    except Exception as error:  # any driver's failure is "not ready", never a traceback
        log.warning("readyz: %s unready: %s", name, _first_line(error))
        found[name] = f"unready: {_first_line(error)}"
        return None
    found[name] = "ok"
    return value if value is not None else True


def readiness(service: Service) -> tuple[bool, str | None, dict[str, Any]]:
    """Whether the service is ready, the rule of the first failed check, and every check."""
    found: dict[str, Any] = {}

    def keystore() -> None:
        checked_keystore_url(service.settings)  # missing beside history, or not a key store
        with service.keys.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    checks: list[tuple[str, str, Callable[[], Any]]] = [
        ("store", "store-unreachable", service.ledger.recorder.max_notification_id),
        ("keystore", "keystore-unusable", keystore),
        ("read_models", "read-models-unreachable", service.read_models.lag),
    ]
    failed, lag = [], None
    for name, rule, check in checks:
        value = _checked(name, check, found)
        if value is None:
            failed.append(rule)
        elif name == "read_models":
            lag = int(value)
    if lag is not None:
        found["projection_lag"] = lag
        found["ready_max_lag"] = service.settings.ready_max_lag
        if lag > service.settings.ready_max_lag:
            failed.append("projection-lag")
    return not failed, (failed[0] if failed else None), found


def router(service: Service) -> APIRouter:
    """`GET /healthz` and `GET /readyz`, without a key."""
    routes = APIRouter()

    @routes.get("/healthz", tags=TAGS, summary="alive (no key)")
    def healthz() -> dict[str, str]:
        """200 while the process answers requests; it reads no store."""
        return {"status": "alive"}

    @routes.get(
        "/readyz",
        tags=TAGS,
        summary="ready (no key)",
        responses={503: {"description": "a store, the key store or the read models is not"}},
    )
    def readyz() -> JSONResponse:
        """200 when the store, the key store and the read models answer and the read models
        are at most `ready_max_lag` positions behind; else 503 naming the first failure."""
        ready, rule, checks = readiness(service)
        if ready:
            return JSONResponse({"status": "ready", "checks": checks})
        body = {
            "type": f"urn:accountledger:rule:{rule}",
            "title": "Service unavailable",
            "status": 503,
            "detail": f"not ready: {rule}",
            "rule": rule,
            "checks": checks,
        }
        return JSONResponse(body, status_code=503, media_type=PROBLEM)

    return routes
