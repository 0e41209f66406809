"""Remove what the Lagazette page template adds around an article, and keep what it says as metadata.

A Lagazette page dump looks like::

    Lagazette                               <- site name line           -> metadata.site
    <TITLE>
    15 Octobre 2021 17:52 (UTC+01:00)       <- timestamp                -> metadata.published
    <TITLE>                                 <- the title, printed twice more
    <TITLE>
    Paris / La Gazette                      <- dateline / credited outlet -> dateline, source
    ... article ...
    Loading...                              <- trailing widgets
    L'info de A à Z Voir Plus
"""
from __future__ import annotations

import re
from typing import Any

from cleankit import Change, Cleaner, DocumentView, Outcome
from cleankit.sites import first_of_overlapping

SITE_NAME = "Lagazette"
#: How many non-blank lines from the top make up the page header.
HEADER_LINES = 12

_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
# Whole lines (re.M), searched in the whole page: the template prints them wherever the
# crawler's dump puts them.
_SITE_LINE = re.compile(r"^[^\S\n]*La ?gazette[^\S\n]*$", re.M | re.I)
_TIMESTAMP_LINE = re.compile(r"^[^\n(]{0,60}\(\s*UTC[^\n)]{0,12}\)[^\S\n]*$", re.M)
_TIMESTAMP = re.compile(
    r"[^\S\n]*(?P<d>\d{1,2})\s+(?P<m>[^\W\d_]+)\s+(?P<y>\d{4})\s+(?P<H>\d{1,2}):(?P<M>\d{2})"
    r"\s*\(\s*UTC\s*(?:(?P<sign>[+-])(?P<oh>\d{1,2}):?(?P<om>\d{2}))?\s*\)[^\S\n]*"
)
# "Paris / La Gazette", "Bakou / AZERTAC": a place (1-4 capitalised words), a slash, a credit.
_DATELINE = re.compile(
    r"[^\S\n]*(?P<place>[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:[ -][A-ZÀ-ÖØ-Þ][\w'’.-]*){0,3})"
    r"[^\S\n]+/[^\S\n]+(?P<credit>[A-ZÀ-ÖØ-Þ][\w'’&.-]*(?:[ \t][\w'’&.-]+){0,4})[^\S\n]*"
)
_WIDGET_LINE = re.compile(r"^[^\S\n]*(?:Loading\.\.\.|L['’]info de A à Z(?:[^\S\n]+Voir Plus)?|Voir Plus)[^\S\n]*$", re.M | re.I)
_TAIL_MARK = ("L'info de A à Z", "L’info de A à Z")
_LINE = re.compile(r"[^\n]*\n?")


def _lines(text: str, start: int, count: int) -> list[tuple[int, int, str]]:
    """The next ``count`` non-blank lines from ``start``: (start, end including newline, content)."""
    out = []
    for m in _LINE.finditer(text, start):
        if not m.group():
            break
        content = m.group().rstrip("\n")
        if content.strip():
            out.append((m.start(), m.end(), content))
            if len(out) >= count:
                break
    return out


def parse_timestamp(line: str) -> str | None:
    """ISO 8601 for a line like "15 Octobre 2021 17:52 (UTC+01:00)", or None."""
    m = _TIMESTAMP.fullmatch(line)
    if not m:
        return None
    month = _MONTHS.get(m["m"].lower())
    day, year, hour, minute = int(m["d"]), int(m["y"]), int(m["H"]), int(m["M"])
    if not month or not 1 <= day <= 31 or hour > 23 or minute > 59:
        return None
    offset = f"{m['sign']}{int(m['oh']):02d}:{m['om']}" if m["sign"] else "+00:00"
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00{offset}"


class Lagazette(Cleaner):
    """Lagazette pages: site name, timestamp, repeated title, dateline and trailing widgets."""

    name = "lagazette"
    order = 110
    phase = "remove"  # returns lines to remove; first among the removers (title 300, byline 350)
    reasons = {
        "site_name": "the site name line at the top of the page",
        "timestamp": "the publication timestamp line (kept as metadata.published)",
        "repeated_title": "the page header prints the title three times; the first is kept",
        "dateline": "the 'Place / Outlet' dateline (kept as metadata.dateline and source)",
        "widget": "trailing page widgets ('Loading...', 'L'info de A à Z Voir Plus')",
    }
    defaults: dict[str, Any] = {
        # Hosts the site is served from; when a document's URL is known and this list is
        # not empty, the URL alone decides whether the cleaner applies.
        "hosts": [],
    }

    def recognizes(self, doc: DocumentView) -> bool:
        """A Lagazette page without a known host: two of three fingerprints of the template.

        (With the ``hosts`` option and a URL, the base class lets the URL decide.)
        """
        text = doc.text
        hits = bool(_has_site_line(text))
        hits += bool(_timestamps(text))
        hits += any(mark in text for mark in _TAIL_MARK)
        return hits >= 2

    def clean(self, doc: DocumentView) -> Outcome:
        if not self.applies(doc):
            return Outcome()
        text = doc.text
        changes: list[Change] = []
        meta: dict[str, Any] = {}
        if _has_site_line(text):
            for m in _SITE_LINE.finditer(text):
                changes.append(Change(*_line_span(text, m), "site_name"))
            meta["site"] = SITE_NAME
        for m, published in _timestamps(text):
            changes.append(Change(*_line_span(text, m), "timestamp"))
            meta.setdefault("published", published)
        self._header(text, changes, meta)
        if "Loading" in text or "Voir Plus" in text or any(mark in text for mark in _TAIL_MARK):
            for m in _WIDGET_LINE.finditer(text):
                changes.append(Change(*_line_span(text, m), "widget"))
        changes = first_of_overlapping(sorted(changes, key=lambda c: c.start))
        return Outcome(changes=changes, metadata={k: v for k, v in meta.items() if not doc.metadata.get(k)})

    @staticmethod
    def _header(text: str, changes: list[Change], meta: dict[str, Any]) -> None:
        """The title (printed three times; the first kept) and the dateline, among the header lines."""
        title = None
        copies = 0
        for start, end, content in _lines(text, 0, HEADER_LINES):
            stripped = content.strip()
            if _SITE_LINE.fullmatch(content) or _TIMESTAMP.fullmatch(content):
                continue
            m = _DATELINE.fullmatch(content)
            if m:
                changes.append(Change(start, end, "dateline"))
                meta["dateline"] = m["place"]
                meta["source"] = m["credit"]
                break  # the dateline closes the header
            if title is None:
                title = stripped
            elif stripped == title:
                changes.append(Change(start, end, "repeated_title"))
                copies += 1
            elif len(stripped) > 300:
                break  # the article has begun
        if title and copies:
            meta["title"] = title


def _has_site_line(text: str) -> bool:
    return ("azette" in text or "AZETTE" in text) and _SITE_LINE.search(text) is not None


def _timestamps(text: str) -> list[tuple[re.Match[str], str]]:
    """Every timestamp line with its ISO 8601 value."""
    if "UTC" not in text:
        return []
    found = []
    for m in _TIMESTAMP_LINE.finditer(text):
        published = parse_timestamp(m.group())
        if published:
            found.append((m, published))
    return found


def _line_span(text: str, m: re.Match[str]) -> tuple[int, int]:
    """A whole-line match, with its newline."""
    end = m.end()
    return m.start(), end + 1 if end < len(text) and text[end] == "\n" else end
