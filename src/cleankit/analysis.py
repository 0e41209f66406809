"""The shared analysis of one version of a document's text, computed lazily and at most once.

Every cleaner of a phase is shown the same text, so what several of them need (where the
body starts, the title) is worked out once and kept here. The runner makes a new
:class:`Analysis` whenever the text changes, so nothing kept here can go stale: only pure
functions of the text (and of the key they are stored under) belong in it.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any, Callable, Iterator, TypeVar

T = TypeVar("T")

#: A paragraph line is at least this long: no menu item or headline list is.
PARAGRAPH_MIN = 150
_LONG_LINE = re.compile(r"^[^\n]{%d,}" % PARAGRAPH_MIN, re.M)
# a wide gap inside a line: table cells or run-on headlines, not prose
_GAP = re.compile(r"[^\S\n]{3,}|\t")
# sentence ends of any script (Latin, CJK full-width, Arabic, Devanagari) and closing quotes
_ENDS = (".", "!", "?", "»", "“", "”", '"', "。", "！", "？", "؟", "।", "」", "』", "）")


def is_body(line: str) -> bool:
    """True for a line (white space collapsed) that reads like a paragraph of article text."""
    if len(line) < PARAGRAPH_MIN:
        return False
    return line.count(". ") + line.count(", ") >= 2 or line.endswith(_ENDS)


def is_paragraph(raw: str) -> bool:
    """True for a raw line that is a paragraph: long, prose-shaped, and cut by no wide gap."""
    return len(raw) >= PARAGRAPH_MIN and _GAP.search(raw) is None and is_body(" ".join(raw.split()))


class Analysis:
    """Lazily computed facts about one text, shared by the cleaners that are shown it."""

    __slots__ = ("text", "_cache", "_paragraphs", "_scanned")

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[Any, Any] = {}
        # paragraph starts found so far; every paragraph starting before _scanned is in the list
        self._paragraphs: list[int] = []
        self._scanned = 0

    def iter_paragraphs(self, after: int = 0) -> Iterator[int]:
        """Start offsets of the paragraph lines (:func:`is_paragraph`) starting at or after ``after``.

        Found lazily and kept: most callers want only the first one, near the top.
        """
        found = self._paragraphs
        i = bisect_left(found, after)
        while i < len(found):
            yield found[i]
            i += 1
        contiguous = after <= self._scanned
        # only lines of PARAGRAPH_MIN characters or more qualify: the regex skips the rest in C
        for m in _LONG_LINE.finditer(self.text, max(after, self._scanned)):
            if is_paragraph(m.group()):
                start = m.start()
                if contiguous and (not found or start > found[-1]):
                    found.append(start)
                    self._scanned = m.end()
                yield start
        if contiguous:
            self._scanned = len(self.text)

    @property
    def paragraphs(self) -> list[int]:
        """Start offsets of every paragraph line of the text."""
        return list(self.iter_paragraphs(0))

    def first_paragraph(self, after: int = 0) -> int | None:
        """Start of the first paragraph line starting at or after ``after`` (where the body starts), or None."""
        return next(self.iter_paragraphs(after), None)

    def cached(self, key: Any, compute: Callable[[], T]) -> T:
        """The value stored under ``key``, computing it with ``compute()`` the first time.

        Use a key that names the function and every argument besides the text, e.g.
        ``("byline.dates", anchor, url)``.
        """
        try:
            return self._cache[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._cache[key] = compute()
            return value
