"""Calendar rules: a month is a calendar month and a date is a whole day, in one zone.

The law counts in months ("within six months after registration", 2021 Art 10; records
kept "at least six months", 2017 Art 16), and people ask about days ("the state on
2026-01-10", R18). Both are calendar notions, so both are computed on the wall clock of
the platform's zone (`LedgerRules.time_zone`, default Asia/Shanghai), never as a fixed
count of days or hours, and never silently in UTC.

These are the only functions that read a date or add months: the CLI, the HTTP API,
the console and the sweep all call them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from accountledger.domain.errors import InvalidInput, RuleViolation


class TimeRange(NamedTuple):
    """The instants a time input may name; outside them it is refused (rule `time-range`).

    One rule for every time that enters (R16; the record says when, 2021 Art 19): the
    edges check `SANE_RANGE`, the ledger narrows it with its recording clock (a business
    time no later than `future_skew` ahead, an expiry within `max_term`). A named tuple,
    not a frozen dataclass: made at import in a fraction of the time (issue 16).
    """

    earliest: datetime
    latest: datetime
    article: str = "2021-19"

    def check(self, moment: datetime, field: str) -> datetime:
        """`moment` if it lies in the range, else a refusal naming `field`; a time without
        offset is compared as if in UTC (the range's ends are far from any zone's day)."""
        instant = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        if self.earliest <= instant <= self.latest:
            return moment
        raise RuleViolation(
            f"{moment.isoformat()} is outside {self.earliest.date().isoformat()} to "
            f"{self.latest.date().isoformat()}",
            rule="time-range",
            field=field,
            article=self.article,
        )


# Every time any input names, at any edge: no platform kept account records before 2000,
# and nothing is decided for after 2200. Far from datetime's own ends (years 1 and 9999),
# where converting 9999-12-31T23:59:59-14:00 to UTC overflows and a stored event would
# stop every projection (issue 15 point 1).
SANE_RANGE = TimeRange(datetime(2000, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC))


def time_zone(name: str) -> ZoneInfo:
    """The IANA zone `name` (e.g. Asia/Shanghai), or a refusal naming the setting."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise InvalidInput(
            f"{name!r} is not an IANA time zone such as Asia/Shanghai or UTC",
            rule="time-zone",
            field="time_zone",
        ) from None


def add_months(moment: datetime, months: int, zone: ZoneInfo) -> datetime:
    """`moment` plus calendar months on the wall clock of `zone`, in `zone`.

    The day of the month is kept, or clamped to the last day of a shorter month
    (Aug 31 + 6 months = Feb 28, or Feb 29 in a leap year); the time of day is kept.
    A wall time that a daylight-saving change skips or repeats is read as `zone` reads
    it (the first of two, fold 0); Asia/Shanghai has no such change.
    """
    # Imported here: `calendar` loads `locale`, which a read that adds no months (a CLI
    # `show`) need not pay for at start-up (issue 16).
    import calendar

    local = moment.astimezone(zone)
    index = local.month - 1 + months
    year, month = local.year + index // 12, index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day, fold=0)


def whole_day(day: date, zone: ZoneInfo, *, end: bool = False) -> datetime:
    """The first instant of `day` in `zone`, or with `end` its last (to the microsecond)."""
    if not end:
        return datetime.combine(day, time(), zone)
    following = datetime.combine(day + timedelta(days=1), time(), zone)
    # Through UTC: on the wall clock, midnight minus a microsecond may not exist.
    return (following.astimezone(UTC) - timedelta(microseconds=1)).astimezone(zone)


def bare_date(text: str) -> date | None:
    """The day an ISO 8601 date without a time names (2026-01-10, 20260110), else None."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def wall_time(text: str, field: str = "time") -> datetime:
    """An ISO 8601 date or time as written: with its offset if it has one, else naive (a
    wall time still to be placed in a zone, `in_zone`); a bare date is its midnight.
    ValueError if it is none; RuleViolation (rule `time-range`) outside `SANE_RANGE`."""
    stripped = text.strip()
    day = bare_date(stripped)
    try:
        moment = datetime.combine(day, time()) if day else datetime.fromisoformat(stripped)
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 date or time") from None
    return SANE_RANGE.check(moment, field)


def in_zone(moment: datetime, zone: ZoneInfo) -> datetime:
    """A wall time without offset placed in `zone`; a time with an offset as it is."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def parse_moment(
    text: str, zone: ZoneInfo, *, end_of_day: bool = False, field: str = "time"
) -> datetime:
    """The instant an ISO 8601 text names, the one rule for dates at every edge (R18).

    A bare date (`2026-01-10` or `20260110`) is that whole day in `zone`: its first
    instant, or its last with `end_of_day` (an "as of" or "to" date includes the day).
    A time without offset (`2026-01-10T08:00`) is wall time in `zone`; a time with an
    offset (`...+00:00`, `...Z`) is the instant it says. ValueError for anything else;
    RuleViolation naming `field` (rule `time-range`) for a time outside `SANE_RANGE`.
    """
    day = bare_date(text)
    if day is not None:
        wall_time(text, field)  # the same range
        return whole_day(day, zone, end=end_of_day)
    return in_zone(wall_time(text, field), zone)


def local_text(moment: datetime, zone: ZoneInfo) -> str:
    """`moment` as a person in `zone` reads it: `2026-01-10 23:59:59 +08:00 (Asia/Shanghai)`."""
    local = moment.astimezone(zone)
    offset = local.strftime("%z")
    return f"{local.strftime('%Y-%m-%d %H:%M:%S')} {offset[:3]}:{offset[3:]} ({zone.key})"
