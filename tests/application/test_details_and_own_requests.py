"""Registration details change under review, operators correct their own accounts and ask
to end their own suspensions, through `Ledger.handle` on every store (R2, R3, R6, R10, R17;
2021 Arts 8, 11, 15; 2022 Arts 10, 15, 16)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger, open_projection
from accountledger.application.commands import (
    ApproveCorrection,
    ApproveProfileChange,
    ChangeContact,
    ChangeOperatingPlace,
    GrantReinstatement,
    OrderRectification,
    RejectProfileChange,
    RequestReinstatement,
    RequestSuspension,
    SubmitCorrection,
    Suspend,
)
from accountledger.application.disclosure import identity
from accountledger.application.ledger import Ledger
from accountledger.application.views import event_record, state
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation
from tests.application.helpers import GROUNDS, Desk

OP, R, M = Role.OPERATOR, Role.REVIEWER, Role.MODERATOR
NEW_CONTACT = "13912345678"


def test_a_contact_change_is_sealed_in_the_store_and_shown_only_to_who_may_see_it(
    ledger: Ledger,
) -> None:
    """R2, R17 (2021 Art 15, 2022 Art 16): the new contact is in no stored event, no view
    and no history line in clear; compliance sees it awaiting review, then as the contact."""
    desk = Desk(ledger)
    account = desk.active("Sealed Contact")
    desk.do(ChangeContact(account_id=account, contact=NEW_CONTACT), OP)
    assert identity(ledger, account, Role.COMPLIANCE)["pending_contact"] == NEW_CONTACT
    assert identity(ledger, account, Role.COMPLIANCE)["contact"] == "13800138000"
    desk.do(ApproveProfileChange(account_id=account, field="contact"), R)
    shown = identity(ledger, account, Role.COMPLIANCE)
    assert shown["contact"] == NEW_CONTACT and "pending_contact" not in shown
    rows = ledger.recorder.select_notifications(start=1, limit=100)
    assert rows and all(NEW_CONTACT.encode() not in n.state for n in rows)
    history = [event_record(e) for e in ledger.history(account)]
    assert NEW_CONTACT not in repr(history) and NEW_CONTACT not in repr(state(ledger, account))
    with pytest.raises(RuleViolation) as refused:
        identity(ledger, account, Role.REVIEWER)
    assert refused.value.rule == "role"


def test_an_approved_operating_place_is_the_current_detail_and_a_rejected_one_is_not(
    ledger: Ledger,
) -> None:
    """R2, R3 (2021 Art 15, 2022 Art 10): the views show the details as last approved and
    what awaits review."""
    desk = Desk(ledger)
    account = desk.active("Moving Studio")
    desk.do(ChangeOperatingPlace(account_id=account, operating_place="Ｗｕｈａｎ"), OP)
    assert state(ledger, account)["pending_details"] == {"operating_place": "Wuhan"}
    desk.do(ApproveProfileChange(account_id=account, field="operating_place"), R)
    desk.do(ChangeOperatingPlace(account_id=account, operating_place="Lhasa"), OP)
    desk.do(RejectProfileChange(account_id=account, field="operating_place"), R)
    shown = state(ledger, account)
    assert shown["details"]["operating_place"] == "Wuhan" and shown["pending_details"] == {}


def test_the_account_register_shows_the_current_details(store: Settings) -> None:
    """R2, R18: the account-status read model follows approved details, and a rebuild agrees."""
    ledger = open_ledger(store)
    projection = open_projection(ledger, store)
    desk = Desk(ledger)
    account = desk.active("Register Details")
    desk.do(ChangeOperatingPlace(account_id=account, operating_place="Xiamen"), OP)
    desk.do(ApproveProfileChange(account_id=account, field="operating_place"), R)
    projection.catch_up()
    rows = projection.view.rows("account_status")
    assert [r["details"] for r in rows] == [{"operating_place": "Xiamen"}]
    projection.rebuild()
    assert projection.view.rows("account_status") == rows
    projection.view.close()
    ledger.close()


def test_the_operator_corrects_its_account_and_a_reviewer_restores_service(
    ledger: Ledger,
) -> None:
    """R3, R6 (2021 Art 8, 2022 Art 15): submitted by the operator, approved by a reviewer:
    `Rectified` restores service and the corrected name is claimed."""
    desk = Desk(ledger)
    account = desk.active("Official County Desk")
    deadline = desk.now + timedelta(days=10)
    desk.do(
        OrderRectification(account_id=account, deadline=deadline, fields=("name",)), R, **GROUNDS
    )
    submitted = desk.do(SubmitCorrection(account_id=account, name="County Walks"), OP)
    assert submitted.events == ("CorrectionSubmitted",) and submitted.status == "rectifying"
    approved = desk.do(ApproveCorrection(account_id=account), R)
    assert approved.events == ("Rectified",) and approved.status == "active"
    assert ledger.account(account).name == "County Walks"
    with pytest.raises(RuleViolation):
        desk.register("County Walks", serial=2)


def test_an_own_suspension_ends_on_request_and_a_measure_does_not(ledger: Ledger) -> None:
    """R10, R12 (2021 Arts 11, 19): the cause is read from the history on every store."""
    desk = Desk(ledger)
    own = desk.active("Resting Garden")
    desk.do(RequestSuspension(account_id=own), OP)
    asked = desk.do(RequestReinstatement(account_id=own), OP)
    assert asked.events == ("ReinstatementRequested",) and asked.status == "suspended"
    assert state(ledger, own)["reinstatement_requested"] is not None
    assert desk.do(GrantReinstatement(account_id=own), M).status == "active"
    measured = desk.active("Measured Garden", serial=2)
    desk.do(Suspend(account_id=measured), M, **GROUNDS)
    version = ledger.account(measured).version
    with pytest.raises(RuleViolation) as refused:
        desk.do(RequestReinstatement(account_id=measured), OP)
    assert refused.value.rule == "own-suspension"
    assert ledger.account(measured).version == version
