"""End to end: the demo a newcomer runs, on the embedded store (R1-R18 in one history)."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.adapters.http.app import create_app
from accountledger.domain.account import Account

EXE = str(Path(sys.executable).with_name("accountledger"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    where = tmp_path_factory.mktemp("demo")
    done = subprocess.run(
        [EXE, "demo", "--fresh"],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": str(Path(EXE).parent) + ":/usr/bin:/bin", "COLUMNS": "200"},
    )
    assert done.returncode == 0, done.stderr
    return where, done.stdout


def event_types() -> set[str]:
    return {
        name
        for name, value in vars(Account).items()
        if isinstance(value, type)
        and issubclass(value, Account.Event)
        and name not in ("Event", "Created")  # base classes, never recorded
    }


def test_demo_identity_numbers_are_not_in_the_store_dump(demo: tuple[Path, str]) -> None:
    """R17: `sqlite3 accountledger.db .dump | grep -c <identity number>` is 0."""
    where, output = demo
    number = re.search(r"e\.g\. (\d{17}[\dX])", output)
    assert number is not None
    dump = "\n".join(sqlite3.connect(where / "accountledger.db").iterdump())
    assert number.group(1) not in dump
    assert len(dump) > 10_000


def test_demo_records_every_kind_of_event(demo: tuple[Path, str]) -> None:
    where, _ = demo
    ledger = open_ledger(Settings(store=f"sqlite:///{where / 'accountledger.db'}"))
    seen = {
        type(ledger.mapper.to_domain_event(n)).__name__
        for n in ledger.recorder.select_notifications(start=1, limit=100_000)
    }
    ledger.close()
    assert event_types() <= seen, event_types() - seen


def test_demo_refuses_re_registration_of_a_closed_name_and_prints_an_inquiry(
    demo: tuple[Path, str],
) -> None:
    """R4 and R18, as a newcomer sees them."""
    _, output = demo
    assert "Refused as expected: re-register the closed name" in output
    assert "barred-name" in output
    assert "Regulator inquiry" in output and "History of account" in output
    accounts = re.search(r"(\d+) events", output)
    assert accounts is not None and int(accounts.group(1)) > 150


def test_demo_registers_a_licensed_news_outlet_approved_against_its_licence(
    demo: tuple[Path, str],
) -> None:
    """R3 (2021 Art 5; 2022 Art 8 item 4, Art 11): a news-style name with a news licence
    goes to review, not refusal, and the reviewer's verification names the licence."""
    where, output = demo
    assert "嘉陵江日报 registered with news licence 50120180007 pending review" in output
    assert "news-without-licence" in output
    ledger = open_ledger(Settings(store=f"sqlite:///{where / 'accountledger.db'}"))
    try:
        outlet = next(
            e.originator_id
            for n in ledger.recorder.select_notifications(start=1, limit=100_000)
            if type(e := ledger.mapper.to_domain_event(n)).__name__ == "Registered"
            and e.name == "嘉陵江日报"
        )
        verified = ledger.history(outlet)[-1]
        assert type(verified).__name__ == "IdentityVerified"
        assert verified.approved_against["number"] == "50120180007"
        assert ledger.account(outlet).status == "active"
    finally:
        ledger.close()


def test_demo_refuses_a_store_that_already_has_history(demo: tuple[Path, str]) -> None:
    where, _ = demo
    again = subprocess.run([EXE, "demo"], cwd=where, capture_output=True, text=True, timeout=120)
    assert again.returncode == 2 and "fresh-store" in again.stdout


