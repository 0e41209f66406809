"""Helpers for cleaners that collect ``(start, end, reason)`` spans before returning changes."""
from __future__ import annotations

Span = tuple[int, int, str]


def merge_spans(spans: list[Span]) -> list[Span]:
    """Sort spans; where two overlap keep the one that starts first (the longer, then by reason), widened to cover both."""
    out: list[Span] = []
    for s, e, r in sorted(spans, key=lambda x: (x[0], -x[1], x[2])):
        if e <= s:
            continue
        if out and s < out[-1][1]:
            ps, pe, pr = out[-1]
            out[-1] = (ps, max(pe, e), pr)
            continue
        out.append((s, e, r))
    return out


def coalesce_spans(text: str, spans: list[Span]) -> list[Span]:
    """Join neighbouring sorted spans of one reason separated only by blank space: fewer, larger edits."""
    out: list[Span] = []
    for s, e, r in spans:
        if out and out[-1][2] == r and not text[out[-1][1] : s].strip():
            out[-1] = (out[-1][0], e, r)
        else:
            out.append((s, e, r))
    return out
