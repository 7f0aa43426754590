"""Keys made for a batch at once (`Vault.prepare`, an import): durable, the ones in use,
and never a destroyed one (R17). On SQLite and PostgreSQL key stores."""

from __future__ import annotations

import pytest

from accountledger.adapters.vault import Vault


@pytest.fixture
def vault(key_store_url: str) -> Vault:
    return Vault(key_store_url)


def test_prepared_keys_are_stored_and_seal_what_a_new_vault_opens(
    vault: Vault, key_store_url: str
) -> None:
    """R17: a key is durable before anything sealed under it can be saved."""
    existing = vault.seal("s-old", {"number": "1"})
    vault.prepare(["s-old", "s-new", "s-new"])
    sealed = vault.seal("s-new", {"number": "2"})
    again = vault.seal("s-old", {"number": "3"})
    vault.prepare(())
    other = Vault(key_store_url)
    assert other.unseal("s-new", sealed) == {"number": "2"}
    assert other.unseal("s-old", again) == {"number": "3"}
    assert other.unseal("s-old", existing) == {"number": "1"}


def test_a_key_destroyed_during_a_batch_is_not_used_again(vault: Vault) -> None:
    """R17: after an erasure the subject's data is sealed under a new key."""
    vault.prepare(["s-1"])
    before = vault.seal("s-1", {"number": "1"})
    assert vault.destroy("s-1")
    after = vault.seal("s-1", {"number": "2"})
    assert vault.unseal("s-1", before) is None
    assert vault.unseal("s-1", after) == {"number": "2"}
