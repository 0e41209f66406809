"""Tidy the layout left after removals: trailing spaces, runs of blank lines, leading/trailing blanks."""
from __future__ import annotations

import re

from ..cleaner import SpanCleaner

_TRAILING = re.compile(r"[^\S\n]+(?=\n|\Z)")
_BLANK_RUN = re.compile(r"\n(?:[^\S\n]*\n){2,}")
_LEADING = re.compile(r"\A\s+")
_END = re.compile(r"\s+\Z")


class Layout(SpanCleaner):
    """Strip trailing spaces, keep at most one blank line between blocks, trim both ends."""

    name = "layout"
    order = 900
    settle = True
    reasons = {
        "trailing_space": "spaces at the end of a line",
        "blank_lines": "more than one blank line in a row",
        "edge_space": "white space at the start or end of the document",
    }

    def spans(self, text: str):  # type: ignore[no-untyped-def]
        spans: list[tuple[int, int, str]] = []
        for m in _TRAILING.finditer(text):
            spans.append((m.start(), m.end(), "trailing_space"))
        for m in _BLANK_RUN.finditer(text):
            # keep "\n\n": remove everything after the first blank line
            spans.append((m.start() + 1, m.end() - 1, "blank_lines"))
        lead = _LEADING.match(text)
        if lead:
            spans.append((0, lead.end(), "edge_space"))
        end = _END.search(text)
        if end and (not lead or end.start() > lead.end()):
            spans.append((end.start(), end.end(), "edge_space"))
        return _merge(spans)


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sort spans and drop those overlapping an earlier one (the first found wins)."""
    out: list[tuple[int, int, str]] = []
    for s, e, r in sorted(spans):
        if e <= s:
            continue
        if out and s < out[-1][1]:
            ps, pe, pr = out[-1]
            out[-1] = (ps, max(pe, e), pr)
            continue
        out.append((s, e, r))
    return out
