"""End to end through the CLI: register, verify, warn, suspend, appeal, overturn; then
`show`, `history`, the disposal register and the appeal trail agree (R12, R13, R15)."""

from __future__ import annotations

from pathlib import Path

from accountledger.adapters.inputs import id_card_check
from tests.e2e.test_cli_flow import run

BODY = "44030519900101123"
GROUNDS = ["--reason", "alleged rumour", "--basis", "2021-19", "--violation", "2021-18-6"]


def test_an_overturned_suspension_agrees_everywhere(tmp_path: Path) -> None:
    """R15: the reversal is a new event named by the appeal; every view shows it."""
    store = tmp_path / "appeal.db"
    account = run(
        store,
        "register",
        "--name",
        "Wild Herbs",
        "--identity-kind",
        "id_card",
        "--identity-number",
        BODY + id_card_check(BODY),
        "--nature",
        "individual",
        "--registration-place",
        "Kunming",
        "--operating-place",
        "Kunming",
        "--content-category",
        "botany",
        "--actor",
        "svc:platform",
        "--at",
        "2026-04-01",
    )["account_id"]
    run(store, "verify-identity", account, "--actor", "r-1:reviewer", "--at", "2026-04-02")
    run(store, "warn", account, "--actor", "m-1:moderator", "--at", "2026-04-03", *GROUNDS)
    suspended = run(
        store, "suspend", account, "--actor", "m-1:moderator", "--at", "2026-04-04", *GROUNDS
    )
    (record,) = suspended["records"]
    filed = run(
        store,
        "appeal",
        "file",
        record,
        "--grounds",
        "the post was satire",
        "--actor",
        "op-1:operator",
        "--at",
        "2026-04-05",
    )
    run(
        store,
        "appeal",
        "evidence",
        record,
        "--reference",
        "evidence://satire-label",
        "--actor",
        "op-1:operator",
        "--at",
        "2026-04-06",
    )
    refused = run(
        store,
        "appeal",
        "assign",
        record,
        "--reviewer",
        "m-1",
        "--actor",
        "lead:appeal_reviewer",
        "--at",
        "2026-04-06",
        code=3,
    )
    assert refused["rule"] == "independent-reviewer"
    run(
        store,
        "appeal",
        "assign",
        record,
        "--reviewer",
        "ar-2",
        "--actor",
        "lead:appeal_reviewer",
        "--at",
        "2026-04-07",
    )
    decided = run(
        store,
        "appeal",
        "decide",
        record,
        "--outcome",
        "overturned",
        "--reason",
        "satire, clearly labelled",
        "--actor",
        "ar-2:appeal_reviewer",
        "--at",
        "2026-04-08",
    )
    # The suspension was a case of its own (no case id): its credit lowering is given back
    # in the same save (R11); the warning's case still stands.
    assert decided["reversal"] == {
        "events": ["MeasureReversed", "CreditTierChanged"],
        "status": "active",
    }
    assert run(store, "show", account)["credit_tier"] == "C"

    assert run(store, "show", account)["status"] == "active"
    assert run(store, "show", account, "--as-of", "2026-04-07")["status"] == "suspended"
    history = [e["event"] for e in run(store, "history", account)["events"]]
    assert [e for e in history if e != "CreditTierChanged"][-3:] == [
        "Warned",
        "Suspended",
        "MeasureReversed",
    ]
    records = {r["record_id"]: r for r in run(store, "disposals")["records"]}
    assert records[record]["appeal_status"] == "overturned"
    reversal = history.index("MeasureReversed") + 1
    assert records[record]["reversed_by"] == f"{account}/{reversal}"
    trail = run(store, "appeal", "show", filed["appeal_id"])
    assert [e["event"] for e in trail["events"]] == [
        "Filed",
        "EvidenceAdded",
        "Assigned",
        "Decided",
        "MeasureReversed",
    ]
    assert trail["outcome"] == "overturned"
