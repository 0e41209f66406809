"""Remove the aggregator's page template around a reposted article; keep its credit as metadata.

The aggregator (a Moroccan news aggregator whose name the page dump does not give)
reposts articles from other outlets. A page dump looks like::

    Headline one    Headline two    Headline three    ...   <- one run-on line of other headlines
    Merci d'avoir signalé!                                  <- image-report widget
    Cette image sera automatiquement bloquée après ...
    <TITLE>                                                 -> metadata.title
    Publié dans L'opinion le 31 - 05 - 2024                 -> metadata.source, metadata.published
    ... article ...
    Cliquez ici pour lire l'article depuis sa source.       <- link to the original
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from cleankit import Change, Cleaner, DocumentView, Outcome
from cleankit.sites import host_matches, first_of_overlapping

# The template writes the date with spaced dashes: "le 31 - 05 - 2024".
_PUBLISHED = re.compile(
    r"^[^\S\n]*Publié dans[^\S\n]+(?P<source>[^\n]{1,80}?)[^\S\n]+le[^\S\n]+"
    r"(?P<d>\d{1,2})[^\S\n]*-[^\S\n]*(?P<m>\d{1,2})[^\S\n]*-[^\S\n]*(?P<y>\d{4})[^\S\n]*$",
    re.M,
)
_REPORT = re.compile(
    r"^[^\S\n]*(?:Merci d['’]avoir signalé[^\S\n]*!?|Cette image sera automatiquement bloquée après qu['’]elle soit "
    r"signalée par plusieurs personnes\.?)[^\S\n]*$",
    re.M | re.I,
)
_SOURCE_LINK = re.compile(r"^[^\S\n]*Cliquez ici pour lire l['’]article depuis sa source\.?[^\S\n]*$", re.M | re.I)
# Headlines in the strip are separated by runs of (often no-break) spaces, or tabs.
_STRIP_GAP = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u3000]{3,}|\t")
STRIP_MIN_HEADLINES = 5
_LINE = re.compile(r"[^\n]*\n?")


def _line_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend a match ending at a line end over its newline."""
    return start, end + 1 if end < len(text) and text[end] == "\n" else end


def _is_headline_strip(line: str) -> bool:
    # a cheap count first: splitting a long line with the regex costs more than the rest of the page
    if line.count("\u00a0\u00a0\u00a0") + line.count("   ") + line.count("\t") < STRIP_MIN_HEADLINES - 1:
        return False
    parts = [p for p in _STRIP_GAP.split(line.strip()) if p.strip()]
    return len(parts) >= STRIP_MIN_HEADLINES and max(len(p) for p in parts) <= 250


def _has_report(text: str) -> bool:
    """Cheap substring gate before the case-insensitive regex."""
    lower = "signal" in text or "SIGNAL" in text
    return lower and bool(_REPORT.search(text))


def _has_source_link(text: str) -> bool:
    """Cheap substring gate before the case-insensitive regex."""
    return ("source" in text or "SOURCE" in text) and bool(_SOURCE_LINK.search(text))


class Aggregator(Cleaner):
    """Aggregator repost pages: headline strip, image-report widget, 'Publié dans' credit, source link."""

    name = "aggregator"
    order = 130
    phase = "remove"  # returns lines to remove; first among the removers (title 300, byline 350)
    reasons = {
        "headline_strip": "the run-on line of other headlines at the top of the page",
        "image_report": "the 'report this image' widget",
        "published_line": "the 'Publié dans SOURCE le DD - MM - YYYY' line (kept as metadata)",
        "source_link": "the 'read the article at its source' link",
    }
    defaults: dict[str, Any] = {
        # Hosts the aggregator is served from; when a document's URL is known and this list
        # is not empty, the URL alone decides whether the cleaner applies.
        "hosts": [],
    }

    def recognizes(self, doc: DocumentView) -> bool:
        """Without a known host: the 'Publié dans' line plus one other template line."""
        return self._match(doc)[0]

    def _match(self, doc: DocumentView) -> tuple[bool, re.Match[str] | None]:
        """Whether the cleaner applies, and the 'Publié dans' line when there is one."""
        text = doc.text
        pub = _PUBLISHED.search(text) if "Publié dans" in text else None
        if doc.origin.url and self.options["hosts"]:
            return host_matches(doc.origin.url, self.options["hosts"]), pub
        if pub is None:
            return False, None
        return bool(_has_source_link(text) or _has_report(text)), pub

    def clean(self, doc: DocumentView) -> Outcome:
        ok, pub = self._match(doc)
        if not ok:
            return Outcome()
        text = doc.text
        changes: list[Change] = []
        meta: dict[str, Any] = {}
        # the strip sits above the title; without a 'Publié dans' line (URL-decided pages) only
        # the first line may be a strip, so later removals cannot expose another one
        first = len(text) - len(text.lstrip())
        top = pub.start() if pub else (text.find("\n", first) + 1 or len(text))
        if pub:
            s, e = _line_span(text, pub.start(), pub.end())
            changes.append(Change(s, e, "published_line"))
            meta["source"] = pub["source"].strip()
            try:
                meta["published"] = date(int(pub["y"]), int(pub["m"]), int(pub["d"])).isoformat()
            except ValueError:
                pass
            before = text[max(0, pub.start() - 1000) : pub.start()].rstrip()
            title = before.rsplit("\n", 1)[-1].strip()
            if title and not _is_headline_strip(title) and not _REPORT.fullmatch(title) and len(title) <= 300:
                meta["title"] = title
        for m in _LINE.finditer(text, 0, top):
            line = m.group()
            if not line:
                break
            if len(line) > 200 and _is_headline_strip(line):
                changes.append(Change(m.start(), m.end(), "headline_strip"))
        if _has_report(text):
            for m in _REPORT.finditer(text):
                changes.append(Change(*_line_span(text, m.start(), m.end()), "image_report"))
        if _has_source_link(text):
            for m in _SOURCE_LINK.finditer(text):
                changes.append(Change(*_line_span(text, m.start(), m.end()), "source_link"))
        changes.sort(key=lambda c: c.start)
        return Outcome(changes=first_of_overlapping(changes), metadata={k: v for k, v in meta.items() if not doc.metadata.get(k)})
