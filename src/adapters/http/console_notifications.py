"""The console's notifications page: each notification owed and its delivery status
(2021 Art 8 ¶2, Art 20; 2022 Art 15), for the roles `GET /notifications` serves."""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from accountledger.adapters.delivery import owed
from accountledger.adapters.http.keys import Caller
from accountledger.adapters.http.service import Service
from accountledger.domain.notices import NOTIFICATION_READERS
from accountledger.projections.notifications import STATUSES

Page = Callable[..., HTMLResponse]


def add(
    router: APIRouter, service: Service, page: Page, viewer: Callable[[Request], Caller]
) -> None:
    """`GET /console/notifications` (`?status=` one of pending, delivered, dead)."""

    @router.get("/notifications")
    def notifications(
        request: Request, caller: Annotated[Caller, Depends(viewer)], status: str = ""
    ) -> HTMLResponse:
        if caller.role not in NOTIFICATION_READERS:
            allowed = ", ".join(sorted(role.value for role in NOTIFICATION_READERS))
            message = f"role {caller.role.value} may not read notifications (allowed: {allowed})"
            return page(request, "error.html", caller, 403, error=message)
        chosen = status if status in STATUSES else None
        listed = owed(service.ledger, service.settings, service.clock(), chosen)
        rows, counts = listed["notifications"], listed["counts"]
        return page(
            request,
            "notifications.html",
            caller,
            notifications=rows,
            counts=counts,
            chosen=chosen or "",
            statuses=STATUSES,
            nav="notifications",
        )
