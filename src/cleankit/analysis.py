"""The shared analysis of one version of a document's text, computed lazily and at most once.

Every cleaner of a phase is shown the same text, so what several of them need (the line
table, the title, the dates) is worked out once and kept here. The runner makes a new
:class:`Analysis` whenever the text changes, so nothing kept here can go stale: only pure
functions of the text (and of the key they are stored under) belong in it.
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from typing import Any, Callable, TypeVar

T = TypeVar("T")


class LineTable:
    """Where each line of a text starts and ends (``ends`` exclude the newline)."""

    __slots__ = ("starts", "ends")

    def __init__(self, text: str) -> None:
        lengths = list(map(len, text.split("\n")))
        self.starts: list[int] = list(accumulate((n + 1 for n in lengths[:-1]), initial=0))
        self.ends: list[int] = [s + n for s, n in zip(self.starts, lengths)]

    def __len__(self) -> int:
        return len(self.starts)

    def index(self, pos: int) -> int:
        """The number of the line holding offset ``pos``."""
        return max(0, bisect_right(self.starts, pos) - 1)

    def span(self, pos: int) -> tuple[int, int]:
        """Start and end (without its newline) of the line holding ``pos``."""
        i = self.index(pos)
        return self.starts[i], self.ends[i]


class Analysis:
    """Lazily computed facts about one text, shared by the cleaners that are shown it."""

    __slots__ = ("text", "_cache", "_lines")

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[Any, Any] = {}
        self._lines: LineTable | None = None

    @property
    def lines(self) -> LineTable:
        """The line table of the text."""
        if self._lines is None:
            self._lines = LineTable(self.text)
        return self._lines

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
