"""Every column of every read model is checked against a replay of the events
(issue 15 point 4; R13, R16, R18)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Integer, Table, delete, insert, update

from accountledger.application import appeals, complaints
from accountledger.application.commands import (
    ApplyTransfer,
    ApproveTransfer,
    LiftRestriction,
    Restrict,
    VerifyTransferee,
    Warn,
)
from accountledger.application.identity import Identity
from accountledger.domain.act import Role
from accountledger.projections.replay_check import Difference, compare
from accountledger.projections.schema import READ_MODELS
from tests.application.helpers import GROUNDS, id_card
from tests.projections.conftest import World


def _other(table: Table, column: str, value: Any) -> Any:
    """A value of the column's type that differs from `value`."""
    kind = table.c[column].type
    if isinstance(kind, Boolean):
        return not value
    if isinstance(kind, Integer):
        return (value or 0) + 1
    if isinstance(kind, JSON):
        return ["tampered"] if value != ["tampered"] else []
    return "x" if value != "x" else "y"


def _scene(world: World) -> None:
    """A row in every read model: measures, an appeal, a complaint, a transfer."""
    desk = world.desk
    account = desk.active("Lakeside Notes")
    other = desk.active("Hill Country Walks", serial=2)
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    desk.do(Restrict(account_id=account, functions=("post",)), Role.MODERATOR, **GROUNDS)
    desk.do(LiftRestriction(account_id=account, functions=("post",)), Role.MODERATOR)
    appeals.file(world.ledger, f"{account}/3", "wrong account", desk.act(Role.OPERATOR))
    complaints.file_complaint(
        world.ledger, account, "2021-18-6", "spam", None, desk.act(Role.PLATFORM)
    )
    transferee = Identity("id_card", id_card(3))
    desk.do(ApplyTransfer(account_id=other, transferee=transferee), Role.OPERATOR)
    desk.do(VerifyTransferee(account_id=other), Role.REVIEWER)
    desk.do(ApproveTransfer(account_id=other), Role.REVIEWER)
    world.current()


def _found(world: World) -> list[Difference]:
    return compare(world.projection.view, world.ledger).differences


def _change(world: World, table: Table, key: str, **values: Any) -> None:
    (column,) = table.primary_key.columns
    with world.projection.view.engine.begin() as connection:
        connection.execute(update(table).where(column == key).values(**values))


def test_a_change_to_any_column_of_any_read_model_is_named(world: World) -> None:
    """R16 (2021 Art 19), R18 (2021 Art 21): each column of each read model, changed by
    hand, is named alone with its stored and replayed values."""
    _scene(world)
    assert _found(world) == []
    checked = 0
    for table in READ_MODELS:
        rows = world.projection.view.rows(table.name)
        assert rows, table.name
        (key_column,) = table.primary_key.columns
        row, key = rows[0], str(rows[0][key_column.name])
        for column in [c.name for c in table.columns if c is not key_column]:
            changed = _other(table, column, row[column])
            _change(world, table, key, **{column: changed})
            assert _found(world) == [Difference(table.name, key, column, changed, row[column])]
            _change(world, table, key, **{column: row[column]})
            checked += 1
    assert checked == sum(len(table.columns) - 1 for table in READ_MODELS)


def test_a_row_removed_or_added_by_hand_is_named(world: World) -> None:
    """R13, R16 (2021 Art 19): a register row deleted, and one made up, are both named."""
    _scene(world)
    table = READ_MODELS[1]
    real = world.projection.view.rows(table.name)[0]
    made_up = real | {"record_id": f"{real['account_id']}/99"}
    with world.projection.view.engine.begin() as connection:
        connection.execute(delete(table).where(table.c.record_id == real["record_id"]))
        connection.execute(insert(table).values(**made_up))
    assert _found(world) == [
        Difference(table.name, real["record_id"], None, None, real),
        Difference(table.name, made_up["record_id"], None, made_up, None),
    ]
