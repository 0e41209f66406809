"""Repeated titles: keep a title once, drop its copies at the top, and record it as metadata.title."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate, compress

from ..analysis import Analysis, is_body
from ..cleaner import Change, Cleaner, Outcome
from ..document import DocumentView

#: How far into a document a title and its copies are looked for.
TOP_CHARS = 60_000
TOP_LINES = 800
_LINE = re.compile(r"[^\n]*\n?")
_SEPARATORS = re.compile(r"\s+(?:[|•·»›~]|::|-{1,2}|[–—])\s+")
_GAP = re.compile(r"[^\S\n]{3,}|\t")
# anchored at line starts: unanchored, the engine would retry at every character of a short line
_WORD = re.compile(r"\w+")
_BYLINE = re.compile(r"(?:by|par|von|por|door|posted|publié|written|text|texte|autor|author)\b", re.I)
_MEMO_KEY = "title.find_title"
_DATEISH = re.compile(r"\d{1,4}\s*[./ -]\s*\d{1,2}|\b(?:19|20)\d\d\b")


class Line:
    """A line of the top of a document: its span (newline included) and normalised text."""

    __slots__ = ("start", "end", "text", "gappy", "fold")

    def __init__(self, start: int, end: int, text: str, gappy: bool = False, fold: str | None = None) -> None:
        self.start = start
        self.end = end
        self.text = text
        #: the raw line has runs of spaces: headlines glued into one line, not prose
        self.gappy = gappy
        #: the text, case-folded, for comparisons
        self.fold = text.casefold() if fold is None else fold

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Line):
            return NotImplemented
        return (self.start, self.end, self.text, self.gappy) == (other.start, other.end, other.text, other.gappy)

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.text, self.gappy))

    def __repr__(self) -> str:
        return f"Line({self.start}, {self.end}, {self.text!r}, gappy={self.gappy})"


@dataclass(slots=True)
class TitleFind:
    """Where a document's title is: the kept line, its text, and the copies to remove."""

    line: Line
    title: str
    copies: list[Line] = field(default_factory=list)
    how: str = ""


def _norm(raw: str) -> str:
    norm = raw.strip()
    if "  " in norm or "\t" in norm or "\xa0" in norm or "\u2009" in norm:
        norm = " ".join(norm.split())
    return norm


def _first_body(text: str, limit: int, analysis: Analysis | None) -> int:
    """Start of the first paragraph line (see :mod:`cleankit.analysis`) within ``limit``, or -1."""
    if analysis is None or analysis.text is not text:
        analysis = Analysis(text)
    found = analysis.first_paragraph(0)
    return found if found is not None and found < limit else -1


class _Top:
    """The non-blank lines at the top of a document, as parallel lists; :class:`Line` objects
    are only built for the few lines a caller asks for."""

    __slots__ = ("raws", "keep", "starts", "norms", "folds", "size", "body")

    def __init__(self, text: str, limit_chars: int, limit_lines: int, analysis: Analysis | None = None) -> None:
        head = text[:limit_chars]
        body_at = _first_body(text, limit_chars, analysis)
        segment = head
        if body_at >= 0:
            # the paragraph and the 8 non-blank lines after it close the list
            end = body_at
            for _ in range(9):
                while end < len(head):
                    nl = head.find("\n", end)
                    stop = len(head) if nl < 0 else nl + 1
                    blank = not head[end:stop].strip()
                    end = stop
                    if not blank:
                        break
            segment = head[: end - 1] if head[end - 1 : end] == "\n" else head[:end]
        raws = segment.split("\n")
        stripped = list(map(str.strip, raws))
        keep = list(compress(range(len(raws)), stripped))
        del keep[limit_lines:]
        starts = list(accumulate(map((1).__add__, map(len, raws)), initial=0))
        norms = list(filter(None, stripped))
        del norms[limit_lines:]
        if "  " in segment or "\t" in segment or "\xa0" in segment or "\u2009" in segment:
            norms = [
                " ".join(n.split()) if ("  " in n or "\t" in n or "\xa0" in n or "\u2009" in n) else n for n in norms
            ]
        self.raws = raws
        self.keep = keep
        self.starts = starts
        self.norms = norms
        self.folds = "\n".join(self.norms).casefold().split("\n") if keep else []
        self.size = len(text)
        body_line = (segment.count("\n", 0, body_at) if body_at >= 0 else -1)
        self.body = len(keep)
        if body_line >= 0 and keep and body_line <= keep[-1]:
            self.body = keep.index(body_line)

    def __len__(self) -> int:
        return len(self.keep)

    def line(self, k: int) -> Line:
        """The ``k``-th non-blank line."""
        i = self.keep[k]
        raw = self.raws[i]
        end = self.starts[i + 1]
        gappy = len(raw) >= 150 and _GAP.search(raw) is not None
        return Line(self.starts[i], min(end, self.size), self.norms[k], gappy, self.folds[k])


def top_lines(text: str, limit_chars: int = TOP_CHARS, limit_lines: int = TOP_LINES) -> list[Line]:
    """The non-blank lines of the start of ``text`` (white space collapsed), up to a little past
    the first paragraph of text."""
    top = _Top(text, limit_chars, limit_lines)
    return [top.line(k) for k in range(len(top))]


