"""Operations: the time-driven sweep and the read models' catch-up and rebuild.

The sweep records what fell due at a time under the system actor (R6, R8, R12); the
projection endpoints do once what `accountledger project` and `rebuild` do.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from accountledger.adapters.http.auth import Auth
from accountledger.adapters.http.keys import Caller
from accountledger.adapters.http.service import Service
from accountledger.adapters.read_side import ReadModels
from accountledger.application import sweep as periodic
from accountledger.domain.dates import parse_moment
from accountledger.domain.entry import EnteredBy


def router(service: Service, auth: Auth) -> APIRouter:
    """`POST /sweep`, `POST /projections/catch-up` and `POST /projections/rebuild`."""
    routes = APIRouter()

    @routes.post("/sweep", tags=["operations"], summary="sweep (roles: system)")
    def sweep(
        who: Annotated[Caller, Depends(auth.may("sweep"))], now: str | None = None
    ) -> dict[str, Any]:
        """Record every time-driven rule due at `now` (default: the clock), seal a checkpoint
        and count what is overdue, as `accountledger sweep` does (R6, R8, R12, R16)."""
        moment = (
            parse_moment(now, service.settings.rules.zone, field="now") if now else service.clock()
        )
        rules = service.settings.rules
        reads = ReadModels(service.read, service.keep_current, rules.report_within)
        return periodic.sweep(service.ledger, reads, moment, EnteredBy(key_id=who.key_id))

    @routes.post(
        "/projections/catch-up", tags=["operations"], summary="project (roles: compliance, system)"
    )
    def project(who: Annotated[Caller, Depends(auth.may("project"))]) -> dict[str, int]:
        """Bring the read models up to date (what `accountledger project` does once)."""
        return {"processed": service.read_models.catch_up()}

    @routes.post(
        "/projections/rebuild", tags=["operations"], summary="rebuild (roles: compliance, system)"
    )
    def rebuild(who: Annotated[Caller, Depends(auth.may("rebuild"))]) -> dict[str, int]:
        """Drop every read model and rebuild it from the first event."""
        return {"processed": service.read_models.rebuild()}

    return routes
