"""What a cleaner may return: the one outcome check used by the runner and by ``cleankit.testing``.

The runner rejects an outcome (a named :class:`~cleankit.errors.CleanerError`, and the
``--on-error`` policy) exactly when :func:`outcome_problems` finds something; the test kit
reports the same list, so a plugin that passes its contract tests is never rejected at run time.
"""
from __future__ import annotations

import json
import re
from typing import Any, Mapping

from .cleaner import Change, Cleaner, Outcome
from .document import METADATA_KEYS

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?")
_STANDARD = frozenset(METADATA_KEYS)


def outcome_problems(
    cleaner: Cleaner, outcome: Any, length: int, phase: str, *, first_only: bool = False
) -> list[str]:
    """Every way ``outcome`` breaks the contract for a text of ``length`` characters.

    Checked: the types, positions in range, declared reason codes, no empty change, no
    overlapping changes, no change at all from an ``extract``-phase cleaner, and well-formed
    values for the standard metadata keys (JSON values for others). With ``first_only``
    the check stops at the first problem (the runner's case).
    """
    if not isinstance(outcome, Outcome):
        return [f"returned {type(outcome).__name__}, expected Outcome"]
    problems: list[str] = []
    changes = outcome.changes
    if not isinstance(changes, list):
        return [f"returned changes of type {type(changes).__name__}, expected list"]
    if changes and phase == "extract":
        problems.append(f"is an extract-phase cleaner but returned {len(changes)} change(s)")
        if first_only:
            return problems
    problem = _changes_problem(changes, cleaner.reasons, length)
    if problem:
        problems.append(problem)
        if first_only:
            return problems
    metadata = outcome.metadata
    if not isinstance(metadata, dict):
        problems.append(f"returned metadata of type {type(metadata).__name__}, expected dict")
        return problems
    for key, value in metadata.items():
        problem = metadata_problem(key, value)
        if problem:
            problems.append(problem)
            if first_only:
                return problems
    return problems


def metadata_problem(key: Any, value: Any) -> str | None:
    """What is wrong with one metadata value a cleaner returned, or None."""
    if not isinstance(key, str):
        return f"metadata key {key!r} is not a string"
    if key not in _STANDARD:
        # a plugin may add keys of its own; they must survive JSON output
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            return f"metadata.{key} is not JSON-serialisable: {value!r}"
        return None
    if key == "authors":
        if not (isinstance(value, list) and all(isinstance(a, str) and a.strip() for a in value)):
            return f"metadata.authors must be a list of names, got {value!r}"
        return None
    if value is None:
        return None
    if not (isinstance(value, str) and value.strip()):
        return f"metadata.{key} must be a non-empty string, got {value!r}"
    if key == "published" and not _ISO.fullmatch(value):
        return f"metadata.published is not ISO 8601: {value!r}"
    return None


def _changes_problem(changes: list[Any], declared: Mapping[str, str], length: int) -> str | None:
    """The first problem of a list of changes, or None (one pass when they come sorted)."""
    in_order = True
    prev_start = prev_end = -1
    for ch in changes:
        if not isinstance(ch, Change):
            return f"returned a change of type {type(ch).__name__}, expected Change"
        start, end = ch.start, ch.end
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= length):
            return f"returned an impossible position ({start}, {end}) for a text of {length} characters"
        if ch.reason not in declared:
            known = ", ".join(sorted(declared)) or "none"
            return f"used undeclared reason code {ch.reason!r} (declared: {known})"
        if not isinstance(ch.replacement, str):
            return "returned a replacement that is not a string"
        if start == end and not ch.replacement:
            return f"returned an empty change at {start}"
        if in_order:
            # the usual case: changes come sorted, so each needs comparing with the one before
            if start < prev_start or (start == prev_start and end < prev_end):
                in_order = False
            elif start < prev_end or (start == prev_start == prev_end == end):
                return f"returned overlapping changes at ({prev_start}, {prev_end}) and ({start}, {end})"
            prev_start, prev_end = start, end
    if in_order:
        return None
    spans = sorted((ch.start, ch.end) for ch in changes)
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        if s2 < e1 or (s2 == s1 == e1 == e2):
            return f"returned overlapping changes at ({s1}, {e1}) and ({s2}, {e2})"
    return None


def sort_changes(changes: list[Change]) -> list[Change]:
    """``changes`` sorted by position (the same list when it already is)."""
    if all(a.start <= b.start for a, b in zip(changes, changes[1:])):
        return changes
    return sorted(changes, key=lambda c: (c.start, c.end))
