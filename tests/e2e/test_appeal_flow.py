"""End to end through the CLI: register, verify, warn, suspend, appeal, overturn; then
`show`, `history`, the disposal register and the appeal trail agree (R12, R13, R15).

In-process, each step recorded at its business time: an appeal is filed when the
recording clock says (R15), so the CLI's clock follows the scenario's days rather than
the day the test runs. `test_cli_flow.py` drives the installed command itself.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.inputs import id_card_check
from tests.adapters.cli_runner import cli_recording_each_step_at_its_time

BODY = "44030519900101123"
AFTER = datetime(2026, 4, 9, 12, 0, tzinfo=UTC)
GROUNDS = ["--reason", "alleged rumour", "--basis", "2021-19", "--violation", "2021-18-6"]


@pytest.fixture
def run(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Any:
    # Reads run the day after the last step.
    invoke = cli_recording_each_step_at_its_time(store, monkeypatch, now=AFTER)

    def run_json(*args: str, code: int = 0) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(invoke(*args, "--json", code=code).stdout)
        return parsed

    return run_json


def test_an_overturned_suspension_agrees_everywhere(run: Any) -> None:
    """R15: the reversal is a new event named by the appeal; every view shows it."""
    account = run(
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
    run("verify-identity", account, "--actor", "r-1:reviewer", "--at", "2026-04-02")
    run("warn", account, "--actor", "m-1:moderator", "--at", "2026-04-03", *GROUNDS)
    suspended = run("suspend", account, "--actor", "m-1:moderator", "--at", "2026-04-04", *GROUNDS)
    (record,) = suspended["records"]
    filed = run(
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
    assert run("show", account)["credit_tier"] == "C"

    assert run("show", account)["status"] == "active"
    assert run("show", account, "--as-of", "2026-04-07")["status"] == "suspended"
    history = [e["event"] for e in run("history", account)["events"]]
    assert [e for e in history if e != "CreditTierChanged"][-3:] == [
        "Warned",
        "Suspended",
        "MeasureReversed",
    ]
    records = {r["record_id"]: r for r in run("disposals")["records"]}
    assert records[record]["appeal_status"] == "overturned"
    reversal = history.index("MeasureReversed") + 1
    assert records[record]["reversed_by"] == f"{account}/{reversal}"
    trail = run("appeal", "show", filed["appeal_id"])
    assert [e["event"] for e in trail["events"]] == [
        "Filed",
        "EvidenceAdded",
        "Assigned",
        "Decided",
        "MeasureReversed",
    ]
    assert trail["outcome"] == "overturned"
