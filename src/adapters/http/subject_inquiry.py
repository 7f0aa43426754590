"""A subject's inquiry by identity number in a POST body, never in a URL (R9, R17, R18).

`POST /subjects/inquiry` takes `{"identity_kind", "identity_number"}` or
`{"subject_ref"}` (and `as_of`) in its body, so the number never appears in a request
line, a proxy's or server's log, or the access log: the vault turns it into the
subject's keyed ref, and the access log records the read as `/subjects/REF/inquiry`
(2022 Art 16). `GET /subjects/{ref}/inquiry` stays for a ref; given `KIND:NUMBER` in
its path it is refused (400, rule `identity-in-url`) and names this route, and every
log line of that request has the number redacted (`adapters/redaction.py`).
"""

from typing import Annotated, Any, Self

from fastapi import APIRouter, Depends, Request
from pydantic import Field, model_validator

from accountledger.adapters import inquiry
from accountledger.adapters.http.auth import Auth
from accountledger.adapters.http.errors import Problem
from accountledger.adapters.http.ids import SubjectRef
from accountledger.adapters.http.keys import READ_ONLY_ROLES, Caller
from accountledger.adapters.http.service import Service
from accountledger.adapters.inputs import Edge, IdentityInput, IdentityKind
from accountledger.domain.dates import parse_moment
from accountledger.domain.errors import RuleViolation

ARTICLE = "2022-16"
MAX_REF = 64


class SubjectInquiryBody(Edge):
    """Whom the inquiry is about: an identity (kind and number) or a subject ref."""

    identity_kind: IdentityKind | None = Field(None, description="mobile, id_card, passport, uscc")
    identity_number: str | None = Field(None, max_length=40, description="the number, in clear")
    subject_ref: str | None = Field(None, max_length=MAX_REF, description="a ref s-...")
    as_of: str | None = Field(
        None, max_length=40, description="business time (a date means its end); default now"
    )

    @model_validator(mode="after")
    def _one_subject(self) -> Self:
        by_number = self.identity_kind is not None or self.identity_number is not None
        if by_number == (self.subject_ref is not None):
            raise ValueError("give identity_kind and identity_number, or subject_ref")
        if by_number:
            IdentityInput(identity_kind=self.identity_kind, identity_number=self.identity_number)  # type: ignore[arg-type]
        elif not (self.subject_ref or "").startswith("s-"):
            raise ValueError("subject_ref is a ref s-...")
        return self


def identity_in_path(subject: str) -> bool:
    """Whether a path's subject is `KIND:NUMBER` rather than a ref `s-...`."""
    return not subject.startswith("s-")


def router(service: Service, auth: Auth) -> APIRouter:
    """`POST /subjects/inquiry`: the inquiry into a subject named in the body (R17, R18)."""
    routes = APIRouter()

    @routes.post("/subjects/inquiry", tags=["inquiries"])
    def inquire_subject_by_body(
        body: SubjectInquiryBody,
        request: Request,
        who: Annotated[Caller, Depends(auth.caller)],
    ) -> dict[str, Any]:
        """Every account a subject held, each seen over its holding (R9, R18); the
        subject named by identity in the body, so no number is in any URL or log (R17)."""
        if body.subject_ref is not None:
            ref = body.subject_ref
        else:
            edge = IdentityInput(
                identity_kind=body.identity_kind,  # type: ignore[arg-type]
                identity_number=str(body.identity_number),
            )
            ref = service.ledger.vault.subject_ref(edge.identity_kind, edge.identity_number)
        zone = service.settings.rules.zone
        try:
            moment = (
                parse_moment(body.as_of, zone, end_of_day=True, field="as_of")
                if body.as_of
                else service.clock()
            )
        except ValueError as error:
            raise RuleViolation(str(error), rule="iso-8601", field="as_of") from None
        if who.role in READ_ONLY_ROLES:
            service.keys.record_access(
                who, request.method, f"/subjects/{ref}/inquiry", None, service.clock()
            )
        within = service.settings.rules.report_within
        ledger = service.ledger
        return service.read(lambda v: inquiry.of_subject(ledger, v, ref, moment, within))

    return routes


def no_identity_in_path(subject: SubjectRef) -> None:
    """400 for `GET /subjects/KIND:NUMBER/inquiry`: the number belongs in a POST body."""
    if identity_in_path(subject):
        raise Problem(
            400,
            "an identity number is never put in a URL: POST /subjects/inquiry with "
            "identity_kind and identity_number in the body, or GET by the subject ref s-...",
            rule="identity-in-url",
            field="subject",
            article=ARTICLE,
        )
