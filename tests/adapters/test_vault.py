"""The identity vault: keyed hashes match subjects, keys stay outside the events (R17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from accountledger.adapters.vault import Vault, canonical_number


@pytest.fixture
def vault(key_store_url: str) -> Vault:
    return Vault(key_store_url)


def test_same_subject_hashes_the_same_whatever_the_spelling(vault: Vault) -> None:
    """R17: matching a subject needs no clear identity number."""
    assert vault.subject_ref("mobile", "+86 138-0013-8000") == vault.subject_ref(
        "mobile", "13800138000"
    )
    assert vault.subject_ref("id_card", "11010119900307123x") == vault.subject_ref(
        "id_card", "11010119900307123X"
    )
    assert vault.subject_ref("mobile", "13800138000") != vault.subject_ref("mobile", "13800138001")
    assert "13800138000" not in vault.subject_ref("mobile", "13800138000")


def test_keyed_hash_depends_on_the_secret_pepper(tmp_path: Path) -> None:
    """R17: without the vault's pepper a hash cannot be recomputed from a guessed number."""
    one = Vault(f"sqlite:///{tmp_path / 'a.db'}")
    two = Vault(f"sqlite:///{tmp_path / 'b.db'}")
    assert one.subject_ref("mobile", "13800138000") != two.subject_ref("mobile", "13800138000")


def test_sealed_data_opens_only_with_its_own_subject_key(vault: Vault) -> None:
    """R17: ciphertext is bound to its subject."""
    token = vault.seal("s-1", {"number": "110101199003071234"})
    assert "110101199003071234" not in token
    assert vault.unseal("s-1", token) == {"number": "110101199003071234"}
    vault.seal("s-2", {"number": "x"})
    assert vault.unseal("s-2", token) is None


def test_destroying_one_key_erases_that_subject_only(vault: Vault, key_store_url: str) -> None:
    """R17: crypto-shredding one subject leaves the others readable."""
    mine, theirs = vault.seal("s-1", {"n": "1"}), vault.seal("s-2", {"n": "2"})
    assert vault.destroy("s-1")
    again = Vault(key_store_url)
    assert again.unseal("s-1", mine) is None
    assert again.unseal("s-2", theirs) == {"n": "2"}


def test_canonical_number_strips_separators_and_country_code() -> None:
    assert canonical_number("mobile", "+86 138 0013 8000") == "mobile:13800138000"
