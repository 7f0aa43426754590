"""Events of authorised names replay, and events and snapshots from before them load
unchanged (R3, R16, R18; 2022 Art 11).
"""

from __future__ import annotations

from datetime import UTC, datetime

from eventsourcing.domain import Snapshot

from accountledger.domain.account import Account
from accountledger.domain.act import Role
from accountledger.domain.names import Finding, Outcome, Verdict
from tests.domain.given import ACCEPT, Clock, registered, replayed, subject

EVIDENCE = {
    "kind": "news",
    "number": "10120170001",
    "issuer": "CAC",
    "valid_until": "2027-01-01T00:00:00+00:00",
}
REVIEW = Verdict(
    Outcome.REVIEW,
    (Finding("news-without-licence", Outcome.REVIEW, "2022-8-4", "news", "news"),),
)


def test_an_authorised_registration_replays_to_the_same_account() -> None:
    """R3, R18: the evidence, the finding it answered and the approval naming it replay."""
    clock = Clock()
    account = Account.register(
        name="猫咪新闻",
        avatar="",
        introduction="",
        subject=subject(),
        details={"nature": "individual"},
        verdicts={"name": REVIEW, "avatar": ACCEPT, "introduction": ACCEPT},
        act=clock.act(Role.PLATFORM),
        authorisation=EVIDENCE,
    )
    account.verify_identity(act=clock.act(Role.REVIEWER))
    stored = account.collect_events()
    assert stored[-1].approved_against == EVIDENCE
    again = replayed(stored)
    assert (again.authorisation, again.status, again.review) == (EVIDENCE, "active", [])


def test_events_from_before_authorisations_replay_unchanged() -> None:
    """R16: a `Registered`, `IdentityVerified` or `Rectified` without the new keys (as an
    earlier main wrote them) replays with no evidence."""
    clock = Clock()
    account = registered(clock)
    account.verify_identity(act=clock.act(Role.REVIEWER))
    stored = account.collect_events()
    for domain_event in stored:
        for key in ("authorisation", "approved_against"):
            vars(domain_event).pop(key, None)
    again = replayed(stored)
    assert again.authorisation is None and again.status == "active"


def test_a_snapshot_from_before_authorisations_still_loads() -> None:
    """R16, R18: a version 3 snapshot has no `authorisation`; the upcast gives it none."""
    clock = Clock()
    account = registered(clock)
    account.collect_events()
    snapshot = Snapshot.take(account)
    old = {k: v for k, v in snapshot.state.items() if k not in ("authorisation", "class_version")}
    old["class_version"] = 3
    before = Snapshot(
        originator_id=snapshot.originator_id,
        originator_version=snapshot.originator_version,
        timestamp=datetime(2026, 3, 1, tzinfo=UTC),
        topic=snapshot.topic,
        state=old,
    )
    loaded = before.mutate(None)
    assert isinstance(loaded, Account)
    assert loaded.authorisation is None and loaded.name == account.name
