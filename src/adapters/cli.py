"""The `accountledger` command line: every account command, `show`, `history`, `demo`.

Each command validates its input at the edge (pydantic), asks the ledger, and prints
one line, a table, or with `--json` exactly one JSON object.
"""

import sys
from typing import Annotated, Any
from uuid import UUID

import typer

from accountledger.adapters import render
from accountledger.adapters.console import EXIT_INVALID, Call, Refusal, command, report
from accountledger.adapters.inputs import IdentityInput, RegisterInput, parse_time
from accountledger.application.ledger import Recorded
from accountledger.application.views import event_record, state
from accountledger.domain.account import Account
from accountledger.domain.errors import RuleViolation

app = typer.Typer(
    name="accountledger",
    help="System of record for account lifecycles under the 2021 and 2022 provisions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

AccountArg = Annotated[str, typer.Argument(help="account id", show_default=False)]
FieldOpt = Annotated[str, typer.Option("--field", help="name, avatar or introduction")]
QualFieldOpt = Annotated[str, typer.Option("--field", help="economy, education, health or justice")]


def account_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise ValueError(f"account: {text!r} is not an account id (rule: uuid)") from None


def recorded(command_name: str, result: Recorded) -> dict[str, Any]:
    return {
        "account_id": str(result.account.id),
        "command": command_name,
        "events": list(result.events),
        "records": result.records,
        "status": result.account.status,
        "version": result.account.version,
    }


def on_account(call: Call, command_name: str, account: str, decide: Any) -> dict[str, Any]:
    result = call.ledger.execute(account_id(account), decide)
    return recorded(command_name, result)


# ------------------------------------------------------------ registration


@command(app, "register", render.written)
def register(
    call: Call,
    name: Annotated[str, typer.Option("--name", help="account name")],
    identity_kind: Annotated[str, typer.Option("--identity-kind", help="mobile, id_card or uscc")],
    identity_number: Annotated[str, typer.Option("--identity-number", help="the number")],
    nature: Annotated[str, typer.Option("--nature", help="individual, enterprise, ...")],
    registration_place: Annotated[str, typer.Option("--registration-place")],
    operating_place: Annotated[str, typer.Option("--operating-place")],
    content_category: Annotated[str, typer.Option("--content-category")],
    main_business: Annotated[str, typer.Option("--main-business")] = "",
    contact: Annotated[str, typer.Option("--contact", help="contact phone or e-mail")] = "",
    avatar: Annotated[str, typer.Option("--avatar", help="avatar reference or its text")] = "",
    introduction: Annotated[str, typer.Option("--introduction")] = "",
) -> dict[str, Any]:
    """Register an account; it stays pending until identity is verified (R1-R4, R7)."""
    edge = RegisterInput(
        name=name,
        identity_kind=identity_kind,  # type: ignore[arg-type]
        identity_number=identity_number,
        nature=nature,  # type: ignore[arg-type]
        registration_place=registration_place,
        operating_place=operating_place,
        content_category=content_category,
        main_business=main_business,
        contact=contact,
        avatar=avatar,
        introduction=introduction,
    )
    act = call.act()
    new_id = call.ledger.register(edge.to_registration(), act)
    account = call.ledger.account(new_id)
    return {
        "account_id": str(new_id),
        "command": "register",
        "events": ["Registered"],
        "status": account.status,
        "version": account.version,
        "review_findings": account.review,
    }


@command(app, "verify-identity", render.written)
def verify_identity(
    call: Call,
    account: AccountArg,
    method: Annotated[str, typer.Option("--method")] = "composite",
) -> dict[str, Any]:
    """Real identity authenticated: the account becomes active (R1)."""
    act = call.act()
    return on_account(
        call, "verify-identity", account, lambda a: a.verify_identity(method, act=act)
    )


# ------------------------------------------------------------ profile (R3)


def _profile_command(field: str) -> None:
    @command(app, f"change-{field}", render.written, help=f"Change the {field}; reviewed (R3).")
    def change(
        call: Call,
        account: AccountArg,
        value: Annotated[str, typer.Option(f"--{field}", help=f"the new {field}")],
    ) -> dict[str, Any]:
        result = call.ledger.change_profile(account_id(account), field, value, call.act())
        return recorded(f"change-{field}", result)


for _field in ("name", "avatar", "introduction"):
    _profile_command(_field)


@command(app, "approve-profile-change", render.written)
def approve_profile_change(call: Call, account: AccountArg, field: FieldOpt) -> dict[str, Any]:
    """A reviewer approves a profile change that went to review (R3)."""
    act = call.act()
    return on_account(
        call, "approve-profile-change", account, lambda a: a.approve_profile_change(field, act=act)
    )


@command(app, "reject-profile-change", render.written)
def reject_profile_change(call: Call, account: AccountArg, field: FieldOpt) -> dict[str, Any]:
    """A reviewer rejects a profile change that went to review (R3)."""
    act = call.act()
    return on_account(
        call, "reject-profile-change", account, lambda a: a.reject_profile_change(field, act=act)
    )


# ------------------------------------------------------ qualifications (R5)


@command(app, "submit-qualification", render.written)
def submit_qualification(
    call: Call,
    account: AccountArg,
    field: QualFieldOpt,
    credential: Annotated[str, typer.Option("--credential", help="reference to the material")],
) -> dict[str, Any]:
    """Submit professional qualifications for a regulated field (R5)."""
    act = call.act()
    return on_account(
        call,
        "submit-qualification",
        account,
        lambda a: a.submit_qualification(field, credential, act=act),
    )


@command(app, "verify-qualification", render.written)
def verify_qualification(
    call: Call,
    account: AccountArg,
    field: QualFieldOpt,
    mark: Annotated[str, typer.Option("--mark", help="the special mark shown")] = "",
) -> dict[str, Any]:
    """Qualification passed: the account carries the special mark (R5)."""
    act = call.act()
    return on_account(
        call,
        "verify-qualification",
        account,
        lambda a: a.verify_qualification(field, mark, act=act),
    )


@command(app, "reject-qualification", render.written)
def reject_qualification(call: Call, account: AccountArg, field: QualFieldOpt) -> dict[str, Any]:
    """Qualification failed (R5)."""
    act = call.act()
    return on_account(
        call, "reject-qualification", account, lambda a: a.reject_qualification(field, act=act)
    )


# ------------------------------------------------------ rectification (R6)


@command(app, "order-rectification", render.written)
def order_rectification(
    call: Call,
    account: AccountArg,
    deadline: Annotated[str, typer.Option("--deadline", help="correct by (ISO 8601)")],
    fields: Annotated[list[str] | None, typer.Option("--field", help="field to correct")] = None,
) -> dict[str, Any]:
    """Order a correction within a time limit; service is suspended meanwhile (R6)."""
    act = call.act()
    until = parse_time(deadline)
    return on_account(
        call,
        "order-rectification",
        account,
        lambda a: a.order_rectification(until, list(fields or []), act=act),
    )


@command(app, "rectify", render.written)
def rectify(
    call: Call,
    account: AccountArg,
    name: Annotated[str | None, typer.Option("--name")] = None,
    avatar: Annotated[str | None, typer.Option("--avatar")] = None,
    introduction: Annotated[str | None, typer.Option("--introduction")] = None,
) -> dict[str, Any]:
    """The corrected information is reviewed and service restored (R3, R6)."""
    given = {"name": name, "avatar": avatar, "introduction": introduction}
    corrections = {k: v for k, v in given.items() if v is not None}
    result = call.ledger.rectify(account_id(account), corrections, call.act())
    return recorded("rectify", result)


@command(app, "miss-rectification-deadline", render.written)
def miss_rectification_deadline(call: Call, account: AccountArg) -> dict[str, Any]:
    """The deadline passed uncorrected: service terminates (R6)."""
    act = call.act()
    return on_account(
        call,
        "miss-rectification-deadline",
        account,
        lambda a: a.miss_rectification_deadline(act=act),
    )


# ------------------------------------------------------------ transfers (R9)


@command(app, "apply-transfer", render.written)
def apply_transfer(
    call: Call,
    account: AccountArg,
    identity_kind: Annotated[str, typer.Option("--transferee-kind", help="mobile, id_card, uscc")],
    identity_number: Annotated[str, typer.Option("--transferee-number")],
    contact: Annotated[str, typer.Option("--transferee-contact")] = "",
) -> dict[str, Any]:
    """The holder applies to transfer the account to another subject (R9)."""
    edge = IdentityInput(
        identity_kind=identity_kind,  # type: ignore[arg-type]
        identity_number=identity_number,
        contact=contact,
    )
    result = call.ledger.apply_transfer(account_id(account), edge.to_identity(), call.act())
    return recorded("apply-transfer", result)


@command(app, "verify-transferee", render.written)
def verify_transferee(call: Call, account: AccountArg) -> dict[str, Any]:
    """The transferee passes the checks of a new registrant (R9)."""
    return recorded(
        "verify-transferee", call.ledger.verify_transferee(account_id(account), call.act())
    )


@command(app, "find-unapproved-transfer", render.written)
def find_unapproved_transfer(
    call: Call,
    account: AccountArg,
    consequence: Annotated[str, typer.Option("--consequence", help="suspend or close")] = "suspend",
) -> dict[str, Any]:
    """An unapproved transfer was found: suspend, or suspend and close (R9)."""
    if consequence not in ("suspend", "close"):
        raise RuleViolation(
            "consequence must be suspend or close",
            rule="consequence",
            field="consequence",
            article="2021-11",
        )
    act = call.act()

    def decide(a: Account) -> None:
        a.find_unapproved_transfer(act=act)
        if consequence == "close":
            a.close(act=act)

    return on_account(call, "find-unapproved-transfer", account, decide)


# ------------------------------------------------------------ measures (R12)


@command(app, "restrict", render.written)
def restrict(
    call: Call,
    account: AccountArg,
    functions: Annotated[list[str], typer.Option("--function", help="function to restrict")],
    until: Annotated[str | None, typer.Option("--until", help="expiry (ISO 8601)")] = None,
) -> dict[str, Any]:
    """Restrict functions of the account, optionally until a time (R12)."""
    act = call.act()
    expiry = parse_time(until) if until else None
    rules = call.ledger.rules
    return on_account(
        call, "restrict", account, lambda a: a.restrict(list(functions), expiry, rules, act=act)
    )


@command(app, "lift-restriction", render.written)
def lift_restriction(
    call: Call,
    account: AccountArg,
    functions: Annotated[
        list[str] | None, typer.Option("--function", help="function to lift (default: all)")
    ] = None,
) -> dict[str, Any]:
    """Lift function restrictions."""
    act = call.act()
    return on_account(
        call,
        "lift-restriction",
        account,
        lambda a: a.lift_restriction(list(functions or []), act=act),
    )


@command(app, "suspend", render.written)
def suspend(
    call: Call,
    account: AccountArg,
    until: Annotated[str | None, typer.Option("--until", help="expiry (ISO 8601)")] = None,
) -> dict[str, Any]:
    """Suspend use of the account, optionally until a time (R12)."""
    act = call.act()
    expiry = parse_time(until) if until else None
    return on_account(call, "suspend", account, lambda a: a.suspend(expiry, act=act))


@command(app, "change-credit-tier", render.written)
def change_credit_tier(
    call: Call, account: AccountArg, tier: Annotated[str, typer.Option("--tier")]
) -> dict[str, Any]:
    """Change the credit tier (R11)."""
    act = call.act()
    rules = call.ledger.rules
    return on_account(
        call, "change-credit-tier", account, lambda a: a.change_credit_tier(tier, rules, act=act)
    )


@command(app, "record-activity", render.written)
def record_activity(
    call: Call,
    account: AccountArg,
    kind: Annotated[str, typer.Option("--kind", help="login, post or use")] = "login",
) -> dict[str, Any]:
    """Record a login or use (R8)."""
    act = call.act()
    return on_account(call, "record-activity", account, lambda a: a.record_activity(kind, act=act))


def _plain_command(verb: str, method: str, doc: str) -> None:
    @command(app, verb, render.written, help=doc)
    def plain(call: Call, account: AccountArg) -> dict[str, Any]:
        act = call.act()
        return on_account(call, verb, account, lambda a: getattr(a, method)(act=act))


for _verb, _doc in {
    "refuse-registration": "Refuse a registration: false or borrowed identity (R1).",
    "approve-transfer": "Approve a transfer: the subject changes, publicly (R9).",
    "reject-transfer": "Reject a transfer: everything stays as it was (R9).",
    "request-suspension": "The operator asks to suspend its own account (R10).",
    "request-termination": "The operator asks to terminate its own account (R10).",
    "warn": "Warning and reminder (R12).",
    "suspend-updates": "Suspend the updating of information (R12).",
    "resume-updates": "Resume the updating of information.",
    "cease-ads": "Cease the release of advertisements (R12).",
    "restore-ads": "Restore advertising.",
    "reinstate": "Reinstate a suspended account.",
    "close": "Close the account; its name is barred for ever (R4, R12).",
    "deregister": "Deregister the account; its name is barred for ever (R4, R12).",
    "blacklist": "Blacklist: the subject may not register again (R4, R12).",
}.items():
    _plain_command(_verb, _verb.replace("-", "_"), _doc)


# ------------------------------------------------------------------ queries


@command(app, "show", render.account, writes=False)
def show(
    call: Call,
    account: AccountArg,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="business time; a date means its end")
    ] = None,
) -> dict[str, Any]:
    """The account's state, replayed from its events up to a business time (R18)."""
    moment = parse_time(as_of, end_of_day=True) if as_of else None
    return state(call.ledger, account_id(account), moment)


@command(app, "history", render.history, writes=False)
def history(call: Call, account: AccountArg) -> dict[str, Any]:
    """Every event of the account: time, actor, action, reason, basis (R16, R18)."""
    ident = account_id(account)
    return {
        "account_id": str(ident),
        "events": [event_record(e) for e in call.ledger.history(ident)],
    }


def main() -> None:
    """Run the CLI; a usage mistake is one line too (JSON with --json), exit 2."""
    # These modules add their commands to `app` when imported.
    from accountledger.adapters import (  # noqa: F401
        cli_appeals,
        cli_complaints,
        cli_http,
        cli_integrity,
        cli_privacy,
        cli_projections,
        cli_registers,
        cli_time,
        demo,
    )

    try:
        code = app(standalone_mode=False)
    except typer.TyperException as mistake:
        text = str(mistake)
        message = mistake.format_message() if hasattr(mistake, "format_message") else text
        code = report(Refusal(f"{message} (rule: usage)", EXIT_INVALID), "--json" in sys.argv)
    except typer.Abort:
        code = 1
    sys.exit(code if isinstance(code, int) else 0)
