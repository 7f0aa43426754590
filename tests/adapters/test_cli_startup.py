"""A CLI call loads what its verb needs (issue 16 point 6): `show --json` imports neither
the CLI's parser (typer, pydantic), the database toolkit, the cipher, the terminal
tables, the HTTP service, the read models, the state machine library, the name review,
the command table nor the ledger's writing side; nor what only deciding needs (the
lifecycle table, the catalogue of measures, ...), hashing, a TOML parser without a
file, or the in-memory store; a verb run alone, or without typer, behaves as in the
whole app. Counting modules, not timing."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accountledger.adapters import cli, cli_app, cli_base
from accountledger.adapters.bootstrap import Settings
from accountledger.application.commands import COMMANDS
from accountledger.domain.indexes import NameIndex
from accountledger.domain.names import normalise
from tests.adapters.cli_runner import NOW, as_json, cli_at_now

# What a read of one account as JSON has no use for: it replays the account's events
# (the library, its SQLite recorder, the `Account` aggregate) and prints JSON.
HEAVY = (
    "typer",
    "pydantic",
    "pydantic_settings",
    "sqlalchemy",
    "rich",
    "cryptography",
    "fastapi",
    "psycopg",
    "statemachine",
    "asyncio",
    "opencc",
    "eventsourcing.postgres",
    "accountledger.adapters.cli_app",
    "accountledger.adapters.command_edge",
    "accountledger.adapters.vault",
    "accountledger.adapters.http",
    "accountledger.application.ledger",
    "accountledger.application.commands",
    "accountledger.domain.names",
    "accountledger.domain.name_folding",
    "accountledger.domain.indexes",
    "accountledger.domain.machines",
    "accountledger.projections.projector",
    "accountledger.projections.view",
    # Replaying an account decides nothing: what only the commands need.
    "accountledger.domain.lifecycle",
    "accountledger.domain.authority",
    "accountledger.domain.measures",
    "accountledger.domain.reversal",
    "accountledger.domain.details",
    "accountledger.domain.qualifications",
    "accountledger.domain.name_rules",
    "accountledger.domain.authorisations",
    "accountledger.domain.ip_attribution",
    # A read that verifies nothing hashes nothing (OpenSSL's binding).
    "hashlib",
    "_hashlib",
    # No settings file: no TOML parser (it compiles its patterns at import).
    "tomllib",
    # Months are added by sweeps, not by a read (`calendar` loads `locale`).
    "calendar",
    "locale",
    # A store on disk: not the in-memory one.
    "eventsourcing.popo",
    "accountledger.application.timeline_popo",
)
PROBE = """
import json, sys
from accountledger.adapters.cli import run
code = run(sys.argv[1:])
loaded = [m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in {heavy})]
print(json.dumps({{"code": code, "loaded": sorted(loaded)}}))
"""


def _registered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Settings, str]:
    store = Settings(store=f"sqlite:///{tmp_path / 'ledger.db'}")
    run = cli_at_now(store, monkeypatch)
    created = run(
        "register", "--name", "Startup Notes", "--identity-kind", "mobile",
        "--identity-number", "13800138000", "--nature", "individual",
        "--registration-place", "Beijing", "--operating-place", "Beijing",
        "--content-category", "news", "--actor", "p-1:platform", "--json",
    )  # fmt: skip
    return store, str(as_json(created)["account_id"])


def test_show_as_json_loads_none_of_the_heavy_modules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R18: `show ID --json` answers the account's state from its events with none of
    typer, pydantic, SQLAlchemy, rich, the cipher, PostgreSQL's driver, the HTTP
    service, the read models, python-statemachine (and asyncio), OpenCC, the name
    review, the command table, the ledger's writing side, the modules only deciding
    needs, hashlib, a TOML parser (no settings file) or the in-memory store loaded."""
    store, account = _registered(tmp_path, monkeypatch)
    # Where no `accountledger.toml` is, as the bench runs it.
    here = tmp_path / "elsewhere"
    here.mkdir()
    # The store, as a shell gives it, and an on/off switch (read without the settings
    # model when it parses; any other setting is read through pydantic-settings).
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCOUNTLEDGER_")}
    env |= {"ACCOUNTLEDGER_STORE": store.store}
    for switch in ({}, {"ACCOUNTLEDGER_REQUIRE_KEYS": "off"}):
        probe = PROBE.format(heavy=repr(HEAVY))
        done = subprocess.run(
            [sys.executable, "-c", probe, "show", account, "--json"],
            env=env | switch, capture_output=True, text=True, check=True, timeout=120, cwd=here,
        )  # fmt: skip
        *shown, report = done.stdout.strip().splitlines()
        assert json.loads(shown[-1])["account_id"] == account
        assert json.loads(report) == {"code": 0, "loaded": []}


