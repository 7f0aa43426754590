"""The HTTP service: every account command and query behind API keys mapped to roles.

`create_app(settings)` builds the FastAPI application; one ledger serves the app's
life and is closed on shutdown. The caller, authenticated by a bearer API key, is the
actor on every event it causes (R13); a body never names the actor. Whether a role
may issue a command is decided from `domain.authority.ROLES` before anything is
written (403); regulators and auditors may only read, and each of their reads is
recorded in the key store's access log (R18). Errors are problem+json (see errors.py).
"""

import inspect
import json
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import Depends, FastAPI, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from accountledger.adapters import inquiry
from accountledger.adapters.bootstrap import (
    Settings,
    keystore_url,
    open_ledger,
    open_projection,
    sqlite_path,
)
from accountledger.adapters.cli_appeals import appeal_id, summary
from accountledger.adapters.cli_complaints import complaint_id
from accountledger.adapters.cli_complaints import written as complaint_written
from accountledger.adapters.http import errors, models
from accountledger.adapters.http.errors import Problem
from accountledger.adapters.http.keys import READ_ONLY_ROLES, Caller, KeyStore
from accountledger.adapters.inputs import ActInput, Clock, IdentityInput, parse_time
from accountledger.application import complaints as handling
from accountledger.application import disclosure
from accountledger.application.ledger import Ledger, Recorded
from accountledger.application.views import event_record, state
from accountledger.domain.account import Account
from accountledger.domain.act import Act
from accountledger.domain.articles import check_basis, check_violation
from accountledger.domain.authority import PERSONAL_INFORMATION_ROLES, ROLES
from accountledger.domain.errors import RuleViolation, UnknownArticle
from accountledger.domain.measures import Measure
from accountledger.projections import complaints as complaint_register
from accountledger.projections import queries
from accountledger.projections.view import ReadStore

T = TypeVar("T")


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Service:
    """The app's ledger and key store, opened on first use and closed on shutdown."""

    settings: Settings
    clock: Clock = system_clock
    _ledger: Ledger | None = field(default=None, repr=False)
    _keys: KeyStore | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def ledger(self) -> Ledger:
        with self._lock:
            if self._ledger is None:
                self._ledger = open_ledger(self.settings)
            return self._ledger

    @property
    def keys(self) -> KeyStore:
        with self._lock:
            if self._keys is None:
                self._keys = KeyStore(keystore_url(self.settings))
            return self._keys

    def keep_current(self) -> None:
        """Embedded mode: bring the read models up to date after a write (as the CLI)."""
        if sqlite_path(self.settings.store) is not None:
            projection = open_projection(self.ledger, self.settings)
            try:
                projection.catch_up()
            finally:
                projection.view.close()

    def read(self, query: Callable[[ReadStore], T]) -> T:
        """Answer `query` from the read models, brought up to date first."""
        projection = open_projection(self.ledger, self.settings)
        try:
            projection.catch_up()
            return query(projection.view)
        finally:
            projection.view.close()

    def close(self) -> None:
        with self._lock:
            if self._ledger is not None:
                self._ledger.close()
                self._ledger = None
            if self._keys is not None:
                self._keys.close()
                self._keys = None


def written(command: str, result: Recorded) -> models.Written:
    return models.Written(
        account_id=str(result.account.id),
        command=command,
        events=list(result.events),
        records=result.records,
        status=result.account.status,
        version=result.account.version,
    )


# ---------------------------------------------------------------- commands

Run = Callable[[Ledger, UUID, Any, Act], Recorded]


def _on(method: str, *params: str) -> Run:
    """Run `Account.method(*body.params, act=act)` on the account (as cli.py does)."""

    def run(ledger: Ledger, ident: UUID, body: Any, act: Act) -> Recorded:
        args = [getattr(body, p) for p in params]
        return ledger.execute(ident, lambda a: getattr(a, method)(*args, act=act))

    return run


