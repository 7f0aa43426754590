"""Statistics for the authority and for management, per period, from the read models.

What happened in a period is counted by when it happened (business time, in the
platform's zone through `Period.bounds`): measures by `decided_at` (2021 Art 19),
appeals by `filed_at` and `decided_at`, complaints by `received_at` and `answered_at`
(2021 Art 20), registrations by `registered_at`, refusals by when the account was
refused. Accounts by status is the status each account registered by the end of the
period has now (the read model holds the current status, not the status on a day).
`docs/statistics.md` says what every figure means; the tests check each against counts
taken from the events themselves.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select

from accountledger.domain.periods import Period
from accountledger.projections.schema import account_status, appeals, complaints, iso
from accountledger.projections.schema import disposal_register as register
from accountledger.projections.view import ReadStore

# A measure on administrative grounds cites no violation class (2021 Art 10, 2022 Art 15).
NO_VIOLATION = "none"


@dataclass(frozen=True)
class Measures:
    total: int
    by_kind: dict[str, int]
    by_violation: dict[str, int]


@dataclass(frozen=True)
class Reports:
    """Reportable measures decided in the period, and how many were reported in time."""

    reportable: int
    reported: int
    reported_in_time: int
    share_in_time: float | None
    report_within_hours: float


@dataclass(frozen=True)
class Appeals:
    filed: int
    decided: int
    overturned: int
    by_outcome: dict[str, int]
    decided_in_time: int
    mean_days_to_decision: float | None
    median_days_to_decision: float | None
    max_days_to_decision: float | None


@dataclass(frozen=True)
class Complaints:
    received: int
    answered: int
    answered_in_time: int
    share_in_time: float | None


@dataclass(frozen=True)
class Accounts:
    registered: int
    by_status: dict[str, int]


@dataclass(frozen=True)
class Refusals:
    total: int
    by_rule: dict[str, int]


@dataclass(frozen=True)
class Statistics:
    """Every figure of one period (issue 17), as plain values for every edge."""

    period: dict[str, str]
    measures: Measures
    reports: Reports
    appeals: Appeals
    complaints: Complaints
    accounts: Accounts
    refused_registrations: Refusals

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def rows(self) -> list[tuple[str, str, str, Any]]:
        """One row per figure: (section, figure, key, value); a count by key is a row a key."""
        found: list[tuple[str, str, str, Any]] = []
        for section, figures in self.as_dict().items():
            if section == "period":
                continue
            for figure, value in figures.items():
                if isinstance(value, dict):
                    found.extend((section, figure, key, n) for key, n in value.items())
                else:
                    found.append((section, figure, "", value))
        return found


def _sorted(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items()))


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


def _days(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)) / timedelta(days=1)


def _fetch(view: ReadStore, query: Select[Any]) -> list[dict[str, Any]]:
    with view.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def _within(column: Any, start: str, end: str) -> Any:
    # Stored times are ISO 8601 in UTC, which sort as the times they name.
    return (column >= start) & (column < end)


def _measures(rows: list[dict[str, Any]]) -> Measures:
    violations = Counter(v for row in rows for v in (row["violation"] or [NO_VIOLATION]))
    return Measures(len(rows), _sorted(Counter(r["measure"] for r in rows)), _sorted(violations))


def _reports(rows: list[dict[str, Any]], within: timedelta) -> Reports:
    reportable = [row for row in rows if row["reportable"]]
    reported = [row for row in reportable if row["reported_at"] is not None]
    in_time = [
        row
        for row in reported
        if datetime.fromisoformat(row["reported_at"])
        <= datetime.fromisoformat(row["decided_at"]) + within
    ]
    hours = within / timedelta(hours=1)
    return Reports(
        len(reportable), len(reported), len(in_time), _share(len(in_time), len(reportable)), hours
    )


def _appeals(view: ReadStore, start: str, end: str) -> Appeals:
    c = appeals.c
    filed = _fetch(view, select(c.appeal_id).where(_within(c.filed_at, start, end)))
    decided = _fetch(
        view,
        select(c.outcome, c.filed_at, c.decided_at, c.feedback_deadline).where(
            c.decided_at.is_not(None), _within(c.decided_at, start, end)
        ),
    )
    days = [_days(row["filed_at"], row["decided_at"]) for row in decided]
    outcomes = Counter(str(row["outcome"]) for row in decided)
    return Appeals(
        filed=len(filed),
        decided=len(decided),
        overturned=outcomes["overturned"],
        by_outcome=_sorted(outcomes),
        decided_in_time=sum(row["decided_at"] <= row["feedback_deadline"] for row in decided),
        mean_days_to_decision=round(sum(days) / len(days), 2) if days else None,
        median_days_to_decision=round(median(days), 2) if days else None,
        max_days_to_decision=round(max(days), 2) if days else None,
    )


def _complaints(view: ReadStore, start: str, end: str) -> Complaints:
    c = complaints.c
    received = _fetch(view, select(c.complaint_id).where(_within(c.received_at, start, end)))
    answered = _fetch(
        view,
        select(c.answered_at, c.feedback_deadline).where(
            c.answered_at.is_not(None), _within(c.answered_at, start, end)
        ),
    )
    in_time = sum(row["answered_at"] <= row["feedback_deadline"] for row in answered)
    return Complaints(len(received), len(answered), in_time, _share(in_time, len(answered)))


def _accounts(view: ReadStore, start: str, end: str) -> Accounts:
    # Counted by the database: every account ever registered may be in the answer.
    c = account_status.c
    by_status = select(c.status, func.count()).where(c.registered_at < end).group_by(c.status)
    registered = select(func.count()).where(_within(c.registered_at, start, end))
    with view.engine.connect() as connection:
        counts = {str(status): int(n) for status, n in connection.execute(by_status)}
        return Accounts(
            int(connection.execute(registered).scalar() or 0), dict(sorted(counts.items()))
        )


def _refusals(view: ReadStore, start: str, end: str) -> Refusals:
    c = account_status.c
    refused = _fetch(
        view,
        select(c.refused_rules).where(c.status == "refused", _within(c.status_since, start, end)),
    )
    rules = Counter(rule for row in refused for rule in row["refused_rules"] or [])
    return Refusals(len(refused), _sorted(rules))


def _stored(moment: datetime) -> str:
    text = iso(moment)
    assert text is not None
    return text


def statistics(
    view: ReadStore, period: Period, zone: ZoneInfo, report_within: timedelta
) -> Statistics:
    """Every figure of `period` in `zone`, from the read models (issue 17; R13-R15)."""
    first, after = period.bounds(zone)
    start, end = _stored(first), _stored(after)
    c = register.c
    measures = _fetch(
        view,
        select(c.measure, c.violation, c.reportable, c.decided_at, c.reported_at).where(
            _within(c.decided_at, start, end)
        ),
    )
    shown = {
        "label": period.label,
        "kind": period.kind,
        "first_day": period.first.isoformat(),
        "last_day": period.last.isoformat(),
        "from": first.isoformat(),
        "until": after.isoformat(),
        "time_zone": zone.key,
    }
    return Statistics(
        shown,
        _measures(measures),
        _reports(measures, report_within),
        _appeals(view, start, end),
        _complaints(view, start, end),
        _accounts(view, start, end),
        _refusals(view, start, end),
    )
