"""Identities and contacts sealed under their subject's key, never held in clear (R2, R17).

A subject whose key's erasure is recorded never gets a seal under that key again: the
key is destroyed first (the erasure's own last step, done early), so the seal gets a
key of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from accountledger.application.identity import Identity, IdentityVault
from accountledger.domain.account import SubjectRef
from accountledger.domain.indexes import SubjectIndex


class SubjectSeals:
    """The ledger's sealing of identities and contacts (a part of `Ledger`)."""

    vault: IdentityVault

    if TYPE_CHECKING:

        def find(self, aggregate_id: UUID, *, fresh: bool = False) -> Any: ...

    def seal(self, identity: Identity) -> SubjectRef:
        """Hash and seal an identity so that no event ever holds it in clear (R17).

        Never under a key whose erasure is recorded: that key is destroyed first (the
        erasure's own last step, done early), so the seal gets a key of its own.
        """
        ref = self.vault.subject_ref(identity.kind, identity.number)
        return self._seal(identity, ref, self.find(SubjectIndex.create_id(ref)))

    def seal_contact(self, subject_ref: str, contact: str) -> str:
        """A changed contact sealed under the subject's key, like the identity's (R2, R17)."""
        self._drop_erased_key(subject_ref, self.find(SubjectIndex.create_id(subject_ref)))
        return self.vault.seal(subject_ref, {"contact": contact})

    def _drop_erased_key(self, ref: str, index: SubjectIndex | None) -> None:
        if index is not None and index.erased_keys:  # else no key-store read is needed
            current = self.vault.fingerprint(ref)
            if index.key_erased(current):
                self.vault.destroy(ref, current)

    def _seal(self, identity: Identity, ref: str, index: SubjectIndex | None) -> SubjectRef:
        self._drop_erased_key(ref, index)
        sealed = self.vault.seal(ref, identity.sealable())
        return SubjectRef(kind=identity.kind, ref=ref, sealed=sealed)