def _profile(field_name: str) -> Run:
    def run(ledger: Ledger, ident: UUID, body: Any, act: Act) -> Recorded:
        return ledger.change_profile(ident, field_name, body.value, act)

    return run


def _order_rectification(ledger: Ledger, ident: UUID, body: Any, act: Act) -> Recorded:
    return ledger.execute(
        ident, lambda a: a.order_rectification(body.deadline, list(body.fields), act=act)
    )


def _rectify(ledger: Ledger, ident: UUID, body: Any, act: Act) -> Recorded:
    given = {"name": body.name, "avatar": body.avatar, "introduction": body.introduction}
    return ledger.rectify(ident, {k: v for k, v in given.items() if v is not None}, act)


def _apply_transfer(ledger: Ledger, ident: UUID, body: Any, act: Act) -> Recorded:
    return ledger.apply_transfer(ident, body.transferee.to_identity(), act)


def _verify_transferee(ledger: Ledger, ident: UUID, body: Any, act: Act) -> Recorded:
    return ledger.verify_transferee(ident, act)


def _find_unapproved_transfer(ledger: Ledger, ident: UUID, body: Any, act: Act) -> Recorded:
    def decide(a: Account) -> None:
        a.find_unapproved_transfer(act=act)
        if body.consequence == "close":
            a.close(act=act)

    return ledger.execute(ident, decide)


def _restrict(ledger: Ledger, ident: UUID, body: Any, act: Act) -> Recorded:
    rules = ledger.rules
    return ledger.execute(
        ident, lambda a: a.restrict(list(body.functions), body.until, rules, act=act)
    )


def _lift_restriction(ledger: Ledger, ident: UUID, body: Any, act: Act) -> Recorded:
    return ledger.execute(ident, lambda a: a.lift_restriction(list(body.functions), act=act))


def _change_credit_tier(ledger: Ledger, ident: UUID, body: Any, act: Act) -> Recorded:
    rules = ledger.rules
    return ledger.execute(ident, lambda a: a.change_credit_tier(body.tier, rules, act=act))


_PLAIN = (
    "refuse_registration",
    "miss_rectification_deadline",
    "approve_transfer",
    "reject_transfer",
    "request_suspension",
    "request_termination",
    "warn",
    "suspend_updates",
    "resume_updates",
    "cease_ads",
    "restore_ads",
    "reinstate",
    "close",
    "deregister",
    "blacklist",
)

# command -> (body model, how it runs); `reverse_measure` is reached through appeals.
ACCOUNT_COMMANDS: dict[str, tuple[type[models.ActFields], Run]] = {
    "verify_identity": (models.VerifyIdentityBody, _on("verify_identity", "method")),
    "change_name": (models.ProfileValueBody, _profile("name")),
    "change_avatar": (models.ProfileValueBody, _profile("avatar")),
    "change_introduction": (models.ProfileValueBody, _profile("introduction")),
    "approve_profile_change": (models.ProfileFieldBody, _on("approve_profile_change", "field")),
    "reject_profile_change": (models.ProfileFieldBody, _on("reject_profile_change", "field")),
    "submit_qualification": (
        models.SubmitQualificationBody,
        _on("submit_qualification", "field", "credential"),
    ),
    "verify_qualification": (
        models.VerifyQualificationBody,
        _on("verify_qualification", "field", "mark"),
    ),
    "reject_qualification": (
        models.QualificationFieldBody,
        _on("reject_qualification", "field"),
    ),
    "order_rectification": (models.OrderRectificationBody, _order_rectification),
    "rectify": (models.RectifyBody, _rectify),
    "apply_transfer": (models.ApplyTransferBody, _apply_transfer),
    "verify_transferee": (models.ActFields, _verify_transferee),
    "find_unapproved_transfer": (models.FindUnapprovedTransferBody, _find_unapproved_transfer),
    "restrict": (models.RestrictBody, _restrict),
    "lift_restriction": (models.LiftRestrictionBody, _lift_restriction),
    "suspend": (models.SuspendBody, _on("suspend", "until")),
    "change_credit_tier": (models.ChangeCreditTierBody, _change_credit_tier),
    "record_activity": (models.RecordActivityBody, _on("record_activity", "kind")),
    **{name: (models.ActFields, _on(name)) for name in _PLAIN},
}