def test_demo_health_account_waits_for_its_qualification_and_lapses_with_it(
    demo: tuple[Path, str],
) -> None:
    """R5, 2021 Art 9 ¶1-3: the demo's health account is refused service until its
    qualification is verified; withdrawn, it is suspended; verified again with an expiry,
    it serves until the sweep records the expiry and suspends it."""
    where, output = demo
    assert "activate a health account before its qualification is verified" in output
    assert "qualification-required" in output
    story = "Qualified (2021 Art 9): 协和医生说健康 (health): verified, in service, withdrawn"
    assert story in output
    ledger = open_ledger(Settings(store=f"sqlite:///{where / 'accountledger.db'}"))
    try:
        rows = ledger.recorder.select_notifications(start=1, limit=100_000)
        events = [ledger.mapper.to_domain_event(n) for n in rows]
        expired = [e for e in events if type(e).__name__ == "QualificationExpired"]
        assert len(expired) == 1
        account = ledger.account(expired[0].originator_id)
        assert account.details["content_category"] == "health"
        names = [type(e).__name__ for e in ledger.history(account.id)]
        assert names.index("QualificationVerified") < names.index("IdentityVerified")
        assert names.index("QualificationWithdrawn") < names.index("QualificationExpired")
        assert account.status == "suspended"
        assert account.qualifications["health"]["status"] == "expired"
    finally:
        ledger.close()


def test_demo_blacklisting_reaches_a_second_account_of_the_same_subject(
    demo: tuple[Path, str],
) -> None:
    """R4, R12 (2021 Art 19, 2022 Art 15): the demo's blacklisting suspends the subject's
    other account pending review, as a record of its own citing the blacklisting; the
    register counts it as not reportable (R13)."""
    where, output = demo
    assert "Blacklisting reached the subject:" in output
    assert "on administrative grounds (not reportable)" in output
    ledger = open_ledger(Settings(store=f"sqlite:///{where / 'accountledger.db'}"))
    try:
        events = [
            ledger.mapper.to_domain_event(n)
            for n in ledger.recorder.select_notifications(start=1, limit=100_000)
        ]
        reach = [
            e
            for e in events
            if type(e).__name__ == "Suspended" and e.act.actor_id == "blacklisting-reach"
        ]
        assert len(reach) == 1
        (evidence,) = reach[0].act.evidence
        blacklisted_id, version = evidence.split("/")
        blacklisting = ledger.history(UUID(blacklisted_id))[int(version) - 1]
        assert type(blacklisting).__name__ == "Blacklisted"
        other = ledger.account(reach[0].originator_id)
        assert other.status == "suspended" and other.id != blacklisting.originator_id
        assert other.subject_ref == ledger.account(UUID(blacklisted_id)).subject_ref
    finally:
        ledger.close()


def test_demo_ends_by_pointing_at_the_console_the_statistics_and_the_probes(
    demo: tuple[Path, str],
) -> None:
    """R13, R18: the demo says where to look, and the statistics command it prints runs on
    its store and counts the demo's measures (the period is the demo's quarter)."""
    where, output = demo
    tail = output[output.index("Where to look next:") :]
    assert "http://127.0.0.1:8000/console" in tail
    assert "curl http://127.0.0.1:8000/metrics" in tail and "/readyz" in tail
    found = re.search(r"accountledger (stats --period \S+)", tail)
    assert found is not None
    done = subprocess.run(
        [EXE, *found.group(1).split(), "--format", "csv"],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    [total] = [row for row in done.stdout.splitlines() if ",measures,total," in row]
    assert int(total.rsplit(",", 1)[1]) > 0


def test_metrics_on_the_demo_store_count_what_the_demo_recorded(
    demo: tuple[Path, str],
) -> None:
    """After `make demo`, a freshly started service on the demo's store shows non-zero
    command counters at /metrics (issue 17 point 4), and no identity number (R17). Last
    in this file: the service may seal what the demo left unsealed."""
    where, output = demo
    number = re.search(r"e\.g\. (\d{17}[\dX])", output)
    assert number is not None
    app = create_app(Settings(store=f"sqlite:///{where / 'accountledger.db'}"))
    with TestClient(app) as client:  # a fresh process's service: no request counted yet
        assert client.get("/readyz").status_code == 200
        scraped = client.get("/metrics")
    assert scraped.status_code == 200
    recorded = {
        s.labels["kind"]: s.value
        for family in text_string_to_metric_families(scraped.text)
        for s in family.samples
        if s.name == "accountledger_recorded_events_total"
    }
    assert recorded["Account.Registered"] > 0
    assert recorded["Account.Warned"] > 0
    assert sum(recorded.values()) > 100
    assert number.group(1) not in scraped.text
