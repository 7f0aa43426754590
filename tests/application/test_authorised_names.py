"""Authorised names (R3, R4): a real organ, a licensed news outlet or a brand owner may
register or take its own name against a licence or authorisation recorded as evidence;
the name goes to review, a reviewer approves it against that evidence, and an expired
licence counts as none (2021 Art 5; 2022 Art 8 items 2-5, Arts 10, 11). A corrected
name during rectification is reviewed as strictly as a new one (2022 Art 10 ¶2, Art 15).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from accountledger.application.commands import (
    ApproveProfileChange,
    ChangeName,
    Close,
    OrderRectification,
    Rectify,
    VerifyIdentity,
)
from accountledger.application.ledger import Ledger
from accountledger.application.views import describe
from accountledger.domain.act import Role
from accountledger.domain.authorisations import Authorisation
from accountledger.domain.errors import LedgerError, RuleViolation
from accountledger.domain.names import Outcome
from tests.application.helpers import GROUNDS, Desk

UNTIL = datetime(2027, 12, 31, tzinfo=UTC)


def licence(kind: str, until: datetime = UNTIL) -> Authorisation:
    return Authorisation(
        kind=kind, number=" 京 ICP 10120170001 ", issuer="国家网信办", valid_until=until
    )


def events(ledger: Ledger, account: Any) -> list[Any]:
    return list(ledger.history(account))


def test_an_organ_registers_its_own_name_against_its_authorisation(ledger: Ledger) -> None:
    """R3: 北京市公安局 is refused to anyone without authorisation (2022-8-2); with an organ's
    authorisation it waits for a reviewer, who verifies it against the evidence
    recorded on the registration (2022-11)."""
    desk = Desk(ledger)
    with pytest.raises(RuleViolation) as refused:
        desk.register("北京市公安局")
    assert refused.value.rule == "name-policy:organ-impersonation"
    account = desk.register("北京市公安局", authorisation=licence("organ"))
    registered = events(ledger, account)[0]
    evidence = {
        "kind": "organ",
        "number": "京 ICP 10120170001",  # folded: spaces trimmed and collapsed
        "issuer": "国家网信办",
        "valid_until": UNTIL.isoformat(),
    }
    assert registered.authorisation == evidence
    assert [f["authorisation"] for f in ledger.account(account).review] == ["organ"]
    with pytest.raises(RuleViolation, match="a reviewer must verify"):
        desk.do(VerifyIdentity(account_id=account), Role.PLATFORM)
    desk.do(VerifyIdentity(account_id=account), Role.REVIEWER)
    verified = events(ledger, account)[-1]
    assert type(verified).__name__ == "IdentityVerified"
    assert verified.approved_against == evidence
    assert ledger.account(account).status == "active"
    assert describe(ledger.account(account))["authorisation"] == evidence


def test_a_licence_of_another_kind_does_not_answer_the_finding(ledger: Ledger) -> None:
    """R3: a news licence is no organ's authorisation: 北京市公安局 stays refused (2022-8-2)."""
    desk = Desk(ledger)
    with pytest.raises(RuleViolation, match="organ"):
        desk.register("北京市公安局", authorisation=licence("news"))


def test_an_expired_licence_counts_as_none_and_nothing_is_written(ledger: Ledger) -> None:
    """R3: a licence whose validity ended before the recording clock is no evidence
    (2022-11); the registration is refused and no event is written."""
    desk = Desk(ledger)
    written = ledger.recorder.max_notification_id()
    expired = licence("news", until=desk.now - timedelta(days=1))
    with pytest.raises(RuleViolation) as refused:
        desk.register("人民日报", authorisation=expired)
    assert refused.value.rule.startswith("name-policy:")
    assert ledger.recorder.max_notification_id() == written


def test_a_validity_beyond_the_horizon_is_refused(ledger: Ledger) -> None:
    """R3: validity is a time bounded like any other: at most ten years ahead (2022-11)."""
    desk = Desk(ledger)
    with pytest.raises(RuleViolation) as refused:
        desk.register("人民日报", authorisation=licence("news", datetime(2099, 1, 1, tzinfo=UTC)))
    assert (refused.value.rule, refused.value.field) == ("time-range", "licence_valid_until")


def test_a_licensed_news_outlet_changes_its_name_against_its_licence(ledger: Ledger) -> None:
    """R3: 人民日报 as a new name with a news licence waits for review; the approval names
    the licence it was approved against (2021 Art 5; 2022-8-4, 2022-11)."""
    desk = Desk(ledger)
    account = desk.active("报业集团筹备", serial=2)
    desk.do(
        ChangeName(account_id=account, value="人民日报", licence=licence("news")), Role.PLATFORM
    )
    submitted = events(ledger, account)[-1]
    assert type(submitted).__name__ == "ProfileChangeSubmitted"
    assert submitted.authorisation["kind"] == "news"
    assert {f["rule"] for f in submitted.findings} == {"news-without-licence", "protected-name"}
    desk.do(ApproveProfileChange(account_id=account, field="name"), Role.REVIEWER)
    approved = events(ledger, account)[-1]
    assert approved.approved_against == submitted.authorisation
    assert ledger.account(account).name == "人民日报"
    assert ledger.account(account).authorisation == submitted.authorisation


