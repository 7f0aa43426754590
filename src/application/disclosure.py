"""Least exposure: personal information is unsealed only for the roles allowed to see it.

`identity()` is the one place that decrypts an identity for display (R17). It refuses
any role outside `authority.PERSONAL_INFORMATION_ROLES`; for an erased subject it
shows the erasure (when, on which basis), never a guess. Callers record the
disclosure (the adapters write it to the key store's access log); the standard
`logging` line this module writes names the account, the actor and the role, never
the personal information itself.
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from accountledger.application.erasure import erasure_of
from accountledger.application.ledger import Ledger
from accountledger.domain.account import Account
from accountledger.domain.act import Role
from accountledger.domain.authority import authorise_disclosure
from accountledger.domain.identity_rules import COMPOSITE_PARTS

log = logging.getLogger(__name__)


def _erased(erasure: Any) -> dict[str, Any]:
    if erasure is None:
        # No key and no recorded erasure: the key store lost it (restored from the
        # wrong backup?). Say so rather than call it an erasure.
        return {"erased": False, "unreadable": True}
    last = erasure.last
    return {
        "erased": True,
        "erased_at": last["erased_at"].isoformat(),
        "basis": list(last["basis"]),
    }


def unsealed(ledger: Ledger, subject_ref: str, sealed: str) -> dict[str, Any]:
    """The identity behind `sealed`, or the erasure that made it unreadable (R17).

    A key whose erasure is recorded counts as destroyed even if an interrupted
    command left it in the key store.
    """
    erasure = erasure_of(ledger, subject_ref)
    if erasure is not None and erasure.covers(ledger.vault.fingerprint(subject_ref)):
        return _erased(erasure)
    data = ledger.vault.unseal(subject_ref, sealed)
    if data is None:
        return _erased(erasure)
    shown = {
        "erased": False,
        "kind": data.get("kind", ""),
        "number": data.get("number", ""),
        "contact": data.get("contact", ""),
    }
    # The parts of a composite identity, where it had them (2021 Art 8).
    return shown | {part: data[part] for part in COMPOSITE_PARTS if data.get(part)}


def _contact(ledger: Ledger, account: Account, sealed: dict[str, str] | None) -> str | None:
    """A contact sealed after registration, if it is the current holder's and readable."""
    if not sealed or sealed.get("subject_ref") != account.subject_ref:
        return None
    data = ledger.vault.unseal(account.subject_ref, sealed["sealed"])
    return None if data is None else data.get("contact", "")


def account_identity(ledger: Ledger, account: Account, role: Role) -> dict[str, Any]:
    """The identity of the subject holding `account` (at that version), for `role`: the
    contact is the latest approved one (R2), and a contact awaiting review is shown
    beside it (R17: only to the roles that may see personal information)."""
    authorise_disclosure(role)
    shown = {"subject_ref": account.subject_ref} | unsealed(
        ledger, account.subject_ref, account.sealed_identity
    )
    if shown.get("erased") or shown.get("unreadable"):
        return shown
    contact = _contact(ledger, account, account.sealed_contact)
    if contact is not None:
        shown["contact"] = contact
    pending = _contact(ledger, account, account.detail_changes.get("contact"))
    if pending is not None:
        shown["pending_contact"] = pending
    return shown


def identity(ledger: Ledger, account_id: UUID, role: Role, *, actor_id: str = "") -> dict[str, Any]:
    """The current holder's identity (kind, number, contact), or its erasure (R17).

    Refused with a `RuleViolation` (rule `role`, article 2022-16) for a role that may
    not see personal information, before anything is read.
    """
    authorise_disclosure(role)
    account = ledger.account(account_id)
    shown = {"account_id": str(account_id)} | account_identity(ledger, account, role)
    log.info(
        "personal information of account %s %s to %s (%s)",
        account_id,
        "shown as erased" if shown.get("erased") else "disclosed",
        actor_id or "-",
        role.value,
    )
    return shown


def organisation_code(ledger: Ledger, account: Account) -> str | None:
    """The unified social credit code of the organisation holding `account`, for the public
    registry (2021 Art 9 ¶2: an organisation's registration details are public).

    Only a subject identified by a USCC has one; an individual's identity number is never
    returned (R17), nor a representative's document, a mobile or a contact. None when the
    subject is not an organisation or its key was erased.
    """
    if account.subject_kind != "uscc":
        return None
    shown = unsealed(ledger, account.subject_ref, account.sealed_identity)
    if shown.get("erased") or shown.get("unreadable") or shown.get("kind") != "uscc":
        return None
    return str(shown["number"])
