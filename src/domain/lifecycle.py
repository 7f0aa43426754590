"""The account lifecycle: which command is legal when.

`Lifecycle` (`machines.py`) is the single source of truth. The aggregate never
constructs it per command (that costs as much as the database write); it asks
`TRANSITIONS`, a table derived once from the machine class, so the table cannot drift
from the machine. The table is derived on first use: replaying an account decides
nothing, and the machine's library is not imported for it (issue 16: a CLI `show`).
"""

from __future__ import annotations

from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from accountledger.domain.errors import TransitionRefused

if TYPE_CHECKING:
    # Derived from `Lifecycle` on first access (`__getattr__`).
    # (state, command) -> the states the command may lead to; one, but for reversals.
    TRANSITIONS: Table
    STATES: tuple[str, ...]
    COMMANDS: tuple[str, ...]
    TERMINAL: tuple[str, ...]

LIVE = ("pending", "active", "rectifying", "suspended")
IN_SERVICE = ("active", "rectifying", "suspended")

Table = MappingProxyType[tuple[str, str], tuple[str, ...]]


@cache
def _derived() -> dict[str, Any]:
    """The machine and what is read off it, once (kept as this module's globals)."""
    from accountledger.domain.machines import Lifecycle, derive_table

    table = derive_table(Lifecycle)
    states = tuple(s.id for s in Lifecycle.states)
    derived = {
        "Lifecycle": Lifecycle,
        "TRANSITIONS": table,
        "STATES": states,
        "COMMANDS": tuple(e.id for e in Lifecycle.events),  # type: ignore[attr-defined]
        "TERMINAL": tuple(s for s in states if not any(key[0] == s for key in table)),
    }
    globals().update(derived)
    return derived


def __getattr__(name: str) -> Any:
    if name in ("Lifecycle", "TRANSITIONS", "STATES", "COMMANDS", "TERMINAL"):
        return _derived()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def target(
    account_id: object,
    state: str,
    command: str,
    to: str | None = None,
    table: Table | None = None,
    kind: str = "account",
) -> str:
    """The state `command` leads to from `state` (or checks `to`), or TransitionRefused."""
    targets = (_derived()["TRANSITIONS"] if table is None else table).get((state, command), ())
    if to is None and len(targets) == 1:
        return targets[0]
    if to is not None and to in targets:
        return to
    refused = command if to is None else f"{command} to {to}"
    raise TransitionRefused(account_id, state, refused, kind)


def allowed(state: str) -> tuple[str, ...]:
    """The commands the machine accepts in `state`, in declaration order."""
    derived = _derived()
    return tuple(c for c in derived["COMMANDS"] if (state, c) in derived["TRANSITIONS"])
