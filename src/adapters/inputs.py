"""Command input as it arrives from a person or a program, validated with pydantic.

These models are the edge: they turn text into plain domain values (`Act`,
`Registration`, `Identity`) or refuse it with the field and the rule that failed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from accountledger.application.identity import Identity
from accountledger.domain.act import Act, Role
from accountledger.domain.articles import check_basis, check_violation
from accountledger.domain.authorisations import (
    AUTHORISATION_KINDS,
    MAX_ISSUER,
    MAX_NUMBER,
    Authorisation,
)
from accountledger.domain.dates import SANE_RANGE, in_zone, wall_time
from accountledger.domain.digits import ascii_number
from accountledger.domain.entry import EnteredBy
from accountledger.domain.errors import LedgerError, RuleViolation

Clock = Callable[[], datetime]

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_card_check(first17: str) -> str:
    """The check character of a resident identity card number (GB 11643-1999)."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def uscc_check(first17: str) -> str:
    """The check character of a unified social credit code (GB 32100-2015)."""
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def folded_number(number: str) -> str:
    """`number` in ASCII (`domain/digits.py`), or a validation error naming rule and article:
    every identity number, on every edge, is folded here before it is checked or hashed."""
    try:
        return ascii_number(number)
    except RuleViolation as refusal:
        # The article travels in the context; the CLI's line and the problem+json show it.
        raise PydanticCustomError(
            refusal.rule, refusal.message, {"article": refusal.article}
        ) from None


def _valid_number(kind: str, number: str) -> str:
    compact = re.sub(r"[\s\-]", "", folded_number(number)).upper()
    if kind == "mobile" and not re.fullmatch(r"(\+?86)?1[3-9][0-9]{9}", compact):
        raise ValueError("a mainland mobile number has 11 digits starting 13-19")
    if kind == "id_card" and not (
        re.fullmatch(r"[0-9]{17}[0-9X]", compact) and id_card_check(compact[:17]) == compact[17]
    ):
        raise ValueError(
            "a resident identity card number has 18 characters and a valid check digit"
        )
    if kind == "passport" and not re.fullmatch(r"[A-Z0-9]{5,17}", compact):
        raise ValueError("a passport number has 5 to 17 letters and digits")
    if kind == "uscc" and not (
        re.fullmatch(f"[{_USCC_CHARS}]{{18}}", compact) and uscc_check(compact[:17]) == compact[17]
    ):
        raise ValueError("a unified social credit code has 18 characters and a valid check digit")
    return compact


def _time(text: str | datetime, info: ValidationInfo) -> datetime:
    # Checked here, placed in the platform's zone by `to_act`/`to_command` (`in_zone`):
    # a time without offset stays a wall time until the settings say whose. A time given
    # as a number (seconds or milliseconds since 1970) is bounded like a text one.
    field = info.field_name or "time"
    if isinstance(text, datetime):
        return SANE_RANGE.check(text, field)
    return wall_time(text, field)


# An ISO 8601 business time: a bare date is its first instant and a time without offset
# is wall time, both in the platform's zone (`domain/dates.py`, `LedgerRules.time_zone`).
BusinessTime = Annotated[str | datetime, AfterValidator(_time)]


