"""Helpers for site plugins: does a URL belong to the site, and one change per place."""
from __future__ import annotations

from urllib.parse import urlsplit

from .cleaner import Change


def host_matches(url: str, hosts: list[str]) -> bool:
    """True when the URL's host is one of ``hosts`` or a subdomain of one."""
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in (h.lower().lstrip(".") for h in hosts))


def first_of_overlapping(changes: list[Change]) -> list[Change]:
    """Drop every change that overlaps the one kept before it (changes sorted by start)."""
    out: list[Change] = []
    for ch in changes:
        if not out or ch.start >= out[-1].end:
            out.append(ch)
    return out