def test_a_verb_alone_is_the_verb_of_the_whole_app() -> None:
    """Every command of the table is a verb of the CLI's own module (generated, one per
    command), and its help run alone is its help in the whole app."""
    verbs = {c.name for c in cli.app.registered_commands}
    assert {command.verb() for command in COMMANDS.values()} <= verbs
    runner = CliRunner()
    for verb in ("show", "warn", "register"):
        alone = runner.invoke(cli._app_for([verb]), [verb, "--help"])
        cli._all_verbs()
        whole = runner.invoke(cli.app, [verb, "--help"])
        assert alone.exit_code == whole.exit_code == 0
        assert alone.output == whole.output


def test_no_verb_or_an_unknown_one_runs_through_the_whole_app() -> None:
    """Help, and a verb no module has, go to the whole app: an unknown verb is one line
    naming the usage rule (exit 2)."""
    assert cli._app_for(["--help"]) is cli.app
    assert cli._app_for(["no-such-verb"]) is cli.app
    assert cli.run(["no-such-verb", "--json"]) == 2


def test_a_read_run_without_typer_answers_as_typer_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """R18: `show` parsed from its table (`cli_reads.READS`) prints what the typer app
    prints for it, with the same exit code: the state, an unknown account (4), an id
    that is not one (2), a time before the account (3), a store that cannot be opened
    (2); and a call it does not fully understand is left to typer."""
    store, account = _registered(tmp_path, monkeypatch)
    monkeypatch.setenv("ACCOUNTLEDGER_STORE", store.store)
    monkeypatch.setattr(cli_base, "CLOCK", [lambda: NOW])
    calls = [
        ["show", account, "--json"],
        ["show", "--json", account, "--as-of=2030-01-01"],
        ["show", "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", "--json"],
        ["show", "not-an-id", "--json"],
        ["show", account, "--json", "--as-of", "2001-01-01"],
        ["show", account, "--json", "--store", f"sqlite:///{tmp_path}/no/such/dir.db"],
    ]
    for call in calls:
        fast = cli._without_typer(call)
        printed = capsys.readouterr().out
        assert (cli_app.run_app(call), capsys.readouterr().out) == (fast, printed), call
    for left in (["show", account, "--json", "--help"], ["show", "--json"], ["show", "a", "b"]):
        assert cli._without_typer(left) is None
        capsys.readouterr()


def test_the_id_of_another_aggregate_is_no_account_in_a_fresh_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R18: `show` on the id of an aggregate that is not an account (here the name's
    index the registration wrote) is "no account" (exit 4), as from the whole ledger:
    a reader that meets an aggregate it has not imported imports them all and reads
    again, rather than failing on the unknown topic."""
    store, _ = _registered(tmp_path, monkeypatch)
    index = NameIndex.create_id(normalise("Startup Notes"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCOUNTLEDGER_")}
    env |= {"ACCOUNTLEDGER_STORE": store.store}
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy="()"), "show", str(index), "--json"],
        env=env, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    shown, report = done.stdout.strip().splitlines()
    assert json.loads(report)["code"] == 4
    assert json.loads(shown)["rule"] == "account-exists"


def test_the_entry_point_answers_a_read_as_run_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R18: the console script's `main`, which freezes what is left for the process's
    exit after a read without typer, prints and exits as `run` does: the state (0), an
    unknown account (4), an id that is not one (2)."""
    store, account = _registered(tmp_path, monkeypatch)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCOUNTLEDGER_")}
    env |= {"ACCOUNTLEDGER_STORE": store.store}
    for ident, code in ((account, 0), ("0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", 4), ("x", 2)):
        outputs = []
        for entry in ("main()", "sys.exit(run())"):
            done = subprocess.run(
                [sys.executable, "-c", f"import sys; from accountledger.adapters.cli import "
                 f"main, run; {entry}", "show", ident, "--json"],
                env=env, capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            assert done.returncode == code, (entry, done.stderr)
            outputs.append(done.stdout)
        assert outputs[0] == outputs[1]
        assert json.loads(outputs[0])


def test_a_read_in_process_leaves_the_collector_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The cycle collector, held off for a read without typer, is back on afterwards in a
    process that goes on (a test, a caller of `run`), with nothing frozen; and a call left
    to typer runs with it on."""
    store, account = _registered(tmp_path, monkeypatch)
    monkeypatch.setenv("ACCOUNTLEDGER_STORE", store.store)
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    assert cli.run(["show", account, "--json"]) == 0
    assert cli._without_typer(["show", "not-an-id", "--json"]) == 2
    assert cli._without_typer(["show", account, "--json", "--help"]) is None
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
    capsys.readouterr()
