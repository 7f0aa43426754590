"""Registration: who registers, under what name, with what evidence (2021 Art 6-8,
2022 Art 7-11)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from accountledger.application.commands.base import AccountCommand, Command, Desk, given
from accountledger.application.identity import Identity, Registration
from accountledger.domain.account import Account
from accountledger.domain.act import Act
from accountledger.domain.authorisations import Authorisation
from accountledger.domain.details import check_registration_details
from accountledger.domain.identity_rules import check_identity

Nature = Literal[
    "individual",
    "enterprise",
    "public_institution",
    "government_organ",
    "social_organisation",
    "other_organisation",
]


# Evidence for an authorised name: one licence or authorisation, its parts as flags
# on the CLI and an object under `licence` in an HTTP body (2022 Art 11).
LICENCE_HELP = (
    "the licence or authorisation a protected, organ or news name is used under "
    "(kind: organ, news, trademark, brand or international); it sends the name to review"
)
LICENCE_FLAGS = {
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
    licence: Authorisation | None = given(LICENCE_HELP, None, flags=LICENCE_FLAGS)

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
