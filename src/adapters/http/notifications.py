"""Notifications and their delivery status: `GET /notifications` (2021 Art 8 ¶2, Art 20;
2022 Art 15).

For the roles that answer for telling people (compliance, platform, system); an
operator will see only its own once keys are scoped. The outbox is brought up to date
from the event log before it is read, so a notification owed is listed as pending even
before the worker's next round.
"""

from typing import Annotated, Any, Literal, get_args
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from accountledger.adapters.delivery import owed
from accountledger.adapters.http.auth import Auth
from accountledger.adapters.http.errors import Problem
from accountledger.adapters.http.keys import Caller
from accountledger.adapters.http.service import Service
from accountledger.domain.notices import NOTIFICATION_READERS
from accountledger.projections.notifications import DEAD, DELIVERED, PENDING, STATUSES

# The statuses as the OpenAPI document lists them (the read model's, checked at import).
NotificationStatus = Literal["pending", "delivered", "dead"]
assert get_args(NotificationStatus) == (PENDING, DELIVERED, DEAD)

READERS = ", ".join(sorted(role.value for role in NOTIFICATION_READERS))


def router(service: Service, auth: Auth) -> APIRouter:
    """`GET /notifications`."""
    routes = APIRouter()

    def reader(who: Annotated[Caller, Depends(auth.reader)]) -> Caller:
        if who.role not in NOTIFICATION_READERS:
            raise Problem(
                403,
                f"role {who.role.value} may not read notifications (allowed: {READERS})",
                rule="role",
                field="actor",
                article="2021-20",
            )
        return who

    @routes.get(
        "/notifications", tags=["notifications"], summary=f"notifications (roles: {READERS})"
    )
    def notifications(
        who: Annotated[Caller, Depends(reader)],
        status: Annotated[
            NotificationStatus | None, Query(description=" | ".join(STATUSES))
        ] = None,
        account: Annotated[UUID | None, Query(description="only this account's")] = None,
    ) -> dict[str, Any]:
        """Every notification owed, its payload and its delivery status: tries, next try,
        last error, when delivered (pending, delivered or dead)."""
        named = None if account is None else str(account)
        listed = owed(service.ledger, service.settings, service.clock(), status, named)
        return {"notifications": listed["notifications"], "count": listed["count"]}

    return routes
