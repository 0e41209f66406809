"""Tidy the layout left after removals: trailing spaces, runs of blank lines, leading/trailing blanks."""
from __future__ import annotations

import re

from ..cleaner import SpanCleaner
from ..spans import merge_spans

# Trailing white space is searched in the reversed text: there each run follows a newline, and
# a pattern that starts with a literal is scanned for at C speed (forwards, the engine would
# stop at every space between two words).
_TRAILING_REVERSED = re.compile(r"\n[^\S\n]+")
_HSPACE_RUN = re.compile(r"[^\S\n]+")
_BLANK_RUN = re.compile(r"\n(?:[^\S\n]*\n){2,}")


class Layout(SpanCleaner):
    """Strip trailing spaces, keep at most one blank line between blocks, trim both ends."""

    name = "layout"
    order = 900
    phase = "finish"
    reasons = {
        "trailing_space": "spaces at the end of a line",
        "blank_lines": "more than one blank line in a row",
        "edge_space": "white space at the start or end of the document",
    }

    def spans(self, text: str):  # type: ignore[no-untyped-def]
        spans: list[tuple[int, int, str]] = []
        n = len(text)
        reverse = text[::-1]
        # runs of spaces before a newline, and at the very end of the text
        for m in _TRAILING_REVERSED.finditer(reverse):
            spans.append((n - m.end(), n - m.start() - 1, "trailing_space"))
        last = _HSPACE_RUN.match(reverse)
        if last:
            spans.append((n - last.end(), n, "trailing_space"))
        for m in _BLANK_RUN.finditer(text):
            # keep "\n\n": remove everything after the first blank line
            spans.append((m.start() + 1, m.end() - 1, "blank_lines"))
        # (str.strip and the regex \s agree on what white space is)
        lead = n - len(text.lstrip())
        if lead:
            spans.append((0, lead, "edge_space"))
        end = len(text.rstrip())
        if end < n and (not lead or end > lead):
            spans.append((end, n, "edge_space"))
        return merge_spans(spans)