def test_a_name_whose_licence_expired_in_review_is_not_approved(ledger: Ledger) -> None:
    """R3: the reviewer approves against evidence in force by the recording clock (2022-11)."""
    desk = Desk(ledger)
    account = desk.active("报业集团筹备", serial=3)
    until = desk.now + timedelta(days=2)
    desk.do(
        ChangeName(account_id=account, value="猫咪新闻", licence=licence("news", until)),
        Role.PLATFORM,
    )
    desk.now += timedelta(days=3)
    with pytest.raises(RuleViolation) as refused:
        desk.do(ApproveProfileChange(account_id=account, field="name"), Role.REVIEWER)
    assert refused.value.rule == "authorisation-expired"
    assert type(events(ledger, account)[-1]).__name__ == "ProfileChangeSubmitted"


@pytest.mark.parametrize(
    "name",
    ["北京市公安局 13800138000", "北京市公安局.com", "北京市公按局"],
)
def test_what_is_refused_to_everyone_stays_refused_with_any_authorisation(
    ledger: Ledger, name: str
) -> None:
    """R3: contact details, web addresses and lookalike tricks are refused whoever asks
    (2022-8-6): no authorisation sends them to review."""
    desk = Desk(ledger)
    with pytest.raises(RuleViolation):
        desk.register(name, authorisation=licence("organ"))


def test_a_barred_name_stays_refused_with_an_authorisation(ledger: Ledger) -> None:
    """R4: a closed account's name is never registered again, authorised or not (2021-8)."""
    desk = Desk(ledger)
    account = desk.register("山城新闻社", serial=4, authorisation=licence("news"))
    desk.do(VerifyIdentity(account_id=account), Role.REVIEWER)
    desk.do(Close(account_id=account), Role.MODERATOR, **GROUNDS)
    with pytest.raises(RuleViolation) as refused:
        desk.register("山城新闻社", serial=5, authorisation=licence("news"))
    assert "barred" in refused.value.rule


# ------------------------------------------------------------- rectification


def _rectifying(desk: Desk, serial: int) -> Any:
    account = desk.active(f"山城徒步{serial}", serial=serial)
    deadline = desk.now + timedelta(days=7)
    order = OrderRectification(account_id=account, deadline=deadline, fields=("name",))
    desk.do(order, Role.MODERATOR, **GROUNDS)
    return account


@pytest.mark.parametrize(
    "name", ["中国山城徒步", "National Trail Notes", "人民日报", "徒步 abc.cn", "山城徒步新版"]
)
def test_a_corrected_name_is_reviewed_as_strictly_as_a_new_one(ledger: Ledger, name: str) -> None:
    """R3, R6: a corrected name gets the verdict a new name gets: refused when the policy
    rejects it, and when it needs review (state words, 2022 Art 10 ¶2) restored only by a
    reviewer with the findings recorded on `Rectified` (2022-10, 2022-15)."""
    desk = Desk(ledger)
    account = _rectifying(desk, serial=6)
    verdict = ledger.reviews({"name": name})["name"]
    rectify = Rectify(account_id=account, name=name)
    if verdict.outcome is Outcome.REJECT:
        with pytest.raises(LedgerError) as refused:
            desk.do(rectify, Role.REVIEWER)
        assert refused.value.rule == f"name-policy:{verdict.findings[0].rule}"
        assert ledger.account(account).status == "rectifying"
        return
    desk.do(rectify, Role.REVIEWER)
    rectified = events(ledger, account)[-1]
    assert type(rectified).__name__ == "Rectified"
    recorded = {(f["field"], f["rule"], f["outcome"]) for f in rectified.reviewed or []}
    assert recorded == {("name", f.rule, f.outcome.value) for f in verdict.findings}
    assert (verdict.outcome is Outcome.REVIEW) == bool(recorded)
    assert rectified.act.actor_role is Role.REVIEWER


def test_a_corrected_state_word_name_records_its_strict_review(ledger: Ledger) -> None:
    """R3, R6: 中国 in a corrected name is a finding of strict review, recorded (2022-10)."""
    desk = Desk(ledger)
    account = _rectifying(desk, serial=7)
    desk.do(Rectify(account_id=account, name="中国山城徒步"), Role.REVIEWER)
    rectified = events(ledger, account)[-1]
    assert [(f["rule"], f["article"]) for f in rectified.reviewed] == [("state-words", "2022-10")]
