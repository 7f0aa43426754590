"""`GET /stats`: a period's statistics for the authority and management (issue 17).

The same figures as `accountledger stats` and the console's statistics page, from the
read models (`projections/statistics.py`): JSON by default, CSV with `format=csv`. Only
the roles `ROLES["read_statistics"]` names (regulator, auditor, compliance) with a key
over the whole record; a regulator's or auditor's read is written to the access log.
A bad period is a 422 problem naming the field `period`.
"""

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from accountledger.adapters.exports import statistics_csv
from accountledger.adapters.http.auth import Auth, record_read
from accountledger.adapters.http.keys import Caller
from accountledger.adapters.http.service import Service
from accountledger.domain.periods import FORMS, current_quarter, parse_period
from accountledger.projections.statistics import Statistics, statistics


class StatsFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


def figures(service: Service, period: str | None) -> Statistics:
    """The statistics of `period` (default: the current quarter of the recording clock)."""
    rules = service.settings.rules
    zone = rules.zone
    chosen = parse_period(period) if period is not None else current_quarter(service.clock(), zone)
    return service.read(lambda view: statistics(view, chosen, zone, rules.report_within))


def router(service: Service, auth: Auth) -> APIRouter:
    """`GET /stats`."""
    routes = APIRouter()

    @routes.get(
        "/stats",
        response_model=Statistics,
        tags=["statistics"],
        summary="read_statistics (roles: regulator, auditor, compliance)",
        responses={200: {"content": {"text/csv": {}}, "description": "the figures"}},
    )
    def read_statistics(
        request: Request,
        who: Annotated[Caller, Depends(auth.may("read_statistics"))],
        period: Annotated[
            str | None,
            Query(max_length=64, description=f"{FORMS}; default: the current quarter"),
        ] = None,
        fmt: Annotated[
            StatsFormat, Query(alias="format", description="json or csv")
        ] = StatsFormat.JSON,
    ) -> Statistics | Response:
        """Measures by kind and violation class, reports in time, appeals, complaints,
        accounts by status, refused registrations by rule (R13-R15; 2021 Art 19, 20)."""
        found = figures(service, period)
        record_read(service, who, request, None)
        if fmt is StatsFormat.CSV:
            return Response(statistics_csv(found), media_type="text/csv; charset=utf-8")
        return found

    return routes
