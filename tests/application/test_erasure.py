"""Erasing a subject on the ledger: refused while records must be kept, recorded before
its key is destroyed, complete after a crash, and shown as erased (R16, R17)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application import disclosure
from accountledger.application import erasure as erasure_module
from accountledger.application.commands import (
    ApplyTransfer,
    ApproveTransfer,
    Close,
    RefuseRegistration,
    RejectTransfer,
    VerifyTransferee,
    Warn,
)
from accountledger.application.erasure import erase_subject, erasure_of
from accountledger.application.identity import Identity
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation, UnknownArticle
from tests.application.helpers import GROUNDS, Desk, id_card

ERASURE: dict[str, Any] = {"reason": "the subject asked to be forgotten", "basis": ("2022-16",)}
SIX_MONTHS_AND_A_DAY = timedelta(days=185)


def subject_of(ledger: Ledger, account: UUID) -> str:
    return str(ledger.account(account).subject_ref)


def erase(desk: Desk, ref: str, **grounds: Any) -> Any:
    return erase_subject(desk.ledger, ref, desk.act(Role.COMPLIANCE, **(ERASURE | grounds)))


def closed(desk: Desk, name: str, serial: int) -> UUID:
    account = desk.active(name, serial)
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    desk.do(Close(account_id=account), Role.MODERATOR, **GROUNDS)
    return account


def shown(ledger: Ledger, account: UUID) -> dict[str, Any]:
    return disclosure.identity(ledger, account, Role.COMPLIANCE, actor_id="c-1")


def test_erasure_is_refused_while_the_subject_holds_a_live_account(ledger: Ledger) -> None:
    """R16, R17: an active account needs its holder's identity (2021-8); nothing is recorded."""
    desk = Desk(ledger)
    account = desk.active("Morning Tea House", serial=11)
    desk.now += timedelta(days=400)
    with pytest.raises(RuleViolation) as refused:
        erase(desk, subject_of(ledger, account))
    assert (refused.value.rule, refused.value.article) == ("live-account", "2021-8")
    assert erasure_of(ledger, subject_of(ledger, account)) is None
    assert shown(ledger, account)["number"] == id_card(11)


def test_erasure_is_refused_too_early_naming_the_article(ledger: Ledger) -> None:
    """R16: closed 100 days ago: the records are kept six months (2017-16); key untouched."""
    desk = Desk(ledger)
    account = closed(desk, "Evening Market", serial=12)
    desk.now += timedelta(days=100)
    with pytest.raises(RuleViolation) as refused:
        erase(desk, subject_of(ledger, account))
    assert refused.value.rule == "record-retention" and refused.value.field == "subject"
    assert refused.value.article == "2017-16" and str(account) in refused.value.message
    assert erasure_of(ledger, subject_of(ledger, account)) is None
    assert shown(ledger, account)["number"] == id_card(12)


def test_an_earlier_account_of_the_subject_counts_too(ledger: Ledger) -> None:
    """R16: every account the subject ever held, not only the one it held last."""
    desk = Desk(ledger)
    first = closed(desk, "First Kiln", serial=13)
    desk.now += timedelta(days=300)
    second = desk.register("Second Kiln", serial=13)
    desk.do(RefuseRegistration(account_id=second), Role.REVIEWER, reason="borrowed identity")
    desk.now += timedelta(days=30)
    with pytest.raises(RuleViolation) as refused:
        erase(desk, subject_of(ledger, first))
    assert refused.value.rule == "record-retention" and str(second) in refused.value.message


def test_erasure_records_the_decision_then_destroys_the_key(ledger: Ledger) -> None:
    """R16, R17: the event carries actor, time and basis; the identity is gone; history stays."""
    desk = Desk(ledger)
    account = closed(desk, "Quiet Orchard", serial=14)
    before = [(type(e).__name__, e.act) for e in ledger.history(account)]
    closed_at = desk.now
    desk.now += SIX_MONTHS_AND_A_DAY
    ref = subject_of(ledger, account)
    done = erase(desk, ref, evidence=("request://r-9",))
    assert (done.outcome, done.key_destroyed) == ("recorded", True)
    assert done.as_dict()["accounts"] == [str(account)]
    (event,) = list(ledger.repository.event_store.get(done.erasure.id))
    assert type(event).__name__ == "SubjectErased"
    assert (event.act.actor_role, event.act.basis) == (Role.COMPLIANCE, ("2022-16",))
    assert event.act.evidence == ("request://r-9",) and event.subject_ref == ref
    assert ledger.vault.fingerprint(ref) is None
    identity = shown(ledger, account)
    assert identity["erased"] is True and identity["basis"] == ["2022-16"]
    assert identity["erased_at"] == desk.now.isoformat() and "number" not in identity
    assert [(type(e).__name__, e.act) for e in ledger.history(account)] == before
    then = ledger.account_as_of(account, closed_at - timedelta(minutes=30))
    assert then is not None and then.status == "active" and then.warnings == 1


