"""No identity number in any log line the service writes (2022 Art 16; R17).

A client may still put `KIND:NUMBER` in a URL (`GET /subjects/id_card:.../inquiry`, a
console search, a register filter). The ledger never stores it (the vault turns it
into a subject ref), but a server logs request lines. `redact(text)` replaces, in any
text: a number after an identity kind (`id_card:`, `mobile%3A`, ...), and anything
shaped like an identity number standing alone (an 18-character resident identity card
number with a valid check digit, an 18-character unified social credit code, an
11-digit mainland mobile number, optionally after +86, a PRC passport number).
`RedactingFilter` applies it to every log record's message and arguments; `install()`
puts the filter on the root logger, uvicorn's loggers and all their handlers (records
propagated from other loggers pass only the handlers' filters).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from accountledger.adapters.inputs import id_card_check

REDACTED = "[redacted]"
KINDS = ("id_card", "passport", "mobile", "uscc", "representative_number")
LOGGERS = ("", "uvicorn", "uvicorn.access", "uvicorn.error", "fastapi", "accountledger")

_EDGE_BEFORE = r"(?<![0-9A-Za-z])"
_EDGE_AFTER = r"(?![0-9A-Za-z])"
# `KIND:NUMBER`, with the colon as typed or percent-encoded, in a path or a query.
_KIND_NUMBER = re.compile(
    r"(?P<kind>" + "|".join(KINDS) + r")(?P<sep>:|%3[Aa]|=)(?P<number>[^/?&#\s\"'<>]+)"
)
_ID_CARD = re.compile(_EDGE_BEFORE + r"\d{17}[\dXx]" + _EDGE_AFTER)
_USCC_CHAR = "[0-9A-HJ-NPQRTUWXY]"
_USCC = re.compile(_EDGE_BEFORE + _USCC_CHAR + r"{2}\d{6}" + _USCC_CHAR + "{10}" + _EDGE_AFTER)
_MOBILE = re.compile(_EDGE_BEFORE + r"(?:\+?86[\s-]?)?1[3-9]\d{9}" + _EDGE_AFTER)
# A People's Republic of China passport: E, G, D, S, P or H, then 8 digits (or EA1234567).
_PASSPORT = re.compile(_EDGE_BEFORE + r"(?:[EGDSPH]\d{8}|E[A-HJ-NP-Z]\d{7})" + _EDGE_AFTER)


def _id_card(match: re.Match[str]) -> str:
    text = match.group(0).upper()
    return REDACTED if id_card_check(text[:17]) == text[17] else match.group(0)


def redact(text: str) -> str:
    """`text` with every identity number in it replaced by `[redacted]` (R17)."""
    if not any(ch.isdigit() for ch in text):
        return text
    text = _KIND_NUMBER.sub(lambda m: f"{m['kind']}{m['sep']}{REDACTED}", text)
    text = _ID_CARD.sub(_id_card, text)
    text = _USCC.sub(REDACTED, text)
    text = _MOBILE.sub(REDACTED, text)
    return _PASSPORT.sub(REDACTED, text)


def _redacted(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


class RedactingFilter(logging.Filter):
    """Redacts identity numbers from a record's message and arguments; passes every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redacted(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _redacted(value) for key, value in record.args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


FILTER = RedactingFilter()


def install() -> None:
    """Put the redacting filter on the root and uvicorn loggers and on their handlers.

    Idempotent; run again after a logging configuration replaces the handlers (as
    uvicorn's does when the server starts)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if FILTER not in logger.filters:
            logger.addFilter(FILTER)
        for handler in logger.handlers:
            if FILTER not in handler.filters:
                handler.addFilter(FILTER)


def logged_path(path: str, subject: str | None = None, ref: str | None = None) -> str:
    """A request path as a log keeps it: a subject's ref in place of the `KIND:NUMBER`
    the path named it by, and any other identity number redacted (R17, R18)."""
    if subject and ref and not subject.startswith("s-"):
        path = path.replace(subject, ref)
    return redact(path)
