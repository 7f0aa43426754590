"""One configuration (issue 17 point 3): option > environment > `accountledger.toml` >
default, each key with its source; secrets masked; an invalid file is one line naming
the key and the file, exit 2; a rule set in the file changes what the ledger does (R7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from accountledger.adapters import cli_base
from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.cli import run
from accountledger.adapters.cli_base import EXIT_INVALID, EXIT_REFUSED
from accountledger.adapters.config import load
from accountledger.adapters.inputs import id_card_check
from accountledger.domain.rules import DEFAULT_RULES

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "accountledger.toml"
NOW = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
BODY = "11010119850101555"
ID_NUMBER = BODY + id_card_check(BODY)


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory of its own, and no setting from the test's environment."""
    monkeypatch.chdir(tmp_path)
    for name in ("STORE", "KEYSTORE", "TIME_ZONE", "CONFIG", "WEBHOOK_SECRET", "ACTOR"):
        monkeypatch.delenv(f"ACCOUNTLEDGER_{name}", raising=False)
    monkeypatch.setattr(cli_base, "CLOCK", [lambda: NOW])
    return tmp_path


def _shown(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, dict[str, object]]:
    assert run(["config", "show", "--json", *args]) == 0
    settings: dict[str, dict[str, object]] = json.loads(capsys.readouterr().out)["settings"]
    return settings


def test_an_option_beats_the_environment_which_beats_the_file_which_beats_the_default(
    here: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "accountledger.toml").write_text(
        'store = "sqlite:///file.db"\nkeystore = "sqlite:///file.keys.db"\n'
        '[rules]\ntime_zone = "Europe/Paris"\nappeal_window = "P20D"\n'
    )
    monkeypatch.setenv("ACCOUNTLEDGER_STORE", "sqlite:///env.db")
    monkeypatch.setenv("ACCOUNTLEDGER_KEYSTORE", "sqlite:///env.keys.db")
    monkeypatch.setenv("ACCOUNTLEDGER_TIME_ZONE", "UTC")
    shown = _shown(capsys, "--store", "sqlite:///option.db")
    assert shown["store"] == {"value": "sqlite:///option.db", "source": "option"}
    assert shown["keystore"] == {"value": "sqlite:///env.keys.db", "source": "env"}
    assert shown["time_zone"] == {"value": "UTC", "source": "env"}
    assert shown["appeal_window"] == {"value": "P20D", "source": "file"}
    assert shown["max_accounts_per_subject"] == {"value": 5, "source": "default"}
    # What the rest of the code reads is the same.
    settings = Settings.from_env("sqlite:///option.db")
    assert (settings.store, settings.keystore) == ("sqlite:///option.db", "sqlite:///env.keys.db")
    assert settings.rules.time_zone == "UTC"
    assert settings.rules.appeal_window == timedelta(days=20)


def test_the_environment_keeps_its_names_and_seconds_for_durations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ACCOUNTLEDGER_CHECKPOINT_INTERVAL", "60")
    monkeypatch.setenv("ACCOUNTLEDGER_REQUIRE_KEYS", "on")
    monkeypatch.setenv("ACCOUNTLEDGER_RESTRICTABLE_FUNCTIONS", '["post", "live"]')
    settings = Settings.from_env()
    assert settings.rules.checkpoint_interval == timedelta(seconds=60)
    assert settings.require_keys is True
    assert settings.rules.restrictable_functions == ("post", "live")


def test_config_show_masks_the_webhook_secret_and_store_passwords(
    here: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "accountledger.toml").write_text('webhook_secret = "s3cret-in-file"\n')
    monkeypatch.setenv("ACCOUNTLEDGER_STORE", "postgresql+psycopg://ops:hunter2@db:5432/ledger")
    shown = _shown(capsys)
    assert shown["webhook_secret"] == {"value": "***", "source": "file"}
    assert shown["store"]["value"] == "postgresql+psycopg://ops:***@db:5432/ledger"
    assert run(["config", "show"]) == 0
    table = capsys.readouterr().out
    assert "webhook_secret" in table and "ops:***@db" in table
    for text in (json.dumps(shown), table):
        assert "s3cret-in-file" not in text and "hunter2" not in text


