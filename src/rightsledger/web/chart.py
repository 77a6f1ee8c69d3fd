"""The event page's chart: claims per category on one axis, with the reconciled low-high band and best.

Server-rendered inline SVG styled only by classes (the CSP forbids inline styles); every text
in it is escaped by ``Markup.format``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup

from rightsledger.analyze import Claim, Reconciliation

WIDTH, ROW, LEFT, RIGHT, TOP = 680, 56, 110, 20, 24


def chart(claims: Mapping[str, Sequence[Claim]], figures: Mapping[str, Reconciliation]) -> Markup:
    values = [v for rows in claims.values() for c in rows for v in (c.value, c.low, c.high) if v is not None]
    if not values:
        return Markup("")
    top = _nice(max(values))
    span = WIDTH - LEFT - RIGHT

    def x(value: float) -> float:
        return round(LEFT + span * value / top, 1)

    height = TOP + ROW * len(claims) + 10
    parts = [
        Markup(
            '<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
            'aria-labelledby="chart-title"><title id="chart-title">Claims and reconciled figures</title>'
        ).format(w=WIDTH, h=height)
    ]
    for i in range(5):
        tick = top * i / 4
        parts.append(
            Markup(
                '<line class="grid" x1="{x}" x2="{x}" y1="{y1}" y2="{y2}"/>'
                '<text class="tick" x="{x}" y="14">{label}</text>'
            ).format(
                x=x(tick),
                y1=TOP - 4,
                y2=height - 6,
                label=f"{tick:,.0f}" if tick == int(tick) else f"{tick:,.1f}",
            )
        )
    for row, (category, rows) in enumerate(claims.items()):
        y = TOP + ROW * row + ROW / 2
        rec = figures.get(category)
        parts.append(Markup('<text class="label" x="4" y="{y}">{c}</text>').format(y=y + 4, c=category))
        if rec is not None and rec.low.value is not None and rec.high.value is not None:
            parts.append(
                Markup(
                    '<rect class="band" x="{x}" y="{y}" width="{w}" height="20"><title>reconciled '
                    "low {lo:,} – high {hi:,}</title></rect>"
                ).format(
                    x=x(rec.low.value),
                    y=y - 10,
                    w=max(1.0, x(rec.high.value) - x(rec.low.value)),
                    lo=rec.low.value,
                    hi=rec.high.value,
                )
            )
        if rec is not None and rec.best.value is not None:
            parts.append(
                Markup(
                    '<line class="best" x1="{x}" x2="{x}" y1="{y1}" y2="{y2}"><title>best {v:,}</title>'
                    "</line>"
                ).format(x=x(rec.best.value), y1=y - 14, y2=y + 14, v=rec.best.value)
            )
        for n, claim in enumerate(rows):
            status = rec.decisions[claim.id].status if rec and claim.id in rec.decisions else "used"
            css = "claim claim-" + status.replace(" ", "-")
            dy = y + ((n % 3) - 1) * 5
            label = f"{claim.claimant or claim.source}: {claim.qualifier} {claim.value or ''} ({status})"
            if claim.value is None and claim.low is not None and claim.high is not None:
                parts.append(
                    Markup(
                        '<line class="{css}" x1="{a}" x2="{b}" y1="{y}" y2="{y}"><title>{t}</title></line>'
                    ).format(css=css, a=x(claim.low), b=x(claim.high), y=dy, t=label)
                )
            else:
                value = claim.value if claim.value is not None else (claim.low or claim.high)
                if value is None:
                    continue
                parts.append(
                    Markup(
                        '<circle class="{css}" cx="{cx}" cy="{cy}" r="4"><title>{t}</title></circle>'
                    ).format(css=css, cx=x(value), cy=dy, t=label)
                )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _nice(value: int) -> float:
    """A round upper bound for the axis (1, 2 or 5 times a power of ten)."""
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(value)
