"""The account commands: one table, one endpoint each, from registration to blacklisting.

`ACCOUNT_COMMANDS` maps a command of `Account` to its body model and to how it runs
on the ledger (as cli.py runs it); `router` registers `POST /accounts` and then
`POST /accounts/{account_id}/{verb}` for every row, each behind the role check of its
command (R1-R12). `reverse_measure` is reached through appeals (appeals.py).
"""

import inspect
from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends

from accountledger.adapters.http import models
from accountledger.adapters.http.auth import Auth
from accountledger.adapters.http.ids import account_id_of
from accountledger.adapters.http.keys import Caller
from accountledger.adapters.http.service import Service
from accountledger.application.ledger import Ledger, Recorded
from accountledger.domain.account import Account
from accountledger.domain.act import Act
from accountledger.domain.authority import ROLES

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


def written(command: str, result: Recorded) -> models.Written:
    return models.Written(
        account_id=str(result.account.id),
        command=command,
        events=list(result.events),
        records=result.records,
        status=result.account.status,
        version=result.account.version,
    )


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


def router(service: Service, auth: Auth) -> APIRouter:
    """`POST /accounts` and one `POST /accounts/{account_id}/{verb}` per command."""
    routes = APIRouter()

    @routes.post("/accounts", status_code=201, response_model=models.Written, tags=["accounts"])
    def register(
        body: models.RegisterBody, who: Annotated[Caller, Depends(auth.may("register"))]
    ) -> models.Written:
        """Register an account; pending until identity is verified (R1-R4, R7)."""
        act = auth.act_of(who, body)
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
            who: Annotated[Caller, Depends(auth.may(command))],
        ) -> models.Written:
            given = body if body is not None else body_model.model_validate({})
            act = auth.act_of(who, given)
            result = run(service.ledger, account_id_of(account_id), given, act)
            service.keep_current()
            return written(verb, result)

        endpoint.__signature__ = _with_body(endpoint, body_model)  # type: ignore[attr-defined]
        endpoint.__name__ = command
        roles = ", ".join(sorted(r.value for r in ROLES[command]))
        routes.post(
            f"/accounts/{{account_id}}/{verb}",
            response_model=models.Written,
            tags=["account commands"],
            summary=f"{verb} (roles: {roles})",
        )(endpoint)

    for command, (body_model, run) in ACCOUNT_COMMANDS.items():
        add_command(command, body_model, run)
    return routes
