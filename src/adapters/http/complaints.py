"""Complaints and reports about an account: intake, screening, links, feedback (R15, R17).

A named reporter's identity is sealed as a registrant's is; the feedback deadline runs
from the filing. The read side is the complaints read model.
"""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from accountledger.adapters.cli_complaints import written as complaint_written
from accountledger.adapters.http import models
from accountledger.adapters.http.auth import Auth
from accountledger.adapters.http.ids import account_id_of
from accountledger.adapters.http.keys import Caller
from accountledger.adapters.http.service import Service
from accountledger.application import complaints as handling
from accountledger.application.ids import complaint_id
from accountledger.projections import complaints as complaint_register
from accountledger.projections.view import ReadStore


def router(service: Service, auth: Auth) -> APIRouter:
    """Filing on an account, the complaint's commands, and the complaints read."""
    routes = APIRouter()

    @routes.post("/accounts/{account_id}/complaints", status_code=201, tags=["complaints"])
    def file_complaint(
        account_id: UUID,
        body: models.FileComplaintBody,
        who: Annotated[Caller, Depends(auth.may("file_complaint"))],
    ) -> dict[str, Any]:
        """Receive a complaint or report about an account; feedback falls due (R15, R17)."""
        act = auth.act_of(who, body)
        reporter = body.reporter.to_identity() if body.reporter else None
        found = handling.file_complaint(
            service.ledger, account_id_of(account_id), body.category, body.content, reporter, act
        )
        service.keep_current()
        return complaint_written("complaint file", found)

    @routes.post("/complaints/{complaint}/screen", tags=["complaints"])
    def screen_complaint(
        complaint: UUID,
        body: models.ScreenComplaintBody,
        who: Annotated[Caller, Depends(auth.may("screen_complaint"))],
    ) -> dict[str, Any]:
        """Accept, or reject with the act's reason as the rejection reason (R15)."""
        act = auth.act_of(who, body)
        reason = None if body.accept else act.reason
        original = complaint_id(body.duplicate_of, "duplicate_of") if body.duplicate_of else None
        found = handling.screen(service.ledger, complaint, body.accept, reason, original, act)
        service.keep_current()
        return complaint_written("complaint screen", found)

    @routes.post("/complaints/{complaint}/link", tags=["complaints"])
    def link_complaint(
        complaint: UUID,
        body: models.LinkComplaintBody,
        who: Annotated[Caller, Depends(auth.may("link_complaint"))],
    ) -> dict[str, Any]:
        """Link an accepted complaint to a disposal record it led to (R15)."""
        act = auth.act_of(who, body)
        found = handling.link(service.ledger, complaint, body.record, act)
        service.keep_current()
        return complaint_written("complaint link", found)

    @routes.post("/complaints/{complaint}/answer", tags=["complaints"])
    def answer_complaint(
        complaint: UUID,
        body: models.AnswerComplaintBody,
        who: Annotated[Caller, Depends(auth.may("answer_complaint"))],
    ) -> dict[str, Any]:
        """Give the reporter feedback on what came of the report (R15)."""
        act = auth.act_of(who, body)
        found = handling.answer(service.ledger, complaint, body.feedback, act)
        service.keep_current()
        return complaint_written("complaint answer", found)

    @routes.get("/complaints", tags=["complaints"])
    def list_complaints(
        who: Annotated[Caller, Depends(auth.reader)],
        account: Annotated[UUID | None, Query(description="reported account id")] = None,
        overdue: Annotated[bool, Query(description="only unanswered past the limit")] = False,
    ) -> dict[str, Any]:
        """Complaints from the read model; `overdue` keeps those past the limit (R15)."""
        ident = str(account_id_of(account)) if account else None
        now = service.clock()

        def query(view: ReadStore) -> list[dict[str, Any]]:
            if overdue:
                return complaint_register.overdue(view, now, ident)
            return complaint_register.listed(view, ident)

        rows = who.scope.keep(service.read(query), service.ledger)
        return {
            "complaints": rows,
            "count": len(rows),
            "overdue_at": now.isoformat() if overdue else None,
        }

    @routes.get("/complaints/{complaint}", tags=["complaints"])
    def show_complaint(
        complaint: UUID, who: Annotated[Caller, Depends(auth.reader)]
    ) -> dict[str, Any]:
        """The complaint and its trail (R15, R18)."""
        ident = complaint
        found = handling.complaint(service.ledger, ident)
        return {
            "complaint": handling.describe_complaint(found),
            "trail": [handling.trail_record(e) for e in handling.trail(service.ledger, ident)],
        }

    return routes
