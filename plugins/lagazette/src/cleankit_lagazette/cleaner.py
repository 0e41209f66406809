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
from urllib.parse import urlsplit

from cleankit import Change, Cleaner, DocumentView, Outcome

SITE_NAME = "Lagazette"
#: How many non-blank lines from the top make up the page header.
HEADER_LINES = 12

_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
_SITE_LINE = re.compile(r"[ \t]*La ?gazette[ \t]*", re.I)
_TIMESTAMP = re.compile(
    r"[ \t]*(?P<d>\d{1,2})\s+(?P<m>[^\W\d_]+)\s+(?P<y>\d{4})\s+(?P<H>\d{1,2}):(?P<M>\d{2})"
    r"\s*\(\s*UTC\s*(?:(?P<sign>[+-])(?P<oh>\d{1,2}):?(?P<om>\d{2}))?\s*\)[ \t]*"
)
# "Paris / La Gazette", "Bakou / AZERTAC": a place (1-4 capitalised words), a slash, a credit.
_DATELINE = re.compile(
    r"[ \t]*(?P<place>[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:[ -][A-ZÀ-ÖØ-Þ][\w'’.-]*){0,3})"
    r"[ \t]+/[ \t]+(?P<credit>[A-ZÀ-ÖØ-Þ][\w'’&.-]*(?:[ \t][\w'’&.-]+){0,4})[ \t]*"
)
_TAIL_WIDGETS = re.compile(r"[ \t]*(?:Loading\.\.\.|L['’]info de A à Z(?:[ \t]+Voir Plus)?|Voir Plus)[ \t]*", re.I)
_TAIL_MARK = re.compile(r"^[ \t]*L['’]info de A à Z\b", re.M | re.I)
_LINE = re.compile(r"[^\n]*\n?")


def host_matches(url: str, hosts: list[str]) -> bool:
    """True when the URL's host is one of ``hosts`` or a subdomain of one."""
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in (h.lower().lstrip(".") for h in hosts))


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

    def applies(self, doc: DocumentView) -> bool:
        """Is this a Lagazette page? The URL decides when known, else two of three fingerprints."""
        if doc.origin.url and self.options["hosts"]:
            return host_matches(doc.origin.url, self.options["hosts"])
        head = _lines(doc.text, 0, HEADER_LINES)
        if not head:
            return False
        hits = bool(_SITE_LINE.fullmatch(head[0][2]))
        hits += any(_TIMESTAMP.fullmatch(c) for _, _, c in head)
        hits += bool(_TAIL_MARK.search(doc.text, max(0, len(doc.text) - 400)))
        return hits >= 2

    def clean(self, doc: DocumentView) -> Outcome:
        if not self.applies(doc):
            return Outcome()
        text = doc.text
        changes: list[Change] = []
        meta: dict[str, Any] = {}
        head = _lines(text, 0, HEADER_LINES)
        rest = head
        if _SITE_LINE.fullmatch(head[0][2]):
            changes.append(Change(head[0][0], head[0][1], "site_name"))
            meta["site"] = SITE_NAME
            rest = head[1:]
        title = rest[0][2].strip() if rest else None
        if title and (_TIMESTAMP.fullmatch(title) or _DATELINE.fullmatch(title)):
            title = None
        seen_title = False
        for start, end, content in rest:
            stripped = content.strip()
            if title and stripped == title:
                if seen_title:
                    changes.append(Change(start, end, "repeated_title"))
                seen_title = True
                continue
            published = parse_timestamp(content)
            if published:
                changes.append(Change(start, end, "timestamp"))
                meta.setdefault("published", published)
                continue
            m = _DATELINE.fullmatch(content)
            if m:
                changes.append(Change(start, end, "dateline"))
                meta["dateline"] = m["place"]
                meta["source"] = m["credit"]
                break  # the dateline closes the header
            if len(stripped) > 300:
                break  # the article has begun
        if title and seen_title:
            meta["title"] = title
        for start, end, content in _tail_lines(text, 4):
            if _TAIL_WIDGETS.fullmatch(content):
                changes.append(Change(start, end, "widget"))
        changes.sort(key=lambda c: c.start)
        return Outcome(changes=_unique(changes), metadata={k: v for k, v in meta.items() if not doc.metadata.get(k)})


def _tail_lines(text: str, count: int) -> list[tuple[int, int, str]]:
    """The last ``count`` non-blank lines, in order: (start, end including newline, content)."""
    start = max(0, len(text) - 600)
    start = text.find("\n", start) + 1 if start else 0
    return _lines(text, start, 10_000)[-count:]


def _unique(changes: list[Change]) -> list[Change]:
    out: list[Change] = []
    for ch in changes:
        if not out or ch.start >= out[-1].end:
            out.append(ch)
    return out
