"""The seal on the history (R16): every kind of tampering through SQL is caught by `verify`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.chain import GENESIS, event_hash, unwrap, wrap
from accountledger.application.commands import Warn
from accountledger.application.integrity import Finding, seal_checkpoint, verify
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.checkpoints import Checkpoints
from tests.application.helpers import GROUNDS, Desk
from tests.stores import store_for
from tests.tampering import Tamper


class Scene:
    """Two accounts with some history, sealed by a checkpoint, and a way to tamper."""

    def __init__(self, ledger: Ledger, tamper: Tamper) -> None:
        self.ledger = ledger
        self.tamper = tamper
        self.desk = Desk(ledger)
        self.account = self.desk.active("Lakeside Notes", serial=1)
        self.other = self.desk.active("Hill Country Walks", serial=2)
        for _ in range(4):
            self.desk.do(Warn(account_id=self.account), Role.MODERATOR, **GROUNDS)
        self.desk.do(Warn(account_id=self.other), Role.MODERATOR, **GROUNDS)
        self.seal()

    def seal(self) -> None:
        seal_checkpoint(self.ledger, self.desk.act(Role.SYSTEM))

    def findings(self) -> dict[str, Finding]:
        fresh = open_ledger(self.settings)
        try:
            return {f.aggregate_id: f for f in verify(fresh).findings}
        finally:
            fresh.close()

    def finding(self, aggregate: UUID) -> Finding:
        return self.findings()[str(aggregate)]


@pytest.fixture(params=["sqlite", "postgres"])
def scene(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Scene]:
    with store_for(request.param, tmp_path) as (url, keys):
        settings = Settings(store=url, keystore=keys)
        ledger = open_ledger(settings)
        made = Scene(ledger, Tamper(url, ledger.recorder.events_table_name))
        made.settings = settings  # type: ignore[attr-defined]
        yield made
        ledger.close()


def test_an_untouched_store_verifies_with_its_checkpoint(scene: Scene) -> None:
    """R16: the history as written holds, and the checkpoint seals every event."""
    result = verify(scene.ledger)
    assert result.holds, result.findings
    assert result.checkpoints == 1
    assert result.latest is not None and result.latest.events == result.events
    assert result.aggregates >= 2


def test_every_stored_event_carries_its_hash_and_its_predecessors(scene: Scene) -> None:
    """R16: each event's hash is SHA-256 over the documented encoding, chained from genesis."""
    rows = scene.tamper.rows(scene.account)
    prev = GENESIS
    for _, version, topic, state in rows:
        seal = unwrap(state)
        assert seal.prev == prev
        assert seal.hash == event_hash(str(scene.account), version, topic, prev, seal.inner)
        prev = seal.hash


def test_a_changed_byte_is_caught_as_an_edit(scene: Scene) -> None:
    """R16: one byte changed inside an event is reported at that version."""
    scene.tamper.flip_byte(scene.account, 3)
    finding = scene.finding(scene.account)
    assert (finding.kind, finding.version) == ("edited", 3)


def test_a_changed_seal_is_caught_as_an_edit(scene: Scene) -> None:
    """R16: a hash rewritten in the envelope does not match the content it seals."""
    scene.tamper.flip_byte(scene.account, 2, at=30)
    finding = scene.finding(scene.account)
    assert (finding.kind, finding.version) == ("edited", 2)


def test_a_deleted_event_is_caught(scene: Scene) -> None:
    """R16: a row removed from the middle of a history leaves a gap the walk reports."""
    scene.tamper.delete(scene.account, 3)
    finding = scene.finding(scene.account)
    assert (finding.kind, finding.version) == ("deleted", 3)


def test_a_deleted_event_with_the_rest_renumbered_is_caught(scene: Scene) -> None:
    """R16: closing the gap by renumbering does not hide the deletion."""
    scene.tamper.delete(scene.account, 3)
    scene.tamper.shift_versions(scene.account, 4, -1)
    finding = scene.finding(scene.account)
    assert (finding.kind, finding.version) == ("deleted", 3)


def test_two_swapped_events_are_caught_as_reordered(scene: Scene) -> None:
    """R16: two events exchanged in place are reported as a reordering."""
    scene.tamper.swap_states(scene.account, 3, 4)
    finding = scene.finding(scene.account)
    assert (finding.kind, finding.version) == ("reordered", 3)


