"""Free text as the record may hold it: visible, bounded, without control characters.

A reason of zero-width characters says nothing; a ten-million-character reason grows
the immutable store for ever; a bidi override or an escape sequence makes a printed
record lie about what it says. Every free-text input passes `check_text` (R13, R16).
"""

from __future__ import annotations

import unicodedata

from accountledger.domain.errors import RuleViolation

# Embeddings, overrides and isolates reorder what a reader sees (Unicode TR9).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = frozenset("\n\r\t")


def visible(text: str) -> bool:
    """Whether anything in `text` shows: not only spaces, format or control characters."""
    return any(
        not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Mn", "Me", "Zs")
        for ch in text
    )


def check_text(field: str, text: str, limit: int) -> str:
    """`text` if it may be recorded: at most `limit` characters, no control characters
    (but line breaks and tabs) or bidi controls, and visible when it is not empty."""
    if len(text) > limit:
        raise RuleViolation(
            f"{len(text)} characters, more than the {limit} allowed",
            rule="text-length",
            field=field,
        )
    if text.isascii() and text.isprintable():  # the usual case, on every command
        if text.isspace():
            raise RuleViolation("only invisible characters", rule="invisible-text", field=field)
        return text
    for ch in text:
        if ch in BIDI_CONTROLS or (unicodedata.category(ch) == "Cc" and ch not in _LINE_BREAKS):
            raise RuleViolation(
                f"control character U+{ord(ch):04X} is not allowed",
                rule="control-character",
                field=field,
            )
    if text and not visible(text):
        raise RuleViolation("only invisible characters", rule="invisible-text", field=field)
    return text
