"""Request and response bodies of the HTTP service (pydantic, extra fields forbidden).

A body carries the grounds of an act (R13) but never its actor: the actor is the
authenticated caller. A body that tries to name one is refused (422, extra_forbidden).
The act is still built through `inputs.ActInput`, so its validation lives in one place.
"""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from accountledger.adapters.inputs import BusinessTime, Edge, IdentityInput

ACT_FIELDS = frozenset({"at", "reason", "basis", "violation", "evidence", "case_id"})


class ActFields(Edge):
    """Why, when and on which basis (R13); the actor is the caller, never the body."""

    at: BusinessTime | None = Field(None, description="business time; default now")
    reason: str = ""
    basis: tuple[str, ...] = Field((), description="article ids, e.g. 2021-19")
    violation: tuple[str, ...] = Field((), description="violation classes, e.g. 2021-18-6")
    evidence: tuple[str, ...] = ()
    case_id: str = ""

    def act_fields(self) -> dict[str, Any]:
        return self.model_dump(include=set(ACT_FIELDS), exclude_none=True)


class Written(BaseModel):
    """What a command recorded (R13)."""

    account_id: str
    command: str
    events: list[str]
    records: list[str] = []
    # Records taken on the subject's other accounts by the same command (R4, R12).
    reached: list[str] = []
    status: str
    version: int
    review_findings: Any = None


class AccountHistory(BaseModel):
    """Every event of an account (R16, R18)."""

    account_id: str
    events: list[dict[str, Any]]


class AccessRecord(BaseModel):
    """One read by a regulator or auditor (R18)."""

    actor_id: str
    role: str
    method: str
    path: str
    account_id: str | None
    at: datetime


class ReportBody(ActFields):
    """A disposal record reported to the cyberspace administration (R13)."""

    reference: str = Field(min_length=1, description="the authority's reference")
    channel: str = "online"


class ReportBatchBody(ReportBody):
    """Several disposal records reported under one reference, each once, all or nothing (R13)."""

    records: list[str] = Field(
        min_length=1, max_length=500, description="disposal record ids ACCOUNT/VERSION"
    )


class FileAppealBody(ActFields):
    grounds: str = Field(min_length=1, description="why the measure is wrong")


class AssignAppealBody(ActFields):
    reviewer: str = Field(min_length=1, description="a reviewer who did not decide it")


class AppealEvidenceBody(ActFields):
    reference: str = Field(min_length=1, description="evidence reference")


class DecideAppealBody(ActFields):
    outcome: str = Field(description="upheld, overturned or varied")
    until: BusinessTime | None = Field(None, description="varied: the new expiry")


class Reported(BaseModel):
    record_id: str
    reference: str
    channel: str
    reported_at: str


class ReportedBatch(BaseModel):
    """Each record of a batch as reported (R13)."""

    reports: list[Reported]
    count: int


class Disposals(BaseModel):
    """The disposal register (R13, R14)."""

    records: list[dict[str, Any]]
    count: int


class FileComplaintBody(ActFields):
    """A complaint or report from the public about an account (R15, R17)."""

    category: str = Field(description="item of 2021 Art 18 or 2022 Art 8, e.g. 2021-18-6, 2022-8-7")
    content: str = Field(min_length=1, description="what the reporter says")
    reporter: IdentityInput | None = Field(None, description="absent: anonymous")


class ScreenComplaintBody(ActFields):
    """Accept, or reject with `reason` malicious, duplicate (with duplicate_of) or unfounded."""

    accept: bool
    duplicate_of: str | None = None


class LinkComplaintBody(ActFields):
    record: str = Field(description="disposal record ACCOUNT/VERSION")


class AnswerComplaintBody(ActFields):
    feedback: str = Field(min_length=1, description="what the reporter is told")
