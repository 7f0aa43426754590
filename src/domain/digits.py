"""Identity numbers folded to one spelling before they are checked or hashed (R1, R4, R7).

A number is matched against the blacklist and counted against the account limit by its
keyed hash, so the same subject must always hash the same: `１３７…` (full-width),
`١٣٧…` (Arabic-Indic) and `137…` are one mobile number. `ascii_number` folds compatibility
forms (NFKC: full-width digits and letters, superscripts) and then every decimal digit of
any script to its ASCII digit; whatever is still not ASCII is refused, so a number that
looks like another can never pass as a different subject (2021 Art 8). An ASCII number
is returned unchanged: the refs of stores written before folding still match.
"""

from __future__ import annotations

import unicodedata

from accountledger.domain.errors import RuleViolation


def fold_digits(text: str) -> str:
    """`text` in NFKC with every decimal digit (Unicode category Nd) as its ASCII digit."""
    if text.isascii():  # the usual case; NFKC leaves ASCII as it is
        return text
    folded = unicodedata.normalize("NFKC", text)
    return "".join(_ascii_digit(ch) for ch in folded)


def _ascii_digit(ch: str) -> str:
    value = unicodedata.decimal(ch, None)
    return ch if value is None else str(value)


def ascii_number(text: str, field: str = "identity_number") -> str:
    """`text` folded (`fold_digits`), or refused if anything in it is still not ASCII."""
    folded = fold_digits(text)
    if not folded.isascii():
        odd = next(ch for ch in folded if not ch.isascii())
        raise RuleViolation(
            f"U+{ord(odd):04X} is neither a digit of any script nor an ASCII letter",
            rule="number-characters",
            field=field,
            article="2021-8",
        )
    return folded
