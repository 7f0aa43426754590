"""Stored text is shown, never obeyed: by a terminal or by a spreadsheet (R13, R16, R18).

A name or reason with ESC, BEL, CR or a bidi override is refused at every edge (2021
Art 8 for names: a name is one visible line). What an earlier main may have stored is
escaped when a terminal prints it (control characters as `\\x1b`, rich markup as text),
and every CSV the system writes neutralises a cell that a spreadsheet would run as a
formula (2021 Art 19: the register a regulator opens must say what was recorded).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from accountledger.adapters import terminal
from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.adapters.exports import cell
from accountledger.adapters.http.app import create_app
from accountledger.application.commands import VerifyIdentity
from accountledger.application.identity import Identity, Registration
from accountledger.domain.act import Act, Role
from accountledger.projections.queries import RECORD_COLUMNS
from tests.adapters.cli_runner import NOW, Run, as_json, cli_at_now
from tests.adapters.test_console import Console
from tests.adapters.test_http import GROUNDS, REGISTRATION, Api

HOSTILE = {
    "ESC": "Kite\x1b[2J\x1b]0;owned\x07",
    "BEL": "Kite\x07",
    "CR": "Kite\rFake Name",
    "LF": "Kite\nFake Name",
    "bidi override": "Kite\u202eemaN ekaF",
}
FORMULAS = ["=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(A1:A2)"]
REGISTER = (
    *("--identity-kind", "mobile", "--identity-number", "13800138000"),
    *("--nature", "individual", "--registration-place", "Hangzhou"),
    *("--operating-place", "Hangzhou", "--content-category", "design"),
    *("--actor", "svc:platform", "--json"),
)
CLI_GROUNDS = ("--basis", "2021-19", "--violation", "2021-18-6", "--actor", "m-1:moderator")


@pytest.fixture
def run(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_at_now(store, monkeypatch)


@pytest.fixture
def api(store: Settings) -> Iterator[Api]:
    clock = [NOW]
    app = create_app(store, clock=lambda: clock[0])
    with TestClient(app) as client:
        yield Api(client, app.state.service.keys, clock)


@pytest.mark.parametrize("name", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_name_with_a_control_character_is_refused_by_the_cli(run: Run, name: str) -> None:
    """R3 (2021 Art 8): a name is one visible line; ESC, BEL, CR, LF or a bidi override in
    it is refused with field `name` and rule `control-character`, and nothing is written."""
    refused = as_json(run("register", "--name", name, *REGISTER, code=3))
    assert (refused["field"], refused["rule"]) == ("name", "control-character")


@pytest.mark.parametrize("name", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_name_with_a_control_character_is_refused_over_http(api: Api, name: str) -> None:
    """R3 (2021 Art 8): on registration and on a change of name, problem+json, nothing written."""
    refused = api.post("/accounts", {**REGISTRATION, "name": name}, "platform")
    assert refused.status_code == 422
    assert (refused.json()["field"], refused.json()["rule"]) == ("name", "control-character")
    account = api.active_account()
    changed = api.post(f"/accounts/{account}/change-name", {"value": name}, "platform")
    assert changed.status_code == 422, changed.json()
    assert changed.json()["rule"] == "control-character"
    assert [e["event"] for e in api.history(account)] == ["Registered", "IdentityVerified"]


@pytest.mark.parametrize("reason", [HOSTILE["ESC"], HOSTILE["BEL"], HOSTILE["bidi override"]])
def test_a_reason_with_a_control_character_is_refused_on_both_edges(
    run: Run, api: Api, reason: str
) -> None:
    """R13 (2021 Art 19): free text is checked on every edge (line breaks stay allowed)."""
    account = api.active_account()
    refused = api.post(f"/accounts/{account}/warn", {**GROUNDS, "reason": reason}, "moderator")
    assert (refused.status_code, refused.json()["rule"]) == (422, "control-character")
    by_cli = as_json(run("warn", account, "--reason", reason, *CLI_GROUNDS, "--json", code=3))
    assert (by_cli["field"], by_cli["rule"]) == ("reason", "control-character")


def test_a_registrants_contact_with_a_control_character_is_refused(run: Run) -> None:
    """R2 (2021 Art 15), R17: the contact inside an identity is free text like any other,
    checked on the edge, though it is sealed; a contact on two lines stays allowed."""
    contact = ("--contact", "a\x1b[2Jb")
    refused = as_json(run("register", "--name", "Kite", *REGISTER, *contact, code=3))
    assert (refused["field"], refused["rule"]) == ("contact", "control-character")
    run("register", "--name", "Kite", *REGISTER, "--contact", "Hangzhou\nWest Lake")


EARLIER_NAME = "Kite\x1b]0;owned\x07[red]Red[/red]\u202eevil\x9b"
EARLIER_REASON = "rumour\r\x1b[2Jwiped :smile:"


@pytest.fixture
def written_by_an_earlier_main(store: Settings) -> str:
    """An account whose name and reason hold what an earlier main let through: written
    below the edge, as its events would load from an old store."""
    ledger = open_ledger(store)
    at = datetime(2026, 2, 1, tzinfo=UTC)
    act = Act(actor_id="svc", actor_role=Role.PLATFORM, occurred_at=at)
    identity = Identity("mobile", "13800138000")
    ledger.clock = lambda: at
    account = ledger.register(Registration(name=EARLIER_NAME, identity=identity), act).account_id
    reviewer = Act(actor_id="r-1", actor_role=Role.REVIEWER, occurred_at=at)
    ledger.handle(VerifyIdentity(account_id=account), reviewer)
    moderator = Act(
        actor_id="m-1",
        actor_role=Role.MODERATOR,
        occurred_at=at,
        reason=EARLIER_REASON,
        basis=("2021-19",),
        violation=("2021-18-6",),
    )
    ledger.execute(account, lambda a: a.warn(act=moderator))
    ledger.close()
    return str(account)


def test_history_prints_stored_control_characters_and_markup_as_text(
    run: Run, written_by_an_earlier_main: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R16, R18 (2021 Art 21): `history` and `show` print every control character as its
    escape and rich markup or emoji codes as the text they are; nothing reaches the
    terminal raw."""
    # Wide enough that no cell is cut. The console's width, not COLUMNS: a test worker
    # (pytest-xdist) has COLUMNS set when the console is made, which fixes its width.
    monkeypatch.setattr(terminal.out, "_width", 400)
    for verb in ("history", "show"):
        shown = run(verb, written_by_an_earlier_main).stdout
        for raw in ("\x1b", "\x07", "\r", "\u202e", "\x9b"):
            assert raw not in shown, (verb, raw)
    shown = run("history", written_by_an_earlier_main).stdout
    assert "rumour\\r\\x1b[2Jwiped :smile:" in shown
    named = run("show", written_by_an_earlier_main).stdout
    assert "[red]Red[/red]" in named and "\\u202e" in named and "\\x9b" in named


