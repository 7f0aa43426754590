"""Every CLI write names who entered it; `require_keys` makes the CLI need a key (R13, R16,
R17; 2021 Art 20: an accountable record of each decision, 2022 Art 16 for disclosures).

Without `ACCOUNTLEDGER_KEY` the OS user and host are recorded beside the actor; with it,
the key's id (never its secret), and the key's actor and role act. With `require_keys`
on (the default for PostgreSQL stores) a write without a key exits 8 and writes nothing.
"""

from __future__ import annotations

import getpass
import json
import socket
from datetime import UTC, datetime
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from accountledger.adapters import cli_base, cli_complaints, cli_privacy, cli_time  # noqa: F401
from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.adapters.cli import app
from accountledger.adapters.cli_base import EXIT_KEY, EXIT_REFUSED
from accountledger.adapters.http.keys import KeyStore
from accountledger.adapters.inputs import id_card_check
from accountledger.application.scope import Scope

BODY = "11010119850101555"
ID_NUMBER = BODY + id_card_check(BODY)
# The CLI's recording clock: no test depends on the day it runs.
NOW = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
REGISTER = [
    "register",
    "--name",
    "Quiet Harbour Notes",
    "--identity-kind",
    "id_card",
    "--identity-number",
    ID_NUMBER,
    "--nature",
    "individual",
    "--registration-place",
    "Hangzhou",
    "--operating-place",
    "Hangzhou",
    "--content-category",
    "design",
]


class Cli:
    def __init__(self, store: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
        self.store, self.monkeypatch = store, monkeypatch
        self.runner = CliRunner()
        monkeypatch.setenv("ACCOUNTLEDGER_STORE", store.store)
        monkeypatch.setenv("ACCOUNTLEDGER_KEYSTORE", store.keystore or "")
        monkeypatch.delenv("ACCOUNTLEDGER_ACTOR", raising=False)
        monkeypatch.setattr(cli_base, "CLOCK", [lambda: NOW])

    def require_keys(self, value: str | None) -> None:
        if value is None:
            self.monkeypatch.delenv("ACCOUNTLEDGER_REQUIRE_KEYS", raising=False)
        else:
            self.monkeypatch.setenv("ACCOUNTLEDGER_REQUIRE_KEYS", value)

    def key(self, role: str, actor: str) -> tuple[str, str]:
        keys = KeyStore(self.store.keystore or "")
        try:
            return keys.create(role, actor)
        finally:
            keys.close()

    def use_key(self, secret: str | None) -> None:
        if secret is None:
            self.monkeypatch.delenv("ACCOUNTLEDGER_KEY", raising=False)
        else:
            self.monkeypatch.setenv("ACCOUNTLEDGER_KEY", secret)

    def invoke(self, *args: str, code: int = 0) -> Result:
        result = self.runner.invoke(app, [*args, "--json"])
        assert result.exit_code == code, result.output
        return result

    def run(self, *args: str, code: int = 0) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.invoke(*args, code=code).stdout)
        return parsed

    def history(self, account: str) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = self.run("history", account)["events"]
        return events

    def stored_events(self) -> int:
        ledger = open_ledger(self.store)
        try:
            return int(ledger.recorder.max_notification_id() or 0)
        finally:
            ledger.close()