def test_two_events_swapped_in_the_log_are_caught_as_reordered(scene: Scene) -> None:
    """R16: the log's order of one history must follow its versions."""
    scene.tamper.swap_positions(scene.account, 3, 4)
    finding = scene.finding(scene.account)
    assert finding.kind == "reordered"


def test_a_forged_copy_appended_to_a_history_is_caught_as_inserted(scene: Scene) -> None:
    """R16: a row copied from another version does not fit where it was put."""
    rows = scene.tamper.rows(scene.account)
    _, _, topic, state = rows[1]
    scene.tamper.insert(scene.account, rows[-1][1] + 1, topic, state)
    finding = scene.finding(scene.account)
    assert (finding.kind, finding.version) == ("inserted", rows[-1][1] + 1)


def test_a_forged_event_chained_into_the_middle_is_caught_as_inserted(scene: Scene) -> None:
    """R16: an event sealed correctly onto version 2, with the rest moved up, is caught."""
    rows = scene.tamper.rows(scene.account)
    _, _, topic, state = rows[2]
    inner = unwrap(state).inner.replace(b"impersonated", b"was praised for")
    prev = unwrap(rows[1][3]).hash
    forged = wrap(prev, event_hash(str(scene.account), 3, topic, prev, inner), inner)
    scene.tamper.shift_versions(scene.account, 3, +1)
    scene.tamper.insert(scene.account, 3, topic, forged)
    finding = scene.finding(scene.account)
    assert (finding.kind, finding.version) == ("inserted", 4)


def test_a_truncated_history_is_caught_by_the_checkpoint(scene: Scene) -> None:
    """R16: the last events of a history removed leave a valid chain, not a valid checkpoint."""
    last = scene.tamper.rows(scene.account)[-1][1]
    scene.tamper.delete(scene.account, last, last - 1)
    finding = scene.finding(scene.account)
    assert (finding.kind, finding.version) == ("truncated", last - 1)


def test_a_deleted_aggregate_is_caught_by_the_checkpoint(scene: Scene) -> None:
    """R16: a whole history removed is missing from the heads the checkpoint sealed."""
    scene.tamper.delete_aggregate(scene.other)
    finding = scene.finding(scene.other)
    assert finding.kind == "deleted"


def test_a_rewritten_and_rechained_history_no_longer_matches_its_checkpoint(
    scene: Scene,
) -> None:
    """R16: even a forger who recomputes every hash of a history is caught by the checkpoint."""
    rows = scene.tamper.rows(scene.account)
    prev = GENESIS
    for _, version, topic, state in rows:
        inner = unwrap(state).inner
        if version == 3:
            inner = inner.replace(b"impersonated", b"was praised for")
        own = event_hash(str(scene.account), version, topic, prev, inner)
        scene.tamper.set_state(scene.account, version, wrap(prev, own, inner))
        prev = own
    finding = scene.finding(scene.account)
    assert (finding.kind, finding.version) == ("edited", rows[-1][1])
    assert "checkpoint 1" in finding.detail


def test_events_after_the_checkpoint_verify_and_a_new_checkpoint_seals_them(
    scene: Scene,
) -> None:
    """R16: history goes on after a checkpoint; the next checkpoint seals only what changed."""
    scene.desk.do(Warn(account_id=scene.other), Role.MODERATOR, **GROUNDS)
    before = verify(scene.ledger)
    assert before.holds and before.as_dict()["unsealed_events"] == 1
    scene.seal()
    after = verify(scene.ledger)
    assert after.holds and after.checkpoints == 2
    assert after.as_dict()["unsealed_events"] == 0
    assert seal_checkpoint(scene.ledger, scene.desk.act(Role.SYSTEM)) is None


def test_a_lost_race_does_not_break_the_chain(scene: Scene) -> None:
    """R16: a save that loses to another writer leaves no hash behind to chain onto."""
    rival = open_ledger(scene.settings)  # type: ignore[attr-defined]
    try:
        scene.ledger.account(scene.other)  # this ledger caches the head it knows
        desk = Desk(rival)
        desk.now = scene.desk.now
        desk.do(Warn(account_id=scene.other), Role.MODERATOR, **GROUNDS)
        scene.desk.now = desk.now
        scene.desk.do(Warn(account_id=scene.other), Role.MODERATOR, **GROUNDS)
        scene.desk.do(Warn(account_id=scene.other), Role.MODERATOR, **GROUNDS)
    finally:
        rival.close()
    assert verify(scene.ledger).holds


