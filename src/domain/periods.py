"""Reporting periods: a week, a month, a quarter or a span of days, in the platform's zone.

Statistics for the authority and for management are counted per period (issue 17). A
period is a set of whole calendar days on the wall clock of the platform's zone
(`dates.py`: a date is a whole day), so `2026-Q1` in Asia/Shanghai starts at
2026-01-01T00:00+08:00. The one parser every edge calls is `parse_period`:

- `2026-Q1` a quarter, `2026-03` a month, `2026-W05` an ISO week (Monday to Sunday),
- `2026-01-01..2026-02-15` the days from the first to the last, both included.

Anything else, or a period outside the years every time input may name (`SANE_RANGE`),
is refused with one line naming the field `period` and the rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from accountledger.domain.dates import SANE_RANGE, whole_day
from accountledger.domain.errors import InvalidInput

FIELD = "period"
# Longer texts are refused before any pattern runs (every input is bounded).
MAX_TEXT = 32
# A custom span longer than this is not a reporting period (about ten years).
MAX_DAYS = 3660
FIRST_YEAR = SANE_RANGE.earliest.year
LAST_YEAR = SANE_RANGE.latest.year - 1
FORMS = "2026-Q1, 2026-03, 2026-W05 or 2026-01-01..2026-02-15"

_QUARTER = re.compile(r"(\d{4})-Q([1-4])", re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_WEEK = re.compile(r"(\d{4})-W(\d{2})", re.ASCII)
_SPAN = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", re.ASCII)


@dataclass(frozen=True)
class Period:
    """Whole days from `first` to `last`, both included; `label` is how it was named."""

    kind: str  # quarter, month, week or custom
    label: str
    first: date
    last: date

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The period's first instant and the first instant after it, in `zone`."""
        return whole_day(self.first, zone), whole_day(self.last + timedelta(days=1), zone)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def _refuse(text: str, why: str, rule: str = "period") -> InvalidInput:
    return InvalidInput(f"{text!r} {why}", rule=rule, field=FIELD)


def _year(text: str, year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _refuse(text, f"is outside the years {FIRST_YEAR} to {LAST_YEAR}", "period-range")
    return year


def quarter(year: int, number: int) -> Period:
    first = date(year, 3 * number - 2, 1)
    following = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return Period("quarter", f"{year}-Q{number}", first, following - timedelta(days=1))


def _month(text: str, year: int, month: int) -> Period:
    if not 1 <= month <= 12:
        raise _refuse(text, "names no month: the month is 01 to 12")
    first = date(year, month, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return Period("month", f"{year}-{month:02d}", first, following - timedelta(days=1))


def _week(text: str, year: int, week: int) -> Period:
    try:
        first = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise _refuse(text, f"names no ISO week: {year} has weeks 01 to 52 or 53") from None
    return Period("week", f"{year}-W{week:02d}", first, first + timedelta(days=6))


def _span(text: str, start: str, end: str) -> Period:
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        raise _refuse(text, "names a day that does not exist") from None
    _year(text, first.year)
    _year(text, last.year)
    if last < first:
        raise _refuse(text, "ends before it starts")
    if (last - first).days + 1 > MAX_DAYS:
        raise _refuse(text, f"is longer than {MAX_DAYS} days", "period-range")
    return Period("custom", f"{first.isoformat()}..{last.isoformat()}", first, last)


def parse_period(text: str) -> Period:
    """The period `text` names, or `InvalidInput` naming the field `period` (exit 2, 422)."""
    stripped = text.strip()
    if len(stripped) > MAX_TEXT:
        raise InvalidInput(
            f"at most {MAX_TEXT} characters; one of {FORMS}", field=FIELD, rule="period"
        )
    if found := _SPAN.fullmatch(stripped):
        return _span(text, found[1], found[2])
    for pattern in (_QUARTER, _WEEK, _MONTH):
        if found := pattern.fullmatch(stripped):
            year = _year(text, int(found[1]))
            if pattern is _QUARTER:
                return quarter(year, int(found[2]))
            if pattern is _WEEK:
                return _week(text, year, int(found[2]))
            return _month(text, year, int(found[2]))
    raise _refuse(text, f"is not a period; one of {FORMS}")


def current_quarter(now: datetime, zone: ZoneInfo) -> Period:
    """The quarter `now` falls in on the wall clock of `zone`: the default period."""
    local = now.astimezone(zone)
    return quarter(local.year, (local.month - 1) // 3 + 1)
