"""Configuration the law leaves to the platform: limits and tiers, as data with defaults."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from accountledger.domain.articles import FALSE_INFORMATION, check_violation

# 2021 Art 9 / 2022 Art 11: fields whose producers must pass qualification checks (R5).
QUALIFIED_FIELDS = ("economy", "education", "health", "justice")
# 2022 Art 8 items (1) to (8): what account information must not contain (R3, R14).
ACCOUNT_INFORMATION = tuple(f"2022-8-{item}" for item in range(1, 9))


@dataclass(frozen=True)
class LedgerRules:
    """The platform's own settings under the provisions; every default is a choice."""

    # 2021 Art 10 ¶1 asks for "a reasonable upper limit" (R7).
    max_accounts_per_subject: int = 5
    credit_tiers: tuple[str, ...] = ("A", "B", "C", "D", "E")
    default_credit_tier: str = "B"
    # 2021 Art 13: false information lowers the rating this many tiers, once per case;
    # blacklisting once false information is found in this many cases on one account
    # (None: a moderator decides).
    false_information_steps: int = 1
    blacklist_after_false_information: int | None = None
    # 2022 Art 18: credit appraisals of account information weigh in the account's
    # credit. A measure for one of these violation classes (by default every item of
    # 2022 Art 8) lowers the rating this many tiers, once per case (0: it does not).
    account_information_violations: tuple[str, ...] = ACCOUNT_INFORMATION
    account_information_steps: int = 1
    # 2021 Art 10 ¶1: a subject applying for several accounts has its credit checked.
    min_tier_for_several_accounts: str = "C"
    # 2021 Art 19 asks for "timely" reports; after this a record is overdue (R13).
    report_within: timedelta = timedelta(hours=72)
    # 2021 Art 20: appeals within a window after the measure; feedback within a limit.
    appeal_window: timedelta = timedelta(days=30)
    appeal_feedback_within: timedelta = timedelta(days=15)
    # 2021 Art 20 / 2022 Art 19: feedback on a complaint or report within a published limit.
    complaint_feedback_within: timedelta = timedelta(days=7)
    # 2021 Art 10 ¶2: no login or use within six months after registration (R8).
    inactivity_period: timedelta = timedelta(days=183)
    # What the service agreement says happens then: "suspend", "close" or "nothing".
    inactivity_measure: str = "suspend"
    # 2017 Art 16: records kept at least six months; 2021 Art 19 / 2022 Art 17: disposal
    # records kept (R16). A subject's personal information may be erased only this long
    # after each account it held ended and after its last disposal measure. 184 days is
    # the longest six calendar months.
    record_retention: timedelta = timedelta(days=184)
    # A business time is what the decision-maker says, within bounds of the recording
    # clock: no later than this skew ahead of it (a clock a little fast is not a lie)...
    future_skew: timedelta = timedelta(minutes=5)
    # ... and no earlier than this (no platform kept account records before it).
    earliest_business_time: datetime = datetime(2000, 1, 1, tzinfo=UTC)
    # Free text is bounded (the store keeps it for ever): reasons, grounds, complaint
    # content and feedback; and every other text input (references, credentials, marks).
    max_text_length: int = 2000
    max_field_length: int = 500
    restrictable_functions: tuple[str, ...] = (
        "post",
        "comment",
        "live",
        "monetise",
        "follow",
        "message",
        "search",
        "recommend",
    )

    def __post_init__(self) -> None:
        # A misspelt class would silently never count: refuse it when the rules are made.
        check_violation(self.account_information_violations)

    def credit_steps(self, violation: tuple[str, ...]) -> int:
        """How many tiers a measure for `violation` lowers the rating: the heaviest rule
        that applies, 0 if none does (2021 Art 13, 2022 Art 18; R11)."""
        steps = [0]
        if FALSE_INFORMATION in violation:
            steps.append(self.false_information_steps)
        if any(v in self.account_information_violations for v in violation):
            steps.append(self.account_information_steps)
        return max(steps)

    def tier_rank(self, tier: str) -> int:
        """0 is the best tier."""
        return self.credit_tiers.index(tier)

    def lower_tier(self, tier: str, steps: int) -> str:
        """`steps` tiers worse (negative: better), within the tiers there are."""
        rank = self.tier_rank(tier) + steps
        return self.credit_tiers[max(0, min(rank, len(self.credit_tiers) - 1))]


DEFAULT_RULES = LedgerRules()
