"""Authorised names (R3): the licence or authorisation a name is registered against.

A real organ, a licensed news outlet or a brand owner may use a name the policy would
refuse to anyone else (2021 Art 5; 2022 Art 8 items 2-5 "without authorisation",
Art 11). The registrant records its evidence (kind, number, issuer, validity) on the
registration or the name change; the name policy then sends the findings that
evidence of that kind can answer to review instead of refusing them (`name_rules`
says which), and a reviewer approves the name against that evidence. Evidence whose
validity ended before the recording clock counts as none.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from accountledger.domain.errors import RuleViolation
from accountledger.domain.name_rules import AUTHORISATION_KINDS
from accountledger.domain.text import check_text

__all__ = [
    "AUTHORISATION_KINDS",
    "Authorisation",
    "check_still_in_force",
    "evidence_answering",
    "evidence_in_force",
]

# Numbers and issuers are short references, not prose.
MAX_NUMBER = 64
MAX_ISSUER = 120


def _fold(field: str, text: str, limit: int) -> str:
    folded = " ".join(unicodedata.normalize("NFKC", text).split())
    check_text(field, folded, limit)
    if not folded:
        raise RuleViolation(
            f"an authorisation needs its {field.rsplit('_', 1)[-1]}",
            rule="authorisation-evidence",
            field=field,
            article="2022-11",
        )
    return folded


@dataclass(frozen=True)
class Authorisation:
    """A licence or an authorisation presented as evidence for a name (2022 Art 11)."""

    kind: str
    number: str
    issuer: str
    valid_until: datetime

    def __post_init__(self) -> None:
        # Hostile input: folded (NFKC, spaces collapsed) and bounded wherever built.
        if self.kind not in AUTHORISATION_KINDS:
            raise RuleViolation(
                f"{self.kind!r} is not a kind of authorisation; one of "
                f"{', '.join(AUTHORISATION_KINDS)}",
                rule="authorisation-kind",
                field="licence_kind",
                article="2022-11",
            )
        object.__setattr__(self, "number", _fold("licence_number", self.number, MAX_NUMBER))
        object.__setattr__(self, "issuer", _fold("licence_issuer", self.issuer, MAX_ISSUER))
        if self.valid_until.tzinfo is None:
            raise RuleViolation(
                "a validity needs a time zone",
                rule="aware-time",
                field="licence_valid_until",
            )

    def in_force(self, now: datetime) -> bool:
        """Whether the evidence still holds at `now` (the recording clock's time)."""
        return self.valid_until >= now

    def as_record(self) -> dict[str, str]:
        """The evidence as an event holds it: plain strings."""
        return {
            "kind": self.kind,
            "number": self.number,
            "issuer": self.issuer,
            "valid_until": self.valid_until.isoformat(),
        }


def evidence_in_force(authorisation: Authorisation | None, now: datetime) -> frozenset[str]:
    """The kinds of authorisation the name policy may count at `now`: an expired one
    counts as none."""
    if authorisation is None or not authorisation.in_force(now):
        return frozenset()
    return frozenset({authorisation.kind})


def check_still_in_force(evidence: dict[str, str] | None, now: datetime) -> None:
    """A reviewer approves a name against evidence that still holds (2022 Art 11)."""
    if evidence and datetime.fromisoformat(evidence["valid_until"]) < now:
        raise RuleViolation(
            f"the {evidence['kind']} authorisation {evidence['number']!r} expired on "
            f"{evidence['valid_until']}; the name needs evidence in force",
            rule="authorisation-expired",
            field="licence_valid_until",
            article="2022-11",
        )


def evidence_answering(
    findings: list[dict[str, str]], evidence: dict[str, str] | None, now: datetime
) -> dict[str, str] | None:
    """The evidence a reviewer approves findings against: the one presented, when an
    authorisation sent one of them to review, and only while it is in force at `now`."""
    if not evidence or not any(f.get("authorisation") for f in findings):
        return None
    check_still_in_force(evidence, now)
    return evidence
