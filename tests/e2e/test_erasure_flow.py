"""A subject's erasure through the installed `accountledger` command: the account closed
long ago, the erasure recorded with its basis, the identity gone, the record whole
(R16, R17)."""

from __future__ import annotations

from pathlib import Path

from accountledger.adapters.inputs import id_card_check
from tests.e2e.test_cli_flow import run

BODY = "32010219790623456"
NUMBER = BODY + id_card_check(BODY)


def closed_account(store: Path, number: str) -> str:
    """An account registered in January 2024 and closed in March for false information."""
    account: str = run(
        store,
        *("register", "--name", "Old Canal Walks", "--identity-kind", "id_card"),
        *("--identity-number", number, "--nature", "individual"),
        *("--registration-place", "Nanjing", "--operating-place", "Nanjing"),
        *("--content-category", "travel", "--actor", "svc:platform", "--at", "2024-01-10"),
    )["account_id"]
    run(store, "verify-identity", account, "--actor", "r-1:reviewer", "--at", "2024-01-11")
    grounds = ["--reason", "fake flood photos", "--basis", "2021-19", "--violation", "2021-18-6"]
    run(store, "close", account, *grounds, "--actor", "m-1:moderator", "--at", "2024-03-01")
    return account


def test_erase_a_subject_years_after_its_account_closed(tmp_path: Path) -> None:
    """R16, R17: erased once on 2022-16; identity erased for the regulator; register kept."""
    store = tmp_path / "erase.db"
    account = closed_account(store, NUMBER)
    compliance = ["--actor", "c-1:compliance"]
    erased = run(
        store,
        *("erase-subject", f"id_card:{NUMBER}", *compliance, "--at", "2025-01-02"),
        *("--reason", "the subject asked to be forgotten", "--basis", "2022-16"),
    )
    assert erased["outcome"] == "recorded" and erased["accounts"] == [account]
    shown = run(store, "identity", account, "--actor", "cac-1:regulator")
    assert shown["erased"] is True and shown["basis"] == ["2022-16"]
    assert shown["erased_at"].startswith("2025-01-02") and "number" not in shown
    refused = run(store, "identity", account, "--actor", "a-1:auditor", code=3)
    assert refused["rule"] == "role"
    (record,) = run(store, "disposals", "--account", account)["records"]
    assert record["measure"] == "closure" and record["reason"] == "fake flood photos"
    assert run(store, "rebuild")["processed"] > 0
    events = [e["event"] for e in run(store, "history", account)["events"]]
    assert events == ["Registered", "IdentityVerified", "Closed"]
