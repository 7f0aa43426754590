"""Configuration the law leaves to the platform: limits and tiers, as data with defaults."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from accountledger.domain.articles import FALSE_INFORMATION, check_violation
from accountledger.domain.dates import SANE_RANGE, time_zone
from accountledger.domain.errors import InvalidInput

# 2021 Art 9 / 2022 Art 11: fields whose producers must pass qualification checks (R5).
QUALIFIED_FIELDS = ("economy", "education", "health", "justice")
# Which registered content categories are in a regulated field (R5): a category, folded
# (NFKC, casefold, spaces and hyphens as underscores), and the field it belongs to.
QUALIFIED_CATEGORIES: tuple[tuple[str, str], ...] = (
    *((c, "economy") for c in ("economy", "finance", "financial", "investment", "securities")),
    *((c, "economy") for c in ("insurance", "banking", "财经", "经济", "金融", "理财")),
    *((c, "education") for c in ("education", "teaching", "tutoring", "教育", "培训")),
    *((c, "health") for c in ("health", "medical", "medical_care", "medicine", "healthcare")),
    *((c, "health") for c in ("medical_care_and_health", "医疗", "健康", "医疗健康", "医药")),
    *((c, "justice") for c in ("justice", "law", "legal", "judicial", "司法", "法律")),
)
# 2021 Art 10 ¶2: an inactive account "may be suspended or terminated" per the agreement.
INACTIVITY_MEASURES = ("suspend", "close", "nothing")
# 2021 Arts 13, 19: what a blacklisting does to the subject's other live accounts.
REACH_MEASURES = ("suspend", "close", "nothing")
# 2022 Art 8 items (1) to (8): what account information must not contain (R3, R14).
ACCOUNT_INFORMATION = tuple(f"2022-8-{item}" for item in range(1, 9))
# Settings that mean nothing below a floor: a checkpoint every 0 events, no tries at a
# delivery or a window of no time would seal, refuse or drop everything. (Counts at least
# one; steps at least none; the lateness and skew allowances may be zero.)
AT_LEAST_ONE = (
    "max_accounts_per_subject",
    "checkpoint_every_events",
    "notification_max_tries",
    "max_text_length",
    "max_field_length",
)
AT_LEAST_NONE = ("false_information_steps", "account_information_steps")
POSITIVE_TERMS = (
    "report_within",
    "appeal_window",
    "appeal_feedback_within",
    "complaint_feedback_within",
    "checkpoint_interval",
    "max_term",
    "max_authorisation_validity",
    "max_qualification_term",
    "notification_backoff",
    "notification_backoff_cap",
)
NOT_NEGATIVE_TERMS = ("late_entry_window", "future_skew")


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
    # Calendar rules (domain/dates.py): a period stated in months is calendar months, and
    # a bare date is a whole day, both on the wall clock of this IANA zone: the platform's.
    time_zone: str = "Asia/Shanghai"
    # 2021 Art 10 ¶2: no login or use within six months after registration (R8), counted
    # as calendar months in `time_zone` (Aug 31 + 6 months = the last day of February).
    inactivity_months: int = 6
    # What the service agreement says happens then: "suspend", "close" or "nothing".
    inactivity_measure: str = "suspend"
    # 2021 Arts 13, 19 (R4, R12): a blacklisting bars the subject. Its other live accounts
    # are each "suspend"ed pending review, "close"d, or left as they are ("nothing"), each
    # as a disposal record of its own with the blacklisting as its evidence.
    blacklist_reaches: str = "suspend"
    # 2017 Art 16: records kept at least six months; 2021 Art 19 / 2022 Art 17: disposal
    # records kept (R16). A subject's personal information may be erased only this many
    # calendar months (in `time_zone`) after each account it held ended and after its
    # last disposal measure.
    record_retention_months: int = 6
    # 2021 Arts 8, 19 / 2022 Art 15: an account its operator ends while a measure binds
    # it, a rectification is open or a complaint against it is open keeps its name
    # "barred" (as if closed: never registered again), or "released" (free at once).
    termination_name_hold: str = "barred"
    # A decision entered after later events keeps its true time if it is entered within
    # this long of it (and is not dated before the account's last change of status).
    late_entry_window: timedelta = timedelta(hours=72)
    # A business time is what the decision-maker says, within bounds of the recording
    # clock: no later than this skew ahead of it (a clock a little fast is not a lie)...
    future_skew: timedelta = timedelta(minutes=5)
    # ... and no earlier than this (no platform kept account records before it).
    earliest_business_time: datetime = SANE_RANGE.earliest
    # An expiry or a deadline a command sets (`until`, `deadline`, `expires`) is no
    # later than this after the recording clock: a bounded horizon (issue 15 point 1).
    max_term: timedelta = timedelta(days=3653)
    # A licence or authorisation presented for a name (2022 Art 11) is valid until a time
    # no later than this after the recording clock (a trademark runs ten years).
    max_authorisation_validity: timedelta = timedelta(days=3653)
    # Free text is bounded (the store keeps it for ever): reasons, grounds, complaint
    # content and feedback; and every other text input (references, credentials, marks).
    max_text_length: int = 2000
    max_field_length: int = 500
    # 2021 Art 19, 2017 Art 16 (R16): a chain shows an event deleted from the middle of a
    # history, but only a checkpoint shows its newest events deleted. The service seals
    # one when this many events are unsealed, or this long after the previous checkpoint
    # when any is, whichever comes first: at most that much history is ever unprotected.
    checkpoint_every_events: int = 1000
    checkpoint_interval: timedelta = timedelta(minutes=5)
    # 2021 Art 9, 2022 Art 11 (R5): content categories in a regulated field. An account
    # registered in one may not enter service before the field's qualification is
    # verified, and is suspended when that mark is withdrawn or expires (2021 Art 9 ¶3).
    qualified_categories: tuple[tuple[str, str], ...] = QUALIFIED_CATEGORIES
    # The longest term a verified qualification may be given (its `expires`, 2021 Art 9 ¶3).
    max_qualification_term: timedelta = timedelta(days=3653)
    # 2021 Art 8 ¶2, Art 20; 2022 Art 15: notifications are delivered as signed webhooks,
    # at least once. A failed try is tried again after `notification_backoff`, doubled
    # after each further failure up to `notification_backoff_cap`; after
    # `notification_max_tries` failed tries the notification is dead (a dead letter).
    notification_max_tries: int = 8
    notification_backoff: timedelta = timedelta(seconds=30)
    notification_backoff_cap: timedelta = timedelta(hours=6)
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
        # Refused when the settings are made, not at the first sweep that reads them.
        time_zone(self.time_zone)
        for name, choices in (
            ("inactivity_measure", INACTIVITY_MEASURES),
            ("blacklist_reaches", REACH_MEASURES),
        ):
            if getattr(self, name) not in choices:
                raise InvalidInput(
                    f"{getattr(self, name)!r} is not one of {', '.join(choices)}",
                    rule=name.replace("_", "-"),
                    field=name,
                )
        # The law's six months are a floor for both: measures for inactivity only after
        # them (2021 Art 10 ¶2), records kept at least that long (2017 Art 16).
        for name, article in (
            ("inactivity_months", "2021-10"),
            ("record_retention_months", "2017-16"),
        ):
            if getattr(self, name) < 6:
                raise InvalidInput(
                    f"{getattr(self, name)} months is less than the law's six",
                    rule="six-months",
                    field=name,
                    article=article,
                )
        self._check_floors()
        # A misspelt class would silently never count: refuse it when the rules are made.
        check_violation(self.account_information_violations)
        for category, field in self.qualified_categories:
            if field not in QUALIFIED_FIELDS:
                raise InvalidInput(
                    f"{category!r} maps to {field!r}, not one of {', '.join(QUALIFIED_FIELDS)}",
                    rule="qualification-field",
                    field="qualified_categories",
                    article="2021-9",
                )

    def _check_floors(self) -> None:
        zero = timedelta(0)
        floors: tuple[tuple[tuple[str, ...], Callable[[Any], bool], str], ...] = (
            (AT_LEAST_ONE, lambda v: v >= 1, "at least 1"),
            (AT_LEAST_NONE, lambda v: v >= 0, "at least 0"),
            (POSITIVE_TERMS, lambda v: v > zero, "a positive duration"),
            (NOT_NEGATIVE_TERMS, lambda v: v >= zero, "a duration of zero or more"),
        )
        for names, holds, wanted in floors:
            for name in names:
                if not holds(getattr(self, name)):
                    raise InvalidInput(
                        f"{getattr(self, name)} is not {wanted}", rule="setting-range", field=name
                    )
        if self.blacklist_after_false_information is not None and (
            self.blacklist_after_false_information < 1
        ):
            raise InvalidInput(
                f"{self.blacklist_after_false_information} is not at least 1 (or unset)",
                rule="setting-range",
                field="blacklist_after_false_information",
            )
        for name in ("default_credit_tier", "min_tier_for_several_accounts"):
            if getattr(self, name) not in self.credit_tiers:
                raise InvalidInput(
                    f"{getattr(self, name)!r} is not one of the credit tiers "
                    f"{', '.join(self.credit_tiers)}",
                    rule="credit-tier",
                    field=name,
                )

    def regulated_field(self, category: str) -> str | None:
        """The regulated field (R5) a registered content category belongs to, if any:
        compared folded, so `Medical Care`, `medical-care` and `ＭＥＤＩＣＡＬ` are one."""
        key = _fold_category(category)
        return next((f for c, f in self.qualified_categories if _fold_category(c) == key), None)

    @property
    def zone(self) -> ZoneInfo:
        """`time_zone` as a zone (checked when the settings were made)."""
        return time_zone(self.time_zone)

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


@lru_cache(maxsize=4096)  # asked for every category of the rules on each registration
def _fold_category(category: str) -> str:
    folded = unicodedata.normalize("NFKC", category).casefold().strip()
    return "_".join(folded.replace("-", " ").split())


DEFAULT_RULES = LedgerRules()
