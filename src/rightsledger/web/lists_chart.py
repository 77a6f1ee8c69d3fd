"""Charts of the victim-list pages: an UpSet-style overlap chart and interval plots.

Server-rendered inline SVG styled only by classes (the CSP forbids inline styles); every text
in it (list names, strata) is escaped by ``Markup.format``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup

from rightsledger.web.chart import _nice

COLUMN, BAR_HEIGHT, DOT_ROW, LABEL = 34, 160, 22, 170


def upset(names: Sequence[str], rows: Sequence[tuple[tuple[int, ...], int]]) -> Markup:
    """Bars: persons in exactly each combination of lists; below, the dot matrix naming the combination."""
    if not rows:
        return Markup("")
    top = _nice(max(n for _p, n in rows))
    width = LABEL + COLUMN * len(rows) + 10
    matrix_top = BAR_HEIGHT + 30
    height = matrix_top + DOT_ROW * len(names) + 10
    parts = [
        Markup(
            '<svg class="chart upset" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
            'aria-labelledby="upset-title"><title id="upset-title">Persons per combination of lists'
            "</title>"
        ).format(w=width, h=height)
    ]
    for i in range(5):
        y = round(BAR_HEIGHT + 10 - BAR_HEIGHT * i / 4, 1)
        parts.append(
            Markup(
                '<line class="grid" x1="{x1}" x2="{x2}" y1="{y}" y2="{y}"/>'
                '<text class="tick tick-y" x="{tx}" y="{ty}">{label}</text>'
            ).format(x1=LABEL, x2=width - 10, y=y, tx=LABEL - 6, ty=y + 4, label=f"{top * i / 4:,.0f}")
        )
    for i, name in enumerate(names):
        y = matrix_top + DOT_ROW * i + DOT_ROW / 2
        size = sum(n for p, n in rows if p[i])
        parts.append(
            Markup('<text class="label" x="4" y="{y}">{name} ({size:,})</text>').format(
                y=y + 4, name=name, size=size
            )
        )
    for col, (pattern, count) in enumerate(rows):
        x = LABEL + COLUMN * col + COLUMN / 2
        h = round(BAR_HEIGHT * count / top, 1)
        members = ", ".join(n for n, b in zip(names, pattern, strict=True) if b)
        parts.append(
            Markup(
                '<rect class="bar" x="{x}" y="{y}" width="{w}" height="{h}"><title>{m}: {n:,} persons'
                '</title></rect><text class="tick" x="{cx}" y="{ty}">{n:,}</text>'
            ).format(
                x=x - COLUMN / 2 + 4,
                y=BAR_HEIGHT + 10 - h,
                w=COLUMN - 8,
                h=h,
                m=members,
                n=count,
                cx=x,
                ty=BAR_HEIGHT + 6 - h,
            )
        )
        ys = [matrix_top + DOT_ROW * i + DOT_ROW / 2 for i in range(len(names))]
        filled = [y for y, b in zip(ys, pattern, strict=True) if b]
        if len(filled) > 1:
            parts.append(
                Markup('<line class="link" x1="{x}" x2="{x}" y1="{a}" y2="{b}"/>').format(
                    x=x, a=min(filled), b=max(filled)
                )
            )
        for y, b in zip(ys, pattern, strict=True):
            parts.append(
                Markup('<circle class="{css}" cx="{x}" cy="{y}" r="6"/>').format(
                    css="dot on" if b else "dot off", x=x, y=y
                )
            )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def intervals(rows: Sequence[tuple[str, float | None, float | None, float | None, int | None]]) -> Markup:
    """(label, estimate, low, high, observed) per row: the interval as a line, the estimate as a dot,
    the observed count as a tick (an infinite upper end runs to the edge with an arrow class)."""
    values = [v for r in rows for v in r[1:] if v is not None and math.isfinite(v)]
    if not values:
        return Markup("")
    top = _nice(max(values))
    left, right, row = 170, 20, 30
    width = 680
    span = width - left - right
    height = 24 + row * len(rows) + 6

    def x(value: float) -> float:
        return round(left + span * min(value, top) / top, 1)

    parts = [
        Markup(
            '<svg class="chart intervals" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
            'aria-labelledby="intervals-title"><title id="intervals-title">Estimates with intervals</title>'
        ).format(w=width, h=height)
    ]
    for i in range(5):
        tick = top * i / 4
        parts.append(
            Markup(
                '<line class="grid" x1="{x}" x2="{x}" y1="20" y2="{y2}"/>'
                '<text class="tick" x="{x}" y="14">{label}</text>'
            ).format(x=x(tick), y2=height - 4, label=f"{tick:,.0f}")
        )
    for i, (label, est, low, high, observed) in enumerate(rows):
        y = 24 + row * i + row / 2
        parts.append(Markup('<text class="label" x="4" y="{y}">{t}</text>').format(y=y + 4, t=label))
        if low is not None and est is not None:
            unbounded = high is None or not math.isfinite(high)
            parts.append(
                Markup(
                    '<line class="{css}" x1="{a}" x2="{b}" y1="{y}" y2="{y}"><title>interval {lo:,.0f} – '
                    "{hi}</title></line>"
                ).format(
                    css="interval unbounded" if unbounded else "interval",
                    a=x(low),
                    b=x(top if unbounded else high),
                    y=y,
                    lo=low,
                    hi="∞" if unbounded else f"{high:,.0f}",
                )
            )
        if est is not None and math.isfinite(est):
            parts.append(
                Markup(
                    '<circle class="estimate" cx="{x}" cy="{y}" r="5"><title>estimate {v:,.0f}</title>'
                    "</circle>"
                ).format(x=x(est), y=y, v=est)
            )
        if observed is not None:
            parts.append(
                Markup(
                    '<line class="observed" x1="{x}" x2="{x}" y1="{a}" y2="{b}"><title>observed {v:,}</title>'
                    "</line>"
                ).format(x=x(observed), a=y - 8, b=y + 8, v=observed)
            )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
