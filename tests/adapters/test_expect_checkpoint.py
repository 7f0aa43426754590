"""`verify --expect-checkpoint HASH` and `verify-bundle --expect-checkpoint HASH`: a
published checkpoint must still be in the history (issue 15 point 10; R16, R18)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.chain import GENESIS, event_hash, unwrap, wrap
from accountledger.application.commands import Warn
from accountledger.application.integrity import seal_checkpoint
from accountledger.domain.act import Role
from accountledger.domain.checkpoints import Checkpoints
from tests.adapters.cli_runner import Run, as_json, cli_at_now
from tests.application.helpers import GROUNDS, Desk
from tests.tampering import Tamper


@pytest.fixture
def published(store: Settings) -> Iterator[tuple[UUID, Tamper, str]]:
    """One account with a warning, sealed by checkpoint 1 whose hash was handed out."""
    ledger = open_ledger(store)
    desk = Desk(ledger)
    account = desk.active("Lakeside Notes")
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    sealed = seal_checkpoint(ledger, desk.act(Role.SYSTEM))
    assert sealed is not None
    yield account, Tamper(store.store, ledger.recorder.events_table_name), sealed.hash
    ledger.close()


@pytest.fixture
def run(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_at_now(store, monkeypatch)


def _checkpoint_finding(run: Run, expected: str) -> dict[str, object]:
    result = as_json(run("verify", "--expect-checkpoint", expected, "--json", code=6))
    assert result["holds"] is False
    (finding,) = [f for f in result["findings"] if f["kind"] == "unpublished"]
    return dict(finding)


def test_an_untouched_store_holds_the_checkpoint_it_published(
    run: Run, published: tuple[UUID, Tamper, str]
) -> None:
    """R16 (2021 Art 19): the published hash is found and sealed in the history: exit 0."""
    _, _, expected = published
    result = as_json(run("verify", "--expect-checkpoint", expected, "--json"))
    assert result["holds"] is True and result["expected_checkpoint"]["found"] is True
    assert result["expected_checkpoint"]["number"] == 1


def test_a_deleted_checkpoint_row_fails_against_its_published_hash(
    run: Run, published: tuple[UUID, Tamper, str]
) -> None:
    """R16 (2021 Art 19): without the checkpoint the rest verifies, but not the
    published hash."""
    _, tamper, expected = published
    tamper.delete(Checkpoints.ID, 2)
    assert as_json(run("verify", "--json"))["holds"] is True  # what the issue found
    finding = _checkpoint_finding(run, expected)
    assert expected in str(finding["detail"])


def _reforge(store: Settings, account: UUID, tamper: Tamper) -> None:
    """Rewrite a history with every hash recomputed, drop the checkpoints and seal anew:
    a forger with full database access whose store is consistent again."""
    prev = GENESIS
    for _, version, topic, state in tamper.rows(account):
        inner = unwrap(state).inner.replace(b"impersonated", b"was praised for")
        own = event_hash(str(account), version, topic, prev, inner)
        tamper.set_state(account, version, wrap(prev, own, inner))
        prev = own
    tamper.delete_aggregate(Checkpoints.ID)
    ledger = open_ledger(store)
    try:
        desk = Desk(ledger)
        desk.now = desk.now.replace(hour=20)
        assert seal_checkpoint(ledger, desk.act(Role.SYSTEM)) is not None
    finally:
        ledger.close()


def test_a_whole_history_reforged_consistently_fails_against_the_published_hash(
    run: Run, store: Settings, published: tuple[UUID, Tamper, str]
) -> None:
    """R16 (2021 Art 19): every hash and the checkpoint recomputed make a store that
    verifies; the hash handed out before is what shows it was rewritten."""
    account, tamper, expected = published
    _reforge(store, account, tamper)
    assert as_json(run("verify", "--json"))["holds"] is True  # consistent again
    finding = _checkpoint_finding(run, expected)
    assert finding["aggregate_id"] == str(Checkpoints.ID)


def test_a_malformed_published_hash_is_one_line_and_exit_two(
    run: Run, published: tuple[UUID, Tamper, str]
) -> None:
    """R16: hostile input to a check names the field and the rule, no traceback."""
    result = run("verify", "--expect-checkpoint", "ＡＢ\u202e12", code=2)
    assert "expect-checkpoint" in result.output and "rule: sha256-hex" in result.output
    assert "Traceback" not in result.output


def test_verify_bundle_checks_the_published_checkpoint(
    run: Run, published: tuple[UUID, Tamper, str], tmp_path: Path
) -> None:
    """R16, R18 (2021 Art 21): a bundle tied to the published checkpoint passes; one tied
    to another (a forged store's) fails with exit 6, naming the hash expected."""
    account, _, expected = published
    bundle = tmp_path / "inquiry.zip"
    run("inquiry", str(account), "--bundle", str(bundle), "--json")
    checked = as_json(run("verify-bundle", str(bundle), "--expect-checkpoint", expected, "--json"))
    assert checked["holds"] is True
    other = "ab" * 32
    refused = as_json(
        run("verify-bundle", str(bundle), "--expect-checkpoint", other, "--json", code=6)
    )
    assert any(other in problem for problem in refused["problems"])


def test_the_documented_verifier_checks_the_published_checkpoint(
    run: Run, published: tuple[UUID, Tamper, str], tmp_path: Path
) -> None:
    """R16, R18 (2021 Art 21): the standard-library script of docs/integrity.md takes the
    published hash as its second argument and fails a bundle tied to another."""
    import subprocess
    import sys

    from tests.adapters.test_bundles import _documented_verifier

    account, _, expected = published
    bundle = tmp_path / "inquiry.zip"
    run("inquiry", str(account), "--bundle", str(bundle))
    script = [sys.executable, "-I", "-S", str(_documented_verifier(tmp_path)), str(bundle)]
    held = subprocess.run([*script, expected], capture_output=True, text=True, check=False)
    assert held.returncode == 0, held.stdout + held.stderr
    other = subprocess.run([*script, "ab" * 32], capture_output=True, text=True, check=False)
    assert other.returncode == 1 and "not the published checkpoint" in other.stdout
