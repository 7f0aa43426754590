"""Queries over the disposal register and the holdings (R9, R13, R14, R18)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from accountledger.application import reports
from accountledger.application.commands import (
    AccountCommand,
    ApplyTransfer,
    ApproveTransfer,
    Close,
    FindUnapprovedTransfer,
    LiftRestriction,
    RecordActivity,
    Restrict,
    Suspend,
    VerifyTransferee,
    Warn,
)
from accountledger.application.identity import Identity
from accountledger.domain.act import Role
from accountledger.domain.measures import Measure
from accountledger.projections import queries
from accountledger.projections.view import ReadStore
from tests.application.helpers import GROUNDS, id_card
from tests.projections.conftest import World

LIMIT = timedelta(hours=72)


def measure(world: World, command: AccountCommand, **grounds: Any) -> datetime:
    """Take a measure and return its business time."""
    world.desk.do(command, Role.MODERATOR, **(GROUNDS | grounds))
    return world.desk.now


def view(world: World) -> ReadStore:
    return world.current().view


def ids(rows: list[dict[str, Any]]) -> list[str]:
    return [row["record_id"] for row in rows]


def test_filters_combine_with_and(world: World) -> None:
    """R13, R18: account, subject, measure and decision time narrow the register together."""
    desk = world.desk
    kite, tales = desk.active("Blue Kite", serial=1), desk.active("Stone Tales", serial=2)
    measure(world, Warn(account_id=kite))
    warned_at = measure(world, Warn(account_id=tales))
    measure(world, Suspend(account_id=tales))
    store = view(world)
    tales_ref = world.ledger.account(tales).subject_ref
    assert ids(queries.disposals(store, account=str(kite))) == [f"{kite}/3"]
    assert ids(queries.disposals(store, measure=Measure.WARNING)) == [f"{kite}/3", f"{tales}/3"]
    both = queries.disposals(store, subject=tales_ref, measure="warning", start=warned_at)
    assert ids(both) == [f"{tales}/3"]
    assert queries.disposals(store, account=str(kite), measure=Measure.SUSPENSION) == []
    assert ids(queries.disposals(store, start=warned_at, end=warned_at)) == [f"{tales}/3"]


def test_violation_filter_matches_any_class_a_record_cites(world: World) -> None:
    """R14: a record citing several violation classes is found by each of them."""
    account = world.desk.active("Jade Pottery")
    # Each measure's own record: a credit change may follow it in the same save (R11).
    impersonating = GROUNDS | {"violation": ("2021-18-2", "2022-8-4")}
    warned = world.desk.do(Warn(account_id=account), Role.MODERATOR, **impersonating).records
    false_info = GROUNDS | {"violation": ("2021-18-6",)}
    suspended = world.desk.do(Suspend(account_id=account), Role.MODERATOR, **false_info).records
    store = view(world)
    assert ids(queries.disposals(store, violation="2022-8-4")) == list(warned) == [f"{account}/3"]
    assert ids(queries.disposals(store, violation="2021-18-6")) == list(suspended)
    assert queries.disposals(store, violation="2021-18-9") == []


def test_overdue_lists_only_unreported_records_past_the_limit(world: World) -> None:
    """R13: an unreported record past the report limit is overdue; a reported one never is."""
    account = world.desk.active("Urban Birds")
    first = measure(world, Warn(account_id=account))
    measure(world, Suspend(account_id=account))
    reporter = world.desk.act(Role.COMPLIANCE)
    reports.report_disposal(world.ledger, f"{account}/3", "CAC-2026-7", "online", reporter)
    late = first + LIMIT + timedelta(days=1)
    overdue = queries.disposals(
        view(world), overdue_at=late, report_within=LIMIT, overdue_only=True
    )
    assert ids(overdue) == [f"{account}/4"]
    assert overdue[0]["report_status"] == "overdue"


def test_a_record_within_the_limit_is_unreported_not_overdue(world: World) -> None:
    """R13: overdue only once decided_at plus the limit has passed."""
    account = world.desk.active("River Fishing")
    decided = measure(world, Warn(account_id=account))
    store = view(world)
    (early,) = queries.disposals(store, overdue_at=decided + LIMIT, report_within=LIMIT)
    (late,) = queries.disposals(store, overdue_at=decided + LIMIT + timedelta(seconds=1))
    assert early["report_status"] == "unreported" and late["report_status"] == "overdue"
    (undated,) = queries.disposals(store)
    assert undated["report_status"] == "unreported"


def test_reported_records_show_reported_whatever_the_time(world: World) -> None:
    """R13: the register shows which records were reported, with the reference."""
    account = world.desk.active("Tea House")
    decided = measure(world, Close(account_id=account))
    reports.report_disposal(
        world.ledger, f"{account}/3", "CAC-9", "online", world.desk.act("compliance")
    )
    (row,) = queries.disposals(view(world), overdue_at=decided + 10 * LIMIT)
    assert row["report_status"] == "reported" and row["reported_reference"] == "CAC-9"


def test_as_of_shows_the_register_as_it_stood(world: World) -> None:
    """R18: at a past time, later records, reports and lifts are not yet there."""
    account = world.desk.active("Clay Works")
    restricted = measure(world, Restrict(account_id=account, functions=("comment",)))
    world.desk.do(LiftRestriction(account_id=account, functions=("comment",)), Role.MODERATOR)
    reports.report_disposal(
        world.ledger, f"{account}/3", "CAC-3", "online", world.desk.act("compliance")
    )
    measure(world, Warn(account_id=account))
    store = view(world)
    (then,) = queries.disposals(store, as_of=restricted, report_within=LIMIT)
    assert then["lifted_by"] is None and then["reported_reference"] is None
    assert then["report_status"] == "unreported"
    now = queries.disposals(store, as_of=world.desk.now + LIMIT * 2, report_within=LIMIT)
    assert [r["report_status"] for r in now] == ["reported", "overdue"]
    assert now[0]["lifted_by"] == f"{account}/4"


def test_records_are_ordered_by_decision_time_then_record(world: World) -> None:
    """R13: one order for every export: decided_at, then account and version as a number."""
    desk = world.desk
    late, early = desk.active("Late Shop", serial=1), desk.active("Early Shop", serial=2)
    for _ in range(6):
        desk.do(RecordActivity(account_id=late, kind="login"), Role.PLATFORM)
    measure(world, Warn(account_id=early))
    act = desk.act(Role.MODERATOR, **GROUNDS)
    found_and_closed = FindUnapprovedTransfer(account_id=late, consequence="close")
    world.ledger.handle(found_and_closed, act)  # two measures at one business time
    assert ids(queries.disposals(view(world))) == [f"{early}/3", f"{late}/9", f"{late}/10"]


def test_holdings_give_each_subject_its_period_of_an_account(world: World) -> None:
    """R9, R18: a transfer ends one subject's holding and starts the next one's."""
    desk, ledger = world.desk, world.ledger
    account = desk.active("Passed On", serial=1)
    seller = ledger.account(account).subject_ref
    desk.do(
        ApplyTransfer(account_id=account, transferee=Identity("id_card", id_card(2))), Role.OPERATOR
    )
    desk.do(VerifyTransferee(account_id=account), Role.REVIEWER)
    desk.do(ApproveTransfer(account_id=account), Role.REVIEWER)
    buyer = ledger.account(account).subject_ref
    store = view(world)
    (sold,) = queries.holdings(store, seller)
    (bought,) = queries.holdings(store, buyer)
    assert sold["account_id"] == bought["account_id"] == str(account)
    assert sold["held_until"] == bought["held_from"] == desk.now.isoformat()
    assert bought["held_until"] is None and queries.holdings(store, "s-nobody") == []
