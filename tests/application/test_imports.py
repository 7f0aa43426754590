"""Importing legacy history (issue 16, point 1): batches, resumption, shared indexes.

Lines are built as the edge builds them (`Legacy` values); every test runs on SQLite
and on PostgreSQL (the `ledger` fixture)."""

from __future__ import annotations

from collections.abc import Iterator
from copy import copy
from datetime import UTC, datetime, timedelta

import pytest

from accountledger.application.chain import ChainedMapper, unwrap
from accountledger.application.commands import ChangeName, Reinstate, VerifyIdentity, Warn
from accountledger.application.identity import Identity, Registration
from accountledger.application.imports import (
    Item,
    Legacy,
    Rejected,
    Source,
    import_history,
    progress,
)
from accountledger.application.integrity import verify
from accountledger.application.ledger import Ledger
from accountledger.application.presence import stored
from accountledger.domain.act import Act, Role
from accountledger.domain.indexes import NameIndex, SubjectIndex
from accountledger.domain.names import normalise
from tests.application.helpers import GROUNDS, id_card

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
START = datetime(2025, 1, 1, tzinfo=UTC)
SOURCE = Source("platform.jsonl", "ab" * 32)
NOBODY = SOURCE.account_id(0)  # the import gives each command its line's account


@pytest.fixture(autouse=True)
def fixed_clock(ledger: Ledger) -> None:
    ledger.clock = lambda: NOW


def act(role: Role, hours: int, **grounds: object) -> Act:
    return Act(f"{role.value}-1", role, START + timedelta(hours=hours), **grounds)  # type: ignore[arg-type]


def legacy(line: int, name: str, serial: int, *, warn: bool = True) -> Legacy:
    registration = Registration(
        name=name,
        identity=Identity("id_card", id_card(serial)),
        details={
            "nature": "individual",
            "registration_place": "Jingdezhen",
            "operating_place": "Jingdezhen",
            "content_category": "crafts",
        },
    )
    history = [(VerifyIdentity(account_id=NOBODY), act(Role.REVIEWER, 1))]
    if warn:
        history.append((Warn(account_id=NOBODY), act(Role.MODERATOR, 2, **GROUNDS)))
    return Legacy(line, registration, act(Role.PLATFORM, 0), tuple(history))


def lines(count: int) -> list[Item]:
    return [legacy(n, f"Kiln {n}", n) for n in range(1, count + 1)]


def test_each_line_becomes_an_account_saying_where_it_came_from(ledger: Ledger) -> None:
    """R16: imported history is history like any other, with its source line on each act."""
    summary = import_history(ledger, SOURCE, lines(4), batch_size=3)
    assert (summary.imported, summary.rejected, summary.position) == (4, 0, 4)
    events = ledger.history(SOURCE.account_id(2))
    assert [type(e).__name__ for e in events] == ["Registered", "IdentityVerified", "Warned"]
    assert {e.act.entered_by.source for e in events} == {SOURCE.label(2)}
    assert ledger.account(SOURCE.account_id(2)).status == "active"
    held = ledger.find(NameIndex.create_id(normalise("Kiln 2")))
    assert held.holder == str(SOURCE.account_id(2))


def test_the_same_lines_again_import_nothing(ledger: Ledger) -> None:
    """Re-running the same source imports nothing twice."""
    import_history(ledger, SOURCE, lines(3), batch_size=2)
    again = import_history(ledger, SOURCE, lines(3), batch_size=2)
    assert (again.imported, again.events, again.resumed_from) == (0, 0, 3)
    assert len(ledger.history(SOURCE.account_id(1))) == 3


def _interrupted(items: list[Item], after: int) -> Iterator[Item]:
    for count, item in enumerate(items):
        if count == after:
            raise KeyboardInterrupt  # as a ^C or a killed reader would stop it
        yield item


def test_an_interrupted_import_resumes_after_its_last_saved_batch(ledger: Ledger) -> None:
    """A crash leaves whole batches; the rerun imports the rest and nothing twice."""
    items = lines(8)
    with pytest.raises(KeyboardInterrupt):
        import_history(ledger, SOURCE, _interrupted(items, after=7), batch_size=3)
    assert progress(ledger, SOURCE) == 6
    assert ledger.find(SOURCE.account_id(7)) is None
    resumed = import_history(ledger, SOURCE, items, batch_size=3)
    assert (resumed.resumed_from, resumed.imported, resumed.total_imported) == (6, 2, 8)
    assert all(len(ledger.history(SOURCE.account_id(n))) == 3 for n in range(1, 9))


