"""The CLI offers the new verbs from the command table: `change-contact`,
`change-operating-place`, `change-content-category`, `change-main-business` (approved
with `approve-profile-change --field`), `submit-correction` / `approve-correction` /
`reject-correction`, and `request-reinstatement` / `grant-reinstatement` /
`refuse-reinstatement` (R2, R3, R6, R10, R17; 2021 Arts 8, 11, 15; 2022 Arts 10, 15, 16)."""

from __future__ import annotations

import logging

import pytest

from accountledger.adapters import cli_privacy  # noqa: F401  (adds its commands)
from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.inputs import id_card_check, uscc_check
from tests.adapters.cli_runner import Run, as_json, cli_at_now

BODY = "32010619880512431"
NUMBER = BODY + id_card_check(BODY)
# An enterprise registers by its USCC with its legal representative (2021 Art 8).
USCC = "91350100M000100Y4" + uscc_check("91350100M000100Y4")
NEW_CONTACT = "13711112222"
OP, R, M = ("--actor", "op-1:operator"), ("--actor", "r-1:reviewer"), ("--actor", "m-1:moderator")


@pytest.fixture
def run(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_at_now(store, monkeypatch)


def active(run: Run, name: str = "Lake Sketches") -> str:
    done = run(
        *("register", "--name", name, "--identity-kind", "uscc", "--identity-number", USCC),
        *("--representative-kind", "id_card", "--representative-number", NUMBER),
        *("--contact", "13800138000", "--nature", "enterprise", "--main-business", "design"),
        *("--registration-place", "Nanjing", "--operating-place", "Nanjing"),
        *("--content-category", "art", "--actor", "svc:platform", "--at", "2026-02-01", "--json"),
    )
    account = str(as_json(done)["account_id"])
    run("verify-identity", account, *R, "--at", "2026-02-01T01:00")
    return account


def test_details_change_through_the_cli_and_the_contact_never_prints(
    run: Run, caplog: pytest.LogCaptureFixture
) -> None:
    """R2, R3, R17: each detail verb submits, `approve-profile-change --field` approves;
    `show` has the new details and no output or log line has the contact in clear."""
    caplog.set_level(logging.DEBUG)
    account = active(run)
    outputs = [
        run("change-operating-place", account, "--operating-place", "Suzhou", *OP, "--json"),
        run("change-content-category", account, "--content-category", "health", *OP),
        run("change-main-business", account, "--main-business", "design and print", *OP),
        run("change-contact", account, "--contact", NEW_CONTACT, *OP, "--json"),
    ]
    assert as_json(outputs[0])["events"] == ["RegistrationDetailChangeSubmitted"]
    for field in ("operating_place", "content_category", "main_business", "contact"):
        outputs.append(run("approve-profile-change", account, "--field", field, *R))
    details = as_json(run("show", account, "--json"))["details"]
    assert details == {
        "nature": "enterprise",
        "registration_place": "Nanjing",
        "operating_place": "Suzhou",
        "content_category": "health",
        "main_business": "design and print",
    }
    outputs.append(run("history", account, "--json"))
    assert all(NEW_CONTACT not in o.output for o in outputs)
    assert NEW_CONTACT not in caplog.text
    shown = as_json(run("identity", account, "--actor", "c-1:compliance", "--json"))
    assert shown["contact"] == NEW_CONTACT


def test_an_organisation_cannot_empty_its_main_business(run: Run) -> None:
    """R2 (2021 Art 15): the same checks as at registration; nothing is written."""
    account = active(run)
    refused = run("change-main-business", account, "--main-business", "\u3000", *OP, code=2)
    assert "main_business" in refused.output


def test_the_operator_corrects_and_asks_to_resume_through_the_cli(run: Run) -> None:
    """R6, R10 (2022 Art 15; 2021 Art 11): the operator's correction waits for a reviewer;
    its own suspension ends when a moderator grants its request."""
    account = active(run, "State Lake Bureau")
    run(
        *("order-rectification", account, "--deadline", "2026-03-20", "--field", "name", *R),
        *("--reason", "impersonates an organ", "--basis", "2021-19", "--violation", "2021-18-2"),
    )
    submitted = as_json(run("submit-correction", account, "--name", "Lake Notes", *OP, "--json"))
    assert (submitted["events"], submitted["status"]) == (["CorrectionSubmitted"], "rectifying")
    run("approve-correction", account, *OP, code=3)  # only a reviewer approves
    approved = as_json(run("approve-correction", account, *R, "--json"))
    assert (approved["events"], approved["status"]) == (["Rectified"], "active")
    run("request-suspension", account, *OP)
    asked = as_json(run("request-reinstatement", account, *OP, "--json"))
    assert asked["events"] == ["ReinstatementRequested"]
    granted = as_json(run("grant-reinstatement", account, *M, "--json"))
    assert (granted["events"], granted["status"]) == (["ReinstatementGranted"], "active")
