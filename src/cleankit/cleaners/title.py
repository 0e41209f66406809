"""Repeated titles: keep a title once, drop its copies at the top, and record it as metadata.title."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..cleaner import Change, Cleaner, Outcome
from ..document import DocumentView

#: How far into a document a title and its copies are looked for.
TOP_CHARS = 60_000
TOP_LINES = 800
_LINE = re.compile(r"[^\n]*\n?")
_SEPARATORS = re.compile(r"\s+(?:[|•·»›~]|::|-{1,2}|[–—])\s+")
_GAP = re.compile(r"[^\S\n]{3,}|\t")
_WORD = re.compile(r"\w+")
_BYLINE = re.compile(r"(?:by|par|von|por|door|posted|publié|written|text|texte|autor|author)\b", re.I)
_DATEISH = re.compile(r"\d{1,4}\s*[./ -]\s*\d{1,2}|\b(?:19|20)\d\d\b")


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the top of a document: its span (newline included) and normalised text."""

    start: int
    end: int
    text: str
    #: the raw line has runs of spaces: headlines glued into one line, not prose
    gappy: bool = False

    @property
    def fold(self) -> str:
        """The text, case-folded, for comparisons."""
        return self.text.casefold()


@dataclass(slots=True)
class TitleFind:
    """Where a document's title is: the kept line, its text, and the copies to remove."""

    line: Line
    title: str
    copies: list[Line] = field(default_factory=list)
    how: str = ""


def top_lines(text: str, limit_chars: int = TOP_CHARS, limit_lines: int = TOP_LINES) -> list[Line]:
    """The non-blank lines of the start of ``text`` (white space collapsed), up to a little past
    the first paragraph of text."""
    out: list[Line] = []
    pos = 0
    after_body = -1
    for raw in text[:limit_chars].split("\n"):
        start, pos = pos, pos + len(raw) + 1
        norm = raw.strip()
        if not norm:
            continue
        if "  " in norm or "\t" in norm or "\xa0" in norm or "\u2009" in norm:
            norm = " ".join(norm.split())
        gappy = len(raw) >= 150 and _GAP.search(raw) is not None
        out.append(Line(start, min(pos, len(text)), norm, gappy))
        if after_body < 0 and not gappy and is_body(norm):
            after_body = 0
        elif after_body >= 0:
            after_body += 1
        if len(out) >= limit_lines or after_body >= 8:
            break
    return out


def is_body(line: str) -> bool:
    """True for a line that reads like a paragraph of article text."""
    if len(line) < 150:
        return False
    return line.count(". ") + line.count(", ") >= 2 or line.endswith((".", "!", "?", "»", "“", '"'))


def _titleish(text: str) -> bool:
    if not 12 <= len(text) <= 300 or "http" in text or "www." in text:
        return False
    first = next((ch for ch in text if ch.isalpha()), "")
    if first.islower():  # "vergrößern (Bildquelle: …)": captions and menu bits, not headlines
        return False
    words = _WORD.findall(text)
    return 2 <= len(words) <= 40 and sum(w.isdigit() for w in words) * 4 < len(words)


def _cluster(lines: list[Line], body: int) -> TitleFind | None:
    """A title written several times close together at the top (with date lines between)."""
    head = lines[: min(body, 10)]
    # the title opens the document (after a site name at most): copies deeper down are menus
    for i, ln in enumerate(head[:3]):
        # menus repeat short labels ("Skip to content"): a repeated title is a real headline
        if (
            not _titleish(ln.text)
            or ln.text.endswith(".")  # a sentence said twice is not a headline
            or (len(_WORD.findall(ln.text)) < 5 and not ln.text.isupper())
        ):
            continue
        copies: list[Line] = []
        for other in head[i + 1 : i + 8]:
            if other.fold == ln.fold:
                copies.append(other)
            elif len(other.text) > 120:
                break
        if copies:
            later = {id(c) for c in copies}
            copies += [o for o in lines[i + 1 :] if o.fold == ln.fold and id(o) not in later]
            return TitleFind(ln, ln.text, copies, "repeated")
    return None


