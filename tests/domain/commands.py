"""One plausible, well-formed call of every lifecycle command, for tables and properties.

`CALLS` calls the aggregate itself, for the domain's tests; `VALUES` builds the same
commands as values, for properties that run them through `Ledger.handle`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from accountledger.application.commands import (
    COMMANDS,
    AccountCommand,
    ApplyTransfer,
    ApproveCorrection,
    ApproveProfileChange,
    ApproveTransfer,
    Blacklist,
    CeaseAds,
    ChangeAvatar,
    ChangeContact,
    ChangeContentCategory,
    ChangeCreditTier,
    ChangeIntroduction,
    ChangeMainBusiness,
    ChangeName,
    ChangeOperatingPlace,
    Close,
    Deregister,
    ExpireQualification,
    FindUnapprovedTransfer,
    GrantReinstatement,
    LiftRestriction,
    MissRectificationDeadline,
    OrderRectification,
    RecordActivity,
    RecordIpAttribution,
    Rectify,
    RefuseRegistration,
    RefuseReinstatement,
    Reinstate,
    RejectCorrection,
    RejectProfileChange,
    RejectQualification,
    RejectTransfer,
    RequestReinstatement,
    RequestSuspension,
    RequestTermination,
    RestoreAds,
    Restrict,
    ResumeUpdates,
    SubmitCorrection,
    SubmitQualification,
    Suspend,
    SuspendUpdates,
    VerifyIdentity,
    VerifyQualification,
    VerifyTransferee,
    Warn,
    WithdrawQualification,
)
from accountledger.application.identity import Identity
from accountledger.domain.account import Account, SubjectRef
from accountledger.domain.act import Act, Role
from accountledger.domain.names import Finding, Outcome, Verdict
from accountledger.domain.reversal import TakenMeasure
from tests.domain.given import ACCEPT, GROUNDS, Clock, Step

R, M, OP, S, P = Role.REVIEWER, Role.MODERATOR, Role.OPERATOR, Role.SYSTEM, Role.PLATFORM
REVIEW = Verdict(
    Outcome.REVIEW, (Finding("state-words", Outcome.REVIEW, "2022-10", "contains 'China'"),)
)


def _change(field: str) -> Step:
    def step(a: Account, c: Clock) -> None:
        verdict = REVIEW if field == "name" else ACCEPT
        a.change_profile(field, f"{field} {c.now:%H%M%S%f}", verdict, act=c.act(OP))

    return step


def _miss_deadline(a: Account, c: Clock) -> None:
    c.now += timedelta(days=30)
    a.miss_rectification_deadline(act=c.act(S, reason="deadline passed", basis=("2022-15",)))


# The measure that brought an account into each status, as its history would say.
_TAKEN_BY = {
    "rectifying": "RectificationOrdered",
    "suspended": "Suspended",
    "closed": "Closed",
    "blacklisted": "Blacklisted",
    "deregistered": "Deregistered",
}


def _reverse(a: Account, c: Clock) -> None:
    kind = _TAKEN_BY.get(a.status, "Warned")
    before = "active" if kind != "Warned" else a.status
    taken = TakenMeasure(a.version, kind, before, a.status)
    act = c.act(Role.APPEAL_REVIEWER, reason="measure overturned on appeal", basis=("2021-20",))
    a.reverse_measure(taken, "appeal-1", "overturned", act=act)


def _detail(field: str) -> Step:
    def step(a: Account, c: Clock) -> None:
        if field == "contact":
            a.change_contact(f"contact {c.now:%H%M%S%f}", lambda v: f"v1:{v}", act=c.act(OP))
        else:
            a.change_detail(field, f"{field} {c.now:%H%M%S%f}", act=c.act(OP))

    return step


CALLS: dict[str, Step] = {
    "verify_identity": lambda a, c: a.verify_identity(act=c.act(R)),
    "refuse_registration": lambda a, c: a.refuse_registration(
        act=c.act(R, reason="borrowed identity", basis=("2021-8",))
    ),
    "change_name": _change("name"),
    "change_avatar": _change("avatar"),
    "change_introduction": _change("introduction"),
    "approve_profile_change": lambda a, c: a.approve_profile_change("name", act=c.act(R)),
    "reject_profile_change": lambda a, c: a.reject_profile_change("name", act=c.act(R)),
    "change_contact": _detail("contact"),
    "change_operating_place": _detail("operating_place"),
    "change_content_category": _detail("content_category"),
    "change_main_business": _detail("main_business"),
    "submit_qualification": lambda a, c: a.submit_qualification(
        "economy", "credential://cpa", act=c.act(OP)
    ),
    "verify_qualification": lambda a, c: a.verify_qualification("economy", "", act=c.act(R)),
    "reject_qualification": lambda a, c: a.reject_qualification("economy", act=c.act(R)),
    "withdraw_qualification": lambda a, c: a.withdraw_qualification(
        "economy", act=c.act(R, reason="licence revoked", basis=("2021-9",))
    ),
    "expire_qualification": lambda a, c: a.expire_qualification("economy", act=c.act(S)),
    "order_rectification": lambda a, c: a.order_rectification(
        c.now + timedelta(days=10), ["name"], act=c.act(R, **GROUNDS)
    ),
    "rectify": lambda a, c: a.rectify(
        {"name": f"Corrected {c.now:%H%M%S%f}"}, {"name": ACCEPT}, act=c.act(R)
    ),
    "miss_rectification_deadline": _miss_deadline,
    "submit_correction": lambda a, c: a.submit_correction(
        {"name": f"Submitted {c.now:%H%M%S%f}"}, {"name": ACCEPT}, act=c.act(OP)
    ),
    "approve_correction": lambda a, c: a.approve_correction({"name": ACCEPT}, act=c.act(R)),
    "reject_correction": lambda a, c: a.reject_correction(
        act=c.act(R, reason="still impersonates", basis=("2022-15",))
    ),
    "apply_transfer": lambda a, c: a.apply_transfer(
        SubjectRef("id_card", "s-bob", "v1:bob"), act=c.act(OP)
    ),
    "verify_transferee": lambda a, c: a.verify_transferee(act=c.act(R)),
    "approve_transfer": lambda a, c: a.approve_transfer(act=c.act(R)),
    "reject_transfer": lambda a, c: a.reject_transfer(act=c.act(R)),
    "find_unapproved_transfer": lambda a, c: a.find_unapproved_transfer(act=c.act(M, **GROUNDS)),
    "request_suspension": lambda a, c: a.request_suspension(act=c.act(OP)),
    "request_termination": lambda a, c: a.request_termination(act=c.act(OP)),
    "request_reinstatement": lambda a, c: a.request_reinstatement(
        "SuspensionRequested", act=c.act(OP)
    ),
    "grant_reinstatement": lambda a, c: a.grant_reinstatement(act=c.act(M)),
    "refuse_reinstatement": lambda a, c: a.refuse_reinstatement(
        act=c.act(M, reason="still under review", basis=("2021-11",))
    ),
    "warn": lambda a, c: a.warn(act=c.act(M, **GROUNDS)),
    "restrict": lambda a, c: a.restrict(
        ["comment"], c.now + timedelta(days=3), act=c.act(M, **GROUNDS)
    ),
    "lift_restriction": lambda a, c: a.lift_restriction([], act=c.act(M)),
    "suspend_updates": lambda a, c: a.suspend_updates(act=c.act(M, **GROUNDS)),
    "resume_updates": lambda a, c: a.resume_updates(act=c.act(M)),
    "cease_ads": lambda a, c: a.cease_ads(act=c.act(M, **GROUNDS)),
    "restore_ads": lambda a, c: a.restore_ads(act=c.act(M)),
    "suspend": lambda a, c: a.suspend(None, act=c.act(M, **GROUNDS)),
    "reinstate": lambda a, c: a.reinstate(act=c.act(M)),
    "close": lambda a, c: a.close(act=c.act(M, **GROUNDS)),
    "deregister": lambda a, c: a.deregister(act=c.act(M, **GROUNDS)),
    "blacklist": lambda a, c: a.blacklist(act=c.act(M, **GROUNDS)),
    "change_credit_tier": lambda a, c: a.change_credit_tier(
        "D" if a.credit_tier != "D" else "C", act=c.act(S)
    ),
    "record_activity": lambda a, c: a.record_activity("login", act=c.act(OP)),
    "record_ip_attribution": lambda a, c: a.record_ip_attribution(
        "北京" if a.ip_attribution else "广东", act=c.act(P)
    ),
    "reverse_measure": _reverse,
}

Value = Callable[[Account, Clock], tuple[AccountCommand, Act]]
# A valid resident ID card number of a transferee no registration in these tests uses.
TRANSFEREE = Identity("id_card", "110101199003070994", "13900139000")


def _change_value(
    command: type[ChangeName | ChangeAvatar | ChangeIntroduction], text: str
) -> Value:
    def value(a: Account, c: Clock) -> tuple[AccountCommand, Act]:
        return command(account_id=a.id, value=f"{text} {c.now:%H%M%S%f}"), c.act(OP)

    return value


def _detail_value(field: str) -> Value:
    commands: dict[str, Callable[..., AccountCommand]] = {
        "contact": ChangeContact,
        "operating_place": ChangeOperatingPlace,
        "content_category": ChangeContentCategory,
        "main_business": ChangeMainBusiness,
    }

    def value(a: Account, c: Clock) -> tuple[AccountCommand, Act]:
        return commands[field](account_id=a.id, **{field: f"{field} {c.now:%H%M%S%f}"}), c.act(OP)

    return value


def _miss_deadline_value(a: Account, c: Clock) -> tuple[AccountCommand, Act]:
    c.now += timedelta(days=30)
    act = c.act(S, reason="deadline passed", basis=("2022-15",))
    return MissRectificationDeadline(account_id=a.id), act


# Every command of `CALLS` but the reversal, which only an appeal's decision takes.
VALUES: dict[str, Value] = {
    "verify_identity": lambda a, c: (VerifyIdentity(account_id=a.id), c.act(R)),
    "refuse_registration": lambda a, c: (
        RefuseRegistration(account_id=a.id),
        c.act(R, reason="borrowed identity", basis=("2021-8",)),
    ),
    # 'China' sends the name to review, as the verdict in `CALLS` does.
    "change_name": _change_value(ChangeName, "China name"),
    "change_avatar": _change_value(ChangeAvatar, "avatar"),
    "change_introduction": _change_value(ChangeIntroduction, "introduction"),
    "approve_profile_change": lambda a, c: (
        ApproveProfileChange(account_id=a.id, field="name"),
        c.act(R),
    ),
    "reject_profile_change": lambda a, c: (
        RejectProfileChange(account_id=a.id, field="name"),
        c.act(R),
    ),
    "change_contact": _detail_value("contact"),
    "change_operating_place": _detail_value("operating_place"),
    "change_content_category": _detail_value("content_category"),
    "change_main_business": _detail_value("main_business"),
    "submit_qualification": lambda a, c: (
        SubmitQualification(account_id=a.id, field="economy", credential="credential://cpa"),
        c.act(OP),
    ),
    "verify_qualification": lambda a, c: (
        VerifyQualification(account_id=a.id, field="economy"),
        c.act(R),
    ),
    "reject_qualification": lambda a, c: (
        RejectQualification(account_id=a.id, field="economy"),
        c.act(R),
    ),
    "withdraw_qualification": lambda a, c: (
        WithdrawQualification(account_id=a.id, field="economy"),
        c.act(R, reason="licence revoked", basis=("2021-9",)),
    ),
    "expire_qualification": lambda a, c: (
        ExpireQualification(account_id=a.id, field="economy"),
        c.act(S),
    ),
    "order_rectification": lambda a, c: (
        OrderRectification(account_id=a.id, deadline=c.now + timedelta(days=10), fields=("name",)),
        c.act(R, **GROUNDS),
    ),
    "rectify": lambda a, c: (
        Rectify(account_id=a.id, name=f"Corrected {c.now:%H%M%S%f}"),
        c.act(R),
    ),
    "miss_rectification_deadline": _miss_deadline_value,
    "submit_correction": lambda a, c: (
        SubmitCorrection(account_id=a.id, name=f"Submitted {c.now:%H%M%S%f}"),
        c.act(OP),
    ),
    "approve_correction": lambda a, c: (ApproveCorrection(account_id=a.id), c.act(R)),
    "reject_correction": lambda a, c: (
        RejectCorrection(account_id=a.id),
        c.act(R, reason="still impersonates", basis=("2022-15",)),
    ),
    "apply_transfer": lambda a, c: (
        ApplyTransfer(account_id=a.id, transferee=TRANSFEREE),
        c.act(OP),
    ),
    "verify_transferee": lambda a, c: (VerifyTransferee(account_id=a.id), c.act(R)),
    "approve_transfer": lambda a, c: (ApproveTransfer(account_id=a.id), c.act(R)),
    "reject_transfer": lambda a, c: (RejectTransfer(account_id=a.id), c.act(R)),
    "find_unapproved_transfer": lambda a, c: (
        FindUnapprovedTransfer(account_id=a.id),
        c.act(M, **GROUNDS),
    ),
    "request_suspension": lambda a, c: (RequestSuspension(account_id=a.id), c.act(OP)),
    "request_termination": lambda a, c: (RequestTermination(account_id=a.id), c.act(OP)),
    "request_reinstatement": lambda a, c: (RequestReinstatement(account_id=a.id), c.act(OP)),
    "grant_reinstatement": lambda a, c: (GrantReinstatement(account_id=a.id), c.act(M)),
    "refuse_reinstatement": lambda a, c: (
        RefuseReinstatement(account_id=a.id),
        c.act(M, reason="still under review", basis=("2021-11",)),
    ),
    "warn": lambda a, c: (Warn(account_id=a.id), c.act(M, **GROUNDS)),
    "restrict": lambda a, c: (
        Restrict(account_id=a.id, functions=("comment",), until=c.now + timedelta(days=3)),
        c.act(M, **GROUNDS),
    ),
    "lift_restriction": lambda a, c: (LiftRestriction(account_id=a.id), c.act(M)),
    "suspend_updates": lambda a, c: (SuspendUpdates(account_id=a.id), c.act(M, **GROUNDS)),
    "resume_updates": lambda a, c: (ResumeUpdates(account_id=a.id), c.act(M)),
    "cease_ads": lambda a, c: (CeaseAds(account_id=a.id), c.act(M, **GROUNDS)),
    "restore_ads": lambda a, c: (RestoreAds(account_id=a.id), c.act(M)),
    "suspend": lambda a, c: (Suspend(account_id=a.id), c.act(M, **GROUNDS)),
    "reinstate": lambda a, c: (Reinstate(account_id=a.id), c.act(M)),
    "close": lambda a, c: (Close(account_id=a.id), c.act(M, **GROUNDS)),
    "deregister": lambda a, c: (Deregister(account_id=a.id), c.act(M, **GROUNDS)),
    "blacklist": lambda a, c: (Blacklist(account_id=a.id), c.act(M, **GROUNDS)),
    "change_credit_tier": lambda a, c: (
        ChangeCreditTier(account_id=a.id, tier="D" if a.credit_tier != "D" else "C"),
        c.act(S),
    ),
    "record_activity": lambda a, c: (RecordActivity(account_id=a.id, kind="login"), c.act(OP)),
    "record_ip_attribution": lambda a, c: (
        RecordIpAttribution(account_id=a.id, place="北京" if a.ip_attribution else "广东"),
        c.act(P),
    ),
}
assert set(VALUES) == set(CALLS) - {"reverse_measure"} == set(COMMANDS) - {"register"}

# How to bring a freshly registered account into each state.
PATHS: dict[str, tuple[str, ...]] = {
    "pending": (),
    "active": ("verify_identity",),
    "rectifying": ("verify_identity", "order_rectification"),
    "suspended": ("verify_identity", "suspend"),
    "closed": ("verify_identity", "close"),
    "blacklisted": ("verify_identity", "blacklist"),
    "refused": ("refuse_registration",),
    "deregistered": ("verify_identity", "deregister"),
    "terminated": ("verify_identity", "request_termination"),
}
