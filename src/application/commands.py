"""Every command on an account as a value: its fields are the inputs, its docstring the help.

`Ledger.handle(command, act)` runs a command once, whatever edge built it. The CLI's
options, the HTTP routes and bodies (and so the OpenAPI document) are generated from
`COMMANDS`; a field's metadata keeps the flag and body key the edges have always used,
because those names are contracts. `decide` is the whole use case on the account: it
asks the ledger's `Desk` for what crosses accounts (name review, sealing, holdings)
and lets the aggregate decide.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from datetime import datetime
from typing import Any, ClassVar, Literal, Protocol
from uuid import UUID

from accountledger.application.identity import Identity, Registration
from accountledger.domain.account import Account, SubjectRef
from accountledger.domain.act import Act
from accountledger.domain.authorisations import Authorisation
from accountledger.domain.corrections import waiting_values
from accountledger.domain.details import check_registration_details
from accountledger.domain.identity_rules import check_identity
from accountledger.domain.names import Verdict
from accountledger.domain.reinstatement import suspension_cause
from accountledger.domain.rules import LedgerRules
from accountledger.domain.text import check_text

Nature = Literal[
    "individual",
    "enterprise",
    "public_institution",
    "government_organ",
    "social_organisation",
    "other_organisation",
]


class Desk(Protocol):
    """What a decision may ask of the ledger beyond the account itself."""

    rules: LedgerRules
    clock: Callable[[], datetime]

    def reviews(
        self, values: dict[str, str], licences: frozenset[str] = frozenset()
    ) -> dict[str, Verdict]: ...

    def authorised(self, licence: Authorisation | None) -> frozenset[str]: ...

    def check_name_free(self, name: str, account_id: UUID) -> None: ...

    def seal(self, identity: Identity) -> SubjectRef: ...

    def check_may_hold(self, subject_ref: str) -> None: ...

    def check_not_blacklisted(self, subject_ref: str) -> None: ...

    def binding(self, account: Account, at: datetime) -> list[str]: ...

    def seal_contact(self, subject_ref: str, contact: str) -> str: ...

    def history(self, account_id: UUID) -> list[Any]: ...


def given(
    help: str,
    default: Any = MISSING,
    *,
    flag: str | None = None,
    flags: Mapping[str, str] | None = None,
    nested: bool = True,
    min_length: int | None = None,
    max_length: int | None = None,
    one_line: bool = False,
) -> Any:
    """A command field with what the edges need to offer it.

    `flag` is the CLI option (default `--field-name`), `flags` the options of an
    identity's parts; `nested` says whether HTTP takes an identity as an object under
    the field's name or flat in the body; `one_line`, that the text may hold no line
    break or tab either (a name: `domain/text.check_text`).
    """
    metadata = {
        "help": help,
        "flag": flag,
        "flags": dict(flags or {}),
        "nested": nested,
        "min_length": min_length,
        "max_length": max_length,
        "one_line": one_line,
    }
    if isinstance(default, dict):
        return field(default_factory=dict, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True, kw_only=True)
class Command:
    """A command; `command` is the lifecycle's and the role table's name for it."""

    command: ClassVar[str]

    @classmethod
    def verb(cls) -> str:
        """The CLI verb and the last part of the HTTP path: `warn`, `apply-transfer`."""
        return cls.command.replace("_", "-")


@dataclass(frozen=True, kw_only=True)
class AccountCommand(Command):
    """A command on one existing account."""

    account_id: UUID

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        """Let the account decide: the use case of this command."""
        raise NotImplementedError


# ---------------------------------------------------------------- registration

# Evidence for an authorised name: one licence or authorisation, its parts as flags
# on the CLI and an object under `licence` in an HTTP body (2022 Art 11).
_LICENCE = (
    "the licence or authorisation a protected, organ or news name is used under "
    "(kind: organ, news, trademark, brand or international); it sends the name to review"
)
_LICENCE_FLAGS = {
    "kind": "--licence-kind",
    "number": "--licence-number",
    "issuer": "--licence-issuer",
    "valid_until": "--licence-valid-until",
}


@dataclass(frozen=True, kw_only=True)
class Register(Command):
    """Register an account; it stays pending until identity is verified (R1-R4, R7)."""

    command: ClassVar[str] = "register"
    name: str = given("account name", flag="--name", min_length=1, max_length=60, one_line=True)
    identity: Identity = given(
        "the registrant's real identity",
        nested=False,
        flags={
            "identity_kind": "--identity-kind",
            "identity_number": "--identity-number",
            "contact": "--contact",
            "mobile": "--mobile",
            "representative_kind": "--representative-kind",
            "representative_number": "--representative-number",
        },
    )
    nature: Nature = given("individual, enterprise, ...")
    registration_place: str = given("where the subject is registered", min_length=1)
    operating_place: str = given("where the account is operated", min_length=1)
    content_category: str = given("what the account publishes", min_length=1)
    main_business: str = given("an organisation's main business or scope", "")
    avatar: str = given("avatar reference or its text", "", max_length=500)
    introduction: str = given("introduction", "", max_length=500)
    licence: Authorisation | None = given(_LICENCE, None, flags=_LICENCE_FLAGS)

    def __post_init__(self) -> None:
        # The domain's rules, asked as soon as the value exists: refused at the edge.
        check_registration_details(self.registration().details)
        check_identity(self.nature, self.identity.presented())

    def registration(self) -> Registration:
        details = {
            "nature": self.nature,
            "registration_place": self.registration_place,
            "operating_place": self.operating_place,
            "content_category": self.content_category,
        }
        if self.main_business:
            details["main_business"] = self.main_business
        return Registration(
            name=self.name,
            identity=self.identity,
            avatar=self.avatar,
            introduction=self.introduction,
            details=details,
            authorisation=self.licence,
        )


@dataclass(frozen=True, kw_only=True)
class VerifyIdentity(AccountCommand):
    """Real identity authenticated: the account becomes active (R1). An account registered
    in a regulated content category needs that field's qualification verified first
    (R5, rule `qualification-required`); never for a blacklisted subject (R4), whose
    pending registrations a reviewer refuses."""

    command: ClassVar[str] = "verify_identity"
    method: str = given("how the identity was authenticated", "composite")

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        desk.check_not_blacklisted(account.subject_ref)
        account.verify_identity(self.method, desk.rules, act=act, now=desk.clock())


@dataclass(frozen=True, kw_only=True)
class RefuseRegistration(AccountCommand):
    """Refuse a registration: false or borrowed identity (R1)."""

    command: ClassVar[str] = "refuse_registration"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.refuse_registration(act=act)


# -------------------------------------------------------------------- profile (R3)


@dataclass(frozen=True, kw_only=True)
class _ChangeProfile(AccountCommand):
    field_name: ClassVar[str]
    value: str

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        verdict = desk.reviews({self.field_name: self.value})[self.field_name]
        if self.field_name == "name":
            desk.check_name_free(self.value, self.account_id)
        account.change_profile(self.field_name, self.value, verdict, act=act)


@dataclass(frozen=True, kw_only=True)
class ChangeName(_ChangeProfile):
    """Change the name; reviewed like a registration (R3, R4).

    A name used under a licence or authorisation (an organ's, a news outlet's, a brand's)
    carries it as evidence; the name then goes to review, not refusal (2022 Art 11).
    """

    command: ClassVar[str] = "change_name"
    field_name: ClassVar[str] = "name"
    value: str = given("the new name; reviewed (R3)", flag="--name", one_line=True)
    licence: Authorisation | None = given(_LICENCE, None, flags=_LICENCE_FLAGS)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        licences = desk.authorised(self.licence)
        verdict = desk.reviews({"name": self.value}, licences)["name"]
        desk.check_name_free(self.value, self.account_id)
        evidence = self.licence.as_record() if self.licence else None
        account.change_profile("name", self.value, verdict, act=act, authorisation=evidence)


@dataclass(frozen=True, kw_only=True)
class ChangeAvatar(_ChangeProfile):
    """Change the avatar; reviewed (R3)."""

    command: ClassVar[str] = "change_avatar"
    field_name: ClassVar[str] = "avatar"
    value: str = given("the new avatar; reviewed (R3)", flag="--avatar")


@dataclass(frozen=True, kw_only=True)
class ChangeIntroduction(_ChangeProfile):
    """Change the introduction; reviewed (R3)."""

    command: ClassVar[str] = "change_introduction"
    field_name: ClassVar[str] = "introduction"
    value: str = given("the new introduction; reviewed (R3)", flag="--introduction")


_REVIEWED = (
    "name, avatar or introduction; or a registration detail: contact, operating_place, "
    "content_category or main_business"
)


@dataclass(frozen=True, kw_only=True)
class ApproveProfileChange(AccountCommand):
    """A reviewer approves a profile change that went to review (R3), or a change of a
    registration detail, which always does (R2; 2021 Art 15, 2022 Art 10)."""

    command: ClassVar[str] = "approve_profile_change"
    field: str = given(_REVIEWED)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.approve_profile_change(self.field, act=act, now=desk.clock())


@dataclass(frozen=True, kw_only=True)
class RejectProfileChange(AccountCommand):
    """A reviewer rejects a profile change that went to review (R3), or a change of a
    registration detail (R2)."""

    command: ClassVar[str] = "reject_profile_change"
    field: str = given(_REVIEWED)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.reject_profile_change(self.field, act=act)


# ------------------------------------------------------- registration details (R2)


@dataclass(frozen=True, kw_only=True)
class ChangeContact(AccountCommand):
    """Change the contact (R2; 2021 Art 15). Sealed under the holder's key like the
    identity's contact, never stored in clear (R17); a reviewer approves it with
    `approve-profile-change --field contact`."""

    command: ClassVar[str] = "change_contact"
    contact: str = given("the new contact; sealed (R17)", min_length=1, max_length=100)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        ref = account.subject_ref
        seal = lambda c: desk.seal_contact(ref, c)  # noqa: E731  (sealed once allowed)
        account.change_contact(self.contact, seal, desk.rules, act=act)


@dataclass(frozen=True, kw_only=True)
class _ChangeDetail(AccountCommand):
    detail: ClassVar[str]

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.change_detail(self.detail, getattr(self, self.detail), desk.rules, act=act)


@dataclass(frozen=True, kw_only=True)
class ChangeOperatingPlace(_ChangeDetail):
    """Change the operating place; a reviewer approves it (R2, R3; 2021 Art 15)."""

    command: ClassVar[str] = "change_operating_place"
    detail: ClassVar[str] = "operating_place"
    operating_place: str = given("where the account is operated; reviewed", min_length=1)


@dataclass(frozen=True, kw_only=True)
class ChangeContentCategory(_ChangeDetail):
    """Change the content category; a reviewer approves it (R2, R3; 2021 Art 15). A
    category in economy, education, health or justice also needs a qualification (R5)."""

    command: ClassVar[str] = "change_content_category"
    detail: ClassVar[str] = "content_category"
    content_category: str = given("what the account publishes; reviewed", min_length=1)


@dataclass(frozen=True, kw_only=True)
class ChangeMainBusiness(_ChangeDetail):
    """Change an organisation's main business or scope; a reviewer approves it (R2, R3)."""

    command: ClassVar[str] = "change_main_business"
    detail: ClassVar[str] = "main_business"
    main_business: str = given("the main business or scope; reviewed", min_length=1)


# ------------------------------------------------------------- qualifications (R5)

_QUALIFIED = "economy, education, health or justice"


@dataclass(frozen=True, kw_only=True)
class SubmitQualification(AccountCommand):
    """Submit professional qualifications for a regulated field (R5)."""

    command: ClassVar[str] = "submit_qualification"
    field: str = given(_QUALIFIED)
    credential: str = given("reference to the material")

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.submit_qualification(self.field, self.credential, act=act)


@dataclass(frozen=True, kw_only=True)
class VerifyQualification(AccountCommand):
    """Qualification passed: the account carries the special mark (R5), until `expires`
    if given (the sweep records its expiry); an account suspended because this mark
    lapsed returns to service."""

    command: ClassVar[str] = "verify_qualification"
    field: str = given(_QUALIFIED)
    mark: str = given("the special mark shown", "")
    expires: datetime | None = given("the mark's expiry (ISO 8601)", None)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.verify_qualification(self.field, self.mark, self.expires, desk.rules, act=act)


@dataclass(frozen=True, kw_only=True)
class RejectQualification(AccountCommand):
    """Qualification failed (R5)."""

    command: ClassVar[str] = "reject_qualification"
    field: str = given(_QUALIFIED)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.reject_qualification(self.field, act=act)


@dataclass(frozen=True, kw_only=True)
class WithdrawQualification(AccountCommand):
    """Withdraw a verified mark on dynamic verification, with reason and basis (R5; 2021
    Art 9 ¶3): an active account registered in that field is suspended pending a new
    verification."""

    command: ClassVar[str] = "withdraw_qualification"
    field: str = given(_QUALIFIED)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.withdraw_qualification(self.field, desk.rules, act=act)


@dataclass(frozen=True, kw_only=True)
class ExpireQualification(AccountCommand):
    """A mark's expiry has passed (the sweep records it): as for a withdrawal (R5)."""

    command: ClassVar[str] = "expire_qualification"
    field: str = given(_QUALIFIED)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.expire_qualification(self.field, desk.rules, act=act)


# -------------------------------------------------------------- rectification (R6)


@dataclass(frozen=True, kw_only=True)
class OrderRectification(AccountCommand):
    """Order a correction within a time limit; service is suspended meanwhile (R6)."""

    command: ClassVar[str] = "order_rectification"
    deadline: datetime = given("correct by (ISO 8601)")
    fields: tuple[str, ...] = given("a field to correct", (), flag="--field")

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.order_rectification(self.deadline, list(self.fields), act=act)


@dataclass(frozen=True, kw_only=True)
class _Corrected(AccountCommand):
    """Corrected profile values, as a reviewer enters them or an operator submits them."""

    name: str | None = given("the corrected name", None, flag="--name", one_line=True)
    avatar: str | None = given("the corrected avatar", None)
    introduction: str | None = given("the corrected introduction", None)

    def corrections(self) -> dict[str, str]:
        given_values = {
            "name": self.name,
            "avatar": self.avatar,
            "introduction": self.introduction,
        }
        return {k: v for k, v in given_values.items() if v is not None}


def _reviewed(values: dict[str, str], account_id: UUID, desk: Desk) -> dict[str, Verdict]:
    """The name policy's verdicts on corrected values, the name also checked free (R3, R4)."""
    verdicts = desk.reviews(values)
    if "name" in values:
        desk.check_name_free(values["name"], account_id)
    return verdicts


@dataclass(frozen=True, kw_only=True)
class Rectify(_Corrected):
    """The corrected information is reviewed and service restored (R3, R6)."""

    command: ClassVar[str] = "rectify"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        corrections = self.corrections()
        verdicts = _reviewed(corrections, self.account_id, desk)
        account.rectify(corrections, verdicts, desk.rules, act=act)


@dataclass(frozen=True, kw_only=True)
class SubmitCorrection(_Corrected):
    """The operator submits its corrected values during rectification; they are reviewed
    by the name policy and wait for a reviewer (R3, R6; 2021 Art 8, 2022 Art 15)."""

    command: ClassVar[str] = "submit_correction"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        values = self.corrections()
        account.submit_correction(values, _reviewed(values, self.account_id, desk), act=act)


@dataclass(frozen=True, kw_only=True)
class ApproveCorrection(AccountCommand):
    """A reviewer approves the operator's correction, reviewed again: rectified, service
    restored (R3, R6)."""

    command: ClassVar[str] = "approve_correction"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        values = waiting_values(account.rectification)
        verdicts = _reviewed(values, self.account_id, desk)
        account.approve_correction(verdicts, desk.rules, act=act)


@dataclass(frozen=True, kw_only=True)
class RejectCorrection(AccountCommand):
    """A reviewer rejects the operator's correction, with reasons; the order stays open
    until its deadline (R6)."""

    command: ClassVar[str] = "reject_correction"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.reject_correction(act=act)


@dataclass(frozen=True, kw_only=True)
class MissRectificationDeadline(AccountCommand):
    """The deadline passed uncorrected: service terminates (R6)."""

    command: ClassVar[str] = "miss_rectification_deadline"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.miss_rectification_deadline(act=act)


# ------------------------------------------------------------------ transfers (R9)


@dataclass(frozen=True, kw_only=True)
class ApplyTransfer(AccountCommand):
    """The holder applies to transfer the account to another subject (R9)."""

    command: ClassVar[str] = "apply_transfer"
    transferee: Identity = given(
        "the transferee's real identity",
        flags={
            "identity_kind": "--transferee-kind",
            "identity_number": "--transferee-number",
            "contact": "--transferee-contact",
        },
    )

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.apply_transfer(desk.seal(self.transferee), act=act)


@dataclass(frozen=True, kw_only=True)
class VerifyTransferee(AccountCommand):
    """The transferee passes the checks of a new registrant (R9, with R4, R5, R7).

    An account that carries a special mark needs the transferee's credential for that
    field (`--credential FIELD=REFERENCE`, repeatable; 2021 Art 9, 11).
    """

    command: ClassVar[str] = "verify_transferee"
    credentials: dict[str, str] = given(
        "the transferee's qualification per field, FIELD=REFERENCE", {}, flag="--credential"
    )

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        if account.transfer is not None:
            desk.check_may_hold(account.transfer["ref"])
        account.verify_transferee(dict(self.credentials), act=act)


@dataclass(frozen=True, kw_only=True)
class ApproveTransfer(AccountCommand):
    """Approve a transfer: the subject changes, publicly (R9)."""

    command: ClassVar[str] = "approve_transfer"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.approve_transfer(act=act)


@dataclass(frozen=True, kw_only=True)
class RejectTransfer(AccountCommand):
    """Reject a transfer: everything stays as it was (R9)."""

    command: ClassVar[str] = "reject_transfer"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.reject_transfer(act=act)


@dataclass(frozen=True, kw_only=True)
class FindUnapprovedTransfer(AccountCommand):
    """An unapproved transfer was found: suspend, or suspend and close (R9)."""

    command: ClassVar[str] = "find_unapproved_transfer"
    consequence: Literal["suspend", "close"] = given("suspend or close", "suspend")

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.find_unapproved_transfer(act=act)
        if self.consequence == "close":
            account.close(act=act)


# --------------------------------------------------------------- own requests (R10)


@dataclass(frozen=True, kw_only=True)
class RequestSuspension(AccountCommand):
    """The operator asks to suspend its own account (R10)."""

    command: ClassVar[str] = "request_suspension"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.request_suspension(act=act)


@dataclass(frozen=True, kw_only=True)
class RequestReinstatement(AccountCommand):
    """The operator asks to end the suspension it asked for; a moderator decides (R10;
    2021 Art 11). A suspension that is the platform's measure ends when lifted, when
    it expires or on appeal, not on request."""

    command: ClassVar[str] = "request_reinstatement"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        cause = suspension_cause(desk.history(account.id))
        account.request_reinstatement(cause, act=act)


@dataclass(frozen=True, kw_only=True)
class GrantReinstatement(AccountCommand):
    """A moderator grants the operator's request to end its suspension (R10)."""

    command: ClassVar[str] = "grant_reinstatement"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.grant_reinstatement(act=act)


@dataclass(frozen=True, kw_only=True)
class RefuseReinstatement(AccountCommand):
    """A moderator refuses the operator's request to end its suspension, with reasons."""

    command: ClassVar[str] = "refuse_reinstatement"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.refuse_reinstatement(act=act)


@dataclass(frozen=True, kw_only=True)
class RequestTermination(AccountCommand):
    """The operator asks to terminate its own account (R10)."""

    command: ClassVar[str] = "request_termination"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        held_for = desk.binding(account, act.occurred_at)
        account.request_termination(held_for, desk.rules, act=act)


# ---------------------------------------------------------- disposal measures (R12)


@dataclass(frozen=True, kw_only=True)
class Warn(AccountCommand):
    """Warning and reminder (R12)."""

    command: ClassVar[str] = "warn"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.warn(act=act)


@dataclass(frozen=True, kw_only=True)
class Restrict(AccountCommand):
    """Restrict functions of the account, optionally until a time (R12)."""

    command: ClassVar[str] = "restrict"
    functions: tuple[str, ...] = given("a function to restrict", flag="--function", min_length=1)
    until: datetime | None = given("expiry (ISO 8601)", None)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.restrict(list(self.functions), self.until, desk.rules, act=act)


@dataclass(frozen=True, kw_only=True)
class LiftRestriction(AccountCommand):
    """Lift function restrictions."""

    command: ClassVar[str] = "lift_restriction"
    functions: tuple[str, ...] = given("a function to lift (default: all)", (), flag="--function")

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.lift_restriction(list(self.functions), act=act)


@dataclass(frozen=True, kw_only=True)
class SuspendUpdates(AccountCommand):
    """Suspend the updating of information (R12)."""

    command: ClassVar[str] = "suspend_updates"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.suspend_updates(act=act)


@dataclass(frozen=True, kw_only=True)
class ResumeUpdates(AccountCommand):
    """Resume the updating of information."""

    command: ClassVar[str] = "resume_updates"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.resume_updates(act=act)


@dataclass(frozen=True, kw_only=True)
class CeaseAds(AccountCommand):
    """Cease the release of advertisements (R12)."""

    command: ClassVar[str] = "cease_ads"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.cease_ads(act=act)


@dataclass(frozen=True, kw_only=True)
class RestoreAds(AccountCommand):
    """Restore advertising."""

    command: ClassVar[str] = "restore_ads"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.restore_ads(act=act)


@dataclass(frozen=True, kw_only=True)
class Suspend(AccountCommand):
    """Suspend use of the account, optionally until a time (R12)."""

    command: ClassVar[str] = "suspend"
    until: datetime | None = given("expiry (ISO 8601)", None)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.suspend(self.until, act=act)


@dataclass(frozen=True, kw_only=True)
class Reinstate(AccountCommand):
    """Reinstate a suspended account."""

    command: ClassVar[str] = "reinstate"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.reinstate(desk.rules, act=act)


@dataclass(frozen=True, kw_only=True)
class Close(AccountCommand):
    """Close the account; its name is barred for ever (R4, R12)."""

    command: ClassVar[str] = "close"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.close(act=act)


@dataclass(frozen=True, kw_only=True)
class Deregister(AccountCommand):
    """Deregister the account; its name is barred for ever (R4, R12)."""

    command: ClassVar[str] = "deregister"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.deregister(act=act)


@dataclass(frozen=True, kw_only=True)
class Blacklist(AccountCommand):
    """Blacklist: the subject may not register again (R4, R12)."""

    command: ClassVar[str] = "blacklist"

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.blacklist(act=act)


# ------------------------------------------------------- credit and activity (R8, R11)


@dataclass(frozen=True, kw_only=True)
class ChangeCreditTier(AccountCommand):
    """Change the credit tier (R11)."""

    command: ClassVar[str] = "change_credit_tier"
    tier: str = given("the new tier")

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.change_credit_tier(self.tier, desk.rules, act=act)


@dataclass(frozen=True, kw_only=True)
class RecordActivity(AccountCommand):
    """Record a login or use (R8)."""

    command: ClassVar[str] = "record_activity"
    kind: str = given("login, post or use", "login")

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.record_activity(self.kind, act=act)


@dataclass(frozen=True, kw_only=True)
class RecordIpAttribution(AccountCommand):
    """Record where the account's IP address is attributed (2022 Art 12): a province at
    home (广东), a country or region abroad (日本); never an address (R17)."""

    command: ClassVar[str] = "record_ip_attribution"
    place: str = given("the province, country or region; shown publicly", max_length=40)

    def decide(self, account: Account, act: Act, desk: Desk) -> None:
        account.record_ip_attribution(self.place, act=act)


def check_fields(command: Command, limit: int) -> None:
    """Every text a command carries is bounded and visible, whichever edge built it
    (R13, R16): a field's own `max_length` where it has one, else `limit`; a name on one line."""
    for name, bound, one_line in _text_bounds(type(command), limit):
        for part, text in _texts(name, getattr(command, name)):
            check_text(part, text, bound, one_line=one_line)


def _texts(name: str, value: Any) -> Iterator[tuple[str, str]]:
    """Each text a field holds, named: an identity's or a licence's parts by their own
    names (a registrant's contact is free text too), a list's or a mapping's by the field."""
    if is_dataclass(value):
        parts = ((part.name, getattr(value, part.name)) for part in fields(value))
        yield from ((part, text) for part, text in parts if isinstance(text, str))
        return
    texts = value if isinstance(value, tuple) else (value,)
    if isinstance(value, dict):
        texts = (*value, *value.values())
    yield from ((name, text) for text in texts if isinstance(text, str))


def command_times(command: Command) -> Iterator[tuple[str, datetime]]:
    """Every time a command carries (`until`, `deadline`, `expires`), by field name: the
    ledger bounds each by `max_term`, whichever edge built it (R16, issue 15 point 1)."""
    for spec in fields(command):
        value = getattr(command, spec.name)
        if isinstance(value, datetime):
            yield spec.name, value


_BOUNDS: dict[tuple[type[Command], int], tuple[tuple[str, int, bool], ...]] = {}


def _text_bounds(command: type[Command], limit: int) -> tuple[tuple[str, int, bool], ...]:
    """Each field of a command, its bound and whether it is one line: read once per class."""
    key = (command, limit)
    if key not in _BOUNDS:
        _BOUNDS[key] = tuple(
            (
                spec.name,
                spec.metadata.get("max_length") or limit,
                bool(spec.metadata.get("one_line")),
            )
            for spec in fields(command)
        )
    return _BOUNDS[key]


def _concrete(base: type[Command]) -> list[type[Command]]:
    found: list[type[Command]] = []
    for sub in base.__subclasses__():
        if "command" in vars(sub):  # a verb, not a base of verbs
            found.append(sub)
        found.extend(_concrete(sub))
    return found


# Every command, by its name, in the order the edges list them.
COMMANDS: Mapping[str, type[Command]] = {c.command: c for c in _concrete(Command)}
