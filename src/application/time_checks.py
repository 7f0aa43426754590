"""The bounds the recording clock sets on every time a command carries (R13, R16).

A business time is what the decision-maker says, within bounds: never beyond the
recording clock's `future_skew`, never before the earliest business time, a late entry
only within `late_entry_window`; an expiry or deadline within `max_term`. The clock is
the ledger's, never the caller's.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from accountledger.domain.account import Account
from accountledger.domain.act import Act
from accountledger.domain.dates import TimeRange
from accountledger.domain.errors import RuleViolation
from accountledger.domain.rules import LedgerRules
from accountledger.domain.text import check_text

if TYPE_CHECKING:
    from accountledger.application.reading import Clock


class TimeChecks:
    """The ledger's checks of a command's times and its act (a part of `Ledger`)."""

    rules: LedgerRules
    clock: Clock

    def check_time(self, moment: datetime, field: str = "occurred_at") -> datetime:
        """A business time within bounds of the recording clock, or a refusal (R13, R16)."""
        latest = self.clock() + self.rules.future_skew
        if moment > latest:
            raise RuleViolation(
                f"{moment.isoformat()} is in the future: the recording clock says "
                f"{self.clock().isoformat()} (skew allowed: {self.rules.future_skew})",
                rule="future-time",
                field=field,
                article="2021-19",
            )
        return TimeRange(self.rules.earliest_business_time, latest).check(moment, field)

    def check_term(self, moment: datetime | None, field: str) -> datetime | None:
        """An expiry or deadline within `max_term` of the recording clock, or a refusal
        (rule `time-range`); whether it is after the decision is the domain's rule."""
        if moment is None:
            return None
        latest = self.clock() + self.rules.max_term
        return TimeRange(self.rules.earliest_business_time, latest).check(moment, field)

    def check_late_entry(self, account: Account, act: Act) -> None:
        """A decision dated before the account's latest event is a late entry: it keeps its
        true time only within `late_entry_window` of the recording clock (R16, R18)."""
        if act.occurred_at >= account.last_occurred_at:
            return
        late = self.clock() - act.occurred_at
        if late > self.rules.late_entry_window:
            raise RuleViolation(
                f"a decision of {act.occurred_at.isoformat()} entered after later events "
                f"is {late} late; a late entry is accepted within "
                f"{self.rules.late_entry_window} of its decision",
                rule="late-entry",
                field="occurred_at",
                article="2021-19",
            )

    def check_act(self, act: Act) -> Act:
        """An act's time within bounds and its free text bounded and visible (R13, R16)."""
        self.check_time(act.occurred_at)
        check_text("reason", act.reason, self.rules.max_text_length)
        for reference in act.evidence:
            check_text("evidence", reference, self.rules.max_field_length)
        check_text("case_id", act.case_id, self.rules.max_field_length)
        return act