def test_a_refused_line_that_touched_a_shared_index_leaves_no_trace(ledger: Ledger) -> None:
    """R7: a line refused after its registration joined a subject's holdings is taken out
    of them again (the batch is decided anew without it); the rest is imported."""
    bad = legacy(2, "Kiln two", 1, warn=False)
    reinstate = (Reinstate(account_id=NOBODY), act(Role.MODERATOR, 3, **GROUNDS))
    bad = Legacy(2, bad.registration, bad.act, (*bad.history, reinstate))
    summary = import_history(ledger, SOURCE, [legacy(1, "Kiln one", 1), bad, legacy(3, "K3", 3)])
    assert summary.imported == 2
    assert [r.as_dict()["rule"] for r in rejected(ledger, bad)] == ["lifecycle"]
    holdings = ledger.find(SubjectIndex.create_id(ledger.account(SOURCE.account_id(1)).subject_ref))
    assert holdings.accounts == [str(SOURCE.account_id(1))]
    assert ledger.find(NameIndex.create_id(normalise("Kiln two"))) is None


def rejected(ledger: Ledger, item: Legacy) -> list[object]:
    """The rejects of importing `item` alone under another source (same store)."""
    found: list[object] = []
    other = Source("again.jsonl", "cd" * 32)
    import_history(ledger, other, [item], on_rejects=found.extend)
    return found


def test_a_name_the_policy_would_refuse_is_imported_with_its_findings(ledger: Ledger) -> None:
    """R3 in history mode: the name was used before the ledger; the findings are recorded."""
    import_history(ledger, SOURCE, [legacy(1, "Ministry of Public Security Fans", 1)])
    registered = ledger.history(SOURCE.account_id(1))[0]
    assert ledger.account(SOURCE.account_id(1)).status == "active"
    assert {(f["rule"], f["outcome"]) for f in registered.review} == {
        ("organ-impersonation", "reject")
    }


def test_a_name_change_in_history_moves_the_name_index(ledger: Ledger) -> None:
    """R4: the indexes follow imported history as they follow commands."""
    item = legacy(1, "Old Kiln", 1, warn=False)
    rename = (ChangeName(account_id=NOBODY, value="New Kiln"), act(Role.PLATFORM, 2))
    import_history(
        ledger, SOURCE, [Legacy(1, item.registration, item.act, (*item.history, rename))]
    )
    assert ledger.find(NameIndex.create_id(normalise("Old Kiln"))).holder is None
    assert ledger.find(NameIndex.create_id(normalise("New Kiln"))).holder == str(
        SOURCE.account_id(1)
    )


def test_a_name_held_since_an_earlier_batch_is_refused(ledger: Ledger) -> None:
    """R4 across batches: the store is asked which indexes it holds, and holds them."""
    items: list[Item] = [legacy(1, "Kiln", 1), legacy(2, "Kiln", 2), legacy(3, "Other", 3)]
    found: list[Rejected] = []
    summary = import_history(ledger, SOURCE, items, batch_size=1, on_rejects=found.extend)
    assert [(r.line, r.field, r.rule) for r in found] == [(2, "registration.name", "unique-name")]
    assert summary.imported == 2
    assert stored(ledger.recorder, [SOURCE.account_id(1), SOURCE.account_id(2)]) == {
        SOURCE.account_id(1)
    }


def test_an_imported_store_verifies_and_each_seal_is_over_the_stored_bytes(
    ledger: Ledger,
) -> None:
    """R16: the import's fast paths (ids as UUIDs, cached index ids) seal each event into
    its aggregate's chain exactly as the live path does: the whole store verifies, and an
    event sealed again from its id's text gives the very bytes stored."""
    import_history(ledger, SOURCE, lines(3), batch_size=2)
    assert verify(ledger).holds
    account_id = SOURCE.account_id(2)
    stored_events = ledger.recorder.select_events(account_id)
    events = ledger.history(account_id)
    mapper = ChainedMapper(
        transcoder=ledger.construct_transcoder(),
        lookup=lambda ident, version: unwrap(stored_events[version - 1].state).hash,
    )
    for domain_event, stored_event in zip(events, stored_events, strict=True):
        as_text = copy(domain_event)
        object.__setattr__(as_text, "originator_id", str(account_id))
        assert mapper.to_stored_event(as_text).state == stored_event.state


def test_a_batch_saved_in_one_statement_keeps_the_notification_log_whole(
    ledger: Ledger,
) -> None:
    """R16: the import's batches go in without asking each event's notification id (one
    `executemany`); the log still holds every event once, numbered in the order saved,
    and a live command's events follow on."""
    import_history(ledger, SOURCE, lines(4), batch_size=3)
    imported = ledger.recorder.select_notifications(start=1, limit=1000)
    ids = [n.id for n in imported]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    keys = {(n.originator_id, n.originator_version) for n in imported}
    assert len(keys) == len(imported)
    expected = {
        (e.originator_id, e.originator_version) for e in ledger.history(SOURCE.account_id(3))
    }
    assert expected <= keys
    ledger.handle(Warn(account_id=SOURCE.account_id(1)), act(Role.MODERATOR, 9, **GROUNDS))
    after = ledger.recorder.select_notifications(start=ids[-1] + 1, limit=100)
    assert after and all(n.id > ids[-1] for n in after)
    assert after[0].originator_id == SOURCE.account_id(1)