def _titleish(text: str) -> bool:
    if not 12 <= len(text) <= 300 or "http" in text or "www." in text:
        return False
    first = next((ch for ch in text if ch.isalpha()), "")
    if first.islower():  # "vergrößern (Bildquelle: …)": captions and menu bits, not headlines
        return False
    words = _WORD.findall(text)
    return 2 <= len(words) <= 40 and sum(w.isdigit() for w in words) * 4 < len(words)


def _cluster(top: _Top, body: int) -> TitleFind | None:
    """A title written several times close together at the top (with date lines between)."""
    n_head = min(body, 10, len(top))
    norms, folds = top.norms, top.folds
    # the title opens the document (after a site name at most): copies deeper down are menus
    for i in range(min(3, n_head)):
        text = norms[i]
        # menus repeat short labels ("Skip to content"): a repeated title is a real headline
        if (
            not _titleish(text)
            or text.endswith(".")  # a sentence said twice is not a headline
            or (len(_WORD.findall(text)) < 5 and not text.isupper())
        ):
            continue
        fold = folds[i]
        copies: list[int] = []
        for j in range(i + 1, min(i + 8, n_head)):
            if folds[j] == fold:
                copies.append(j)
            elif len(norms[j]) > 120:
                break
        if copies:
            later = set(copies)
            copies += [j for j in range(i + 1, len(folds)) if folds[j] == fold and j not in later]
            return TitleFind(top.line(i), text, [top.line(j) for j in copies], "repeated")
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


def _page_title(top: _Top, body: int) -> TitleFind | None:
    """A page dump: the first line is the page title, repeated later as the heading."""
    norms, folds = top.norms, top.folds
    if not norms or len(norms[0]) > 300 or is_body(norms[0]) or norms[0].endswith("."):
        return None
    first = norms[0]
    # without a separator ("Title | Site") the evidence is weaker: menus repeat short labels too
    min_words = 2 if _SEPARATORS.search(first) else 5
    parts = _title_parts(first)
    best = -1
    for i in [i for i, f in enumerate(folds) if f in parts]:
        if i == 0:
            continue
        text = norms[i]
        # the longest part wins: a site name also shows up alone, as a logo or a menu entry
        if (
            _titleish(text)
            and len(_WORD.findall(text)) >= min_words
            and (best < 0 or len(text) > len(norms[best]))
        ):
            best = i
    if best < 0:
        return None
    fold = folds[best]
    # every other copy at the top goes too, or a second run would find the pair again
    copies = [0] + [i for i, f in enumerate(folds) if f == fold and i not in (0, best)]
    return TitleFind(top.line(best), norms[best], [top.line(i) for i in copies], "page_title")


def _before_body(top: _Top, body: int) -> TitleFind | None:
    """A headline just above the first paragraph, past short credit and date lines."""
    # only for a document that starts near its text, not a page dump under a long menu
    if body >= len(top) or body > 8:
        return None
    for k in reversed(range(max(0, body - 4), body)):
        text = top.norms[k]
        words = _WORD.findall(text)
        if len(words) <= 3 or _DATEISH.search(text) or text.endswith((":", ",")) or _BYLINE.match(text):
            continue
        if (
            _titleish(text)
            and len(words) >= 5
            and not text.endswith(".")
            and len(_SEPARATORS.findall(text)) < 2  # "Home » News » …" is a breadcrumb
        ):
            return TitleFind(top.line(k), text, [], "before_body")
        return None
    return None


def find_title(text: str, analysis: Analysis | None = None) -> TitleFind | None:
    """Find a document's title near its top, or None when no line is clearly the title.

    With ``analysis`` (the shared analysis of ``text``), the answer is kept there: the
    ``title`` and ``byline`` cleaners both ask about the same text.
    """
    if analysis is None or analysis.text is not text:
        return _find_title(text)
    return analysis.cached(_MEMO_KEY, lambda: _find_title(text, analysis))


def _find_title(text: str, analysis: Analysis | None = None) -> TitleFind | None:
    top = _Top(text, TOP_CHARS, TOP_LINES, analysis)
    if not len(top):
        return None
    body = top.body
    return _page_title(top, body) or _cluster(top, body) or _before_body(top, body)


class Title(Cleaner):
    """Keep a repeated title once (its copies at the top go) and record it as metadata.title."""

    name = "title"
    order = 300
    phase = "remove"
    reasons = {
        "repeated_title": "a copy of the title repeated at the top of the document",
        "page_title": "the page title line (title and site name) repeating the heading",
    }
    defaults = {"remove_copies": True, "fallback": True}

    def clean(self, doc: DocumentView) -> Outcome:
        found = find_title(doc.text, doc.analysis)
        if found is None or (found.how == "before_body" and not self.options["fallback"]):
            return Outcome()
        meta = {} if doc.metadata.get("title") else {"title": found.title}
        changes: list[Change] = []
        if self.options["remove_copies"]:
            for copy in sorted(found.copies, key=lambda c: c.start):
                reason = "page_title" if copy.fold != found.line.fold else "repeated_title"
                changes.append(Change(copy.start, copy.end, reason))
        return Outcome(changes=changes, metadata=meta)