@pytest.mark.parametrize(
    ("content", "key", "rule"),
    [
        ("store = [\n", "config", "config"),  # not TOML
        ('colour = "blue"\n', "colour", "config"),  # unknown key
        ("[rules]\nmax_acounts_per_subject = 2\n", "max_acounts_per_subject", "config"),
        ('[rules]\nmax_accounts_per_subject = "many"\n', "max_accounts_per_subject", "config"),
        ('[rules]\ntime_zone = "Mars/Olympus"\n', "time_zone", "time-zone"),
        ("[rules]\ninactivity_months = 3\n", "inactivity_months", "six-months"),
        ('[rules]\ninactivity_measure = "fine"\n', "inactivity_measure", "inactivity-measure"),
        ("max_body_bytes = 0\n", "max_body_bytes", "config"),
        ("[rules]\ncheckpoint_every_events = 0\n", "checkpoint_every_events", "setting-range"),
        ('[rules]\nreport_within = "PT0S"\n', "report_within", "setting-range"),
        ('[rules]\nfuture_skew = "-PT1M"\n', "future_skew", "setting-range"),
        ('[rules]\ndefault_credit_tier = "Z"\n', "default_credit_tier", "credit-tier"),
    ],
)
def test_an_invalid_file_is_one_line_naming_the_key_and_the_file_exit_2(
    here: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    key: str,
    rule: str,
) -> None:
    (here / "bad.toml").write_text(content)
    for args in (["--config", "bad.toml", "config", "show"], ["--config=bad.toml", "sweep"]):
        assert run(args) == EXIT_INVALID
        err = capsys.readouterr().err
        [line] = err.strip().splitlines()
        assert line.startswith(f"error: {key}: ") and "bad.toml" in line, line
        assert f"(rule: {rule})" in line
        assert "Traceback" not in err
    assert not list(here.glob("*.db"))  # nothing written


def test_a_missing_config_file_is_refused_not_ignored(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ACCOUNTLEDGER_CONFIG", "nowhere.toml")
    assert run(["config", "show"]) == EXIT_INVALID
    assert "nowhere.toml: no such file" in capsys.readouterr().err


def _register(name: str) -> int:
    return run([
        "register", "--name", name, "--identity-kind", "id_card",
        "--identity-number", ID_NUMBER, "--nature", "individual",
        "--registration-place", "Hangzhou", "--operating-place", "Hangzhou",
        "--content-category", "design", "--actor", "svc:platform", "--json",
    ])  # fmt: skip


def test_a_rule_in_the_file_changes_what_the_ledger_does(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """R7 (2021 Art 10 ¶1): `max_accounts_per_subject = 1` in the file refuses a second
    account of one subject, which the default (5) allows."""
    (here / "accountledger.toml").write_text(
        'store = "sqlite:///one.db"\n[rules]\nmax_accounts_per_subject = 1\n'
    )
    assert _register("Quiet Harbour Notes") == 0
    capsys.readouterr()
    assert _register("Second Harbour Notes") == EXIT_REFUSED
    refused = json.loads(capsys.readouterr().out)
    assert (refused["rule"], refused["article"]) == ("accounts-per-subject", "2021-10")
    (here / "accountledger.toml").write_text('store = "sqlite:///five.db"\n')
    assert _register("Quiet Harbour Notes") == 0
    assert _register("Second Harbour Notes") == 0


def test_the_example_file_loads_and_every_key_it_sets_comes_from_it() -> None:
    effective = load(config=str(EXAMPLE))
    from_file = {k for k, source in effective.sources.items() if source == "file"}
    assert {"store", "max_body_bytes", "time_zone", "checkpoint_interval"} <= from_file
    assert effective.rules.checkpoint_interval == DEFAULT_RULES.checkpoint_interval
    assert effective.rules.report_within == DEFAULT_RULES.report_within


def test_without_settings_beyond_the_store_no_model_is_imported(here: Path) -> None:
    """Start-up (issue 16): the store's URLs alone need no pydantic-settings; a rule does."""
    probe = (
        "import sys; from accountledger.adapters.bootstrap import Settings; "
        "Settings.from_env(); print('pydantic_settings' in sys.modules)"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("ACCOUNTLEDGER_")}
    plain = dict(base, ACCOUNTLEDGER_STORE="sqlite:///x.db")
    ruled = dict(plain, ACCOUNTLEDGER_APPEAL_WINDOW="P20D")
    for env, imported in ((plain, "False"), (ruled, "True")):
        ran = subprocess.run(
            [sys.executable, "-c", probe], env=env, cwd=here, capture_output=True, text=True
        )
        assert ran.stdout.strip() == imported, ran.stderr
