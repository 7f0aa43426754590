"""Erasing a subject's personal information: the decision recorded, then the key destroyed.

The order is what keeps the record whole (R16, R17): the `SubjectErased` event is
saved first, so the decision, its actor and its legal basis are in the history
before anything becomes unreadable; then the subject's key is destroyed. A crash in
between leaves a recorded erasure whose key still exists: disclosure already treats
that key as erased (`disclosure.py`), and repeating the command completes it without
a second event. A repeat once the key is gone is refused (`erased-once`).

Every account the subject ever held comes from its `SubjectIndex` (`ever_held`,
derived from the index's own events) and each account's history: no read model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from accountledger.application.ledger import Attempt, Ledger
from accountledger.domain.act import Act
from accountledger.domain.erasure import (
    PERSONAL_INFORMATION,
    Holding,
    SubjectErasure,
    check_no_transfer_awaited,
    holding,
)
from accountledger.domain.errors import RuleViolation
from accountledger.domain.indexes import SubjectIndex


@dataclass(frozen=True)
class Erased:
    """What an erase command did: `recorded` a new erasure or `completed` an interrupted one."""

    erasure: SubjectErasure
    outcome: str
    key_destroyed: bool

    def as_dict(self) -> dict[str, Any]:
        last = self.erasure.last
        return {
            "subject_ref": self.erasure.subject_ref,
            "outcome": self.outcome,
            "erased_at": last["erased_at"].isoformat(),
            "erased_by": last["erased_by"],
            "basis": list(last["basis"]),
            "accounts": list(last["accounts"]),
            "key_destroyed": self.key_destroyed,
            "version": self.erasure.version,
        }


def subject_index(ledger: Ledger, subject_ref: str) -> SubjectIndex | None:
    found = ledger.find(SubjectIndex.create_id(subject_ref), fresh=True)
    return found if isinstance(found, SubjectIndex) else None


def holdings(ledger: Ledger, subject_ref: str, index: SubjectIndex | None = None) -> list[Holding]:
    """Every account the subject ever held, as its history tells it (R16)."""
    index = index or subject_index(ledger, subject_ref)
    if index is None:
        return []
    found = []
    for account_id in index.ever_held:
        held = holding(subject_ref, account_id, ledger.history(UUID(account_id)))
        if held is not None:
            found.append(held)
    return found


def erasure_of(ledger: Ledger, subject_ref: str) -> SubjectErasure | None:
    """The subject's recorded erasures, read from the store, or None."""
    found = ledger.find(SubjectErasure.create_id(subject_ref), fresh=True)
    return found if isinstance(found, SubjectErasure) else None


def erase_subject(
    ledger: Ledger, subject_ref: str, act: Act, *, now: datetime | None = None
) -> Erased:
    """Record the erasure with its basis, then destroy the subject's key (R16, R17).

    `now` is the recording clock: an erasure cannot be dated after it, so that the
    retention rule is measured at a time that has come.
    """
    ledger.check_act(act)
    if now is not None and act.occurred_at > now:
        raise RuleViolation(
            f"an erasure cannot be dated in the future ({act.occurred_at.isoformat()} is "
            f"after {now.isoformat()})",
            rule="future-erasure",
            field="occurred_at",
            article=PERSONAL_INFORMATION,
        )
    fingerprint = ledger.vault.fingerprint(subject_ref)

    def attempt() -> Attempt[tuple[SubjectErasure, str]]:
        # The index the decision reads is the one the erasure saves: if a registration
        # changed it meanwhile, the save conflicts and the erasure decides again.
        index = subject_index(ledger, subject_ref) or SubjectIndex(subject_ref)
        check_no_transfer_awaited(index.awaited)
        existing = erasure_of(ledger, subject_ref)
        if existing is None and fingerprint is None:
            raise RuleViolation(
                f"the key store holds no personal information of {subject_ref}",
                rule="nothing-to-erase",
                field="subject",
                article=PERSONAL_INFORMATION,
            )
        if fingerprint is None:
            assert existing is not None
            existing.refuse_repeat()
        assert fingerprint is not None
        if existing is not None and existing.covers(fingerprint):
            existing.complete(act)  # decided and recorded; the key outlived a crash
            return (existing, "completed"), []
        held = holdings(ledger, subject_ref, index)
        if existing is None:
            erasure = SubjectErasure.erase(
                subject_ref=subject_ref,
                fingerprint=fingerprint,
                holdings=held,
                act=act,
                rules=ledger.rules,
            )
        else:
            existing.erase_again(
                fingerprint=fingerprint, holdings=held, act=act, rules=ledger.rules
            )
            erasure = existing
        index.note_erasure(fingerprint)
        return (erasure, "recorded"), [erasure, index]

    erasure, outcome = ledger.run_atomically(attempt)
    # Only the key the erasure named: one made since for a new registration survives.
    return Erased(erasure, outcome, ledger.vault.destroy(subject_ref, fingerprint))
