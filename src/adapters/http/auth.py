"""Who is calling and what that caller may do: the rules the API and the console share.

The caller is authenticated by a bearer API key (401 without one) and becomes the actor
of every event it causes (R13); the key's id (never its secret) is recorded beside it as
who entered the write (`Act.entered_by`). Whether a role may issue a command is decided from
`domain.authority.ROLES` before anything runs (403); a regulator's or auditor's read is
written to the key store's access log (R18); personal information is shown only to
`PERSONAL_INFORMATION_ROLES`, and each showing is logged (R17).

A key may be bound to a scope (`application.scope.Scope`): a subject's accounts or
named accounts. Every command and every read naming an account, an appeal or a
complaint is checked against it before anything runs (403, rule `scope`, nothing
written); list reads keep only the rows of accounts in scope; operations over the
whole record (sweep, projections) are refused to a scoped key. A revoked, expired or
unbound operator key is 401 on every request (keys.py).

The plain functions state each rule once; `authorization(service)` turns them into the
FastAPI dependencies the routers declare, and the console calls them directly.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Annotated
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param
from pydantic import ValidationError

from accountledger.adapters.http import models
from accountledger.adapters.http.errors import Authenticate, Problem, problem
from accountledger.adapters.http.ids import account_id_of, subject_ref_of
from accountledger.adapters.http.keys import READ_ONLY_ROLES, Caller, KeyRefused
from accountledger.adapters.http.service import Service
from accountledger.adapters.inputs import ActInput, Clock
from accountledger.adapters.redaction import logged_path
from accountledger.application import appeals, complaints
from accountledger.application.ids import appeal_id, complaint_id
from accountledger.application.scope import out_of_scope
from accountledger.domain import authority
from accountledger.domain.act import Act
from accountledger.domain.articles import check_basis, check_violation
from accountledger.domain.authority import PERSONAL_INFORMATION_ROLES
from accountledger.domain.entry import EnteredBy
from accountledger.domain.errors import RuleViolation, UnknownArticle

Dependency = Callable[..., Caller]
# Commands over the whole record rather than one account: never for a scoped key.
WHOLE_RECORD = frozenset({"sweep", "project", "rebuild", "read_feed", "read_statistics"})

bearer = HTTPBearer(auto_error=False, description="an API key from `accountledger keys`")


def refusal(who: Caller, command: str) -> str | None:
    """Why `ROLES` does not let the caller's role issue `command`; None if it does."""
    return authority.refusal(who.role, command)


def check_scope(service: Service, who: Caller, request: Request) -> None:
    """Refuse (403, rule `scope`) a request whose path names an account, a subject, an
    appeal or a complaint outside the caller's scope; nothing has run yet."""
    scope = who.scope
    if scope.unbounded:
        return
    params, ledger = request.path_params, service.ledger
    if "account_id" in params:
        scope.check(account_id_of(params["account_id"]), ledger)
    elif "appeal" in params:
        found = appeals.appeal(ledger, appeal_id(params["appeal"]))
        scope.check(found.account_id, ledger, "appeal")
    elif "complaint" in params:
        filed = complaints.complaint(ledger, complaint_id(params["complaint"]))
        scope.check(filed.account_id, ledger, "complaint")
    elif "subject" in params:
        scope.check_subject(subject_ref_of(ledger, params["subject"]))
    account = request.query_params.get("account")
    if account:
        scope.check(account_id_of(account), ledger, "account")


def check_whole_record(who: Caller, what: str) -> None:
    """An operation over the whole record (sweep, projections) is not for a scoped key."""
    if not who.scope.unbounded:
        raise out_of_scope(what, who.scope, "scope")


def access_path(service: Service, request: Request) -> str:
    """The request's path as the access log keeps it: a subject named `KIND:NUMBER` in
    the path is written as its ref, and no identity number is written at all (R17)."""
    subject = request.path_params.get("subject")
    ref = None
    if subject and not subject.startswith("s-"):
        try:
            ref = subject_ref_of(service.ledger, subject)
        except (RuleViolation, ValidationError):
            ref = None
    return logged_path(request.url.path, subject, ref)


def record_read(service: Service, who: Caller, request: Request, account: str | None) -> None:
    """Every read by a regulator or auditor is recorded: who, what, when (R18)."""
    if who.role in READ_ONLY_ROLES:
        path = access_path(service, request)
        service.keys.record_access(who, request.method, path, account, service.clock())


