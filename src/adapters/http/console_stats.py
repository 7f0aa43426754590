"""The console's statistics page, its printable report and its downloads (issue 17).

`/console/stats?period=P` shows the figures `GET /stats` gives, with bar charts drawn on
the server (`stats_svg.py`: no script, no library from elsewhere, the console works
offline); `/console/stats/report` is the same figures as a page to print, without the
navigation; `/console/stats/download?format=csv|json` the figures as a file. For the
roles `ROLES["read_statistics"]` names; a regulator's or auditor's read is logged (R18).
"""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from accountledger.adapters.exports import statistics_csv
from accountledger.adapters.http.auth import record_read, refusal
from accountledger.adapters.http.console_language import chosen
from accountledger.adapters.http.keys import Caller
from accountledger.adapters.http.service import Service
from accountledger.adapters.http.statistics import figures
from accountledger.domain.errors import LedgerError
from accountledger.projections.statistics import Statistics

Page = Callable[..., HTMLResponse]


def add(
    router: APIRouter, service: Service, page: Page, viewer: Callable[[Request], Caller]
) -> None:
    """`GET /console/stats`, `/console/stats/report` and `/console/stats/download`."""
    Viewer = Annotated[Caller, Depends(viewer)]

    def read(
        request: Request, who: Caller, period: str, shown_in: str = "error.html", **context: Any
    ) -> Statistics | HTMLResponse:
        """The period's figures, or the page that says why not: the role refused (403,
        nothing logged) or the period refused (422, in `shown_in`); a read is logged."""
        said = refusal(who, "read_statistics")
        if said is not None:
            return page(request, "error.html", who, 403, error=f"{said} (rule: role)")
        record_read(service, who, request, None)
        try:
            return figures(service, period.strip() or None)
        except LedgerError as error:
            said = chosen(request).refusal(error)
            return page(request, shown_in, who, 422, error=said, **context)

    @router.get("/stats")
    def stats_page(request: Request, who: Viewer, period: str = "") -> HTMLResponse:
        context = {"nav": "stats", "period_text": period[:64]}
        found = read(request, who, period, "stats.html", **context)
        if isinstance(found, HTMLResponse):
            return found
        return page(request, "stats.html", who, stats=found.as_dict(), **context)

    @router.get("/stats/report")
    def stats_report(request: Request, who: Viewer, period: str = "") -> HTMLResponse:
        found = read(request, who, period)
        if isinstance(found, HTMLResponse):
            return found
        prepared = chosen(request).when_in(service.clock(), service.settings.rules.zone)
        return page(request, "stats_report.html", who, stats=found.as_dict(), prepared=prepared)

    @router.get("/stats/download")
    def stats_download(
        request: Request,
        who: Viewer,
        period: str = "",
        fmt: Annotated[str, Query(alias="format")] = "csv",
    ) -> Response:
        found = read(request, who, period)
        if isinstance(found, HTMLResponse):
            return found
        name = f"statistics-{found.period['label'].replace('..', '_')}"
        if fmt == "json":
            headers = {"Content-Disposition": f'attachment; filename="{name}.json"'}
            return JSONResponse(found.as_dict(), headers=headers)
        headers = {"Content-Disposition": f'attachment; filename="{name}.csv"'}
        return Response(
            statistics_csv(found), media_type="text/csv; charset=utf-8", headers=headers
        )
