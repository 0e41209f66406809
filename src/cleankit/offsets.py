"""Map positions in the current text back to the original text through applied changes."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Sequence

from .cleaner import Change


class StepMap:
    """One cleaner's applied changes: spans before and after, sorted by position."""

    __slots__ = ("before_start", "before_end", "after_start", "after_end")

    def __init__(self, changes: Sequence[Change]) -> None:
        self.before_start: list[int] = []
        self.before_end: list[int] = []
        self.after_start: list[int] = []
        self.after_end: list[int] = []
        delta = 0
        for ch in changes:
            self.before_start.append(ch.start)
            self.before_end.append(ch.end)
            self.after_start.append(ch.start + delta)
            delta += len(ch.replacement) - (ch.end - ch.start)
            self.after_end.append(ch.end + delta)

    def to_before(self, pos: int, *, is_end: bool) -> int:
        """Map ``pos`` in this step's output to its input.

        A start maps past a change that ends at it, an end maps before a change that
        starts at it, so a span only covers text an earlier step changed when it
        overlaps that change's replacement.
        """
        if is_end:
            i = bisect_left(self.after_start, pos) - 1
        else:
            i = bisect_right(self.after_start, pos) - 1
        if i < 0:
            return pos
        if pos < self.after_end[i]:
            return self.before_end[i] if is_end else self.before_start[i]
        return pos - self.after_end[i] + self.before_end[i]


class OffsetMap:
    """Composes the steps applied so far so spans can be mapped to the original text."""

    def __init__(self) -> None:
        self._steps: list[StepMap] = []
        self._pending: list[Sequence[Change]] = []

    def push(self, changes: Sequence[Change]) -> None:
        """Record one step's applied changes (sorted, non-overlapping)."""
        if changes:
            # indexed only when a later span needs mapping: the last cleaner's changes
            # (and any step followed by no change) never are, which saves a pass per document
            self._pending.append(changes)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the current text to the original text."""
        if self._pending:
            self._steps.extend(StepMap(c) for c in self._pending)
            self._pending.clear()
        for step in reversed(self._steps):
            start = step.to_before(start, is_end=False)
            end = step.to_before(end, is_end=True)
            if end < start:
                end = start
        return start, end


def apply_changes(text: str, changes: Sequence[Change]) -> str:
    """Return ``text`` with sorted, non-overlapping ``changes`` applied."""
    if not changes:
        return text
    parts: list[str] = []
    pos = 0
    for ch in changes:
        parts.append(text[pos : ch.start])
        if ch.replacement:
            parts.append(ch.replacement)
        pos = ch.end
    parts.append(text[pos:])
    return "".join(parts)
