"""Reporting periods (issue 17): a quarter, a month, an ISO week or a span of days, whole
days in the platform's zone; anything else one refusal naming the field `period`."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountledger.domain.errors import InvalidInput
from accountledger.domain.periods import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_DAYS,
    current_quarter,
    parse_period,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
years = st.integers(FIRST_YEAR, LAST_YEAR)
days = st.dates(date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31))


@given(years, st.integers(1, 4))
def test_a_quarter_is_its_three_months_whole(year: int, number: int) -> None:
    period = parse_period(f"{year}-Q{number}")
    assert period.first == date(year, 3 * number - 2, 1)
    assert period.last.month == 3 * number and (period.last + timedelta(days=1)).day == 1
    assert period.label == f"{year}-Q{number}" and period.kind == "quarter"


@given(years, st.integers(1, 12))
def test_a_month_is_a_calendar_month(year: int, month: int) -> None:
    period = parse_period(f"{year}-{month:02d}")
    assert (period.first.year, period.first.month, period.first.day) == (year, month, 1)
    assert period.last.month == month and (period.last + timedelta(days=1)).day == 1


@given(days)
def test_every_day_is_in_its_iso_week_monday_to_sunday(day: date) -> None:
    year, week, _ = day.isocalendar()
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return
    period = parse_period(f"{year}-W{week:02d}")
    assert period.first <= day <= period.last and period.days == 7
    assert period.first.isoweekday() == 1


@given(days, st.integers(0, MAX_DAYS - 1))
def test_a_span_includes_both_ends(first: date, length: int) -> None:
    last = first + timedelta(days=length)
    if last.year > LAST_YEAR:
        return
    period = parse_period(f"{first.isoformat()}..{last.isoformat()}")
    assert (period.first, period.last, period.days) == (first, last, length + 1)


@given(st.text(max_size=60))
def test_any_text_is_a_period_or_one_refusal_naming_the_field(text: str) -> None:
    try:
        period = parse_period(text)
    except InvalidInput as refused:
        assert refused.field == "period" and refused.rule in {"period", "period-range"}
        assert "\n" not in str(refused)
    else:
        assert FIRST_YEAR <= period.first.year <= period.last.year <= LAST_YEAR


@pytest.mark.parametrize(
    "text",
    [
        "2026-Q5",
        "2026-13",
        "2026-00",
        "2026-W54",
        "2025-W53",
        "1999-Q1",
        "2200-01",
        "2026-02-30..2026-03-01",
        "2026-03-01..2026-02-01",
        "2000-01-01..2199-12-31",
        "２０２６-Q1",
        "2026-q1 ",
        "x" * 10_000,
        "",
        "2026-Q1\n2026-Q2",
    ],
)
def test_hostile_periods_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_period(text)
    assert refused.value.field == "period"


def test_the_bounds_are_the_first_instants_in_the_zone() -> None:
    first, after = parse_period("2026-Q1").bounds(SHANGHAI)
    assert first.isoformat() == "2026-01-01T00:00:00+08:00"
    assert after.isoformat() == "2026-04-01T00:00:00+08:00"


@given(st.datetimes(datetime(2001, 1, 1), datetime(2199, 1, 1)))
def test_the_current_quarter_holds_now_on_the_zones_wall_clock(moment: datetime) -> None:
    now = moment.replace(tzinfo=SHANGHAI)
    first, after = current_quarter(now, SHANGHAI).bounds(SHANGHAI)
    assert first <= now < after