def _title_parts(first: str) -> set[str]:
    """The first line and each run of its parts split at title separators ("A | Site")."""
    parts = _SEPARATORS.split(first)
    out = {first.casefold()}
    for i in range(len(parts)):
        for j in range(i + 1, len(parts) + 1):
            if (i, j) != (0, len(parts)):
                out.add(" - ".join(parts[i:j]).casefold())
    for p in parts:
        out.add(p.casefold())
    # a title sometimes ends in ": Site"
    if ": " in first:
        out.update(s.casefold() for s in first.rsplit(": ", 1))
    return out


def _page_title(lines: list[Line], body: int) -> TitleFind | None:
    """A page dump: the first line is the page title, repeated later as the heading."""
    if not lines or len(lines[0].text) > 300 or is_body(lines[0].text) or lines[0].text.endswith("."):
        return None
    first = lines[0]
    # without a separator ("Title | Site") the evidence is weaker: menus repeat short labels too
    min_words = 2 if _SEPARATORS.search(first.text) else 5
    parts = _title_parts(first.text)
    best = -1
    for i in range(1, len(lines)):
        ln = lines[i]
        # the longest part wins: a site name also shows up alone, as a logo or a menu entry
        if (
            ln.fold in parts
            and _titleish(ln.text)
            and len(_WORD.findall(ln.text)) >= min_words
            and (best < 0 or len(ln.text) > len(lines[best].text))
        ):
            best = i
    if best < 0:
        return None
    head = lines[best]
    # every other copy at the top goes too, or a second run would find the pair again
    copies = [first] + [o for i, o in enumerate(lines) if i not in (0, best) and o.fold == head.fold]
    return TitleFind(head, head.text, copies, "page_title")


def _before_body(lines: list[Line], body: int) -> TitleFind | None:
    """A headline just above the first paragraph, past short credit and date lines."""
    # only for a document that starts near its text, not a page dump under a long menu
    if body >= len(lines) or body > 8:
        return None
    for ln in reversed(lines[max(0, body - 4) : body]):
        words = _WORD.findall(ln.text)
        if len(words) <= 3 or _DATEISH.search(ln.text) or ln.text.endswith((":", ",")) or _BYLINE.match(ln.text):
            continue
        if (
            _titleish(ln.text)
            and len(words) >= 5
            and not ln.text.endswith(".")
            and len(_SEPARATORS.findall(ln.text)) < 2  # "Home » News » …" is a breadcrumb
        ):
            return TitleFind(ln, ln.text, [], "before_body")
        return None
    return None


def find_title(text: str) -> TitleFind | None:
    """Find a document's title near its top, or None when no line is clearly the title."""
    lines = top_lines(text)
    if not lines:
        return None
    body = next((i for i, ln in enumerate(lines) if not ln.gappy and is_body(ln.text)), len(lines))
    return _page_title(lines, body) or _cluster(lines, body) or _before_body(lines, body)


class Title(Cleaner):
    """Keep a repeated title once (its copies at the top go) and record it as metadata.title."""

    name = "title"
    order = 300
    settle = True
    reasons = {
        "repeated_title": "a copy of the title repeated at the top of the document",
        "page_title": "the page title line (title and site name) repeating the heading",
    }
    defaults = {"remove_copies": True, "fallback": True}

    def clean(self, doc: DocumentView) -> Outcome:
        found = find_title(doc.text)
        if found is None or (found.how == "before_body" and not self.options["fallback"]):
            return Outcome()
        meta = {} if doc.metadata.get("title") else {"title": found.title}
        changes: list[Change] = []
        if self.options["remove_copies"]:
            for copy in sorted(found.copies, key=lambda c: c.start):
                reason = "page_title" if copy.fold != found.line.fold else "repeated_title"
                changes.append(Change(copy.start, copy.end, reason))
        return Outcome(changes=changes, metadata=meta)
