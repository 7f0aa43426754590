"""The inquiry console: server-rendered pages over the same ledger, views and queries.

`install(app, service)` adds the pages under `/console` (left out of the OpenAPI
document) and their stylesheet under `/console/static`. A person signs in with an
API key; that starts a server-side session (`http/sessions.py`) whose random id is
kept in an HttpOnly, SameSite=Strict cookie (`Secure` when the request came over
HTTPS), and each request authenticates the session's key as the API authenticates a
bearer key, so the role decides
what the pages show and what they may do, from the same authority table. Reads by
regulators and auditors are written to the access log, identities are shown only to
`PERSONAL_INFORMATION_ROLES` and each showing is recorded (R17, R18). Deciding an
appeal runs the command the API's `POST /appeals/{id}/decide` runs (R15).

Cross-site requests: the cookie is SameSite=Strict, and a POST whose `Origin` header
names another host is refused. Signing out also needs the session's own sign-out token
(a hidden field of the form), and ends the session in the key store.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit
from uuid import UUID

from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError

from accountledger.adapters import inquiry
from accountledger.adapters.command_edge import to_command
from accountledger.adapters.exports import register_csv
from accountledger.adapters.http import (
    console_language,
    console_notifications,
    console_stats,
    errors,
    models,
)
from accountledger.adapters.http import console_views as views
from accountledger.adapters.http.auth import act_of, record_disclosure, record_read, refusal
from accountledger.adapters.http.commands import body_model
from accountledger.adapters.http.console_forms import body_from_form, forms_for
from accountledger.adapters.http.console_language import N_, Language
from accountledger.adapters.http.keys import Caller, KeyRefused, key_hash
from accountledger.adapters.http.lifecycle_svg import lifecycle_svg
from accountledger.adapters.http.service import Service
from accountledger.adapters.http.sessions import SESSION_LIFE, Session
from accountledger.adapters.http.stats_svg import bar_chart, share_chart
from accountledger.application import appeals as appeal_cases
from accountledger.application import disclosure
from accountledger.application.appeals import summary
from accountledger.application.commands import COMMANDS, AccountCommand
from accountledger.application.ids import account_id, appeal_id
from accountledger.application.views import event_record, state
from accountledger.domain.appeals import OUTCOMES
from accountledger.domain.authority import PERSONAL_INFORMATION_ROLES
from accountledger.domain.dates import in_zone
from accountledger.domain.errors import AccountNotFound, InvalidInput, LedgerError, RuleViolation
from accountledger.domain.lifecycle import allowed
from accountledger.domain.measures import Measure
from accountledger.projections import queries

COOKIE = "accountledger_console"
HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=HERE / "templates")
console_language.install(TEMPLATES.env)
TEMPLATES.env.globals.update(bar_chart=bar_chart, share_chart=share_chart)
HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


ANOTHER_SITE = N_("request from another site")


class SignInFirst(Exception):
    """No valid key in the cookie: the page answers with a redirect to sign in."""


def page_status(error: LedgerError) -> int:
    """As the API maps a refusal, but an unknown appeal is not found either."""
    return 404 if error.rule == "appeal-exists" else errors.ledger_status(error)


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.url.netloc


def _session(request: Request, service: Service) -> Session | None:
    token = request.cookies.get(COOKIE)
    # A session id is 43 characters: anything far longer is not one, and is not hashed.
    if not token or len(token) > 100:
        return None
    return service.sessions.find(token, service.clock())


def viewer(request: Request) -> Caller:
    """The caller whose session the cookie names, its key authenticated as the API's
    bearer key is; the session's sign-out token is kept for the page's form."""
    service: Service = request.app.state.service
    session = _session(request, service)
    try:
        who = service.keys.by_hash(session.key_hash, service.clock()) if session else None
    except KeyRefused:  # revoked or expired since sign-in: refused at once
        raise SignInFirst() from None
    if session is None or who is None or not who.scope.unbounded:
        raise SignInFirst()
    request.state.sign_out_token = session.sign_out_token
    return who


Viewer = Annotated[Caller, Depends(viewer)]


def install(app: FastAPI, service: Service) -> None:
    """Add the console's pages and stylesheet to `app` (R13, R15, R17, R18)."""
    router = APIRouter(prefix="/console", include_in_schema=False)
    # Dates typed into the console are whole days in the platform's zone, as in the CLI
    # and the API (`domain/dates.py`); every page names the zone.
    zone = service.settings.rules.zone
    app.mount("/console/static", StaticFiles(directory=HERE / "static"), name="console-static")

    async def sign_in_first(_request: Request, _error: Exception) -> Response:
        return RedirectResponse("/console/sign-in", status_code=303)

    app.add_exception_handler(SignInFirst, sign_in_first)

    def seen(who: Caller, request: Request, account: str | None) -> None:
        """A regulator's or auditor's read is recorded, as the API's `reader` does (R18)."""
        record_read(service, who, request, account)

    def page(
        request: Request, name: str, who: Caller | None, status: int = 200, **context: Any
    ) -> HTMLResponse:
        language = console_language.chosen(request)
        shown = TEMPLATES.TemplateResponse(
            request,
            name,
            {
                "who": who,
                "time_zone": zone.key,
                "zone": zone,
                "language": language,
                "switch_url": console_language.switch_url(request, language, who is not None),
                "sign_out_token": getattr(request.state, "sign_out_token", ""),
                **context,
            },
            status_code=status,
            headers=HEADERS,
        )
        console_language.keep(request, shown)
        return shown

    def spoken(request: Request) -> Language:
        return console_language.chosen(request)

    def refused(request: Request, who: Caller, error: LedgerError, status: int) -> HTMLResponse:
        return page(request, "error.html", who, status, error=spoken(request).refusal(error))

    # ------------------------------------------------------------------ signing in

    @router.get("")
    def home() -> Response:
        return RedirectResponse("/console/search", status_code=303)

    @router.get("/sign-in")
    def sign_in_form(request: Request) -> HTMLResponse:
        return page(request, "sign_in.html", None)

    @router.post("/sign-in")
    def sign_in(request: Request, key: Annotated[str, Form()] = "") -> Response:
        if not _same_origin(request):
            error = spoken(request).refusal(RuleViolation(ANOTHER_SITE, rule="origin"))
            return page(request, "sign_in.html", None, 403, error=error)
        language = spoken(request)

        def refuse(said: str, rule: str, status: int) -> HTMLResponse:
            error = language.refusal(RuleViolation(said, rule=rule, field="key"))
            return page(request, "sign_in.html", None, status, error=error)

        try:
            who = service.keys.authenticate(key.strip(), service.clock()) if key.strip() else None
        except KeyRefused as refused:
            return refuse(str(refused), "api-key", 401)
        if who is not None and not who.scope.unbounded:
            # The console's pages show the whole register: a key bound to a scope uses
            # the API, whose every read is kept to its scope (2022 Art 16).
            return refuse(N_("a key bound to a scope uses the API, not the console"), "scope", 403)
        if who is None:
            said = N_("unknown API key") if key.strip() else N_("an API key is required")
            return refuse(said, "api-key", 401)
        token = service.sessions.start(key_hash(key.strip()), service.clock())
        done = RedirectResponse("/console/search", status_code=303)
        done.set_cookie(
            COOKIE,
            token,
            max_age=int(SESSION_LIFE.total_seconds()),
            httponly=True,
            samesite="strict",
            # `serve` takes the scheme from X-Forwarded-Proto of a trusted proxy
            # (uvicorn's FORWARDED_ALLOW_IPS; docs/console.md).
            secure=request.url.scheme == "https",
            path="/console",
        )
        return done

    @router.post("/sign-out")
    def sign_out(request: Request, token: Annotated[str, Form(alias="sign_out")] = "") -> Response:
        session = _session(request, service)
        if not _same_origin(request) or (session is not None and not session.signs_out(token)):
            # A forged sign-out (another site, or no token of this session) changes nothing.
            error = spoken(request).refusal(RuleViolation(ANOTHER_SITE, rule="origin"))
            return page(request, "sign_in.html", None, 403, error=error)
        if session is not None:
            service.sessions.end(request.cookies[COOKIE])
        done = RedirectResponse("/console/sign-in", status_code=303)
        done.delete_cookie(
            COOKIE,
            path="/console",
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
        return done

    # ------------------------------------------------------------------ search, account

    def search_page(request: Request, who: Caller, q: str) -> HTMLResponse:
        try:
            account: str | None = str(UUID(q.strip()))
        except ValueError:
            account = None
        seen(who, request, account)
        found = service.read(lambda view: views.search(service.ledger, view, q)) if q else []
        return page(request, "search.html", who, q=q, results=found, nav="search")

    @router.get("/search")
    def search(request: Request, who: Viewer, q: str = "") -> HTMLResponse:
        """Kept for links and bookmarks; the form posts, so that a `KIND:NUMBER` typed
        in it is never in a URL (R17). Any number given here is redacted from logs."""
        return search_page(request, who, q)

    @router.post("/search")
    def search_posted(
        request: Request, who: Viewer, q: Annotated[str, Form(max_length=200)] = ""
    ) -> HTMLResponse:
        """The search form: the text, perhaps an identity number, in the body (R17)."""
        if not _same_origin(request):
            return refused(request, who, RuleViolation(ANOTHER_SITE, rule="origin"), 403)
        return search_page(request, who, q)

    @router.get("/accounts/{account}")
    def account_page(request: Request, account: str, who: Viewer, as_of: str = "") -> HTMLResponse:
        try:
            ident = account_id(account)
            moment = views.as_of_moment(as_of, zone)
            seen(who, request, str(ident))
            shown = state(service.ledger, ident, moment)
            history = service.ledger.history(ident)
        except LedgerError as error:
            return refused(request, who, error, page_status(error))
        events = [event_record(e) for e in history if moment is None or e.act.occurred_at <= moment]
        now, within = service.clock(), service.settings.rules.report_within
        records = service.read(
            lambda view: queries.disposals(
                view,
                account=str(ident),
                overdue_at=None if moment else now,
                report_within=within,
                as_of=moment,
            )
        )
        if moment is not None:
            records = inquiry.appeals_as_they_stood(service.ledger, records, moment)
        identity = None
        if who.role in PERSONAL_INFORMATION_ROLES:
            identity = _identity(ident, who, moment)
            record_disclosure(service, who, request, ident)
        return page(
            request,
            "account.html",
            who,
            account=shown,
            as_of=moment,
            as_of_date=moment.astimezone(zone).date().isoformat() if moment else "",
            as_of_local=spoken(request).when_in(moment, zone) if moment else "",
            events=views.timeline(events, spoken(request)),
            disposals=views.disposal_rows(records, spoken(request), zone),
            lifecycle=lifecycle_svg(shown["status"], spoken(request)),
            allowed=allowed(shown["status"]),
            forms=[] if moment else forms_for(who.role, shown["status"]),
            identity=identity,
            nav="search",
        )

    def _identity(ident: UUID, who: Caller, moment: datetime | None) -> dict[str, Any]:
        """The holder's identity now, or the holder's at `moment` (R17)."""
        if moment is None:
            return disclosure.identity(service.ledger, ident, who.role, actor_id=who.actor_id)
        past = service.ledger.account_as_of(ident, moment)
        if past is None:  # checked by `state` above; kept for the type checker
            raise AccountNotFound(ident)
        return disclosure.account_identity(service.ledger, past, who.role)

    # ------------------------------------------------------------------ the register

    def register_records(
        query: views.RegisterQuery,
    ) -> list[dict[str, Any]]:
        now, within = service.clock(), service.settings.rules.report_within
        return service.read(lambda view: query.records(view, now, within))

    @router.get("/disposals")
    def register(request: Request, who: Viewer) -> HTMLResponse:
        params = dict(request.query_params)
        context: dict[str, Any] = {
            "params": params,
            "measures": list(Measure),
            "nav": "disposals",
        }
        try:
            query = views.register_query(
                service.ledger, params, paged=True, say=spoken(request).gettext
            )
        except LedgerError as error:
            failed = {"error": spoken(request).refusal(error), "error_field": error.field}
            return page(request, "register.html", who, 422, **failed, **context)
        seen(who, request, query.account)
        found = views.page_of(register_records(query), query.page, query.per_page)
        return page(
            request,
            "register.html",
            who,
            query=query,
            found=found,
            records=views.disposal_rows(found.records, spoken(request), zone),
            **context,
        )

    @router.post("/disposals")
    async def register_posted(request: Request, who: Viewer) -> Response:
        """The register's filter form: filters in the body, answered by a redirect to
        the register whose query names a subject only by its ref (R14, R17)."""
        if not _same_origin(request):
            return refused(request, who, RuleViolation(ANOTHER_SITE, rule="origin"), 403)
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        try:
            query = views.register_query(
                service.ledger, form, paged=True, say=spoken(request).gettext
            )
        except LedgerError as error:
            context = {"params": form, "measures": list(Measure), "nav": "disposals"}
            failed = {"error": spoken(request).refusal(error), "error_field": error.field}
            return page(request, "register.html", who, 422, **failed, **context)
        return RedirectResponse(f"/console/disposals?{query.page_query(1)}", status_code=303)

    @router.get("/disposals.csv")
    def register_as_csv(request: Request, who: Viewer) -> Response:
        try:
            query = views.register_query(service.ledger, dict(request.query_params), paged=False)
        except LedgerError as error:
            return Response(str(error) + "\n", status_code=422, media_type="text/plain")
        seen(who, request, query.account)
        return Response(
            register_csv(register_records(query)),
            media_type="text/csv; charset=utf-8",
            headers=HEADERS | {"Content-Disposition": 'attachment; filename="disposals.csv"'},
        )

    @router.get("/disposals.json")
    def register_as_json(request: Request, who: Viewer) -> Response:
        try:
            query = views.register_query(service.ledger, dict(request.query_params), paged=False)
        except LedgerError as error:
            return errors.problem(422, str(error), rule=error.rule, field=error.field)
        seen(who, request, query.account)
        records = register_records(query)
        return JSONResponse(
            models.Disposals(records=records, count=len(records)).model_dump(mode="json"),
            headers=HEADERS | {"Content-Disposition": 'attachment; filename="disposals.json"'},
        )

    # ------------------------------------------------------------------ appeals

    @router.get("/appeals")
    def appeals(request: Request, who: Viewer) -> HTMLResponse:
        seen(who, request, None)
        rows = service.read(lambda view: queries.appeals(view))
        return page(request, "appeals.html", who, appeals=rows, nav="appeals")

    def may_decide(who: Caller) -> bool:
        return refusal(who, "decide_appeal") is None

    def appeal_page(
        request: Request,
        who: Caller,
        appeal: str,
        status: int = 200,
        refusal: str | None = None,
        entered: dict[str, str] | None = None,
    ) -> HTMLResponse:
        try:
            ident = appeal_id(appeal)
        except InvalidInput as error:
            return refused(request, who, error, 404)
        try:
            found = appeal_cases.appeal(service.ledger, ident)
            trail = [event_record(e) for e in appeal_cases.trail(service.ledger, ident)]
        except LedgerError as error:
            return refused(request, who, error, page_status(error))
        seen(who, request, found.account_id)
        shown = summary(found) | {
            "measure": found.measure,
            "decided_by": found.decided_by,
            "grounds": found.grounds,
            "filed_at": found.filed_at.isoformat(),
        }
        return page(
            request,
            "appeal.html",
            who,
            status,
            appeal=shown,
            trail=views.timeline(trail, spoken(request)),
            decide=may_decide(who) and found.status != "decided",
            outcomes=OUTCOMES,
            refusal=refusal,
            entered=entered or {},
            nav="appeals",
        )

    @router.post("/accounts/{account}/commands/{verb}")
    async def account_command(request: Request, account: str, verb: str, who: Viewer) -> Response:
        """A command from the account page's form: the same table, model, role check and
        handling as `POST /accounts/{id}/{verb}` (R1-R13)."""
        command = COMMANDS.get(verb.replace("-", "_"))
        if not _same_origin(request):
            return refused(request, who, RuleViolation(ANOTHER_SITE, rule="origin"), 403)
        if command is None or not issubclass(command, AccountCommand):
            said = spoken(request).gettext(N_("no command {verb!r}")).format(verb=verb)
            return refused(request, who, RuleViolation(said, rule="command"), 404)
        not_allowed = refusal(who, command.command)
        if not_allowed is not None:
            return refused(
                request, who, RuleViolation(not_allowed, rule="role", field="actor"), 403
            )
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        try:
            ident = account_id(account)
            body = body_model(command).model_validate(body_from_form(command, form))
            value = to_command(command, body, ident, zone)
            act = act_of(who, body, service.clock, zone)
            service.ledger.handle(value, act, stamped=body.at is None)
        except ValidationError as error:
            item = error.errors()[0]
            said = str(item["msg"]).removeprefix("Value error, ")
            where = ".".join(str(p) for p in item["loc"]) or "input"
            return refused(request, who, RuleViolation(said, rule=item["type"], field=where), 422)
        except LedgerError as error:
            status = page_status(error)
            return refused(request, who, error, 409 if status == 422 else status)
        service.keep_current()
        return RedirectResponse(f"/console/accounts/{ident}", status_code=303)

    @router.get("/appeals/{appeal}")
    def appeal(request: Request, appeal: str, who: Viewer) -> HTMLResponse:
        return appeal_page(request, who, appeal)

    @router.post("/appeals/{appeal}/decide")
    def decide(
        request: Request,
        appeal: str,
        who: Viewer,
        outcome: Annotated[str, Form()] = "",
        reason: Annotated[str, Form()] = "",
        until: Annotated[str, Form()] = "",
    ) -> Response:
        """`POST /appeals/{id}/decide` from a form: same role check, act and command (R15)."""
        entered = {"outcome": outcome, "reason": reason, "until": until}

        def refuse(error: LedgerError, status: int) -> HTMLResponse:
            said = spoken(request).refusal(error)
            return appeal_page(request, who, appeal, status, said, entered)

        if not _same_origin(request):
            return refuse(RuleViolation(ANOTHER_SITE, rule="origin"), 403)
        not_allowed = refusal(who, "decide_appeal")
        if not_allowed is not None:
            return refuse(RuleViolation(not_allowed, rule="role", field="actor"), 403)
        if outcome not in OUTCOMES:
            said = spoken(request).gettext(N_("choose one of {outcomes}"))
            said = said.format(outcomes=", ".join(OUTCOMES))
            return refuse(RuleViolation(said, rule="outcome", field="outcome"), 422)
        try:
            ident = appeal_id(appeal)
            given = {"outcome": outcome, "reason": reason, "until": until or None}
            body = models.DecideAppealBody.model_validate(given)
        except ValidationError as error:
            item = error.errors()[0]
            said = str(item["msg"]).removeprefix("Value error, ")
            where = ".".join(str(p) for p in item["loc"]) or "input"
            return refuse(RuleViolation(said, rule=item["type"], field=where), 422)
        except InvalidInput as error:
            return refuse(error, 404)
        act = act_of(who, body, service.clock, zone)
        expiry = in_zone(body.until, zone) if isinstance(body.until, datetime) else None
        try:
            appeal_cases.decide(service.ledger, ident, body.outcome, expiry, act)
        except LedgerError as error:
            status = page_status(error)
            return refuse(error, 409 if status == 422 else status)
        service.keep_current()
        return RedirectResponse(f"/console/appeals/{ident}", status_code=303)

    console_notifications.add(router, service, page, viewer)
    console_stats.add(router, service, page, viewer)
    app.include_router(router)
