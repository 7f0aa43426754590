"""What the CLI prints: stored text shown as text, never obeyed by the terminal (R16, R18).

The edges refuse control and bidi characters (`domain/text.py`), but a store written by
an earlier main may hold them, and a name may hold what looks like rich markup
(`[red]`) or an emoji code (`:smile:`). Every string the CLI's consoles render passes
`printable` (through `Terminal.render_str`, which rich calls for every string, table
cell and title), and markup and emoji codes are off: an ESC, a BEL, a CR or a bidi
override is printed as its escape (`\\x1b`, `\\x07`, `\\r`, `\\u202e`). JSON output
escapes the C1 and bidi controls that `json.dumps` leaves raw, so a program still reads
exactly the stored text.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from accountledger.domain.text import CONTROLS

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

# A line break and a tab only lay a cell out; everything else CONTROLS matches steers.
_LAYOUT = frozenset("\n\t")


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    return ch if ch in _LAYOUT else ch.encode("unicode_escape").decode("ascii")


def printable(text: str) -> str:
    """`text` with each control or bidi character (but a line break or a tab) escaped."""
    return CONTROLS.sub(_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_line(value: Any) -> str:
    """`value` as one line of JSON whose control and bidi characters are all escapes."""
    return CONTROLS.sub(_json_escape, json.dumps(value, ensure_ascii=False, default=str))


def terminal(**options: Any) -> Console:
    """A rich console that renders every string as plain, printable text."""
    from rich.console import Console
    from rich.text import Text

    class Terminal(Console):
        def render_str(self, text: str, **given: Any) -> Text:
            return super().render_str(
                printable(text), **(given | {"markup": False, "emoji": False})
            )

    return Terminal(highlight=False, soft_wrap=True, markup=False, emoji=False, **options)


_CONSOLES: dict[str, dict[str, Any]] = {"out": {}, "err": {"stderr": True}}


def __getattr__(name: str) -> Console:
    """`out` and `err`, each made on first use and kept: output as JSON never imports rich
    (issue 16: a CLI call's start-up)."""
    if name not in _CONSOLES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    made = terminal(**_CONSOLES[name])
    globals()[name] = made
    return made


def progress_bar(label: str, rate: str | None = None, *, transient: bool = False) -> Progress:
    """The CLI's one progress bar, on stderr: `label`, the bar, done of total, the rate
    (`{task.fields[rate]}` followed by `rate`, e.g. "events/s") and the time taken (and,
    for a bar that stays, the time left). Long runs (import, campaign, rebuild, verify)
    show the same bar, so an operator reads them alike."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns: list[ProgressColumn | str] = [TextColumn(label), BarColumn(), MofNCompleteColumn()]
    if rate is not None:
        columns.append(TextColumn("{task.fields[rate]:,.0f} " + rate))
    columns.append(TimeElapsedColumn())
    if not transient:
        columns.append(TimeRemainingColumn())
    console = globals().get("err") or __getattr__("err")  # the kept one, made if need be
    return Progress(*columns, console=console, transient=transient)