class Edge(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


# Every role's value, in declaration order: asked of every act an edge receives.
_ROLES = tuple(r.value for r in Role)


class ActInput(Edge):
    """Who acts, when and why (every event, R13)."""

    actor: str = Field(description="ID:ROLE, e.g. m-104:moderator")
    at: BusinessTime | None = Field(None, description="business time; default now")
    reason: str = ""
    basis: tuple[str, ...] = ()
    violation: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    case_id: str = ""

    @field_validator("actor")
    @classmethod
    def _actor(cls, value: str) -> str:
        actor_id, _, role = value.partition(":")
        if not actor_id or role not in _ROLES:
            raise ValueError(f"expected ID:ROLE with ROLE one of {', '.join(_ROLES)}")
        return value

    @field_validator("basis")
    @classmethod
    def _basis(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _catalogued(check_basis, value)

    @field_validator("violation")
    @classmethod
    def _violation(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _catalogued(check_violation, value)

    def to_act(self, clock: Clock, zone: ZoneInfo, entered_by: EnteredBy | None = None) -> Act:
        """The act, its business time placed in the platform's `zone` if it had no offset;
        `entered_by`: who entered it, where the edge knows it already (an import's line)."""
        actor_id, _, role = self.actor.partition(":")
        occurred_at = in_zone(self.at, zone) if isinstance(self.at, datetime) else clock()
        return Act(
            actor_id=actor_id,
            actor_role=Role(role),
            occurred_at=occurred_at,
            reason=self.reason,
            basis=self.basis,
            violation=self.violation,
            evidence=self.evidence,
            case_id=self.case_id,
            entered_by=entered_by,
        )


def _catalogued(
    check: Callable[[tuple[str, ...]], tuple[str, ...]], value: tuple[str, ...]
) -> tuple[str, ...]:
    try:
        return check(value)
    except LedgerError as refusal:
        raise ValueError(refusal.message) from None


IdentityKind = Literal["mobile", "id_card", "passport", "uscc"]
DocumentKind = Literal["id_card", "passport"]


class IdentityInput(Edge):
    """A real identity: mobile number, resident identity card or USCC (2021 Art 8, R1)."""

    identity_kind: IdentityKind
    identity_number: str
    contact: str = ""

    @field_validator("identity_number")
    @classmethod
    def _number(cls, number: str, info: ValidationInfo) -> str:
        kind = info.data.get("identity_kind")
        return number if kind is None else _valid_number(kind, number)

    def to_identity(self) -> Identity:
        return Identity(kind=self.identity_kind, number=self.identity_number, contact=self.contact)


class RegistrantInput(IdentityInput):
    """A registrant's identity, with the parts of a composite check (2021 Art 8, R1): a
    mobile number beside an identity document; an organisation's legal representative's
    document beside its USCC. Each part is validated like the identity itself."""

    mobile: str = ""
    representative_kind: DocumentKind | None = None
    representative_number: str = ""

    @field_validator("mobile")
    @classmethod
    def _mobile(cls, number: str) -> str:
        return number and _valid_number("mobile", number)

    @field_validator("representative_number")
    @classmethod
    def _representative(cls, number: str, info: ValidationInfo) -> str:
        kind = info.data.get("representative_kind")
        return number if kind is None or not number else _valid_number(kind, number)

    def to_identity(self) -> Identity:
        return Identity(
            kind=self.identity_kind,
            number=self.identity_number,
            contact=self.contact,
            mobile=self.mobile,
            representative_kind=self.representative_kind or "",
            representative_number=self.representative_number,
        )


class NotASubject(ValueError):
    """Text that is neither a subject ref nor KIND:NUMBER."""


def subject_identity(text: str) -> IdentityInput | None:
    """How a subject is named at the edge (R17): None for a ref `s-...` given as it is,
    else the validated identity of `KIND:NUMBER` (pydantic's ValidationError if invalid)."""
    if text.startswith("s-"):
        return None
    kind, sep, number = text.partition(":")
    if not sep:
        raise NotASubject(f"{text!r} is neither a ref s-... nor KIND:NUMBER")
    return IdentityInput(identity_kind=kind, identity_number=number)  # type: ignore[arg-type]


LICENCE_PARTS = ("kind", "number", "issuer", "valid_until")


class LicenceInput(Edge):
    """A licence or authorisation presented for a name: organ, news, trademark, brand or
    international (2021 Art 5; 2022 Art 11, R3). Folded and bounded in the domain too."""

    kind: str = Field(description=f"one of {', '.join(AUTHORISATION_KINDS)}")
    number: str = Field(min_length=1, max_length=MAX_NUMBER, description="licence number")
    issuer: str = Field(min_length=1, max_length=MAX_ISSUER, description="who issued it")
    valid_until: BusinessTime = Field(description="valid until (ISO 8601; a date is its start)")

    @field_validator("kind")
    @classmethod
    def _kind(cls, kind: str) -> str:
        if kind not in AUTHORISATION_KINDS:
            raise ValueError(f"expected one of {', '.join(AUTHORISATION_KINDS)}")
        return kind

    def to_authorisation(self, zone: ZoneInfo) -> Authorisation:
        """The evidence, its validity placed in the platform's `zone` if it had no offset."""
        until = self.valid_until
        assert isinstance(until, datetime)  # the validator made it one
        return Authorisation(
            kind=self.kind, number=self.number, issuer=self.issuer, valid_until=in_zone(until, zone)
        )
