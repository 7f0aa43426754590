"""The rebuild keeps rows in memory and writes each once, in bulk (issue 16 point 4): its
read models are the very rows the incremental catch-up writes, whether every account
fits in memory or accounts leave memory and come back (R16, R18)."""

from __future__ import annotations

from contextlib import suppress
from uuid import UUID

import pytest
from sqlalchemy import JSON, Text, cast, inspect, select

from accountledger.application import appeals, complaints, reports
from accountledger.application.commands import (
    ApplyTransfer,
    ApproveProfileChange,
    ApproveTransfer,
    ChangeName,
    LiftRestriction,
    Restrict,
    Suspend,
    VerifyTransferee,
    Warn,
)
from accountledger.application.identity import Identity
from accountledger.domain.act import Role
from accountledger.domain.errors import LedgerError
from accountledger.projections.replay_check import compare
from accountledger.projections.schema import READ_MODELS
from tests.application.helpers import GROUNDS, id_card
from tests.projections.conftest import World, snapshot


def _history(world: World) -> None:
    """Three accounts whose events interleave, so that an account leaves memory between
    its events; rows in every read model, later events changing earlier rows (a lift,
    a report, an appeal's decision reversing a record, a complaint screened, linked and
    answered)."""
    desk, ledger = world.desk, world.ledger
    world.projection.batch_size = 3  # the catch-up side: many small batches
    lakeside = desk.active("Lakeside Notes")
    hills = desk.active("Hill Country Walks", serial=2)
    harbor = desk.active("Quiet Harbor", serial=3)
    desk.do(Warn(account_id=lakeside), Role.MODERATOR, **GROUNDS)
    desk.do(Restrict(account_id=lakeside, functions=("post",)), Role.MODERATOR, **GROUNDS)
    world.current()
    desk.do(Suspend(account_id=hills), Role.MODERATOR, **GROUNDS)
    appeal = appeals.file(ledger, f"{lakeside}/3", "wrong account", desk.act(Role.OPERATOR))
    complaint = complaints.file_complaint(
        ledger, hills, "2021-18-6", "spam", None, desk.act(Role.PLATFORM)
    )
    desk.do(ChangeName(account_id=harbor, value="Quiet Harbour Cafe"), Role.OPERATOR)
    with suppress(LedgerError):  # a name sent to review waits for its approval
        desk.do(ApproveProfileChange(account_id=harbor, field="name"), Role.REVIEWER)
    world.current()
    transferee = Identity("id_card", id_card(4))
    desk.do(ApplyTransfer(account_id=harbor, transferee=transferee), Role.OPERATOR)
    desk.do(LiftRestriction(account_id=lakeside, functions=("post",)), Role.MODERATOR)
    reports.report_disposal(ledger, f"{hills}/3", "CAC-1", "online", desk.act(Role.COMPLIANCE))
    desk.do(VerifyTransferee(account_id=harbor), Role.REVIEWER)
    complaints.screen(ledger, complaint.id, True, None, None, desk.act(Role.REVIEWER))
    appeals.assign(ledger, appeal.id, "ar-9", desk.act(Role.COMPLIANCE))
    desk.do(Warn(account_id=hills), Role.MODERATOR, **GROUNDS)
    complaints.link(ledger, complaint.id, f"{hills}/4", desk.act(Role.REVIEWER))
    desk.do(ApproveTransfer(account_id=harbor), Role.REVIEWER)
    complaints.answer(ledger, complaint.id, "removed", desk.act(Role.REVIEWER))
    appeals.decide(
        ledger,
        appeal.id,
        "overturned",
        None,
        desk.act(Role.APPEAL_REVIEWER, "ar-9", reason="mistaken"),
    )
    world.current()


@pytest.mark.parametrize(("kept", "page"), [(10_000, 2_000), (1, 1), (2, 3)])
def test_a_rebuild_gives_the_rows_of_the_catch_up_whatever_stays_in_memory(
    world: World, kept: int, page: int
) -> None:
    """R16, R18 (2021 Art 19, 2021 Art 21): every table, row and column of a rebuild equal
    the incremental catch-up's, with every account in memory and with one or two (so
    rows are written, dropped from memory, read back and written again)."""
    _history(world)
    live = snapshot(world.projection)
    assert all(live[table.name] for table in READ_MODELS), "a row in every read model"
    world.projection.accounts_kept, world.projection.rebuild_page = kept, page
    assert world.projection.rebuild() > 0
    assert snapshot(world.projection) == live
    assert compare(world.projection.view, world.ledger).holds


def test_a_rebuild_builds_every_index_of_the_read_models_again(world: World) -> None:
    """R18: the indexes left out during the load are there after it, every one of them."""
    _history(world)
    world.projection.rebuild()
    found = inspect(world.projection.view.engine)
    checked = 0
    for table in READ_MODELS:
        have = {tuple(i["column_names"]) for i in found.get_indexes(table.name)}
        want = {tuple(c.name for c in index.columns) for index in table.indexes}
        assert want <= have, table.name
        checked += len(want - {("account_id",)})
    assert checked >= 8, "the status, subject, name key, measure, date and category indexes"


def test_a_rebuild_after_a_catch_up_continues_from_where_it_stopped(world: World) -> None:
    """R18: after a rebuild the position is the last event, so a catch-up finds nothing
    to do, and a later event is projected onto the rebuilt rows."""
    _history(world)
    world.projection.accounts_kept, world.projection.rebuild_page = 1, 2
    world.projection.rebuild()
    assert world.projection.catch_up() == 0
    first = UUID(str(world.rows("account_status")[0]["account_id"]))
    world.desk.do(Warn(account_id=first), Role.MODERATOR, **GROUNDS)
    rebuilt_then_caught_up = snapshot(world.current())
    world.projection.rebuild()
    assert snapshot(world.projection) == rebuilt_then_caught_up


def _stored_text(world: World) -> dict[str, list[tuple[object, ...]]]:
    """Every read model's rows as the database holds them: JSON columns as their stored
    text, not parsed (the rebuild serialises them itself, past SQLAlchemy)."""
    stored: dict[str, list[tuple[object, ...]]] = {}
    with world.projection.view.engine.connect() as connection:
        for table in READ_MODELS:
            columns = [
                cast(column, Text) if isinstance(column.type, JSON) else column
                for column in table.columns
            ]
            ordered = select(*columns).order_by(*table.primary_key.columns)
            stored[table.name] = [tuple(row) for row in connection.execute(ordered)]
    return stored


def test_a_rebuild_stores_the_very_text_the_catch_up_stores(world: World) -> None:
    """R18: the rebuild's load (`COPY` on PostgreSQL, a prepared executemany on SQLite)
    stores each JSON column's text and each flag exactly as the catch-up's SQLAlchemy
    insert does, a name outside ASCII included, so a byte-level comparison of the two
    finds nothing."""
    desk = world.desk
    account = desk.active("湖畔笔记 Lakeside")
    desk.do(Restrict(account_id=account, functions=("post", "comment")), Role.MODERATOR, **GROUNDS)
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS, evidence=("截图 1",))
    _history(world)
    live = _stored_text(world)
    assert any("湖畔" in str(row) for row in live["public_registry"])
    assert any("\\u622a" in str(row) for row in live["disposal_register"]), "JSON text"
    world.projection.accounts_kept = 1
    world.projection.rebuild()
    assert _stored_text(world) == live
