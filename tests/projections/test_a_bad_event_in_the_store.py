"""A stored event the read models cannot take stops the projection with a clear error
naming it, and leaves the read models as they were: never half-dropped by a rebuild
(issue 15 point 1; R16, R18)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from uuid import UUID

import pytest

from accountledger.application.commands import Warn
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Act, Role
from accountledger.domain.rules import DEFAULT_RULES
from accountledger.projections.projector import ProjectionStalled
from tests.application.helpers import GROUNDS
from tests.projections.conftest import World, snapshot

# In UTC this is 10000-01-01: converting it overflows (OverflowError).
BEYOND_TIME = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-14)))


def inject_overflowing_expiry(ledger: Ledger, account: UUID, act: Act) -> int:
    """Record a restriction until BEYOND_TIME straight on the aggregate, as an earlier
    main let through its edges; return its notification id."""
    found = ledger.account(account)
    found.restrict(["post"], BEYOND_TIME, DEFAULT_RULES, act=act)
    ledger.save(found)
    return int(ledger.recorder.max_notification_id() or 0)


def _world_with_history(world: World) -> UUID:
    """Two accounts, one warned, projected; returns the warned one."""
    warned = world.desk.active("Clock Tower", serial=1)
    world.desk.active("Old Pottery", serial=2)
    world.desk.do(Warn(account_id=warned), Role.MODERATOR, **GROUNDS)
    world.current()
    return warned


def test_catch_up_stops_at_an_event_it_cannot_apply_naming_it(world: World) -> None:
    """R16, R18 (2021 Art 19): the projection names the notification and topic it cannot
    apply; the read models and their position stay as they were before it."""
    account = _world_with_history(world)
    before = snapshot(world.projection)
    bad = inject_overflowing_expiry(
        world.ledger, account, world.desk.act(Role.MODERATOR, **GROUNDS)
    )
    with pytest.raises(ProjectionStalled) as stopped:
        world.projection.catch_up()
    assert stopped.value.notification_id == bad
    assert "FunctionsRestricted" in stopped.value.topic
    assert f"notification {bad}" in str(stopped.value)
    assert "OverflowError" in str(stopped.value)
    assert snapshot(world.projection) == before


def test_rebuild_leaves_the_read_models_as_they_were_when_an_event_cannot_be_applied(
    world: World,
) -> None:
    """R16, R18 (2021 Art 19, 2021 Art 21): a rebuild that meets an event it cannot apply
    stops naming it and rolls back; the read models are exactly as before, never
    dropped and half-filled (account_status was left empty before issue 15)."""
    account = _world_with_history(world)
    before = snapshot(world.projection)
    assert before["account_status"], "the accounts are projected"
    bad = inject_overflowing_expiry(
        world.ledger, account, world.desk.act(Role.MODERATOR, **GROUNDS)
    )
    with pytest.raises(ProjectionStalled) as stopped:
        world.projection.rebuild()
    assert stopped.value.notification_id == bad
    assert snapshot(world.projection) == before


def test_a_rebuild_without_bad_events_gives_the_same_read_models(world: World) -> None:
    """R18 (2021 Art 21): the rebuild in one transaction still rebuilds every read model
    from the first event, row for row."""
    _world_with_history(world)
    before = snapshot(world.projection)
    assert world.projection.rebuild() > 0
    assert snapshot(world.projection) == before
    assert world.projection.catch_up() == 0  # the position was rebuilt too
