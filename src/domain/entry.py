"""Who entered a write: the key or the login behind the actor it was entered for (R13, R16).

An `Act` names the actor a decision was made for; `EnteredBy` names who typed it in:
the API key's id over HTTP or from a CLI holding `ACCOUNTLEDGER_KEY` (never the secret),
or else the operating-system user and host of the CLI (2021 Art 20: an accountable
record of each disposal). Events recorded before it existed carry none and read the same.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields

# Bounded after folding: a host or login name is never longer in practice.
MAX_PART = 200


def _bounded(value: object) -> str:
    text = str(value)
    if text.isascii() and text.isprintable():
        return text.strip()[:MAX_PART]  # what the folding below gives, without it
    text = unicodedata.normalize("NFKC", text).strip()
    return "".join(c for c in text if c.isprintable())[:MAX_PART]


@dataclass(frozen=True)
class EnteredBy:
    """The key id, or the OS user and host, that entered an act, and the source line of an
    imported one; empty parts are left out, so an act without them is stored as before."""

    key_id: str = ""
    os_user: str = ""
    host: str = ""
    # Where an imported act came from: `import:FILE@DIGEST:LINE` (`application/imports.py`).
    source: str = ""

    def __post_init__(self) -> None:
        # By a tuple of names, not `fields()`: built for every imported act (issue 16).
        for name in _PARTS:
            object.__setattr__(self, name, _bounded(getattr(self, name)))

    def as_dict(self) -> dict[str, str]:
        parts = {name: getattr(self, name) for name in _PARTS}
        return {name: value for name, value in parts.items() if value}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> EnteredBy:
        """Read back as stored; keys it does not know are ignored (a later writer's)."""
        known = {part.name for part in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in known})


_PARTS = tuple(part.name for part in fields(EnteredBy))
