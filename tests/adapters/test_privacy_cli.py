"""`accountledger erase-subject`, `identity` and `inquiry --with-personal-information`:
erasure with its basis, identities only for compliance and regulators, every disclosure
in the access log and none in the logs (R16, R17)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from accountledger.adapters import cli_privacy  # noqa: F401  (adds its commands)
from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.keys import KeyStore
from accountledger.adapters.inputs import id_card_check
from tests.adapters.cli_runner import NOW, Run, as_json, cli_at_now

BODY = "44030519870214321"
NUMBER = BODY + id_card_check(BODY)
SUBJECT = f"id_card:{NUMBER}"
CONTACT = "owner@example.org"
COMPLIANCE = ["--actor", "c-1:compliance"]
ERASE = ["--reason", "the subject asked to be forgotten", "--basis", "2022-16", "--basis", "2021-6"]
GROUNDS = ["--reason", "rumour", "--basis", "2021-19", "--violation", "2021-18-6"]


@pytest.fixture
def run(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_at_now(store, monkeypatch)


def accesses(store: Settings) -> list[dict[str, Any]]:
    keys = KeyStore(str(store.keystore))
    try:
        return keys.accesses()
    finally:
        keys.close()


def registered(run: Run, name: str = "Harbour Notes", at: str = "2025-06-01") -> str:
    done = run(
        *("register", "--name", name, "--identity-kind", "id_card", "--identity-number", NUMBER),
        *("--contact", CONTACT, "--nature", "individual", "--registration-place", "Shenzhen"),
        *("--operating-place", "Shenzhen", "--content-category", "travel"),
        *("--actor", "svc:platform", "--at", at, "--json"),
    )
    account = str(as_json(done)["account_id"])
    run("verify-identity", account, "--actor", "r-1:reviewer", "--at", at + "T01:00")
    return account


def closed(run: Run, closed_at: str = "2025-07-01") -> str:
    """An account warned and closed long enough before NOW (2026-03-01) to be erased."""
    account = registered(run)
    run("warn", account, *GROUNDS, "--actor", "m-1:moderator", "--at", "2025-06-03")
    run("close", account, *GROUNDS, "--actor", "m-1:moderator", "--at", closed_at)
    return account


def test_erase_subject_records_its_basis_and_identity_then_shows_erased(
    run: Run, store: Settings
) -> None:
    """R16, R17: erased at NOW on 2022-16 and 2021-6; history and rebuild unchanged."""
    account = closed(run)
    history = as_json(run("history", account, "--json"))
    before = as_json(run("identity", account, *COMPLIANCE, "--json"))
    assert (before["number"], before["contact"], before["erased"]) == (NUMBER, CONTACT, False)
    erased = as_json(run("erase-subject", SUBJECT, *COMPLIANCE, *ERASE, "--json"))
    assert (erased["outcome"], erased["key_destroyed"]) == ("recorded", True)
    assert erased["basis"] == ["2022-16", "2021-6"] and erased["accounts"] == [account]
    assert erased["erased_at"] == NOW.isoformat() and erased["erased_by"] == "c-1"
    shown = as_json(run("identity", account, "--actor", "cac-7:regulator", "--json"))
    assert shown == {
        "account_id": account,
        "subject_ref": before["subject_ref"],
        "erased": True,
        "erased_at": NOW.isoformat(),
        "basis": ["2022-16", "2021-6"],
    }
    text = run("identity", account, *COMPLIANCE).stdout
    assert "erased on" in text and NUMBER not in text
    assert as_json(run("history", account, "--json")) == history
    assert as_json(run("rebuild", "--json"))["processed"] > 0
    assert as_json(run("show", account, "--json"))["status"] == "closed"
    again = as_json(run("erase-subject", SUBJECT, *COMPLIANCE, *ERASE, "--json", code=3))
    assert (again["rule"], again["article"]) == ("erased-once", "2022-16")


def test_erase_subject_too_early_names_the_rule_and_article(run: Run) -> None:
    """R16: closed 1 July 2025; on 1 October the records are still kept (2017-16)."""
    account = closed(run)
    early = ["--at", "2025-10-01", "--json"]
    refused = as_json(run("erase-subject", SUBJECT, *COMPLIANCE, *ERASE, *early, code=3))
    assert (refused["rule"], refused["field"]) == ("record-retention", "subject")
    assert refused["article"] == "2017-16" and "2026-01-01" in refused["error"]
    line = run("erase-subject", SUBJECT, *COMPLIANCE, *ERASE, "--at", "2025-10-01", code=3)
    assert "[2017-16]" in line.stderr and "record-retention" in line.stderr
    assert as_json(run("identity", account, *COMPLIANCE, "--json"))["number"] == NUMBER


def test_erase_subject_is_refused_while_a_live_account_is_held(run: Run) -> None:
    """R16, R17: an active account's holder keeps its identity (2021-8)."""
    registered(run)
    refused = as_json(run("erase-subject", SUBJECT, *COMPLIANCE, *ERASE, "--json", code=3))
    assert (refused["rule"], refused["article"]) == ("live-account", "2021-8")


