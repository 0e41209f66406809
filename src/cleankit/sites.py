"""Helpers for site plugins: does a URL belong to the site, and one change per place."""
from __future__ import annotations

from .cleaner import Change
from .hosts import host_matches

__all__ = ["first_of_overlapping", "host_matches"]


def first_of_overlapping(changes: list[Change]) -> list[Change]:
    """Drop every change that overlaps the one kept before it (changes sorted by start)."""
    out: list[Change] = []
    for ch in changes:
        if not out or ch.start >= out[-1].end:
            out.append(ch)
    return out