def _with_body(endpoint: Callable[..., Any], model: type[models.ActFields]) -> inspect.Signature:
    """The endpoint's signature with its body typed as `model`; a body whose every field
    has a default may be left out, so a plain command needs no `{}`."""
    optional = not any(f.is_required() for f in model.model_fields.values())
    signature = inspect.signature(endpoint)
    body = signature.parameters["body"].replace(
        annotation=model | None if optional else model,
        default=None if optional else inspect.Parameter.empty,
    )
    others = [p for p in signature.parameters.values() if p.name != "body"]
    return signature.replace(parameters=[*others, body])  # a default comes last


def _account_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise RuleViolation(
            f"{text!r} is not an account id", rule="uuid", field="account"
        ) from None


def _subject_ref(ledger: Ledger, text: str) -> str:
    """A subject ref as given (`s-...`), or the ref of `KIND:NUMBER` from the vault (R17)."""
    if text.startswith("s-"):
        return text
    kind, sep, number = text.partition(":")
    if not sep:
        raise RuleViolation(
            f"{text!r} is neither a ref s-... nor KIND:NUMBER", rule="subject", field="subject"
        )
    edge = IdentityInput(identity_kind=kind, identity_number=number)  # type: ignore[arg-type]
    return ledger.vault.subject_ref(edge.identity_kind, edge.identity_number)


# ---------------------------------------------------------------- the app