def record_disclosure(service: Service, who: Caller, request: Request, account: UUID) -> None:
    """That the holder's identity was shown, to whom and when; never the identity (R17)."""
    service.keys.record_disclosure(
        who, request.method, access_path(service, request), [str(account)], service.clock()
    )


def act_of(who: Caller, body: models.ActFields, clock: Clock, zone: ZoneInfo) -> Act:
    """The act: the caller as actor, grounds from the body (R13); a business time without
    offset is in the platform's `zone`."""
    check_basis(body.basis)
    try:
        check_violation(body.violation)
    except UnknownArticle as error:
        error.field = "violation"
        raise
    actor = f"{who.actor_id}:{who.role.value}"
    act = ActInput(actor=actor, **body.act_fields()).to_act(clock, zone)
    return replace(act, entered_by=EnteredBy(key_id=who.key_id))


@dataclass(frozen=True)
class Auth:
    """The dependencies over one service, for the routers to declare.

    `caller`: the caller of the bearer key (401 without a known one); `reader`: the
    caller, whose read is logged if a regulator's or an auditor's (R18); `discloser`: the
    caller if its role may see personal information (403 otherwise, R17); `may(command)`:
    the caller if its role may issue `command` (403 otherwise); `act_of(who, body)`: the
    act on the body's grounds, dated by the service's clock when the body gives no time.
    """

    caller: Dependency
    reader: Dependency
    discloser: Dependency
    may: Callable[[str], Dependency]
    act_of: Callable[[Caller, models.ActFields], Act]


def authorization(service: Service) -> Auth:
    """The caller and its rights as FastAPI dependencies over `service` (R13, R17, R18)."""

    def caller(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Caller:
        if credentials is None:
            raise Problem(401, "an API key is required (Authorization: Bearer KEY)", rule="api-key")
        try:
            found = service.keys.authenticate(credentials.credentials, service.clock())
        except KeyRefused as refused:
            raise Problem(401, str(refused), rule="api-key") from None
        if found is None:
            raise Problem(401, "unknown API key", rule="api-key")
        return found

    def may(command: str) -> Dependency:
        """403 unless `ROLES` lets the caller's role issue `command`; nothing is written."""

        def check(request: Request, who: Annotated[Caller, Depends(caller)]) -> Caller:
            refused = refusal(who, command)
            if refused is not None:
                raise Problem(403, refused, rule="role", field="actor")
            check_scope(service, who, request)
            if command in WHOLE_RECORD:
                check_whole_record(who, f"{command} (the whole record)")
            return who

        return check

    def reader(request: Request, who: Annotated[Caller, Depends(caller)]) -> Caller:
        """Every read by a regulator or auditor is recorded: who, what, when (R18)."""
        check_scope(service, who, request)
        account = request.path_params.get("account_id") or request.query_params.get("account")
        record_read(service, who, request, account)
        return who

    def discloser(request: Request, who: Annotated[Caller, Depends(caller)]) -> Caller:
        """403 unless the caller's role may see personal information (R17)."""
        if who.role not in PERSONAL_INFORMATION_ROLES:
            allowed = ", ".join(sorted(r.value for r in PERSONAL_INFORMATION_ROLES))
            raise Problem(
                403,
                f"role {who.role.value} may not see personal information (allowed: {allowed})",
                rule="role",
                field="actor",
                article="2022-16",
            )
        check_scope(service, who, request)
        return who

    def act(who: Caller, body: models.ActFields) -> Act:
        return act_of(who, body, service.clock, service.settings.rules.zone)

    return Auth(caller=caller, reader=reader, discloser=discloser, may=may, act_of=act)


def _needs_key(dependant: Dependant) -> bool:
    """Whether a route's dependencies include the bearer key."""
    return any(d.call is bearer or _needs_key(d) for d in dependant.dependencies)


def authenticate_first(auth: Auth) -> Authenticate:
    """The 401 of a protected route whose caller has no valid key, else None: asked
    before a body that could not be parsed is refused (errors.py), so an unauthenticated
    caller is answered 401 whatever its body."""

    def check(request: Request) -> JSONResponse | None:
        dependant = getattr(request.scope.get("route"), "dependant", None)
        if not isinstance(dependant, Dependant) or not _needs_key(dependant):
            return None
        scheme, secret = get_authorization_scheme_param(request.headers.get("Authorization"))
        given = secret if scheme.lower() == "bearer" and secret else None
        credentials = given and HTTPAuthorizationCredentials(scheme=scheme, credentials=given)
        try:
            auth.caller(credentials or None)
        except Problem as refused:
            return problem(refused.status, refused.detail, rule=refused.rule)
        return None

    return check
