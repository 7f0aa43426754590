"""Which identities fit which subject, alone or composite (R1, R2; 2021 Art 8, 2022 Art 9).

2021 Art 8 asks for "composite verification and other measures" on the basis of a
mobile number, a resident identity card number or a unified social credit code. The
ledger accepts each basis the article names on its own (as it always has) and the
combinations platforms use:
- an individual: a mobile number, or an identity document (resident identity card;
  a passport only together with a mobile number, since the article names no passport),
  or a document plus a mobile number;
- an organisation (every nature but `individual`): its unified social credit code,
  optionally with its legal representative's identity document and a mobile number.
An organisation without its USCC (a mobile number only) and an individual with a USCC
are refused: neither is the subject's own real identity.
"""

from __future__ import annotations

from dataclasses import dataclass

from accountledger.domain.errors import RuleViolation

PERSONAL_DOCUMENTS = ("id_card", "passport")
# The parts of a composite identity beside the primary kind and number (each sealed).
COMPOSITE_PARTS = ("mobile", "representative_kind", "representative_number")


@dataclass(frozen=True)
class Presented:
    """The kinds of an identity as presented (never the numbers: a rule needs none)."""

    kind: str
    mobile: bool = False
    representative_kind: str = ""
    representative: bool = False


def _refuse(message: str, field: str, rule: str = "identity-for-nature") -> None:
    raise RuleViolation(message, rule=rule, field=field, article="2021-8")


def check_composite(presented: Presented) -> None:
    """The parts of a composite identity fit together, whatever the subject's nature."""
    if bool(presented.representative_kind) != presented.representative:
        _refuse(
            "a legal representative needs both the document's kind and its number",
            "representative_number" if presented.representative_kind else "representative_kind",
            "composite-identity",
        )
    if presented.representative_kind and presented.representative_kind not in PERSONAL_DOCUMENTS:
        _refuse(
            f"a legal representative shows one of {', '.join(PERSONAL_DOCUMENTS)}",
            "representative_kind",
            "composite-identity",
        )
    if presented.representative and presented.kind != "uscc":
        _refuse(
            "only an organisation, identified by its USCC, has a legal representative",
            "representative_kind",
            "composite-identity",
        )
    if presented.mobile and presented.kind == "mobile":
        _refuse(
            "the identity is already a mobile number: give the identity document as the "
            "identity kind and number, the mobile number as the second factor",
            "mobile",
            "composite-identity",
        )
    if presented.kind == "passport" and not presented.mobile:
        _refuse(
            "a passport is accepted together with a mobile number (composite verification)",
            "mobile",
            "composite-identity",
        )


def check_identity(nature: str | None, presented: Presented) -> None:
    """An identity the subject of `nature` can really hold (R1); `None`: nature not given."""
    check_composite(presented)
    if nature is None:
        return
    if nature == "individual" and presented.kind == "uscc":
        _refuse(
            "an individual is identified by a mobile number or an identity document, "
            "not a unified social credit code",
            "identity_kind",
        )
    if nature != "individual" and presented.kind != "uscc":
        _refuse(
            f"an organisation ({nature}) is identified by its unified social credit code, "
            "with its legal representative's document; not by a "
            f"{presented.kind.replace('_', ' ')} alone",
            "identity_kind",
        )
