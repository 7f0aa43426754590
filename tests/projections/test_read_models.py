"""Read models derived from the events alone (R4, R5, R9, R13, R14, R18)."""

from __future__ import annotations

from accountledger.application import reports
from accountledger.application.commands import (
    ApplyTransfer,
    ApproveTransfer,
    ChangeCreditTier,
    ChangeName,
    Close,
    LiftRestriction,
    Restrict,
    SubmitQualification,
    SuspendUpdates,
    VerifyQualification,
    VerifyTransferee,
    Warn,
)
from accountledger.application.identity import Identity
from accountledger.domain.act import Role
from tests.application.helpers import GROUNDS, id_card
from tests.projections.conftest import World


def test_every_measure_is_one_register_row_with_its_grounds(world: World) -> None:
    """R13: what, why, basis, evidence, who, when, for how long; R14: the violation class."""
    desk = world.desk
    account = desk.active("Jade Pottery")
    desk.do(
        Warn(account_id=account),
        Role.MODERATOR,
        evidence=("evidence://c-1/1",),
        case_id="c-1",
        **GROUNDS,
    )
    until = desk.now.replace(year=2027)
    desk.do(
        Restrict(account_id=account, functions=("comment", "live"), until=until),
        Role.MODERATOR,
        **GROUNDS,
    )
    rows = world.rows("disposal_register")
    assert sorted(r["measure"] for r in rows) == ["restriction", "warning"]
    warning = next(r for r in rows if r["measure"] == "warning")
    assert warning["violation"] == ["2021-18-2"] and warning["basis"] == ["2021-19"]
    assert warning["evidence"] == ["evidence://c-1/1"] and warning["case_id"] == "c-1"
    assert warning["decided_by"] == "moderator-1" and warning["reason"] == GROUNDS["reason"]
    restriction = next(r for r in rows if r["measure"] == "restriction")
    assert restriction["functions"] == ["comment", "live"]
    assert restriction["effective_until"] == until.isoformat()
    assert warning["record_id"] == f"{account}/3"


def test_lifting_marks_the_measure_it_ends(world: World) -> None:
    """R13: a record shows whether and by which event it was lifted."""
    desk = world.desk
    account = desk.active("River Fishing")
    desk.do(Restrict(account_id=account, functions=("comment", "live")), Role.MODERATOR, **GROUNDS)
    desk.do(LiftRestriction(account_id=account, functions=("comment",)), Role.MODERATOR)
    (open_record,) = world.rows("disposal_register")
    assert open_record["lifted_by"] is None  # "live" is still restricted
    desk.do(LiftRestriction(account_id=account, functions=("live",)), Role.MODERATOR)
    (lifted,) = world.rows("disposal_register")
    assert lifted["lifted_by"] == f"{account}/5"


def test_reported_record_shows_reference_and_time(world: World) -> None:
    """R13: the register shows which records are reported, with what reference."""
    desk = world.desk
    account = desk.active("Urban Birds")
    desk.do(Close(account_id=account), Role.MODERATOR, **GROUNDS)
    record = f"{account}/3"
    reports.report_disposal(
        world.ledger, record, "CAC-2026-0042", "online", desk.act(Role.COMPLIANCE)
    )
    (row,) = world.rows("disposal_register")
    assert row["reported_reference"] == "CAC-2026-0042" and row["reported_at"] is not None
    assert row["bars_reregistration"] is True


def test_account_status_row_follows_the_account(world: World) -> None:
    """R18: one row per account with its current state."""
    desk = world.desk
    account = desk.active("Clay & Glaze")
    desk.do(SuspendUpdates(account_id=account), Role.MODERATOR, **GROUNDS)
    desk.do(ChangeCreditTier(account_id=account, tier="A"), Role.SYSTEM)
    (row,) = world.rows("account_status")
    assert row["status"] == "active" and row["updates_suspended"] is True
    assert row["credit_tier"] == "A" and row["version"] == 4


def test_public_registry_lists_verified_accounts_with_their_marks(world: World) -> None:
    """R5: every account in service is public, a passed one with its special mark; their
    registration details are public (2021 Art 9, 2022 Art 11, 2022 Art 13)."""
    desk = world.desk
    account = desk.active("老周说理财")
    desk.do(
        SubmitQualification(account_id=account, field="economy", credential="credential://cpa"),
        Role.OPERATOR,
    )
    (row,) = world.rows("public_registry")
    assert row["marks"] == {} and row["organisation"] is False
    desk.do(
        VerifyQualification(account_id=account, field="economy", mark="财经认证"), Role.REVIEWER
    )
    (row,) = world.rows("public_registry")
    assert row["marks"] == {"economy": "财经认证"} and row["name"] == "老周说理财"
    desk.do(Close(account_id=account), Role.MODERATOR, **GROUNDS)
    assert world.rows("public_registry") == []


def test_approved_transfer_publishes_a_notice_and_moves_the_holding(world: World) -> None:
    """R9: the change of subject is made public; holdings show who held it when."""
    desk = world.desk
    account = desk.active("Harbor Notes", serial=1)
    desk.do(
        ApplyTransfer(account_id=account, transferee=Identity("id_card", id_card(2))), Role.OPERATOR
    )
    desk.do(VerifyTransferee(account_id=account), Role.REVIEWER)
    desk.do(ApproveTransfer(account_id=account), Role.REVIEWER)
    (notice,) = world.rows("subject_change_notices")
    assert notice["account_id"] == str(account)
    holdings = world.rows("subject_holdings")
    assert len(holdings) == 2
    first, second = sorted(holdings, key=lambda h: str(h["held_from"]))
    assert first["held_until"] == second["held_from"] and second["held_until"] is None
    assert first["subject_ref"] != second["subject_ref"]


def test_name_registry_keeps_former_names_and_bars_closed_ones(world: World) -> None:
    """R4: every name ever used, by whom, and whether it is barred."""
    desk = world.desk
    account = desk.active("Sunday Baker")
    desk.do(ChangeName(account_id=account, value="Monday Baker"), Role.OPERATOR)
    desk.do(Close(account_id=account), Role.MODERATOR, **GROUNDS)
    names = {r["name"]: r for r in world.rows("name_registry")}
    assert names["Sunday Baker"]["used_until"] is not None and not names["Sunday Baker"]["barred"]
    assert names["Monday Baker"]["barred"] is True
