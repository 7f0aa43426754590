"""The HTTP service: every account command and query behind API keys mapped to roles.

`create_app(settings)` builds the FastAPI application; one ledger serves the app's
life and is closed on shutdown. The caller, authenticated by a bearer API key, is the
actor on every event it causes (R13); a body never names the actor. Whether a role
may issue a command is decided from `domain.authority.ROLES` before anything is
written (403); regulators and auditors may only read, and each of their reads is
recorded in the key store's access log (R18). Errors are problem+json (see errors.py).

The routes live in one module per area, each an `APIRouter` over the same `Service`
and `Auth` (auth.py): commands.py, reads.py, disposals.py, appeals.py, complaints.py,
operations.py, campaigns.py, notifications.py; the console (console.py) is added under
`/console`. Operations' probes, `/healthz`, `/readyz` (health.py) and `/metrics`
(metrics.py), need no key; every request is one JSON log line with its request id and
is counted (request_log.py).
With `seal_automatically` (as `accountledger serve` runs it) a thread seals a checkpoint
whenever one is due (sealer.py, R16); with `deliver_automatically` and a webhook URL set,
a thread delivers the notifications owed (delivery.py; 2021 Art 20). No identity number
reaches a log line: a filter redacts them from every record of the root and uvicorn
loggers, installed here, at startup and by the `RedactLogs` middleware (log_redaction.py,
R17).
"""

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI

from accountledger.adapters import redaction
from accountledger.adapters.bootstrap import Settings, checked_keystore_url
from accountledger.adapters.delivery import DeliveryThread, deliverer
from accountledger.adapters.http import (
    appeals,
    campaigns,
    commands,
    complaints,
    console,
    disposals,
    errors,
    feed,
    health,
    metrics,
    notifications,
    operations,
    public,
    reads,
    statistics,
    subject_inquiry,
)
from accountledger.adapters.http.auth import authenticate_first, authorization
from accountledger.adapters.http.body_limit import BodyLimit
from accountledger.adapters.http.log_redaction import RedactLogs
from accountledger.adapters.http.query import declared_query_only
from accountledger.adapters.http.request_log import RequestLog
from accountledger.adapters.http.sealer import Sealer
from accountledger.adapters.http.service import Service, system_clock
from accountledger.adapters.inputs import Clock

__all__ = ["Service", "create_app", "openapi_document", "system_clock"]

AREAS = (
    commands,
    reads,
    subject_inquiry,
    disposals,
    appeals,
    complaints,
    operations,
    campaigns,
    notifications,
    feed,
    public,
    statistics,
)


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock = system_clock,
    seal_automatically: bool = False,
    deliver_automatically: bool = False,
) -> FastAPI:
    """The HTTP service over the ledger of `settings` (R13, R16, R17, R18)."""
    service = Service(settings or Settings.from_env(), clock)
    sealer = Sealer(service) if seal_automatically else None
    delivery = (
        DeliveryThread(lambda: deliverer(service.ledger, service.settings, service.clock))
        if deliver_automatically and service.settings.webhook_url
        else None
    )

    redaction.install()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        redaction.install()  # again: the server configured its logging after create_app
        # Never serve beside a lost or corrupt key store (`serve` says so in one line first).
        checked_keystore_url(service.settings)
        service.follow()  # the read models follow the writes (embedded mode)
        if sealer is not None:
            sealer.start()
        if delivery is not None:
            delivery.start()
        yield
        if delivery is not None:
            delivery.stop()
        if sealer is not None:
            sealer.stop()
        service.close()

    app = FastAPI(
        title="accountledger",
        version="0.1.0",
        summary="System of record for account lifecycles (2021 and 2022 provisions).",
        lifespan=lifespan,
    )
    app.state.service = service
    app.state.sealer = sealer
    app.state.delivery = delivery
    auth = authorization(service)
    errors.install(app, authenticate_first(auth))
    for area in AREAS:
        # Every refusal every operation may answer, from the one table (errors.py).
        app.include_router(
            area.router(service, auth),
            responses=errors.RESPONSES,
            dependencies=[Depends(declared_query_only)],
        )
    # The probes need no key; like every route they refuse a query parameter they do not
    # declare (query.py) and document the one table of refusals.
    watched = metrics.Metrics(service)
    app.state.metrics = watched
    for probes in (health.router(service), metrics.router(watched)):
        app.include_router(
            probes, responses=errors.RESPONSES, dependencies=[Depends(declared_query_only)]
        )
    console.install(app, service)
    app.add_middleware(BodyLimit, limit=service.settings.max_body_bytes)
    app.add_middleware(RedactLogs)
    app.add_middleware(RequestLog, metrics=watched)  # outermost: every answer is logged
    _document_problems(app)
    return app


def _document_problems(app: FastAPI) -> None:
    """The OpenAPI document with the problem+json schema `errors.RESPONSES` refers to."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = errors.add_problem_schemas(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def openapi_document() -> str:
    """The OpenAPI document as checked in at docs/openapi.json (sorted keys, indent 2)."""
    spec = create_app(Settings(store="memory:")).openapi()
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
