"""The account lifecycle as an inline SVG, drawn from the state machine itself.

The states and the transitions between different states come from
`domain.lifecycle` (`STATES`, `TRANSITIONS`), as `docs/lifecycle.md` does, so the
picture cannot drift from the machine. States are laid out in rows by their distance
from the initial state; each is a `<g class="state" data-state="NAME">` with a
`<title>`, and the account's current state also has the class `current` and its own
fill. Self-transitions (warn, restrict, ...) are listed in each state's title. The
labels and titles are in the page's language: states by the regulations' terms, the
commands by their verbs (the names the API and the CLI take).
"""

from __future__ import annotations

import math
from collections import defaultdict
from functools import cache
from html import escape

from markupsafe import Markup

from accountledger.adapters.http.console_language import Language
from accountledger.domain.lifecycle import COMMANDS, STATES, TERMINAL, TRANSITIONS

BOX_W, BOX_H = 128, 40
GAP_X, GAP_Y = 28, 70
MARGIN = 20
FILL, CURRENT_FILL = "#f4f6f8", "#1d4ed8"
INK, CURRENT_INK = "#1f2933", "#ffffff"


@cache
def _edges() -> dict[tuple[str, str], list[str]]:
    """(from, to) -> the commands leading there, for different states, in command order."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for command in COMMANDS:
        for state in STATES:
            for target in TRANSITIONS.get((state, command), ()):
                if target != state:
                    edges[(state, target)].append(command)
    return dict(edges)


def _stays(state: str) -> list[str]:
    return [c for c in COMMANDS if state in TRANSITIONS.get((state, c), ())]


def _rows() -> list[list[str]]:
    """States by breadth-first distance from the initial state, in declaration order."""
    edges = _edges()
    depth = {STATES[0]: 0}
    frontier = [STATES[0]]
    while frontier:
        following = []
        for state in frontier:
            for (source, target), _ in edges.items():
                if source == state and target not in depth:
                    depth[target] = depth[state] + 1
                    following.append(target)
        frontier = following
    last = max(depth.values(), default=0)
    rows: list[list[str]] = [[] for _ in range(last + 1)]
    for state in STATES:
        rows[depth.get(state, last)].append(state)
    return rows


def _path(start: tuple[float, float], end: tuple[float, float]) -> tuple[str, float]:
    """A curve between two boxes: down or up between rows, an arc below within a row.

    Ends are spread along the boxes' edges by direction, and an edge going up takes
    another lane than one going down, so a pair of opposite edges stays apart.
    Returns the path and the lowest point the curve reaches.
    """
    (x1, y1), (x2, y2) = start, end
    half_w, half_h = BOX_W / 2 - 12, BOX_H / 2
    if y1 == y2:
        rightwards = x2 > x1
        lane = 0.3 if rightwards else 0.45
        drop = lane * abs(x2 - x1) + (20 if rightwards else 34)
        side = 14 if rightwards else -14
        sx, sy, ex, ey = x1 + side, y1 + half_h, x2 - side, y2 + half_h
        qx, qy = (sx + ex) / 2, max(sy, ey) + drop
        return f"M{sx:.1f},{sy:.1f} Q{qx:.1f},{qy:.1f} {ex:.1f},{ey:.1f}", (sy + qy) / 2
    down = y2 > y1
    lane = 10 if down else -10
    shift = max(-half_w, min(half_w, (x2 - x1) * 0.2 + lane))
    sx, sy = x1 + shift, y1 + (half_h if down else -half_h)
    ex, ey = (
        x2 - max(-half_w, min(half_w, (x2 - x1) * 0.2 - lane)),
        y2 - (half_h if down else -half_h),
    )
    length = math.hypot(ex - sx, ey - sy) or 1.0
    bend = 14 if down else -14
    qx = (sx + ex) / 2 + (ey - sy) / length * bend
    qy = (sy + ey) / 2 - (ex - sx) / length * bend
    return f"M{sx:.1f},{sy:.1f} Q{qx:.1f},{qy:.1f} {ex:.1f},{ey:.1f}", max(sy, ey)


@cache
def _layout() -> tuple[int, int, dict[str, tuple[float, float]]]:
    rows = _rows()
    widest = max(len(row) for row in rows)
    width = 2 * MARGIN + widest * BOX_W + (widest - 1) * GAP_X
    height = 2 * MARGIN + len(rows) * BOX_H + (len(rows) - 1) * GAP_Y
    centres: dict[str, tuple[float, float]] = {}
    for r, row in enumerate(rows):
        span = len(row) * BOX_W + (len(row) - 1) * GAP_X
        left = (width - span) / 2
        for i, state in enumerate(row):
            x = left + i * (BOX_W + GAP_X) + BOX_W / 2
            y = MARGIN + r * (BOX_H + GAP_Y) + BOX_H / 2
            centres[state] = (x, y)
    return width, height, centres


def _state(state: str, centre: tuple[float, float], current: bool, language: Language) -> str:
    x, y = centre
    _ = language.gettext
    stays = _stays(state)
    leaves = sorted({t for (s, t) in _edges() if s == state})
    name = language.status(state)
    said = [_("{state} (current state)").format(state=name) if current else name]
    if state in TERMINAL:
        said.append(_("final: no command applies"))
    if leaves:
        named = ", ".join(language.status(t) for t in leaves)
        said.append(_("leads to {states}").format(states=named))
    if stays:
        said.append(_("stays on {commands}").format(commands=", ".join(stays)))
    classes = "state current" if current else "state"
    fill, ink = (CURRENT_FILL, CURRENT_INK) if current else (FILL, INK)
    border = 3 if state in TERMINAL else 1.5
    return (
        f'<g class="{classes}" data-state="{escape(state)}">'
        f"<title>{escape('; '.join(said))}</title>"
        f'<rect x="{x - BOX_W / 2:.1f}" y="{y - BOX_H / 2:.1f}" width="{BOX_W}" '
        f'height="{BOX_H}" rx="8" fill="{fill}" stroke="{INK}" stroke-width="{border}"/>'
        f'<text x="{x:.1f}" y="{y + 5:.1f}" text-anchor="middle" fill="{ink}" '
        f'font-size="14" font-weight="{700 if current else 400}">{escape(name)}</text>'
        "</g>"
    )


def lifecycle_svg(current: str, language: Language) -> Markup:
    """The machine's states and transitions, `current` marked, in `language` (R18)."""
    _ = language.gettext
    width, height, centres = _layout()
    paths = {edge: _path(centres[edge[0]], centres[edge[1]]) for edge in _edges()}
    # Room below the last row for the arcs between its states.
    height = max(height, math.ceil(max(low for _, low in paths.values()) + MARGIN))
    titled = _("Account lifecycle")
    described = _(
        "The states of an account and the commands that move it between them; "
        "the current state is {state}."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="lifecycle" role="img" aria-labelledby="lifecycle-title lifecycle-desc">',
        f'<title id="lifecycle-title">{escape(titled)}</title>',
        f'<desc id="lifecycle-desc">{escape(described.format(state=language.status(current)))}'
        "</desc>",
        "<defs>"
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#52606d"/></marker></defs>',
    ]
    moved = _("{source} to {target}: {commands}")
    for (source, target), commands in _edges().items():
        path = paths[(source, target)][0]
        named = {"source": language.status(source), "target": language.status(target)}
        title = moved.format(**named, commands=", ".join(commands))
        parts.append(
            f'<g class="transition" data-from="{source}" data-to="{target}">'
            f"<title>{escape(title)}</title>"
            f'<path d="{path}" fill="none" stroke="#52606d" stroke-width="1.2" '
            'marker-end="url(#arrow)"/></g>'
        )
    parts.extend(_state(s, centres[s], s == current, language) for s in STATES)
    parts.append("</svg>")
    return Markup("".join(parts))
