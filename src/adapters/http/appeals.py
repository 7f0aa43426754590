"""Appeals against disposal records: filing, assigning, evidence, deciding, reading (R15).

An appeal is filed on one record, `POST /disposals/{account_id}/{version}/appeal`, and
then addressed by its id or its record id (`application.ids.appeal_id`). Deciding it
overturned or varied reverses the measure in the same save; the console's decision
form runs the same command.
"""

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from accountledger.adapters.http import models
from accountledger.adapters.http.auth import Auth
from accountledger.adapters.http.ids import AppealRef, RecordVersion, record_id_of
from accountledger.adapters.http.keys import Caller
from accountledger.adapters.http.service import Service
from accountledger.application import appeals
from accountledger.application.appeals import decision, summary
from accountledger.application.ids import appeal_id
from accountledger.application.views import event_record
from accountledger.domain.dates import in_zone
from accountledger.projections import queries


def router(service: Service, auth: Auth) -> APIRouter:
    """Filing an appeal on a record, the appeal's commands, and the appeals read."""
    routes = APIRouter()

    @routes.post("/disposals/{account_id}/{version}/appeal", status_code=201, tags=["appeals"])
    def file_appeal(
        account_id: UUID,
        version: RecordVersion,
        body: models.FileAppealBody,
        who: Annotated[Caller, Depends(auth.may("file_appeal"))],
    ) -> dict[str, Any]:
        """The operator appeals one disposal record within the appeal window (R15)."""
        act = auth.act_of(who, body)
        filed = appeals.file(service.ledger, record_id_of(account_id, version), body.grounds, act)
        service.keep_current()
        return summary(filed)

    @routes.post("/appeals/{appeal:appeal}/assign", tags=["appeals"])
    def assign_appeal(
        appeal: AppealRef,
        body: models.AssignAppealBody,
        who: Annotated[Caller, Depends(auth.may("assign_appeal"))],
    ) -> dict[str, Any]:
        """Assign the appeal to a reviewer who did not take the measure (R15)."""
        act = auth.act_of(who, body)
        done = appeals.assign(service.ledger, appeal_id(appeal), body.reviewer, act)
        service.keep_current()
        return summary(done)

    @routes.post("/appeals/{appeal:appeal}/evidence", tags=["appeals"])
    def add_appeal_evidence(
        appeal: AppealRef,
        body: models.AppealEvidenceBody,
        who: Annotated[Caller, Depends(auth.may("add_appeal_evidence"))],
    ) -> dict[str, Any]:
        """Add evidence to an open appeal (R15)."""
        act = auth.act_of(who, body)
        done = appeals.add_evidence(service.ledger, appeal_id(appeal), body.reference, act)
        service.keep_current()
        return summary(done)

    @routes.post("/appeals/{appeal:appeal}/decide", tags=["appeals"])
    def decide_appeal(
        appeal: AppealRef,
        body: models.DecideAppealBody,
        who: Annotated[Caller, Depends(auth.may("decide_appeal"))],
    ) -> dict[str, Any]:
        """Decide with reasons; overturned or varied reverses the measure (R15)."""
        act = auth.act_of(who, body)
        zone = service.settings.rules.zone
        expiry = in_zone(body.until, zone) if isinstance(body.until, datetime) else None
        decided = appeals.decide(service.ledger, appeal_id(appeal), body.outcome, expiry, act)
        service.keep_current()
        return decision(*decided)

    @routes.get("/appeals", tags=["appeals"])
    def list_appeals(
        who: Annotated[Caller, Depends(auth.reader)],
        overdue: Annotated[bool, Query(description="only undecided appeals past deadline")] = False,
    ) -> dict[str, Any]:
        """Appeals and their feedback deadlines (R15)."""
        moment = service.clock() if overdue else None
        rows = service.read(lambda view: queries.appeals(view, overdue_at=moment))
        rows = who.scope.keep(rows, service.ledger)
        return {"appeals": rows, "count": len(rows)}

    @routes.get("/appeals/{appeal:appeal}", tags=["appeals"])
    def show_appeal(
        appeal: AppealRef, who: Annotated[Caller, Depends(auth.reader)]
    ) -> dict[str, Any]:
        """The appeal's whole trail: filed, assigned, evidence, decided, reversal (R15, R18)."""
        ident = appeal_id(appeal)
        found = appeals.appeal(service.ledger, ident)
        trail = [event_record(e) for e in appeals.trail(service.ledger, ident)]
        return summary(found) | {"events": trail}

    return routes
