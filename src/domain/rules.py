"""Configuration the law leaves to the platform: limits and tiers, as data with defaults."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

# 2021 Art 9 / 2022 Art 11: fields whose producers must pass qualification checks (R5).
QUALIFIED_FIELDS = ("economy", "education", "health", "justice")


@dataclass(frozen=True)
class LedgerRules:
    """The platform's own settings under the provisions; every default is a choice."""

    # 2021 Art 10 ¶1 asks for "a reasonable upper limit" (R7).
    max_accounts_per_subject: int = 5
    credit_tiers: tuple[str, ...] = ("A", "B", "C", "D", "E")
    default_credit_tier: str = "B"
    # 2021 Art 19 asks for "timely" reports; after this a record is overdue (R13).
    report_within: timedelta = timedelta(hours=72)
    # 2021 Art 20: appeals within a window after the measure; feedback within a limit.
    appeal_window: timedelta = timedelta(days=30)
    appeal_feedback_within: timedelta = timedelta(days=15)
    # 2021 Art 10 ¶2: no login or use within six months after registration (R8).
    inactivity_period: timedelta = timedelta(days=183)
    # What the service agreement says happens then: "suspend", "close" or "nothing".
    inactivity_measure: str = "suspend"
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


DEFAULT_RULES = LedgerRules()
