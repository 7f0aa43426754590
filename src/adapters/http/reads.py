"""Reading an account: its state as of a time, its history, its holder, inquiries.

Every read is by a known caller; a regulator's or auditor's is logged (R18), and the
holder's identity is shown only to roles that may see personal information (R17).
"""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response

from accountledger.adapters import inquiry
from accountledger.adapters.http import models
from accountledger.adapters.http.auth import Auth, record_disclosure
from accountledger.adapters.http.commands import etag
from accountledger.adapters.http.ids import SubjectRef, account_id_of, subject_ref_of
from accountledger.adapters.http.keys import Caller
from accountledger.adapters.http.service import Service
from accountledger.adapters.http.subject_inquiry import no_identity_in_path
from accountledger.application import disclosure
from accountledger.application.views import event_record, state
from accountledger.domain.dates import parse_moment

AS_OF = (
    "business time; a date (2026-01-10 or 20260110) means its end; a date or a time "
    "without offset is in the platform's zone (the response's `time_zone`)"
)


def router(service: Service, auth: Auth) -> APIRouter:
    """`GET /accounts/{account_id}` and its history, identity and inquiry; subjects."""
    routes = APIRouter()

    @routes.get("/accounts/{account_id}", tags=["accounts"])
    def show(
        account_id: UUID,
        response: Response,
        who: Annotated[Caller, Depends(auth.reader)],
        as_of: Annotated[str | None, Query(description=AS_OF)] = None,
    ) -> dict[str, Any]:
        """The account's state, replayed up to a business time (R18); its ETag is the
        version a decision on it may name in `If-Match`."""
        zone = service.settings.rules.zone
        moment = parse_moment(as_of, zone, end_of_day=True, field="as_of") if as_of else None
        shown = state(service.ledger, account_id_of(account_id), moment)
        response.headers["ETag"] = etag(shown["version"])
        return shown

    @routes.get(
        "/accounts/{account_id}/history", response_model=models.AccountHistory, tags=["accounts"]
    )
    def history(
        account_id: UUID, who: Annotated[Caller, Depends(auth.reader)]
    ) -> models.AccountHistory:
        """Every event of the account: time, actor, action, reason, basis (R16, R18)."""
        ident = account_id_of(account_id)
        return models.AccountHistory(
            account_id=str(ident),
            events=[event_record(e) for e in service.ledger.history(ident)],
        )

    @routes.get(
        "/accounts/{account_id}/identity",
        tags=["accounts"],
        summary="identity (roles: compliance, regulator)",
    )
    def identity(
        account_id: UUID, request: Request, who: Annotated[Caller, Depends(auth.discloser)]
    ) -> dict[str, Any]:
        """The holder's identity (kind, number, contact), or when and why it was erased.

        Only for roles that may see personal information; every disclosure is written
        to the access log before it is returned, never the information itself (R17).
        """
        ident = account_id_of(account_id)
        shown = disclosure.identity(service.ledger, ident, who.role, actor_id=who.actor_id)
        record_disclosure(service, who, request, ident)
        return shown

    @routes.get("/accounts/{account_id}/inquiry", tags=["inquiries"])
    def inquire_account(
        account_id: UUID,
        who: Annotated[Caller, Depends(auth.reader)],
        as_of: Annotated[str | None, Query(description=f"{AS_OF}; default now")] = None,
    ) -> dict[str, Any]:
        """The account's state, history and measures on a date (R13, R18)."""
        ident = account_id_of(account_id)
        zone = service.settings.rules.zone
        moment = (
            parse_moment(as_of, zone, end_of_day=True, field="as_of") if as_of else service.clock()
        )
        within = service.settings.rules.report_within
        ledger = service.ledger
        return service.read(lambda v: inquiry.of_account(ledger, v, ident, moment, within))

    @routes.get(
        "/subjects/{subject}/inquiry",
        tags=["inquiries"],
        # The caller first: without a key, 401 whatever the path says (then `auth.reader`
        # reuses this caller, FastAPI caching a dependency within a request).
        dependencies=[Depends(auth.caller), Depends(no_identity_in_path)],
    )
    def inquire_subject(
        subject: SubjectRef,
        who: Annotated[Caller, Depends(auth.reader)],
        as_of: Annotated[str | None, Query(description=f"{AS_OF}; default now")] = None,
    ) -> dict[str, Any]:
        """Every account a subject held, each seen over its holding (R9, R18); by the
        subject's ref `s-...`. A `KIND:NUMBER` here is refused (400, rule
        `identity-in-url`): POST /subjects/inquiry carries the number in its body (R17)."""
        ref = subject_ref_of(service.ledger, subject)
        zone = service.settings.rules.zone
        moment = (
            parse_moment(as_of, zone, end_of_day=True, field="as_of") if as_of else service.clock()
        )
        within = service.settings.rules.report_within
        ledger = service.ledger
        return service.read(lambda v: inquiry.of_subject(ledger, v, ref, moment, within))

    return routes
