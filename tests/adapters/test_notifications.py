"""R12, R15 (2021 Art 8 ¶2, Art 20; 2022 Art 15): the people the law says must be told
are told. A notification is owed for every qualifying event (derived from the event
log, so none is lost) and delivered to a real local HTTP receiver as a signed webhook,
at least once, with one idempotency key per notification, retried with backoff and
dead after the last try. No identity number is in any payload (R17, 2022 Art 16).
On SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.adapters.delivery import Deliverer, deliverer, open_outbox
from accountledger.application import appeals, complaints
from accountledger.application.commands import (
    ApplyTransfer,
    ApproveTransfer,
    OrderRectification,
    RecordActivity,
    VerifyTransferee,
    Warn,
)
from accountledger.application.identity import Identity
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.rules import LedgerRules
from accountledger.projections.notifications import DEAD, DELIVERED, PENDING
from tests.adapters.receiver import Receiver, receiver
from tests.application.helpers import GROUNDS, Desk, id_card
from tests.stores import store_for

SECRET = "test-webhook-secret"
REPORTER_MOBILE = "13912345678"
RULES = LedgerRules(notification_max_tries=3, notification_backoff=timedelta(seconds=30))


@dataclass
class Stage:
    ledger: Ledger
    settings: Settings
    desk: Desk


@pytest.fixture(params=["sqlite", "postgres"])
def stage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Stage]:
    with store_for(request.param, tmp_path) as (url, keys):
        settings = Settings(store=url, keystore=keys, rules=RULES, webhook_secret=SECRET)
        ledger = open_ledger(settings)
        try:
            yield Stage(ledger, settings, Desk(ledger))
        finally:
            ledger.close()


def story(desk: Desk) -> dict[str, Any]:
    """One of every kind of notice: a measure, a rectification order, an appeal's outcome,
    a complaint's feedback and a transfer's outcome."""
    ledger = desk.ledger
    warned = desk.active("Harbour Notices", serial=1)
    desk.do(RecordActivity(account_id=warned, kind="login"), Role.OPERATOR)
    desk.do(Warn(account_id=warned), Role.MODERATOR, **GROUNDS)
    record = f"{warned}/{ledger.account(warned).version}"
    appeal = appeals.file(ledger, record, "I did not do this", desk.act(Role.OPERATOR))
    appeals.assign(ledger, appeal.id, "ar-2", desk.act(Role.APPEAL_REVIEWER))
    decided = desk.act(Role.APPEAL_REVIEWER, "ar-2", reason="the evidence holds")
    appeals.decide(ledger, appeal.id, "upheld", None, decided)
    ordered = desk.active("County Desk", serial=2)
    deadline = desk.now + timedelta(days=10)
    desk.do(
        OrderRectification(account_id=ordered, deadline=deadline, fields=("name",)),
        Role.REVIEWER,
        **GROUNDS,
    )
    complaint = complaints.file_complaint(
        ledger,
        warned,
        "2021-18-6",
        "a fabricated story about a flood",
        Identity("mobile", REPORTER_MOBILE, "reporter@example.org"),
        desk.act(Role.PLATFORM),
    )
    complaints.screen(ledger, complaint.id, True, None, None, desk.act(Role.REVIEWER))
    complaints.answer(ledger, complaint.id, "the account was warned", desk.act(Role.MODERATOR))
    moved = desk.active("Ferry Notes", serial=3)
    transferee = Identity("id_card", id_card(4))
    desk.do(ApplyTransfer(account_id=moved, transferee=transferee), Role.OPERATOR)
    desk.do(VerifyTransferee(account_id=moved), Role.REVIEWER)
    desk.do(ApproveTransfer(account_id=moved), Role.REVIEWER)
    return {
        "warned": str(warned),
        "record": record,
        "ordered": str(ordered),
        "deadline": deadline,
        "moved": str(moved),
        "numbers": [id_card(n) for n in range(1, 5)] + [REPORTER_MOBILE],
    }


def worker(stage: Stage, hook: Receiver, **kwargs: Any) -> Deliverer:
    """The worker `deliver` runs, delivering to `hook`, at the desk's clock."""
    if not kwargs:
        settings = replace(stage.settings, webhook_url=hook.url)
        return deliverer(stage.ledger, settings, stage.desk.clock)
    outbox = open_outbox(stage.ledger, stage.settings)
    return Deliverer(outbox, hook.url, SECRET, stage.desk.clock, **kwargs)


