"""Server-drawn SVG charts: no script, no inline style (the CSP allows neither), classes only."""

from collections.abc import Sequence

from flask_babel import format_date, format_percent
from flask_babel import gettext as _
from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 10, 28
TARGET = 0.95


def _band(share: float) -> str:
    if share >= TARGET:
        return "ok"
    return "warn" if share >= 0.8 else "bad"


def _bar(day, x: float, width: float, plot_h: float) -> str:
    when = format_date(day.day, "medium")
    if day.share is None:
        tip = _("%(day)s: nothing decided", day=when)
        return (f'<g class="day empty"><title>{escape(tip)}</title>'
                f'<rect x="{x:.1f}" y="{TOP + plot_h - 2:.1f}" width="{width:.1f}" height="2"/>'
                "</g>")
    tip = _("%(day)s: %(share)s of %(count)d decided within 24 hours", day=when,
            share=format_percent(day.share, "#0.0%"), count=day.decided)
    height = max(1.0, day.share * plot_h)
    return (f'<g class="day {_band(day.share)}" data-day="{day.day.isoformat()}">'
            f"<title>{escape(tip)}</title>"
            f'<rect x="{x:.1f}" y="{TOP + plot_h - height:.1f}" width="{width:.1f}" '
            f'height="{height:.1f}"/></g>')


def daily_share_chart(days: Sequence) -> Markup:
    """Bars of the share decided within 24 h per day (objects with day, decided, share),
    a line at the 95% target, the first day of each week labelled."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(days))
    title = _("Share decided within 24 hours, last %(days)d days", days=len(days))
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" direction="ltr" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for share in (0, 0.5, 1):
        y = TOP + plot_h * (1 - share)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" '
                     f'y2="{y:.1f}"/><text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{escape(format_percent(share, "#0%"))}</text>')
    for k, day in enumerate(days):
        x = LEFT + k * step
        parts.append(_bar(day, x + 1, max(1.0, step - 2), plot_h))
        if k % 7 == 0 or k == len(days) - 1:
            parts.append(f'<text class="axis" x="{x + step / 2:.1f}" y="{HEIGHT - 8}" '
                         f'text-anchor="middle">{escape(format_date(day.day, "d MMM"))}</text>')
    y = TOP + plot_h * (1 - TARGET)
    parts.append(f'<line class="target" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" '
                 f'y2="{y:.1f}" stroke-dasharray="4 3"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