def test_only_compliance_may_erase_and_only_with_a_basis(run: Run) -> None:
    """R17: a moderator is refused by the authority table; an erasure without basis too."""
    closed(run)
    moderator = ["--actor", "m-1:moderator", *ERASE, "--json"]
    assert as_json(run("erase-subject", SUBJECT, *moderator, code=3))["rule"] == "role"
    no_basis = ["--reason", "asked", "--json"]
    refused = as_json(run("erase-subject", SUBJECT, *COMPLIANCE, *no_basis, code=3))
    assert (refused["rule"], refused["field"]) == ("erasure-grounds", "basis")


@pytest.mark.parametrize("role", ["platform", "moderator", "reviewer", "auditor", "operator"])
def test_identity_for_a_role_that_may_not_see_it_exits_3(
    run: Run, store: Settings, role: str
) -> None:
    """R17: least exposure: exit 3 naming rule and article; nothing disclosed or logged."""
    account = registered(run)
    refused = run("identity", account, "--actor", f"x-1:{role}", "--json", code=3)
    assert (as_json(refused)["rule"], as_json(refused)["article"]) == ("role", "2022-16")
    assert NUMBER not in refused.stdout
    assert accesses(store) == []


def test_identity_without_an_actor_exits_2(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """R17: personal information is shown only to a named actor."""
    monkeypatch.delenv("ACCOUNTLEDGER_ACTOR", raising=False)
    account = registered(run)
    assert "--actor" in run("identity", account, code=2).stderr


def test_disclosures_go_to_the_access_log_and_never_to_the_logs(
    run: Run, store: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """R17: every log line written while disclosing is free of the number and the contact."""
    account = registered(run)
    with caplog.at_level(logging.DEBUG):
        shown = run("identity", account, "--actor", "cac-7:regulator", "--json")
        inquired = run("inquiry", account, "--with-personal-information", *COMPLIANCE, "--json")
    assert NUMBER in shown.stdout and NUMBER in inquired.stdout
    assert any("disclosed" in r.getMessage() for r in caplog.records)
    assert NUMBER not in caplog.text and CONTACT not in caplog.text
    log = accesses(store)
    assert [(r["actor_id"], r["role"], r["method"], r["path"], r["account_id"]) for r in log] == [
        ("cac-7", "regulator", "CLI", "identity", account),
        ("c-1", "compliance", "CLI", "inquiry --with-personal-information", account),
    ]
    assert all(NUMBER not in str(r) and CONTACT not in str(r) for r in log)


def test_inquiry_withholds_personal_information_unless_asked_and_allowed(
    run: Run, store: Settings
) -> None:
    """R17, R18: without the flag withheld and nothing logged; an auditor is refused."""
    account = registered(run)
    plain = run("inquiry", account, *COMPLIANCE, "--json")
    body = as_json(plain)["inquiry"]
    assert body["personal_information"] == "withheld"
    assert all("identity" not in entry for entry in body["accounts"])
    assert NUMBER not in plain.stdout and accesses(store) == []
    auditor = ["--with-personal-information", "--actor", "a-1:auditor", "--json"]
    refused = as_json(run("inquiry", account, *auditor, code=3))
    assert (refused["rule"], refused["article"]) == ("role", "2022-16")
    assert accesses(store) == []
    asked = ["--with-personal-information", "--actor", "cac-7:regulator", "--json"]
    included = as_json(run("inquiry", "--subject", SUBJECT, *asked))["inquiry"]
    assert included["personal_information"] == "included"
    (entry,) = included["accounts"]
    assert (entry["identity"]["number"], entry["identity"]["contact"]) == (NUMBER, CONTACT)
    assert [r["account_id"] for r in accesses(store)] == [account]
    text = run("inquiry", account, "--with-personal-information", *COMPLIANCE).stdout
    assert "Personal information: included" in text and NUMBER in text


def test_inquiry_after_erasure_shows_the_erased_marker(run: Run) -> None:
    """R17, R18: the subject's accounts are still inquired into; the identity is erased."""
    account = closed(run)
    run("erase-subject", SUBJECT, *COMPLIANCE, *ERASE)
    asked = ["--with-personal-information", *COMPLIANCE, "--json"]
    body = as_json(run("inquiry", account, *asked))["inquiry"]
    (entry,) = body["accounts"]
    assert entry["identity"]["erased"] is True and entry["identity"]["basis"] == [
        "2022-16",
        "2021-6",
    ]
    assert [e["event"] for e in entry["events"]][-1] == "Closed"
    assert [d["measure"] for d in entry["disposals"]] == ["warning", "closure"]
