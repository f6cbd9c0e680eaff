"""Server-drawn horizontal bar charts as SVG: classes only, no script or inline style (CSP)."""

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH, BAR, GAP, LABEL = 640, 18, 6, 220


def bar_chart(title: str, items: Sequence[tuple[str, int]], *, css: str = "") -> Markup:
    """One bar per (label, value), longest first as given; the value printed after the bar."""
    top = max((v for _k, v in items), default=0) or 1
    height = max(1, len(items)) * (BAR + GAP) + GAP
    parts = [f'<svg class="chart bars {css}" xmlns="http://www.w3.org/2000/svg" role="img" '
             f'viewBox="0 0 {WIDTH} {height}" aria-label="{escape(title)}">'
             f"<title>{escape(title)}</title>"]
    room = WIDTH - LABEL - 60
    for k, (name, value) in enumerate(items):
        y = GAP + k * (BAR + GAP)
        length = max(1.0, room * value / top)
        parts.append(
            f'<g class="bar"><title>{escape(name)}: {value}</title>'
            f'<text class="axis" x="{LABEL - 6}" y="{y + BAR - 5}" text-anchor="end">'
            f"{escape(name)}</text>"
            f'<rect x="{LABEL}" y="{y}" width="{length:.1f}" height="{BAR}"/>'
            f'<text class="value" x="{LABEL + length + 4:.1f}" y="{y + BAR - 5}">{value}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))