def create_app(settings: Settings | None = None, *, clock: Clock = system_clock) -> FastAPI:
    """The HTTP service over the ledger of `settings` (R13, R17, R18)."""
    service = Service(settings or Settings.from_env(), clock)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(
        title="accountledger",
        version="0.1.0",
        summary="System of record for account lifecycles (2021 and 2022 provisions).",
        lifespan=lifespan,
    )
    app.state.service = service
    errors.install(app)
    bearer = HTTPBearer(auto_error=False, description="an API key from `accountledger keys`")

    def caller(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Caller:
        if credentials is None:
            raise Problem(401, "an API key is required (Authorization: Bearer KEY)", rule="api-key")
        found = service.keys.authenticate(credentials.credentials)
        if found is None:
            raise Problem(401, "unknown API key", rule="api-key")
        return found

    def may(command: str) -> Callable[[Caller], Caller]:
        """403 unless `ROLES` lets the caller's role issue `command`; nothing is written."""

        def check(who: Annotated[Caller, Depends(caller)]) -> Caller:
            if who.role not in ROLES[command]:
                allowed = ", ".join(sorted(r.value for r in ROLES[command]))
                raise Problem(
                    403,
                    f"role {who.role.value} may not {command} (allowed: {allowed})",
                    rule="role",
                    field="actor",
                )
            return who

        return check

    def reader(request: Request, who: Annotated[Caller, Depends(caller)]) -> Caller:
        """Every read by a regulator or auditor is recorded: who, what, when (R18)."""
        if who.role in READ_ONLY_ROLES:
            account = request.path_params.get("account_id") or request.query_params.get("account")
            service.keys.record_access(
                who, request.method, request.url.path, account, service.clock()
            )
        return who

    def discloser(who: Annotated[Caller, Depends(caller)]) -> Caller:
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
        return who

    def act_of(who: Caller, body: models.ActFields) -> Act:
        """The act: the caller as actor, grounds from the body (R13)."""
        check_basis(body.basis)
        try:
            check_violation(body.violation)
        except UnknownArticle as error:
            error.field = "violation"
            raise
        actor = f"{who.actor_id}:{who.role.value}"
        return ActInput(actor=actor, **body.act_fields()).to_act(service.clock)

    # ------------------------------------------------------------ writes

    @app.post("/accounts", status_code=201, response_model=models.Written, tags=["accounts"])
    def register(
        body: models.RegisterBody, who: Annotated[Caller, Depends(may("register"))]
    ) -> models.Written:
        """Register an account; pending until identity is verified (R1-R4, R7)."""
        act = act_of(who, body)
        new_id = service.ledger.register(body.to_registration(), act)
        account = service.ledger.account(new_id)
        service.keep_current()
        return models.Written(
            account_id=str(new_id),
            command="register",
            events=["Registered"],
            status=account.status,
            version=account.version,
            review_findings=account.review,
        )

    def add_command(command: str, body_model: type[models.ActFields], run: Run) -> None:
        verb = command.replace("_", "-")

        def endpoint(
            account_id: str,
            body: models.ActFields | None,
            who: Annotated[Caller, Depends(may(command))],
        ) -> models.Written:
            given = body if body is not None else body_model.model_validate({})
            act = act_of(who, given)
            result = run(service.ledger, _account_id(account_id), given, act)
            service.keep_current()
            return written(verb, result)

        endpoint.__signature__ = _with_body(endpoint, body_model)  # type: ignore[attr-defined]
        endpoint.__name__ = command
        roles = ", ".join(sorted(r.value for r in ROLES[command]))
        app.post(
            f"/accounts/{{account_id}}/{verb}",
            response_model=models.Written,
            tags=["account commands"],
            summary=f"{verb} (roles: {roles})",
        )(endpoint)

    for command, (body_model, run) in ACCOUNT_COMMANDS.items():
        add_command(command, body_model, run)

    # ------------------------------------------------------------ reads

    @app.get("/accounts/{account_id}", tags=["accounts"])
    def show(
        account_id: str,
        who: Annotated[Caller, Depends(reader)],
        as_of: Annotated[
            str | None, Query(description="business time; a date means its end")
        ] = None,
    ) -> dict[str, Any]:
        """The account's state, replayed up to a business time (R18)."""
        moment = parse_time(as_of, end_of_day=True) if as_of else None
        return state(service.ledger, _account_id(account_id), moment)

    @app.get(
        "/accounts/{account_id}/history", response_model=models.AccountHistory, tags=["accounts"]
    )
    def history(account_id: str, who: Annotated[Caller, Depends(reader)]) -> models.AccountHistory:
        """Every event of the account: time, actor, action, reason, basis (R16, R18)."""
        ident = _account_id(account_id)
        return models.AccountHistory(
            account_id=str(ident),
            events=[event_record(e) for e in service.ledger.history(ident)],
        )

    @app.get(
        "/accounts/{account_id}/identity",
        tags=["accounts"],
        summary="identity (roles: compliance, regulator)",
    )
    def identity(
        account_id: str, request: Request, who: Annotated[Caller, Depends(discloser)]
    ) -> dict[str, Any]:
        """The holder's identity (kind, number, contact), or when and why it was erased.

        Only for roles that may see personal information; every disclosure is written
        to the access log before it is returned, never the information itself (R17).
        """
        ident = _account_id(account_id)
        shown = disclosure.identity(service.ledger, ident, who.role, actor_id=who.actor_id)
        service.keys.record_disclosure(
            who, request.method, request.url.path, [str(ident)], service.clock()
        )
        return shown

    # ------------------------------------------------------------ disposals and appeals

    def record_id(account_id: str, version: int) -> str:
        return f"{_account_id(account_id)}/{version}"

    @app.get("/disposals", response_model=models.Disposals, tags=["disposals"])
    def list_disposals(
        who: Annotated[Caller, Depends(reader)],
        account: Annotated[str | None, Query(description="account id")] = None,
        subject: Annotated[
            str | None, Query(description="subject ref s-... or KIND:NUMBER")
        ] = None,
        start: Annotated[
            str | None, Query(alias="from", description="decided at or after (ISO 8601)")
        ] = None,
        end: Annotated[
            str | None, Query(alias="to", description="decided at or before; a date means its end")
        ] = None,
        measure: Annotated[Measure | None, Query(description="e.g. warning")] = None,
        violation: Annotated[str | None, Query(description="e.g. 2021-18-6")] = None,
        overdue: Annotated[
            bool, Query(description="only unreported records past the limit")
        ] = False,
    ) -> models.Disposals:
        """The disposal register: what was done, why, and whether it was reported (R13, R14)."""
        ident = str(_account_id(account)) if account else None
        ref = _subject_ref(service.ledger, subject) if subject else None
        since = parse_time(start) if start else None
        until = parse_time(end, end_of_day=True) if end else None
        if violation:
            try:
                check_violation((violation,))
            except UnknownArticle as error:
                error.field = "violation"
                raise
        now = service.clock()
        within = service.settings.rules.report_within
        records = service.read(
            lambda view: queries.disposals(
                view,
                account=ident,
                subject=ref,
                start=since,
                end=until,
                measure=measure,
                violation=violation or None,
                overdue_at=now,
                report_within=within,
                overdue_only=overdue,
            )
        )
        return models.Disposals(records=records, count=len(records))

    @app.post(
        "/disposals/{account_id}/{version}/report",
        response_model=models.Reported,
        tags=["disposals"],
        summary="report_disposal (roles: compliance)",
    )
    def report_disposal(
        account_id: str,
        version: int,
        body: models.ReportBody,
        who: Annotated[Caller, Depends(may("report_disposal"))],
    ) -> models.Reported:
        """Record that disposal record ACCOUNT/VERSION was reported to the authority (R13)."""
        act = act_of(who, body)
        done = service.ledger.report_disposal(
            record_id(account_id, version), body.reference, body.channel, act
        )
        service.keep_current()
        return models.Reported(
            record_id=done.record_id,
            reference=done.reference,
            channel=done.channel,
            reported_at=done.reported_at.isoformat(),
        )

    @app.post("/disposals/{account_id}/{version}/appeal", status_code=201, tags=["appeals"])
    def file_appeal(
        account_id: str,
        version: int,
        body: models.FileAppealBody,
        who: Annotated[Caller, Depends(may("file_appeal"))],
    ) -> dict[str, Any]:
        """The operator appeals one disposal record within the appeal window (R15)."""
        act = act_of(who, body)
        filed = service.ledger.file_appeal(record_id(account_id, version), body.grounds, act)
        service.keep_current()
        return summary(filed)

    @app.post("/appeals/{appeal}/assign", tags=["appeals"])
    def assign_appeal(
        appeal: str,
        body: models.AssignAppealBody,
        who: Annotated[Caller, Depends(may("assign_appeal"))],
    ) -> dict[str, Any]:
        """Assign the appeal to a reviewer who did not take the measure (R15)."""
        act = act_of(who, body)
        done = service.ledger.on_appeal(
            appeal_id(appeal), lambda a: a.assign(body.reviewer, act=act)
        )
        service.keep_current()
        return summary(done)

    @app.post("/appeals/{appeal}/evidence", tags=["appeals"])
    def add_appeal_evidence(
        appeal: str,
        body: models.AppealEvidenceBody,
        who: Annotated[Caller, Depends(may("add_appeal_evidence"))],
    ) -> dict[str, Any]:
        """Add evidence to an open appeal (R15)."""
        act = act_of(who, body)
        done = service.ledger.on_appeal(
            appeal_id(appeal), lambda a: a.add_evidence(body.reference, act=act)
        )
        service.keep_current()
        return summary(done)

    @app.post("/appeals/{appeal}/decide", tags=["appeals"])
    def decide_appeal(
        appeal: str,
        body: models.DecideAppealBody,
        who: Annotated[Caller, Depends(may("decide_appeal"))],
    ) -> dict[str, Any]:
        """Decide with reasons; overturned or varied reverses the measure (R15)."""
        act = act_of(who, body)
        expiry = body.until if isinstance(body.until, datetime) else None
        decided, reversal = service.ledger.decide_appeal(
            appeal_id(appeal), body.outcome, expiry, act
        )
        service.keep_current()
        return summary(decided) | {
            "reversal": None
            if reversal is None
            else {"events": list(reversal.events), "status": reversal.account.status},
        }

    @app.get("/accounts/{account_id}/inquiry", tags=["inquiries"])
    def inquire_account(
        account_id: str,
        who: Annotated[Caller, Depends(reader)],
        as_of: Annotated[str | None, Query(description="a date means its end; default now")] = None,
    ) -> dict[str, Any]:
        """The account's state, history and measures on a date (R13, R18)."""
        ident = _account_id(account_id)
        moment = parse_time(as_of, end_of_day=True) if as_of else service.clock()
        within = service.settings.rules.report_within
        ledger = service.ledger
        return service.read(lambda v: inquiry.of_account(ledger, v, ident, moment, within))

    @app.get("/subjects/{subject}/inquiry", tags=["inquiries"])
    def inquire_subject(
        subject: str,
        who: Annotated[Caller, Depends(reader)],
        as_of: Annotated[str | None, Query(description="a date means its end; default now")] = None,
    ) -> dict[str, Any]:
        """Every account a subject held, each seen over its holding (R9, R18)."""
        ref = _subject_ref(service.ledger, subject)
        moment = parse_time(as_of, end_of_day=True) if as_of else service.clock()
        within = service.settings.rules.report_within
        ledger = service.ledger
        return service.read(lambda v: inquiry.of_subject(ledger, v, ref, moment, within))

    @app.get("/appeals", tags=["appeals"])
    def list_appeals(
        who: Annotated[Caller, Depends(reader)],
        overdue: Annotated[bool, Query(description="only undecided appeals past deadline")] = False,
    ) -> dict[str, Any]:
        """Appeals and their feedback deadlines (R15)."""
        moment = service.clock() if overdue else None
        rows = service.read(lambda view: queries.appeals(view, overdue_at=moment))
        return {"appeals": rows, "count": len(rows)}

    @app.get("/appeals/{appeal}", tags=["appeals"])
    def show_appeal(appeal: str, who: Annotated[Caller, Depends(reader)]) -> dict[str, Any]:
        """The appeal's whole trail: filed, assigned, evidence, decided, reversal (R15, R18)."""
        ident = appeal_id(appeal)
        found = service.ledger.appeal(ident)
        trail = [event_record(e) for e in service.ledger.appeal_trail(ident)]
        return summary(found) | {"events": trail}

    # ------------------------------------------------------------ complaints (R15)

    @app.post("/accounts/{account_id}/complaints", status_code=201, tags=["complaints"])
    def file_complaint(
        account_id: str,
        body: models.FileComplaintBody,
        who: Annotated[Caller, Depends(may("file_complaint"))],
    ) -> dict[str, Any]:
        """Receive a complaint or report about an account; feedback falls due (R15, R17)."""
        act = act_of(who, body)
        reporter = body.reporter.to_identity() if body.reporter else None
        found = handling.file_complaint(
            service.ledger, _account_id(account_id), body.category, body.content, reporter, act
        )
        service.keep_current()
        return complaint_written("complaint file", found)

    @app.post("/complaints/{complaint}/screen", tags=["complaints"])
    def screen_complaint(
        complaint: str,
        body: models.ScreenComplaintBody,
        who: Annotated[Caller, Depends(may("screen_complaint"))],
    ) -> dict[str, Any]:
        """Accept, or reject with the act's reason as the rejection reason (R15)."""
        act = act_of(who, body)
        reason = None if body.accept else act.reason
        original = complaint_id(body.duplicate_of, "duplicate_of") if body.duplicate_of else None
        found = handling.screen(
            service.ledger, complaint_id(complaint), body.accept, reason, original, act
        )
        service.keep_current()
        return complaint_written("complaint screen", found)

    @app.post("/complaints/{complaint}/link", tags=["complaints"])
    def link_complaint(
        complaint: str,
        body: models.LinkComplaintBody,
        who: Annotated[Caller, Depends(may("link_complaint"))],
    ) -> dict[str, Any]:
        """Link an accepted complaint to a disposal record it led to (R15)."""
        act = act_of(who, body)
        found = handling.link(service.ledger, complaint_id(complaint), body.record, act)
        service.keep_current()
        return complaint_written("complaint link", found)

    @app.post("/complaints/{complaint}/answer", tags=["complaints"])
    def answer_complaint(
        complaint: str,
        body: models.AnswerComplaintBody,
        who: Annotated[Caller, Depends(may("answer_complaint"))],
    ) -> dict[str, Any]:
        """Give the reporter feedback on what came of the report (R15)."""
        act = act_of(who, body)
        found = handling.answer(service.ledger, complaint_id(complaint), body.feedback, act)
        service.keep_current()
        return complaint_written("complaint answer", found)

    @app.get("/complaints", tags=["complaints"])
    def list_complaints(
        who: Annotated[Caller, Depends(reader)],
        account: Annotated[str | None, Query(description="reported account id")] = None,
        overdue: Annotated[bool, Query(description="only unanswered past the limit")] = False,
    ) -> dict[str, Any]:
        """Complaints from the read model; `overdue` keeps those past the limit (R15)."""
        ident = str(_account_id(account)) if account else None
        now = service.clock()

        def query(view: ReadStore) -> list[dict[str, Any]]:
            if overdue:
                return complaint_register.overdue(view, now, ident)
            return complaint_register.listed(view, ident)

        rows = service.read(query)
        return {
            "complaints": rows,
            "count": len(rows),
            "overdue_at": now.isoformat() if overdue else None,
        }

    @app.get("/complaints/{complaint}", tags=["complaints"])
    def show_complaint(complaint: str, who: Annotated[Caller, Depends(reader)]) -> dict[str, Any]:
        """The complaint and its trail (R15, R18)."""
        ident = complaint_id(complaint)
        found = handling.complaint(service.ledger, ident)
        return {
            "complaint": handling.describe_complaint(found),
            "trail": [handling.trail_record(e) for e in handling.trail(service.ledger, ident)],
        }

    # -------------------------------------------------------------- operations

    @app.post("/sweep", tags=["operations"], summary="sweep (roles: system)")
    def sweep(
        who: Annotated[Caller, Depends(may("sweep"))], now: str | None = None
    ) -> dict[str, Any]:
        """Record every time-driven rule due at `now` (default: the clock) (R6, R8, R12)."""
        moment = parse_time(now) if now else service.clock()
        live = [UUID(a) for a in service.read(queries.live_accounts)]
        swept = service.ledger.sweep(live, moment)
        service.keep_current()
        return {
            "now": moment.isoformat(),
            "swept": [{"account_id": str(r.account.id), "events": list(r.events)} for r in swept],
        }

    @app.post(
        "/projections/catch-up", tags=["operations"], summary="project (roles: compliance, system)"
    )
    def project(who: Annotated[Caller, Depends(may("project"))]) -> dict[str, int]:
        """Bring the read models up to date (what `accountledger project` does once)."""
        projection = open_projection(service.ledger, service.settings)
        try:
            return {"processed": projection.catch_up()}
        finally:
            projection.view.close()

    @app.post(
        "/projections/rebuild", tags=["operations"], summary="rebuild (roles: compliance, system)"
    )
    def rebuild(who: Annotated[Caller, Depends(may("rebuild"))]) -> dict[str, int]:
        """Drop every read model and rebuild it from the first event."""
        projection = open_projection(service.ledger, service.settings)
        try:
            return {"processed": projection.rebuild()}
        finally:
            projection.view.close()

    from accountledger.adapters.http import console  # it imports this module, so here

    console.install(app, service)
    return app


def openapi_document() -> str:
    """The OpenAPI document as checked in at docs/openapi.json (sorted keys, indent 2)."""
    spec = create_app(Settings(store="memory:")).openapi()
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
