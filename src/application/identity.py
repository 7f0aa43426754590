"""What the ledger needs to know of a person, and the port that keeps it sealed (R17)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from accountledger.domain.authorisations import Authorisation
from accountledger.domain.identity_rules import COMPOSITE_PARTS, Presented


class IdentityVault(Protocol):
    """Keyed hashing and per-subject sealing, kept outside the event store.

    Destroying one subject's key later erases that subject's personal information
    from every event without touching the history around it.
    """

    def subject_ref(self, kind: str, number: str) -> str:
        """A keyed hash that matches the same subject across registrations."""
        ...

    def seal(self, subject_ref: str, data: Mapping[str, str]) -> str:
        """Ciphertext of `data` under the subject's own key (created on first use)."""
        ...

    def unseal(self, subject_ref: str, token: str) -> dict[str, str] | None:
        """The sealed data, or None when the subject's key has been destroyed."""
        ...

    def fingerprint(self, subject_ref: str) -> str | None:
        """A non-secret name of the subject's current key, or None when it has none."""
        ...

    def destroy(self, subject_ref: str, fingerprint: str | None = None) -> bool:
        """Destroy the subject's key (crypto-shredding); whether one was destroyed.

        With `fingerprint`, only that key: a newer key of the same subject survives.
        """
        ...

    def prepare(self, subject_refs: Collection[str]) -> None:
        """Give each subject a key in one durable transaction, for the seals of one batch
        (an import's); an empty collection ends the batch. A key is durable before any
        event sealed under it can be saved."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Identity:
    """A real identity as presented: mobile, resident ID card or USCC (2021 Art 8), with
    the parts of a composite check: a mobile number beside a document, an organisation's
    legal representative and that person's document (`domain/identity_rules.py`)."""

    kind: str
    number: str
    contact: str = ""
    mobile: str = ""
    representative_kind: str = ""
    representative_number: str = ""

    def presented(self) -> Presented:
        """The kinds presented, for the rules of which identity fits which subject."""
        return Presented(
            kind=self.kind,
            mobile=bool(self.mobile),
            representative_kind=self.representative_kind,
            representative=bool(self.representative_number),
        )

    def sealable(self) -> dict[str, str]:
        """What is sealed under the subject's key (R17): every part given, never in clear."""
        data = {"kind": self.kind, "number": self.number, "contact": self.contact}
        return data | {part: getattr(self, part) for part in COMPOSITE_PARTS if getattr(self, part)}


@dataclass(frozen=True)
class Registration:
    """What a registrant files (R2): profile, identity and registration details."""

    name: str
    identity: Identity
    avatar: str = ""
    introduction: str = ""
    details: Mapping[str, str] = field(default_factory=dict)
    # The licence or authorisation presented for an authorised name (2022 Art 11).
    authorisation: Authorisation | None = None
