"""Who entered each act is stored with it, and acts stored before it read the same (R13,
R16; 2021 Art 20: an accountable record of each decision)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from accountledger.application.commands import VerifyIdentity
from accountledger.application.ledger import Ledger
from accountledger.application.transcodings import ActAsDict
from accountledger.application.views import event_record
from accountledger.domain.act import Act, Role
from accountledger.domain.entry import MAX_PART, EnteredBy
from tests.application.helpers import Desk

# An act as every main before `entered_by` stored it.
EARLIER = {
    "actor_id": "r-1",
    "actor_role": "reviewer",
    "occurred_at": datetime(2026, 3, 1, tzinfo=UTC),
    "reason": "",
    "basis": [],
    "violation": [],
    "evidence": [],
    "case_id": "",
}


def test_entered_by_is_stored_and_an_act_without_it_reads_as_before(ledger: Ledger) -> None:
    """R13, R16, 2021-20: read back from the store, the act entered with a key names it;
    the act recorded without one has no `entered_by` in its history line."""
    desk = Desk(ledger)
    account = desk.register("Lantern Notes")
    act = replace(desk.act(Role.REVIEWER), entered_by=EnteredBy(key_id="k-42"))
    ledger.handle(VerifyIdentity(account_id=account), act)
    registered, verified = (event_record(e) for e in ledger.history(account))
    assert "entered_by" not in registered
    assert verified["entered_by"] == {"key_id": "k-42"}
    assert verified["actor_id"] == "reviewer-1"


def test_an_act_stored_before_entered_by_decodes_and_encodes_unchanged() -> None:
    """R16, 2021-20: an earlier store's act decodes without it and is stored as it was."""
    transcoding = ActAsDict()
    act = transcoding.decode(dict(EARLIER))
    assert act.entered_by is None
    assert transcoding.encode(act) == EARLIER
    assert "entered_by" not in act.as_dict()


def test_entered_by_keeps_only_its_parts_folded_and_bounded() -> None:
    """R13, 2021-20: hostile parts are folded (NFKC), stripped of controls and bounded;
    parts a later writer adds are ignored on reading."""
    entry = EnteredBy.from_dict({"os_user": "ｒｏｏｔ\x1b[31m", "host": "h" * 999, "scope": "x"})
    assert entry.os_user == "root[31m"
    assert len(entry.host) == MAX_PART
    assert entry.as_dict() == {"os_user": "root[31m", "host": "h" * MAX_PART}
    stored = ActAsDict().encode(Act("r-1", Role.REVIEWER, EARLIER["occurred_at"], entered_by=entry))  # type: ignore[arg-type]
    assert stored["entered_by"] == entry.as_dict()