@pytest.fixture
def cli(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(store, monkeypatch)


def test_a_cli_write_without_a_key_records_the_os_user_and_host(cli: Cli) -> None:
    """R13, 2021-20: the actor it was entered for, and the login that entered it."""
    account = cli.run(*REGISTER, "--actor", "svc:platform")["account_id"]
    [registered] = cli.history(account)
    assert registered["actor_id"] == "svc"
    assert registered["entered_by"] == {"os_user": getpass.getuser(), "host": socket.gethostname()}


def test_require_keys_refuses_a_cli_write_without_a_key_and_writes_nothing(cli: Cli) -> None:
    """R13, 2021-20: with require_keys on, exit 8 naming ACCOUNTLEDGER_KEY; nothing stored."""
    cli.require_keys("on")
    before = cli.stored_events()
    result = cli.invoke(*REGISTER, "--actor", "svc:platform", code=EXIT_KEY)
    refusal = json.loads(result.stdout)
    assert refusal["field"] == "ACCOUNTLEDGER_KEY"
    assert refusal["rule"] == "key-required"
    assert cli.stored_events() == before


def test_require_keys_is_on_by_default_for_postgresql_only(cli: Cli, store: Settings) -> None:
    """R13, 2021-20: the embedded store (the demo) writes without a key; PostgreSQL does not."""
    cli.require_keys(None)
    on_postgres = store.store.startswith("postgresql")
    result = cli.invoke(*REGISTER, "--actor", "svc:platform", code=EXIT_KEY if on_postgres else 0)
    assert ("key-required" in result.stdout) is on_postgres


def test_with_a_key_its_actor_acts_and_its_id_is_recorded_never_its_secret(cli: Cli) -> None:
    """R13, R17, 2021-20: the key's actor and role; the key id beside it; no secret stored."""
    cli.require_keys("on")
    key_id, secret = cli.key("platform", "svc")
    cli.use_key(secret)
    account = cli.run(*REGISTER)["account_id"]
    [registered] = cli.history(account)
    assert (registered["actor_id"], registered["actor_role"]) == ("svc", "platform")
    assert registered["entered_by"] == {"key_id": key_id}
    assert secret not in json.dumps(cli.history(account))


def test_the_keys_role_applies_and_another_actor_is_refused(cli: Cli) -> None:
    """R13, 2021-20: a platform key may not approve a profile change (a reviewer's); an
    --actor other than the key's is refused."""
    cli.require_keys("on")
    _, secret = cli.key("platform", "svc")
    cli.use_key(secret)
    account = cli.run(*REGISTER, "--actor", "svc:platform")["account_id"]
    posing = cli.run("verify-identity", account, "--actor", "r-1:reviewer", code=EXIT_REFUSED)
    assert (posing["rule"], posing["field"]) == ("key-actor", "actor")
    assert len(cli.history(account)) == 1
    cli.run("verify-identity", account)
    by_role = cli.run("approve-profile-change", account, "--field", "name", code=EXIT_REFUSED)
    assert "platform" in by_role["error"]
    assert len(cli.history(account)) == 2


def test_an_unknown_key_is_refused_and_writes_nothing(cli: Cli) -> None:
    """R13, 2021-20: a key the key store does not know (or no longer accepts) exits 8."""
    cli.use_key("alk_not-a-key")
    before = cli.stored_events()
    refusal = cli.run(*REGISTER, "--actor", "svc:platform", code=EXIT_KEY)
    assert (refusal["rule"], refusal["field"]) == ("key-unknown", "ACCOUNTLEDGER_KEY")
    assert cli.stored_events() == before


def test_require_keys_gates_disclosure_of_identity_but_not_plain_reads(
    cli: Cli, store: Settings
) -> None:
    """R17, 2022-16: personal information needs a key when keys are required; the access
    log names the key's actor. State and history stay readable without one (R18)."""
    account = cli.run(*REGISTER, "--actor", "svc:platform")["account_id"]
    cli.require_keys("on")
    refusal = cli.run("identity", account, "--actor", "c-1:compliance", code=EXIT_KEY)
    assert refusal["field"] == "ACCOUNTLEDGER_KEY"
    assert cli.run("show", account)["account_id"] == account
    _, secret = cli.key("compliance", "officer-7")
    cli.use_key(secret)
    shown = cli.run("identity", account)
    assert shown["number"] == ID_NUMBER
    keys = KeyStore(store.keystore or "")
    try:
        [logged] = keys.accesses()
    finally:
        keys.close()
    assert (logged["actor_id"], logged["role"], logged["account_id"]) == (
        "officer-7",
        "compliance",
        account,
    )


def test_the_sweep_records_who_ran_it_and_needs_a_system_key(cli: Cli) -> None:
    """R8, R13, 2021-20: the inactivity suspension names the key that ran the sweep; a key
    of another role may not sweep."""
    account = cli.run(*REGISTER, "--actor", "svc:platform", "--at", "2026-01-01")["account_id"]
    cli.run("verify-identity", account, "--actor", "r-1:reviewer", "--at", "2026-01-02")
    cli.require_keys("on")
    _, platform = cli.key("platform", "svc")
    cli.use_key(platform)
    assert cli.run("sweep", "--now", "2026-08-01", code=EXIT_REFUSED)["rule"] == "role"
    key_id, system = cli.key("system", "cron")
    cli.use_key(system)
    assert cli.run("sweep", "--now", "2026-08-01")["events"] == 1
    suspended = cli.history(account)[-1]
    assert suspended["actor_role"] == "system"
    assert suspended["entered_by"] == {"key_id": key_id}


def test_a_complaint_filed_with_a_key_names_the_key_in_its_trail(cli: Cli) -> None:
    """R15, R13, 2021-20: record commands record who entered them too."""
    cli.require_keys("on")
    key_id, secret = cli.key("platform", "svc")
    cli.use_key(secret)
    account = cli.run(*REGISTER)["account_id"]
    filed = cli.run(
        "complaint", "file", account, "--category", "2021-18-6", "--content", "a fabricated story"
    )
    [received] = cli.run("complaint", "show", filed["complaint_id"])["trail"]
    assert received["entered_by"] == {"key_id": key_id}


def test_require_keys_takes_on_or_off_and_refuses_anything_else(cli: Cli) -> None:
    """R13, 2021-20: an unreadable setting is refused like bad input (exit 2), not guessed."""
    assert Settings(store="postgresql+psycopg://u@h/db", require_keys=False).keys_required is False
    assert Settings(store="sqlite:///x.db", require_keys=True).keys_required is True
    cli.require_keys("perhaps")
    result = cli.invoke(*REGISTER, "--actor", "svc:platform", code=2)
    assert "require-keys" in result.stdout


def test_a_scoped_key_acts_at_the_cli_only_on_its_own_accounts(cli: Cli) -> None:
    """R13, R17 (2021 Arts 11, 20): an operator key bound to one account asks for its own
    suspension there; on another account it is refused by the rule HTTP applies (`scope`),
    and nothing is written."""
    mine = cli.run(*REGISTER, "--actor", "svc:platform")["account_id"]
    other_body = "11010119900101234"
    other_register = [*REGISTER]
    other_register[2] = "Another Quiet Harbour"
    other_register[6] = other_body + id_card_check(other_body)
    other = cli.run(*other_register, "--actor", "svc:platform")["account_id"]
    for account in (mine, other):
        cli.run("verify-identity", account, "--actor", "r-1:reviewer")
    keys = KeyStore(cli.store.keystore or "")
    try:
        _, secret = keys.create("operator", "op-1", scope=Scope(accounts=frozenset({mine})))
    finally:
        keys.close()
    cli.use_key(secret)
    before = cli.stored_events()
    refused = cli.run("request-suspension", other, code=EXIT_REFUSED)
    assert refused["rule"] == "scope"
    assert cli.stored_events() == before
    assert cli.run("request-suspension", mine)["status"] == "suspended"


def test_a_revoked_key_is_refused_at_the_cli_and_writes_nothing(cli: Cli) -> None:
    """R13, 2021-20: a revoked key exits 8 at once, like HTTP's 401."""
    key_id, secret = cli.key("platform", "svc")
    keys = KeyStore(cli.store.keystore or "")
    try:
        keys.revoke(key_id)
    finally:
        keys.close()
    cli.use_key(secret)
    before = cli.stored_events()
    refusal = cli.run(*REGISTER, code=EXIT_KEY)
    assert refusal["field"] == "ACCOUNTLEDGER_KEY" and "revoked" in refusal["error"]
    assert cli.stored_events() == before
