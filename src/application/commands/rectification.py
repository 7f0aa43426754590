"""Rectification (R6): ordered, corrected, approved or rejected, deadlines missed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from accountledger.application.commands.base import AccountCommand, Desk, given
from accountledger.domain.account import Account
from accountledger.domain.act import Act
from accountledger.domain.corrections import waiting_values
from accountledger.domain.names import Verdict


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
