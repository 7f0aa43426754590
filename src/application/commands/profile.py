"""Profile changes (R3) and registration details (R2): submitted, reviewed, approved or rejected."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from accountledger.application.commands.base import AccountCommand, Desk, given
from accountledger.application.commands.registration import LICENCE_FLAGS, LICENCE_HELP
from accountledger.domain.account import Account
from accountledger.domain.act import Act
from accountledger.domain.authorisations import Authorisation


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
    licence: Authorisation | None = given(LICENCE_HELP, None, flags=LICENCE_FLAGS)

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
