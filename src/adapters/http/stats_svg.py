"""Bar charts for the statistics page, drawn on the server as inline SVG (issue 17).

No script and no library from elsewhere: the console works offline, prints, and a
screen reader reads each chart's `<title>` and each bar's `<title>` ("warning: 3").
Every label is escaped: measure names, violation classes and rules come from the
record. A chart is a `<svg class="chart" data-chart="NAME">`, each bar a
`<g class="bar" data-key="KEY" data-value="N">`, so tests read the figures drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

from markupsafe import Markup

WIDTH, BAR_H, GAP, LABEL_W, VALUE_W = 560, 22, 6, 180, 60
FILL, INK, TRACK = "#1d4ed8", "#1f2933", "#e5e7eb"


Say = Callable[[str], str]


def _same(key: str) -> str:
    return key


def _bar(index: int, key: str, value: float, top: float, shown: str, say: Say) -> str:
    span = WIDTH - LABEL_W - VALUE_W
    length = 0 if top <= 0 else span * value / top
    y = index * (BAR_H + GAP)
    # str(): a translated label may come as Markup, whose own escaping would double.
    # The key stays the id (`data-key`, what tests read); the label is said in the
    # page's language (`say`: a measure's or status's term, a translated word).
    ident, label, said = escape(str(key)), escape(str(say(key))), escape(str(shown))
    return (
        f'<g class="bar" data-key="{ident}" data-value="{said}">'
        f"<title>{label}: {said}</title>"
        f'<text x="{LABEL_W - 8}" y="{y + BAR_H * 0.7:.1f}" text-anchor="end">{label}</text>'
        f'<rect x="{LABEL_W}" y="{y}" width="{span}" height="{BAR_H}" fill="{TRACK}"/>'
        f'<rect x="{LABEL_W}" y="{y}" width="{length:.1f}" height="{BAR_H}" fill="{FILL}"/>'
        f'<text x="{LABEL_W + span + 8}" y="{y + BAR_H * 0.7:.1f}">{said}</text>'
        "</g>"
    )


def _svg(name: str, title: str, bars: list[str], empty: str) -> Markup:
    rows = max(len(bars), 1)
    height = rows * (BAR_H + GAP)
    body = "".join(bars) or f'<text x="0" y="{BAR_H * 0.7:.1f}">{escape(str(empty))}</text>'
    return Markup(
        f'<svg class="chart" data-chart="{escape(str(name))}" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'font-family="sans-serif" font-size="13" fill="{INK}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(str(title))}</title>{body}</svg>'
    )


def bar_chart(
    name: str, title: str, counts: Mapping[str, int], empty: str = "none", say: Say = _same
) -> Markup:
    """One bar per key of `counts`, longest scaled to the chart's width; each key
    labelled as `say` words it."""
    top = max(counts.values(), default=0)
    bars = [_bar(i, k, v, top, str(v), say) for i, (k, v) in enumerate(counts.items())]
    return _svg(name, title, bars, empty)


def share_chart(
    name: str,
    title: str,
    shares: Mapping[str, float | None],
    empty: str = "none",
    say: Say = _same,
) -> Markup:
    """One bar per share (0 to 1), shown as a percentage; a share of nothing is `-`."""
    bars = [
        _bar(i, k, v or 0.0, 1.0, "-" if v is None else f"{v:.0%}", say)
        for i, (k, v) in enumerate(shares.items())
    ]
    return _svg(name, title, bars, empty)
