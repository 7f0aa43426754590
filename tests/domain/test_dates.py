"""Calendar rules (issue 12 points 7 and 8): a month is a calendar month and a date is a
whole day, both in the platform's zone (R8, R16, R18)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from accountledger.domain.dates import add_months, local_text, parse_moment, time_zone
from accountledger.domain.errors import InvalidInput
from accountledger.domain.rules import DEFAULT_RULES, LedgerRules

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        # The day boundary: 20:00Z on Aug 31 is already Sep 1 in Shanghai.
        (datetime(2026, 8, 31, 20, 0, tzinfo=UTC), 6, datetime(2027, 3, 1, 4, 0, tzinfo=SHANGHAI)),
        # A month end clamps to the end of a shorter month...
        (datetime(2026, 8, 31, 2, 0, tzinfo=UTC), 6, datetime(2027, 2, 28, 10, 0, tzinfo=SHANGHAI)),
        # ... which is Feb 29 in a leap year.
        (datetime(2027, 8, 31, 2, 0, tzinfo=UTC), 6, datetime(2028, 2, 29, 10, 0, tzinfo=SHANGHAI)),
        (datetime(2026, 3, 31, 2, 0, tzinfo=UTC), 6, datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)),
        # Across a year, and a day that every month has.
        (datetime(2026, 7, 15, 1, 0, tzinfo=UTC), 6, datetime(2027, 1, 15, 9, 0, tzinfo=SHANGHAI)),
        (datetime(2026, 1, 15, 1, 0, tzinfo=UTC), 12, datetime(2027, 1, 15, 9, 0, tzinfo=SHANGHAI)),
    ],
)
def test_six_months_are_calendar_months_in_the_platform_zone(
    start: datetime, months: int, expected: datetime
) -> None:
    """R8 (2021 Art 10 ¶2), R16 (2017 Art 16): "six months" is counted on the calendar of
    the platform's zone, the day clamped at a month's end, the time of day kept."""
    due = add_months(start, months, SHANGHAI)
    assert due == expected
    assert due.utcoffset() == expected.utcoffset()


def test_the_zone_decides_which_month_end_a_registration_counts_from() -> None:
    """R8: the zone is configuration. 2026-08-30T20:00Z is Aug 31 in Shanghai, so six
    months clamp to Feb 28 04:00 there, a day before UTC's Aug 30 + 6 months."""
    registered = datetime(2026, 8, 30, 20, 0, tzinfo=UTC)
    assert add_months(registered, 6, ZoneInfo("UTC")) == datetime(2027, 2, 28, 20, 0, tzinfo=UTC)
    assert add_months(registered, 6, SHANGHAI) == datetime(2027, 2, 27, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2026-01-10", "20260110", " 2026-01-10 ", "2026-01-10T00:00"])
def test_a_bare_date_is_midnight_in_the_platform_zone_in_either_iso_form(text: str) -> None:
    """R18: `2026-01-10` and `20260110` (ISO 8601 basic) are the same day, and a date or a
    time without offset is read in the platform's zone, Asia/Shanghai by default."""
    assert parse_moment(text, DEFAULT_RULES.zone) == datetime(2026, 1, 9, 16, 0, tzinfo=UTC)


def test_a_bare_date_as_of_means_the_whole_day_up_to_its_last_instant() -> None:
    """R18: "as of 2026-01-10" includes the whole day in the platform's zone."""
    for text in ("2026-01-10", "20260110"):
        end = parse_moment(text, SHANGHAI, end_of_day=True)
        assert end == datetime(2026, 1, 10, 15, 59, 59, 999999, tzinfo=UTC)
        assert end.isoformat() == "2026-01-10T23:59:59.999999+08:00"


def test_another_zone_when_configured_and_an_offset_is_always_what_it_says() -> None:
    """R18: a platform configured for UTC reads the same date as UTC's day; a time that
    carries an offset is that instant whatever the zone."""
    assert parse_moment("20260110", ZoneInfo("UTC")) == datetime(2026, 1, 10, tzinfo=UTC)
    given = "2026-01-10T08:00:00+00:00"
    assert parse_moment(given, SHANGHAI) == parse_moment(given, ZoneInfo("UTC"))
    assert parse_moment("2026-01-10T08:00Z", SHANGHAI) == datetime(2026, 1, 10, 8, tzinfo=UTC)


@pytest.mark.parametrize("text", ["yesterday", "2026-13-01", "2026-01-10T25:00", ""])
def test_text_that_is_no_iso_date_or_time_is_refused(text: str) -> None:
    """R18: a bad date is refused naming ISO 8601, never guessed."""
    with pytest.raises(ValueError, match="ISO 8601"):
        parse_moment(text, SHANGHAI)


def test_a_zone_must_be_an_iana_zone() -> None:
    """R18: the platform's zone is configuration, checked when the settings are made."""
    assert LedgerRules(time_zone="UTC").zone == ZoneInfo("UTC")
    for bad in ("Mars/Olympus", "", "+08:00", "../etc/passwd"):
        with pytest.raises(InvalidInput) as refused:
            time_zone(bad)
        assert (refused.value.rule, refused.value.field) == ("time-zone", "time_zone")
    with pytest.raises(InvalidInput, match="time_zone"):
        LedgerRules(time_zone="Mars/Olympus")


def test_months_below_the_laws_six_and_unknown_inactivity_measures_are_refused() -> None:
    """R8 (2021 Art 10 ¶2: measures only after six months), R16 (2017 Art 16: kept at
    least six months): the month settings may be longer, never shorter; the measure on
    inactivity is suspend, close or nothing."""
    assert LedgerRules(inactivity_months=12, record_retention_months=24).inactivity_months == 12
    with pytest.raises(InvalidInput) as refused:
        LedgerRules(inactivity_months=5)
    assert (refused.value.field, refused.value.article) == ("inactivity_months", "2021-10")
    with pytest.raises(InvalidInput) as refused:
        LedgerRules(record_retention_months=3)
    assert (refused.value.field, refused.value.article) == ("record_retention_months", "2017-16")
    with pytest.raises(InvalidInput, match="inactivity_measure"):
        LedgerRules(inactivity_measure="delete")


def test_a_moment_is_shown_on_the_platform_clock_naming_the_zone() -> None:
    """R18: the output says which zone its times are in."""
    moment = datetime(2026, 1, 10, 15, 59, 59, tzinfo=UTC)
    assert local_text(moment, SHANGHAI) == "2026-01-10 23:59:59 +08:00 (Asia/Shanghai)"
    assert local_text(moment, ZoneInfo("UTC")) == "2026-01-10 15:59:59 +00:00 (UTC)"
