"""Free text as the record may hold it: visible, bounded, without control characters.

A reason of zero-width characters says nothing; a ten-million-character reason grows
the immutable store for ever; a bidi override or an escape sequence makes a printed
record lie about what it says. Every free-text input passes `check_text` (R13, R16).
"""

from __future__ import annotations

import re
import unicodedata

from accountledger.domain.errors import RuleViolation

# Embeddings, overrides and isolates reorder what a reader sees (Unicode TR9).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Every character that steers a reader rather than showing: the control characters
# (category Cc: C0, DEL, C1, whose ESC and CSI start terminal sequences) and the bidi
# controls. The edges refuse them (`check_text`); the CLI escapes them on output.
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]")
_LINE_BREAKS = frozenset("\n\r\t")


def visible(text: str) -> bool:
    """Whether anything in `text` shows: not only spaces, format or control characters."""
    return any(
        not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Mn", "Me", "Zs")
        for ch in text
    )


def check_text(field: str, text: str, limit: int, *, one_line: bool = False) -> str:
    """`text` if it may be recorded: at most `limit` characters, no control characters
    (but line breaks and tabs, unless `one_line`: a name) or bidi controls, and visible
    when it is not empty."""
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
    allowed = frozenset() if one_line else _LINE_BREAKS
    for ch in CONTROLS.findall(text):
        if ch not in allowed:
            raise RuleViolation(
                f"control character U+{ord(ch):04X} is not allowed",
                rule="control-character",
                field=field,
                article="2021-8" if one_line else None,  # a name shows the real identity
            )
    if text and not visible(text):
        raise RuleViolation("only invisible characters", rule="invisible-text", field=field)
    return text