# ------------------------------------------- deletion after the latest checkpoint


def _newest_of_one_history_deleted(scene: Scene) -> int:
    """After the checkpoint: two warnings on `other`, one on `account`; `other`'s newest
    row deleted. Its chain is whole, so only the log can show it; its position."""
    scene.desk.do(Warn(account_id=scene.other), Role.MODERATOR, **GROUNDS)
    scene.desk.do(Warn(account_id=scene.other), Role.MODERATOR, **GROUNDS)
    scene.desk.do(Warn(account_id=scene.account), Role.MODERATOR, **GROUNDS)
    position, version, _, _ = scene.tamper.rows(scene.other)[-1]
    scene.tamper.delete(scene.other, version)
    return position


def test_a_deletion_after_the_latest_checkpoint_is_never_passed_as_holding_strictly(
    scene: Scene,
) -> None:
    """R16 (2021 Art 19, 2017 Art 16): a history's newest event deleted after the latest
    checkpoint leaves a whole chain; verify counts the events not yet under a checkpoint
    and names the position missing from the log, and does not hold strictly."""
    position = _newest_of_one_history_deleted(scene)
    fresh = open_ledger(scene.settings)  # type: ignore[attr-defined]
    try:
        result = verify(fresh)
    finally:
        fresh.close()
    assert result.holds  # no break a chain or a checkpoint can prove
    assert not result.holds_strictly
    assert result.unsealed == 2  # the warnings left: one on `other`, one on `account`
    assert (result.missing, result.gaps) == (1, [(position, position)])
    printed = result.as_dict()
    assert printed["unsealed_events"] == 2 and printed["missing_positions"] == 1
    assert printed["gaps"] == [[position, position]] and printed["holds_strictly"] is False


def test_a_fresh_checkpoint_leaves_nothing_unprotected(scene: Scene) -> None:
    """R16: events recorded after a checkpoint are unsealed until the next one; once it
    is sealed the history holds strictly, with no position missing."""
    scene.desk.do(Warn(account_id=scene.other), Role.MODERATOR, **GROUNDS)
    assert not verify(scene.ledger).holds_strictly
    scene.seal()
    result = verify(scene.ledger)
    assert result.holds_strictly
    assert (result.unsealed, result.missing, result.gaps) == (0, 0, [])


def test_a_gap_under_a_checkpoint_is_no_finding(scene: Scene) -> None:
    """R16: a write that lost a race takes a number from PostgreSQL's sequence and leaves
    a gap in the log; under a checkpoint, chains and heads find every deletion, so the
    gap is not reported and the history holds strictly."""
    rival = open_ledger(scene.settings)  # type: ignore[attr-defined]
    try:
        scene.ledger.account(scene.other)  # cached here, then changed by the rival
        desk = Desk(rival)
        desk.now = scene.desk.now
        desk.do(Warn(account_id=scene.other), Role.MODERATOR, **GROUNDS)
        scene.desk.now = desk.now
        scene.desk.do(Warn(account_id=scene.other), Role.MODERATOR, **GROUNDS)
    finally:
        rival.close()
    scene.seal()
    result = verify(scene.ledger)
    assert result.holds_strictly, (result.findings, result.gaps)


def test_positions_missing_after_the_checkpoint_are_counted_even_before_the_first(
    scene: Scene,
) -> None:
    """R16: with no checkpoint at all every event is unsealed, and a history's newest
    event deleted shows as a position missing from the log."""
    for stored in scene.tamper.rows(Checkpoints.ID):
        scene.tamper.delete(Checkpoints.ID, stored[1])
    position = _newest_of_one_history_deleted(scene)
    result = verify(scene.ledger)
    assert result.latest is None and result.checkpoints == 0
    assert result.holds and not result.holds_strictly
    assert result.unsealed == result.events
    assert (position, position) in result.gaps