def test_a_repeated_erasure_is_refused_once_the_key_is_gone(ledger: Ledger) -> None:
    """R17: nothing left to erase; the refusal says when and on what basis it was erased."""
    desk = Desk(ledger)
    account = closed(desk, "Paper Lanterns", serial=15)
    desk.now += SIX_MONTHS_AND_A_DAY
    ref = subject_of(ledger, account)
    first = erase(desk, ref)
    with pytest.raises(RuleViolation) as refused:
        erase(desk, ref)
    assert (refused.value.rule, refused.value.article) == ("erased-once", "2022-16")
    assert "2022-16" in refused.value.message
    found = erasure_of(ledger, ref)
    assert found is not None and found.version == first.erasure.version == 1


def test_an_interrupted_erasure_hides_the_identity_and_a_repeat_completes_it(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R16, R17: recorded but the key survived a crash: shown erased; the repeat destroys it
    without a second event."""
    desk = Desk(ledger)
    account = closed(desk, "Lotus Pond", serial=16)
    desk.now += SIX_MONTHS_AND_A_DAY
    ref = subject_of(ledger, account)

    def crash(_ref: str, _fingerprint: str | None = None) -> bool:
        raise OSError("key store went away")

    with monkeypatch.context() as patched:
        patched.setattr(ledger.vault, "destroy", crash)
        with pytest.raises(OSError):
            erase(desk, ref)
    assert ledger.vault.fingerprint(ref) is not None  # the key is still there
    assert shown(ledger, account)["erased"] is True
    again = erase(desk, ref)
    assert (again.outcome, again.key_destroyed) == ("completed", True)
    assert again.erasure.version == 1 and ledger.vault.fingerprint(ref) is None


def test_a_subject_that_registered_again_can_be_erased_again(ledger: Ledger) -> None:
    """R16, R17: a new key after an erasure is erased by a second event; the old data stays
    erased, the new account's identity was readable until then."""
    desk = Desk(ledger)
    old = closed(desk, "Old Bell Tower", serial=17)
    desk.now += SIX_MONTHS_AND_A_DAY
    ref = subject_of(ledger, old)
    erase(desk, ref)
    new = desk.register("New Bell Tower", serial=17)
    assert shown(ledger, new)["number"] == id_card(17)
    assert shown(ledger, old)["erased"] is True
    desk.do(RefuseRegistration(account_id=new), Role.REVIEWER, reason="incomplete identity")
    desk.now += SIX_MONTHS_AND_A_DAY
    again = erase(desk, ref, basis=("2021-6",))
    assert again.outcome == "recorded" and again.erasure.version == 2
    assert [e["basis"] for e in again.erasure.erasures] == [["2022-16"], ["2021-6"]]
    assert shown(ledger, new)["basis"] == ["2021-6"]


def test_erasure_by_another_role_or_dated_in_the_future_is_refused(ledger: Ledger) -> None:
    """R17: compliance decides an erasure, at a time that has come."""
    desk = Desk(ledger)
    account = closed(desk, "Silk Road Letters", serial=18)
    desk.now += SIX_MONTHS_AND_A_DAY
    ref = subject_of(ledger, account)
    moderator = desk.act(Role.MODERATOR, **ERASURE)
    with pytest.raises(RuleViolation) as refused:
        erase_subject(ledger, ref, moderator)
    assert refused.value.rule == "role"
    future = desk.act(Role.COMPLIANCE, **ERASURE)
    with pytest.raises(RuleViolation) as refused:
        erase_subject(ledger, ref, future, now=future.occurred_at - timedelta(days=1))
    assert refused.value.rule == "future-erasure"
    assert erasure_of(ledger, ref) is None and shown(ledger, account)["number"] == id_card(18)


def test_an_unknown_subject_has_nothing_to_erase(ledger: Ledger) -> None:
    """R17: a ref the key store never sealed for is refused, not recorded."""
    desk = Desk(ledger)
    with pytest.raises(RuleViolation) as refused:
        erase(desk, "s-" + "0" * 40)
    assert refused.value.rule == "nothing-to-erase"


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.COMPLIANCE, Role.REGULATOR)])
def test_a_role_that_may_not_see_personal_information_is_refused(
    ledger: Ledger, role: Role
) -> None:
    """R17: least exposure: refused with rule role and article 2022-16, before anything is read."""
    desk = Desk(ledger)
    account = desk.active("Harbour Lights", serial=19)
    with pytest.raises(RuleViolation) as refused:
        disclosure.identity(ledger, account, role)
    assert (refused.value.rule, refused.value.article) == ("role", "2022-16")


def test_a_disclosure_is_logged_without_the_personal_information(
    ledger: Ledger, caplog: pytest.LogCaptureFixture
) -> None:
    """R17: the log says who saw whose identity; never the number or the contact."""
    desk = Desk(ledger)
    account = desk.active("Lantern Street", serial=20)
    with caplog.at_level(logging.DEBUG):
        identity = disclosure.identity(ledger, account, Role.REGULATOR, actor_id="cac-7")
    assert identity["number"] == id_card(20) and identity["contact"] == "13800138000"
    assert any("disclosed" in r.getMessage() and "cac-7" in r.getMessage() for r in caplog.records)
    assert id_card(20) not in caplog.text and "13800138000" not in caplog.text


