"""The summary at the top of a review page, as static HTML with inline SVG charts."""
from __future__ import annotations

from html import escape
from typing import Any

from .data import Catalog, Tally, cleaner_color

BINS = 20
BAR_ROWS = 12  # reasons beyond this are summed into one row


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def histogram_svg(shares: list[float], bins: int = BINS) -> str:
    """Bars of how many documents lost each share of their characters (0–100%, ``bins`` bins)."""
    counts = [0] * bins
    for s in shares:
        counts[min(bins - 1, max(0, int(s * bins)))] += 1
    top = max(counts) or 1
    w, h, pad = 360, 120, 18
    bw = w / bins
    bars = []
    for i, c in enumerate(counts):
        bh = (h - pad - 12) * c / top
        x, y = i * bw, h - pad - bh
        lo, hi = 100 * i // bins, 100 * (i + 1) // bins
        bars.append(
            f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{bw - 2:.1f}" height="{bh:.1f}" class="bar">'
            f"<title>{lo}–{hi}% removed: {c} document(s)</title></rect>"
        )
        if c:
            bars.append(f'<text x="{x + bw / 2:.1f}" y="{y - 2:.1f}" class="n">{c}</text>')
    axis = "".join(
        f'<text x="{w * f:.1f}" y="{h - 4}" class="ax" text-anchor="{a}">{int(f * 100)}%</text>'
        for f, a in ((0, "start"), (0.25, "middle"), (0.5, "middle"), (0.75, "middle"), (1, "end"))
    )
    return (
        f'<svg class="chart" viewBox="-4 0 {w + 12} {h}" width="{w + 12}" height="{h}" role="img" '
        f'aria-label="histogram of the share removed per document">{"".join(bars)}'
        f'<line x1="0" x2="{w}" y1="{h - pad}" y2="{h - pad}" class="axis"/>{axis}</svg>'
    )


def bars_svg(rows: list[tuple[str, int, int, str, str]], unit: str = "removals") -> str:
    """Horizontal bars: ``(label, value, characters, colour, filter attribute)`` per row."""
    if not rows:
        return '<p class="none">none</p>'
    top = max(r[1] for r in rows) or 1
    lw, bw, rh = 170, 170, 18
    h = rh * len(rows) + 4
    parts = []
    for i, (label, value, chars, color, attr) in enumerate(rows):
        y = i * rh + 2
        width = max(1.0, bw * value / top) if value else 0
        shown = label if len(label) <= 26 else label[:25] + "…"
        parts.append(
            f'<g class="row" {attr}><title>{escape(label)}: {value} {unit}, {chars} characters</title>'
            f'<text x="{lw - 6}" y="{y + 13}" text-anchor="end" class="lab">{escape(shown)}</text>'
            f'<rect x="{lw}" y="{y + 2}" width="{width:.1f}" height="{rh - 5}" style="fill:{color}" class="hbar"/>'
            f'<text x="{lw + width + 4:.1f}" y="{y + 13}" class="n">{value}</text></g>'
        )
    w = lw + bw + 60
    return f'<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img">{"".join(parts)}</svg>'


def summary_html(tally: Tally, catalog: Catalog, order: list[int]) -> str:
    """The summary section: totals, histogram, bars per cleaner and per reason, flagged documents.

    ``order`` maps a document's position in the input to its rank in the sorted list.
    """
    removed_share = 1 - tally.kept / tally.characters if tally.characters else 0.0
    stats = [
        ("documents", f"{tally.documents:,}"),
        ("characters removed", f"{tally.removed_chars:,} of {tally.characters:,} ({_pct(removed_share)} net)"),
        ("removals", f"{tally.removals:,}"),
        ("rewrites", f"{tally.rewrites:,}"),
        ("flagged", f"{len(tally.flagged):,}"),
        ("with cleaner errors", f"{tally.with_errors:,}"),
    ]
    if tally.approximate:
        stats.append(("edits placed approximately", f"{tally.approximate:,}"))
    stat_html = "".join(f'<div class="stat"><b>{v}</b><span>{escape(k)}</span></div>' for k, v in stats)
    colors = {c.name: cleaner_color(i) for i, c in enumerate(catalog.infos)}
    cleaner_rows = sorted(
        ((name, v[0], v[1], colors.get(name, "#ccc"), f'data-filter="cleaner" data-value="{escape(name)}"')
         for name, v in tally.by_cleaner.items() if v[0]),
        key=lambda r: (-r[1], r[0]),
    )
    by_code: dict[str, list[Any]] = {}
    for (cleaner, code), v in tally.by_reason.items():
        if v[0]:
            row = by_code.setdefault(code, [0, 0, set()])
            row[0] += v[0]
            row[1] += v[1]
            row[2].add(cleaner)
    reason_rows = sorted(
        ((code, v[0], v[1], colors.get(sorted(v[2])[0], "#ccc") if len(v[2]) == 1 else "#bbb",
          f'data-filter="reason" data-value="{escape(code)}"') for code, v in by_code.items()),
        key=lambda r: (-r[1], r[0]),
    )
    if len(reason_rows) > BAR_ROWS:
        rest = reason_rows[BAR_ROWS - 1 :]
        reason_rows = reason_rows[: BAR_ROWS - 1] + [
            (f"{len(rest)} other reasons", sum(r[1] for r in rest), sum(r[2] for r in rest), "#ddd", "")
        ]
    flagged = "".join(
        f'<li><a href="#doc-{order[pos]}" data-doc="{order[pos]}">{escape(src)}</a> '
        f'<span class="flag">{escape(", ".join(flags))}</span></li>'
        for pos, src, flags in tally.flagged[:200]
    )
    more = f"<li>… and {len(tally.flagged) - 200} more (marked ⚑ in the list)</li>" if len(tally.flagged) > 200 else ""
    return (
        f'<details id="summary" open><summary>summary</summary><div class="stats">{stat_html}</div><div class="charts">'
        f"<figure><figcaption>Share removed per document</figcaption>{histogram_svg(tally.shares)}</figure>"
        f"<figure><figcaption>Removals per cleaner (click to filter)</figcaption>{bars_svg(cleaner_rows)}</figure>"
        f"<figure><figcaption>Removals per reason (click to filter)</figcaption>{bars_svg(reason_rows)}</figure>"
        f'<figure><figcaption>Flagged documents</figcaption><ul class="flagged">'
        f'{flagged or "<li>none</li>"}{more}</ul></figure>'
        f"</div></details>"
    )
