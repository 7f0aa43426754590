"""Statistics per period (issue 17): every figure the read models give is the count taken
by replaying the events themselves, on SQLite and PostgreSQL (R13-R15; 2021 Art 19, 20).

The replay below reads the store's notifications and decodes each event; it asks the
domain's catalogues (which event is a measure, which grounds are reportable) and nothing
of the read models.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger, open_projection
from accountledger.application import appeals, complaints, reports
from accountledger.application.commands import (
    CeaseAds,
    Close,
    RecordActivity,
    RefuseRegistration,
    Suspend,
    Warn,
)
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.articles import reportable
from accountledger.domain.measures import MEASURE_BY_EVENT
from accountledger.domain.periods import Period, parse_period
from accountledger.projections.projector import LedgerProjection
from accountledger.projections.statistics import Statistics, statistics
from tests.application.helpers import GROUNDS, Desk
from tests.stores import store_for

ZONE = ZoneInfo("Asia/Shanghai")
WITHIN = timedelta(hours=72)
ADMIN = {"reason": "no login for six months", "basis": ("2021-10",)}
FALSE_NEWS = {**GROUNDS, "violation": ("2021-18-6",)}


@pytest.fixture(params=["sqlite", "postgres"])
def scene(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Ledger, Any]]:
    with store_for(request.param, tmp_path) as (url, keys):
        settings = Settings(store=url, keystore=keys)
        ledger = open_ledger(settings)
        projection = open_projection(ledger, settings)
        _play(Desk(ledger))
        projection.catch_up()
        yield ledger, projection
        projection.view.close()
        ledger.close()


def _measure(desk: Desk, account: Any, command: Any, **grounds: Any) -> str:
    (record,) = desk.do(command(account_id=account), Role.MODERATOR, **grounds).records
    return str(record)


def _appeal(desk: Desk, record: str, outcome: str, wait: timedelta) -> None:
    ledger = desk.ledger
    filed = appeals.file(ledger, record, "I did not do this", desk.act(Role.OPERATOR))
    appeals.assign(ledger, filed.id, "ar-2", desk.act(Role.APPEAL_REVIEWER))
    desk.now += wait
    act = desk.act(Role.APPEAL_REVIEWER, "ar-2", reason="weighed the evidence")
    until = desk.now + timedelta(days=10) if outcome == "varied" else None
    appeals.decide(ledger, filed.id, outcome, until, act)


def _complaint(desk: Desk, account: Any, answer_after: timedelta | None) -> None:
    ledger = desk.ledger
    filed = complaints.file_complaint(
        ledger, account, "2021-18-6", "a made-up flood", None, desk.act(Role.PLATFORM)
    )
    if answer_after is not None:
        complaints.screen(ledger, filed.id, True, None, None, desk.act(Role.MODERATOR))
        desk.now += answer_after
        complaints.answer(ledger, filed.id, "we warned the account", desk.act(Role.MODERATOR))


def _report(desk: Desk, record: str, after: timedelta) -> None:
    desk.now += after
    reports.report_disposal(desk.ledger, record, "CAC-1", "online", desk.act(Role.COMPLIANCE))


def _play(desk: Desk) -> None:
    """January to March (Q1) and April (Q2) of 2026: measures of several kinds, reports in time and
    late, appeals overturned and upheld (one decided late), complaints answered in time,
    late and not at all, registrations refused for identity and for a barred name."""
    desk.now = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
    accounts = [desk.active(f"Garden {n}", serial=n) for n in range(1, 6)]
    for account in accounts:
        desk.do(RecordActivity(account_id=account, kind="login"), Role.OPERATOR)
    warned = _measure(desk, accounts[0], Warn, **GROUNDS)
    _report(desk, warned, timedelta(hours=2))  # in time
    late = _measure(desk, accounts[1], Warn, **FALSE_NEWS)
    _report(desk, late, timedelta(hours=100))  # late
    _measure(desk, accounts[2], CeaseAds, **FALSE_NEWS)  # never reported
    closed = _measure(desk, accounts[3], Close, **GROUNDS)
    _appeal(desk, closed, "overturned", timedelta(days=3))
    upheld = _measure(desk, accounts[4], Warn, **GROUNDS)
    _appeal(desk, upheld, "upheld", timedelta(days=20))  # past the 15-day limit
    _complaint(desk, accounts[0], timedelta(days=2))
    _complaint(desk, accounts[1], timedelta(days=9))  # past the 7-day limit
    _complaint(desk, accounts[2], None)
    desk.do(
        RefuseRegistration(account_id=desk.register("Borrowed", 20)),
        Role.REVIEWER,
        reason="borrowed identity",
    )
    gone = desk.active("Harbor Sunsets", serial=21)
    desk.do(Close(account_id=gone), Role.MODERATOR, **GROUNDS)
    lookalike = desk.register("Harbor Sunsets Official", serial=22)
    desk.do(RefuseRegistration(account_id=lookalike), Role.REVIEWER, reason="lookalike")
    desk.now = datetime(2026, 4, 2, 1, 0, tzinfo=UTC)
    later = desk.active("April Garden", serial=30)
    desk.do(RecordActivity(account_id=later, kind="login"), Role.OPERATOR)
    suspended = _measure(desk, later, Suspend, **GROUNDS)
    _report(desk, suspended, timedelta(hours=1))
    _measure(desk, later, Warn, **ADMIN)  # administrative: no violation, not reportable
    _appeal(desk, suspended, "varied", timedelta(days=1))


# ------------------------------------------------------------------ the replay


def _events(ledger: Ledger) -> list[Any]:
    stored = ledger.recorder.select_notifications(start=1, limit=1_000_000)
    return [ledger.mapper.to_domain_event(n) for n in stored]


def _in(moment: datetime, period: Period) -> bool:
    first, after = period.bounds(ZONE)
    return first <= moment < after


def _aggregate(event: Any) -> str:
    return type(event).__qualname__.split(".")[0]


def replayed(ledger: Ledger, period: Period) -> dict[str, Any]:
    """The figures of `period` counted from the events, independent of the read models."""
    events = _events(ledger)
    first, after = period.bounds(ZONE)
    measures = [
        e
        for e in events
        if _aggregate(e) == "Account"
        and type(e).__name__ in MEASURE_BY_EVENT
        and _in(e.act.occurred_at, period)
    ]
    decided = {f"{e.originator_id}/{e.originator_version}": e for e in measures}
    reported = {
        e.record_id: e.act.occurred_at
        for e in events
        if _aggregate(e) == "DisposalReport" and type(e).__name__ == "Reported"
    }
    due = [r for r, e in decided.items() if reportable(tuple(e.act.basis), tuple(e.act.violation))]
    in_time = [
        r for r in due if r in reported and reported[r] <= decided[r].act.occurred_at + WITHIN
    ]
    appeal_events = [e for e in events if _aggregate(e) == "Appeal"]
    filed = {
        e.originator_id: e.act.occurred_at for e in appeal_events if type(e).__name__ == "Filed"
    }
    decisions = [
        e for e in appeal_events if type(e).__name__ == "Decided" and _in(e.act.occurred_at, period)
    ]
    received = [
        e for e in events if _aggregate(e) == "Complaint" and type(e).__name__ == "Received"
    ]
    deadline = {e.originator_id: e.deadline for e in received}
    answered = [
        e
        for e in events
        if _aggregate(e) == "Complaint"
        and type(e).__name__ == "Answered"
        and _in(e.act.occurred_at, period)
    ]
    status: dict[Any, str] = {}
    registered: dict[Any, datetime] = {}
    refused: dict[Any, Any] = {}
    for e in events:
        if _aggregate(e) != "Account":
            continue
        status[e.originator_id] = e.status
        if type(e).__name__ == "Registered":
            registered[e.originator_id] = e.act.occurred_at
            review = e.review
        if type(e).__name__ == "RegistrationRefused" and _in(e.act.occurred_at, period):
            refused[e.originator_id] = review
    by_rule = Counter(
        r for found in refused.values() for r in ({f["rule"] for f in found} or {"identity"})
    )
    days = [(e.act.occurred_at - filed[e.originator_id]) / timedelta(days=1) for e in decisions]
    return {
        "measures": {
            "total": len(measures),
            "by_kind": dict(Counter(MEASURE_BY_EVENT[type(e).__name__].value for e in measures)),
            "by_violation": dict(
                Counter(v for e in measures for v in (e.act.violation or ("none",)))
            ),
        },
        "reports": {
            "reportable": len(due),
            "reported": len([r for r in due if r in reported]),
            "reported_in_time": len(in_time),
        },
        "appeals": {
            "filed": sum(_in(t, period) for t in filed.values()),
            "decided": len(decisions),
            "overturned": sum(e.outcome == "overturned" for e in decisions),
            "by_outcome": dict(Counter(e.outcome for e in decisions)),
            "max_days": round(max(days), 2) if days else None,
            "in_time": sum(e.act.occurred_at <= e.deadline for e in decisions)
            if decisions and hasattr(decisions[0], "deadline")
            else None,
        },
        "complaints": {
            "received": sum(_in(e.act.occurred_at, period) for e in received),
            "answered": len(answered),
            "answered_in_time": sum(
                e.act.occurred_at <= deadline[e.originator_id] for e in answered
            ),
        },
        "accounts": {
            "registered": sum(_in(t, period) for t in registered.values()),
            "by_status": dict(Counter(status[a] for a, t in registered.items() if t < after)),
        },
        "refused": {"total": len(refused), "by_rule": dict(by_rule)},
        "first": first,
    }


def _figures(found: Statistics) -> dict[str, Any]:
    return found.as_dict()


@pytest.mark.parametrize(
    "text",
    ["2026-Q1", "2026-Q2", "2026-01", "2026-02", "2026-04", "2026-W02", "2026-01-05..2026-01-08"],
)
def test_every_figure_is_the_count_a_replay_of_the_events_gives(
    scene: tuple[Ledger, LedgerProjection], text: str
) -> None:
    """Issue 17; R13 (2021 Art 19 reports), R15 (2021 Art 20 appeals and complaints): the
    statistics of each period equal the counts taken from the events themselves."""
    ledger, projection = scene
    period = parse_period(text)
    found = _figures(statistics(projection.view, period, ZONE, WITHIN))
    expected = replayed(ledger, period)
    assert found["measures"] == expected["measures"]
    assert {k: found["reports"][k] for k in expected["reports"]} == expected["reports"]
    appeal = found["appeals"]
    for key in ("filed", "decided", "overturned", "by_outcome"):
        assert appeal[key] == expected["appeals"][key]
    assert appeal["max_days_to_decision"] == expected["appeals"]["max_days"]
    assert {k: found["complaints"][k] for k in expected["complaints"]} == expected["complaints"]
    assert found["accounts"] == expected["accounts"]
    assert found["refused_registrations"] == expected["refused"]


def test_the_scene_gives_the_figures_it_was_built_for(
    scene: tuple[Ledger, LedgerProjection],
) -> None:
    """Issue 17: the first quarter as built: six measures, three reportable records of
    which one reported in time, one appeal overturned and one upheld late, one complaint
    answered in time of two, two refusals (identity; a name associated with a barred one)."""
    _, projection = scene
    q1 = statistics(projection.view, parse_period("2026-Q1"), ZONE, WITHIN)
    assert q1.measures.total == 6
    assert q1.measures.by_kind == {"ads_ceased": 1, "closure": 2, "warning": 3}
    assert q1.reports.reportable == 6 and q1.reports.reported == 2
    assert q1.reports.reported_in_time == 1 and q1.reports.share_in_time == round(1 / 6, 4)
    assert (q1.appeals.filed, q1.appeals.decided, q1.appeals.overturned) == (2, 2, 1)
    assert q1.appeals.decided_in_time == 1
    assert (q1.complaints.received, q1.complaints.answered) == (3, 2)
    assert q1.complaints.answered_in_time == 1 and q1.complaints.share_in_time == 0.5
    assert q1.refused_registrations.total == 2
    rules = {"associated-with-barred-name": 1, "identity": 1, "self-inflating": 1}
    assert q1.refused_registrations.by_rule == rules
    q2 = statistics(projection.view, parse_period("2026-Q2"), ZONE, WITHIN)
    assert q2.measures.by_violation == {"2021-18-2": 1, "none": 1}
    assert q2.reports.reportable == 1 and q2.reports.share_in_time == 1.0
    assert q2.appeals.by_outcome == {"varied": 1} and q2.appeals.filed == 1
    assert q2.accounts.registered == 1