def test_the_basis_of_an_erasure_is_an_article_of_the_catalogue(ledger: Ledger) -> None:
    """R17: an unknown article is refused and nothing is recorded."""
    desk = Desk(ledger)
    account = closed(desk, "Bamboo Bridge", serial=21)
    desk.now += SIX_MONTHS_AND_A_DAY
    ref = subject_of(ledger, account)
    with pytest.raises(UnknownArticle):
        erase(desk, ref, basis=("2099-1",))
    assert erasure_of(ledger, ref) is None


def test_a_registration_after_a_recorded_erasure_never_seals_under_the_erased_key(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R1, R17: the erasure was recorded but its key not yet destroyed when the subject
    registered again: the registration destroys that key first and seals under a new one,
    and the erasure's own last step then spares the new key."""
    desk = Desk(ledger)
    old = closed(desk, "Old Pier Notes", serial=21)
    desk.now += SIX_MONTHS_AND_A_DAY
    ref = subject_of(ledger, old)
    condemned = ledger.vault.fingerprint(ref)
    with monkeypatch.context() as patched:
        patched.setattr(ledger.vault, "destroy", lambda *_: False)  # still to come
        erase(desk, ref)
    new = desk.active("New Pier Notes", serial=21)
    assert ledger.vault.fingerprint(ref) not in (None, condemned)
    assert ledger.vault.destroy(ref, condemned) is False  # the erasure's step, late
    assert shown(ledger, new)["number"] == id_card(21)
    assert shown(ledger, old)["erased"] is True


def test_a_registration_in_the_same_instant_makes_the_erasure_decide_again(
    store: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R7, R16, R17: another process registers the subject while the erasure is deciding;
    both write the subject's index, so the erasure's save conflicts, it decides again,
    sees the live account and is refused; the new account's identity stays readable."""
    ledger, other = open_ledger(store), open_ledger(store)
    try:
        desk = Desk(ledger)
        old = closed(desk, "Harbour Light", serial=22)
        desk.now += SIX_MONTHS_AND_A_DAY
        ref = subject_of(ledger, old)
        rival = Desk(other)
        rival.now = desk.now
        registered: list[UUID] = []
        decide = erasure_module.SubjectErasure.erase

        def erase_while_another_registers(*args: Any, **kwargs: Any) -> Any:
            if not registered:  # lands between the erasure's reading and its save
                registered.append(rival.active("Harbour Light Two", serial=22))
            return decide(*args, **kwargs)

        monkeypatch.setattr(erasure_module.SubjectErasure, "erase", erase_while_another_registers)
        desk.now = rival.now
        with pytest.raises(RuleViolation) as refused:
            erase(desk, ref)
        assert refused.value.rule == "live-account"
        assert erasure_of(ledger, ref) is None
        assert shown(ledger, registered[0])["number"] == id_card(22)
    finally:
        other.close()
        ledger.close()


def test_erasure_waits_while_a_transfer_to_the_subject_is_open(ledger: Ledger) -> None:
    """R9, R17: the transferee's identity is sealed in the open transfer; erasing it is
    refused (2021-11) until the transfer is settled; rejected, the erasure may proceed."""
    desk = Desk(ledger)
    account = desk.active("Ferry Timetables", serial=31)
    transferee = Identity("id_card", id_card(32))
    desk.do(ApplyTransfer(account_id=account, transferee=transferee), Role.OPERATOR)
    ref = ledger.account(account).transfer["ref"]
    with pytest.raises(RuleViolation) as refused:
        erase(desk, ref)
    assert (refused.value.rule, refused.value.article) == ("transfer-awaited", "2021-11")
    assert str(account) in refused.value.message
    desk.do(RejectTransfer(account_id=account), Role.REVIEWER, reason="no contract shown")
    assert erase(desk, ref).outcome == "recorded"
    assert shown(ledger, account)["number"] == id_card(31)  # the holder is untouched


def test_an_approved_transfer_makes_the_transferee_a_holder_of_a_live_account(
    ledger: Ledger,
) -> None:
    """R9, R17: once approved, the transfer is settled and the live-account rule applies."""
    desk = Desk(ledger)
    account = desk.active("Night Ferry Notes", serial=33)
    desk.do(
        ApplyTransfer(account_id=account, transferee=Identity("id_card", id_card(34))),
        Role.OPERATOR,
    )
    desk.do(VerifyTransferee(account_id=account), Role.REVIEWER)
    desk.do(ApproveTransfer(account_id=account), Role.REVIEWER)
    ref = subject_of(ledger, account)
    with pytest.raises(RuleViolation) as refused:
        erase(desk, ref)
    assert refused.value.rule == "live-account"