def by_kind(bodies: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for body in bodies:
        found.setdefault(body["kind"], []).append(body)
    return found


def test_every_notice_the_law_asks_for_is_owed_once_and_says_what_it_must(stage: Stage) -> None:
    """2021 Art 20, 2022 Art 15 (R12, R15): a measure with its reasons, basis and appeal
    route and window; a rectification order with its deadline; an appeal's outcome; a
    complaint's feedback to its reporter; a transfer's outcome."""
    told = story(stage.desk)
    outbox = open_outbox(stage.ledger, stage.settings)
    try:
        assert outbox.catch_up(stage.desk.clock()) == 5
        assert outbox.catch_up(stage.desk.clock()) == 0  # owed once, never twice
        rows = outbox.rows()
    finally:
        outbox.close()
    assert all(row["status"] == PENDING and row["tries"] == 0 for row in rows)
    kinds = by_kind([row["payload"] for row in rows])
    assert sorted(kinds) == [
        "appeal_outcome",
        "complaint_feedback",
        "measure",
        "rectification_order",
        "transfer_outcome",
    ]
    (measure,) = kinds["measure"]
    assert measure["record_id"] == told["record"]
    assert measure["reasons"] == GROUNDS["reason"] and measure["basis"] == ["2021-19"]
    assert told["record"] in measure["appeal"]["route"]
    (order,) = kinds["rectification_order"]
    assert order["deadline"] == told["deadline"].isoformat() and order["fields"] == ["name"]
    (outcome,) = kinds["appeal_outcome"]
    assert (outcome["outcome"], outcome["record_id"]) == ("upheld", told["record"])
    (feedback,) = kinds["complaint_feedback"]
    assert feedback["feedback"] == "the account was warned"
    assert feedback["recipient"]["party"] == "reporter"
    (transfer,) = kinds["transfer_outcome"]
    assert (transfer["account_id"], transfer["outcome"]) == (told["moved"], "approved")
    for row in rows:  # the idempotency key is the position of the event that obliged it
        assert row["payload"]["notification_id"] == row["notification_id"]


def test_the_appeal_window_in_a_notice_comes_from_the_rules(stage: Stage) -> None:
    """2021 Art 20 (R15): the window a measure's notice gives ends `appeal_window` after it."""
    desk = stage.desk
    account = desk.active("Window Garden")
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    warned_at = desk.now
    outbox = open_outbox(stage.ledger, stage.settings)
    try:
        outbox.catch_up(desk.clock())
        (row,) = outbox.rows()
    finally:
        outbox.close()
    expected = warned_at + RULES.appeal_window
    assert row["payload"]["appeal"]["window_ends"] == expected.isoformat()


def test_no_identity_number_is_in_any_payload_or_the_outbox(stage: Stage) -> None:
    """R17 (2022 Art 16): parties are named by subject reference, never by number."""
    told = story(stage.desk)
    with receiver() as hook:
        made = worker(stage, hook)
        try:
            made.run_once()
            rows = made.outbox.rows()
        finally:
            made.close()
    sent = b"".join(r.body for r in hook.received).decode()
    stored = json.dumps(rows, default=str)
    for number in told["numbers"]:
        assert number not in sent and number not in stored
    assert len(hook.received) == 5


def test_a_receiver_that_fails_then_recovers_gets_each_notification_signed_with_one_key(
    stage: Stage,
) -> None:
    """2021 Art 20: a failed try is tried again after the backoff, at the recording clock,
    with the same body, signature and idempotency key; delivered once it answers 2xx."""
    desk = stage.desk
    account = desk.active("Retry Garden")
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    with receiver(fail=2) as hook:
        made = worker(stage, hook)
        try:
            assert made.run_once().failed == 1
            assert made.run_once().as_dict()["delivered"] == 0  # not due before the backoff
            desk.now += RULES.notification_backoff
            assert made.run_once().failed == 1
            (row,) = made.outbox.rows()
            assert (row["status"], row["tries"]) == (PENDING, 2)
            assert row["last_error"] == "HTTP 503"
            desk.now += RULES.notification_backoff  # the second wait is twice the first
            assert made.run_once().delivered == 0
            desk.now += RULES.notification_backoff
            assert made.run_once().delivered == 1
            (row,) = made.outbox.rows()
        finally:
            made.close()
    assert (row["status"], row["tries"]) == (DELIVERED, 3)
    tries = [*hook.refused, *hook.received]
    assert len(tries) == 3 and len({t.key for t in tries}) == 1
    assert len({t.body for t in tries}) == 1
    body = tries[0].body
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert all(t.signature == expected for t in tries)
    assert tries[0].key == str(row["notification_id"])


def test_a_notification_is_dead_after_the_last_try(stage: Stage) -> None:
    """2021 Art 20: after `notification_max_tries` failed tries it is a dead letter, listed
    with its last error, and is not tried again."""
    desk = stage.desk
    account = desk.active("Dead Letter Garden")
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    with receiver(fail=100) as hook:
        made = worker(stage, hook)
        try:
            dead = 0
            for _ in range(6):
                dead += made.run_once().dead
                desk.now += RULES.notification_backoff_cap
            (row,) = made.outbox.rows()
        finally:
            made.close()
    assert dead == 1 and len(hook.refused) == RULES.notification_max_tries
    assert (row["status"], row["tries"], row["last_error"]) == (DEAD, 3, "HTTP 503")


class Crash(Exception):
    pass


def test_a_worker_that_dies_after_sending_sends_again_with_the_same_key(stage: Stage) -> None:
    """2021 Art 20 (at least once): a worker killed after the receiver took a notification
    but before it was marked sends it again on restart with the same idempotency key;
    every notification is delivered, none lost."""
    story(stage.desk)
    with receiver() as hook:
        count = [0]

        def crash_on_third(row: dict[str, Any]) -> None:
            count[0] += 1
            if count[0] == 3:
                raise Crash

        made = worker(stage, hook, sent=crash_on_third)
        try:
            with pytest.raises(Crash):
                made.run_once()
        finally:
            made.close()
        assert len(hook.received) == 3
        restarted = worker(stage, hook)
        try:
            restarted.run_once()
            rows = restarted.outbox.rows()
        finally:
            restarted.close()
    keys = hook.keys()
    assert {row["status"] for row in rows} == {DELIVERED}
    assert set(keys) == {str(row["notification_id"]) for row in rows}  # none lost
    assert len(keys) == len(rows) + 1 and keys[2] == keys[3]  # the duplicate: one key
    bodies = [r.body for r in hook.received]
    assert bodies[2] == bodies[3]
