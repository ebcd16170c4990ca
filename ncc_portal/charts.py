"""Server-side SVG charts: the same markup serves the web dashboard and the PDF reports.

No JavaScript, no inline styles (the site's Content-Security-Policy forbids them): presentation
attributes only. Every chart has a title and a description; the data also goes into a table next
to it, for people who cannot see the chart.
"""

import html
import itertools

from django.utils.safestring import mark_safe

_ids = itertools.count(1)

BAR_FILL = "#0b4f8a"
TEXT_FILL = "#1f2933"
GRID_STROKE = "#d5dbe3"


def _esc(text):
    return html.escape(str(text), quote=True)


def bar_chart(rows, *, title, width=640, bar_height=22, number_format=str):
    """Horizontal bars. ``rows``: list of (label, value). Returns SVG markup (escaped text)."""
    uid = f"chart{next(_ids)}"
    label_width = round(width * 0.42)
    # About 6.6 units per character at font-size 12: shorten what would not fit (the full label
    # stays in the bar's tooltip, the description and the data table).
    max_chars = int((label_width - 12) / 6.6)
    rows = list(rows)
    top, gap = 8, 6
    height = top + len(rows) * (bar_height + gap) + 8
    maximum = max([value for _label, value in rows] + [0]) or 1
    plot = width - label_width - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{uid}-t {uid}-d" viewBox="0 0 {width} {max(height, 40)}" '
        f'width="{width}" height="{max(height, 40)}">',
        f'<title id="{uid}-t">{_esc(title)}</title>',
        f'<desc id="{uid}-d">'
        + _esc("; ".join(f"{label}: {number_format(value)}" for label, value in rows))
        + "</desc>",
    ]
    for n, (label, value) in enumerate(rows):
        y = top + n * (bar_height + gap)
        bar = round(plot * value / maximum, 1)
        short = str(label) if len(str(label)) <= max_chars else str(label)[: max_chars - 1] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
            f'font-size="12" fill="{TEXT_FILL}">{_esc(short)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{max(bar, 0.5)}" height="{bar_height}" '
            f'fill="{BAR_FILL}"><title>{_esc(label)}: {_esc(number_format(value))}</title></rect>'
            f'<text x="{label_width + bar + 6:.1f}" y="{y + bar_height * 0.7:.1f}" '
            f'font-size="12" fill="{TEXT_FILL}">{_esc(number_format(value))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


def column_chart(rows, *, title, width=640, height=220, number_format=str, label_every=1):
    """Vertical columns over time. ``rows``: list of (label, value)."""
    uid = f"chart{next(_ids)}"
    rows = list(rows)
    left, bottom, top = 36, 40, 12
    plot_w, plot_h = width - left - 8, height - bottom - top
    maximum = max([value for _label, value in rows] + [0]) or 1
    step = plot_w / max(len(rows), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{uid}-t {uid}-d" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">',
        f'<title id="{uid}-t">{_esc(title)}</title>',
        f'<desc id="{uid}-d">'
        + _esc("; ".join(f"{label}: {number_format(value)}" for label, value in rows))
        + "</desc>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" '
        f'stroke="{GRID_STROKE}"/>',
        f'<text x="{left - 4}" y="{top + 10}" text-anchor="end" font-size="11" '
        f'fill="{TEXT_FILL}">{_esc(number_format(maximum))}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" font-size="11" '
        f'fill="{TEXT_FILL}">0</text>',
    ]
    for n, (label, value) in enumerate(rows):
        x = left + n * step
        bar_h = round(plot_h * value / maximum, 1)
        parts.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{top + plot_h - bar_h:.1f}" '
            f'width="{step * 0.7:.1f}" height="{max(bar_h, 0)}" fill="{BAR_FILL}">'
            f"<title>{_esc(label)}: {_esc(number_format(value))}</title></rect>"
        )
        if n % label_every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{top + plot_h + 14}" text-anchor="middle" '
                f'font-size="10" fill="{TEXT_FILL}">{_esc(label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