def test_json_output_escapes_controls_yet_holds_the_stored_text(
    run: Run, written_by_an_earlier_main: str
) -> None:
    """R18: `--json` is one line a terminal cannot be steered by (C1 and bidi controls as
    JSON escapes), and a program still reads exactly the stored text."""
    printed = run("show", written_by_an_earlier_main, "--json").stdout
    assert "\u202e" not in printed and "\x9b" not in printed
    assert json.loads(printed)["name"] == EARLIER_NAME


def _disposals(api: Api, reason: str) -> None:
    account = api.active_account()
    warned = api.post(f"/accounts/{account}/warn", {**GROUNDS, "reason": reason}, "moderator")
    assert warned.status_code == 200, warned.json()


def _reasons(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(RECORD_COLUMNS)
    return [row[RECORD_COLUMNS.index("reason")] for row in rows[1:]]


@pytest.mark.parametrize("formula", FORMULAS)
def test_the_cli_csv_neutralises_a_formula(run: Run, api: Api, formula: str) -> None:
    """R13, R18 (2021 Art 19): `disposals --format csv` writes a cell a spreadsheet would
    run (=, +, -, @, tab, CR first) with a leading apostrophe, the text kept after it."""
    _disposals(api, formula)
    assert _reasons(run("disposals", "--format", "csv").stdout) == ["'" + formula]


@pytest.mark.parametrize("formula", FORMULAS)
def test_the_console_csv_neutralises_a_formula(api: Api, formula: str) -> None:
    """R13, R18 (2021 Art 19): the console's download writes the same neutralised cell."""
    _disposals(api, formula)
    console = Console(api.client, api)
    console.sign_in("regulator")
    assert _reasons(console.get("/console/disposals.csv").text) == ["'" + formula]


def test_every_csv_cell_that_a_spreadsheet_would_run_is_neutralised() -> None:
    """R13, R18 (2021 Art 19): one function makes every cell; a leading =, +, -, @, tab or
    CR gets an apostrophe before it, lists are neutralised as one cell, other text is kept."""
    for formula in [*FORMULAS, "\t=1+1", "\r=1+1"]:
        assert cell(formula) == "'" + formula
    assert cell(["=1+1", "2021-19"]) == "'=1+1;2021-19"
    for plain in ("rumour", "a=b", "2026-02-01T00:00:00+00:00", "", "true", "'quoted"):
        assert cell(plain) == plain
