"""Remove the Jannah theme's chrome from a page dump and keep what it says as metadata.

Jannah is a WordPress theme used by many sites, so nothing here names a site. What any
Jannah article dump shares::

    Jannah Theme License is not validated, Go to ...    <- licence bar (unlicensed installs)
    Nouvelles du monde                                   <- category label -> metadata.section
    <TITLE>                                              <- entry title    -> metadata.title
    CNN                                                  <- source credit  -> metadata.source
    ... article ...
    G News                                               <- follow widget
    Photo de Jeoffro René                                <- author box: avatar alt text,
    Jeoffro René                                         <-   name        -> metadata.authors
    I photograph general events ...                      <-   bio
    Bouton retour en haut de la page                     <- back-to-top button
"""
from __future__ import annotations

import re
from typing import Any

from cleankit import Change, Cleaner, DocumentView, Outcome
from cleankit.sites import first_of_overlapping

# Whole lines (re.M), each with plain substrings that must be present before the regex runs.
_LICENCE = re.compile(
    r"^[^\S\n]*(?:Jannah Theme License is not validated|La licence du thème Jannah n['’]est pas validée)[^\n]*$",
    re.M | re.I,
)
_LICENCE_GATE = ("Jannah", "JANNAH", "jannah")
_BACK_TO_TOP = re.compile(r"^[^\S\n]*(?:Back to top button|Bouton retour en haut de la page)[^\S\n]*$", re.M | re.I)
_BACK_TO_TOP_GATE = ("top button", "Top Button", "TOP BUTTON", "haut de la page", "HAUT DE LA PAGE")
_FOLLOW = re.compile(r"^[^\S\n]*(?:G News|Google News|(?:Suivez-nous|Follow us) (?:sur|on) Google News)[^\S\n]*$", re.M | re.I)
_FOLLOW_GATE = ("News", "NEWS", "news")
# The author box's avatar: its alt text is "Photo of NAME" ("Photo de NAME" in French).
_AUTHOR_PHOTO = re.compile(r"[^\S\n]*(?:Photo of|Photo de|Photo d['’])[^\S\n]*(?P<name>[^\n]{2,60}?)[^\S\n]*")
_AUTHOR_PHOTO_LINE = re.compile(r"^[^\S\n]*Photo (?:of|de|d['’])[^\n]{2,60}$", re.M)
# A category label or a source credit: a few words, no sentence punctuation, no digits.
_SHORT_LABEL = re.compile(r"[^\S\n]*[^\W\d_][^\n.!?:;,0-9]{0,38}[^\S\n]*")
_CREDIT_EXCLUDE = re.compile(r"^\s*(?:par|by|de|from|mis à jour|updated|publié|published)\b", re.I)
_LINE = re.compile(r"[^\n]*\n?")


def _lines(text: str, start: int, count: int) -> list[tuple[int, int, str]]:
    """The next ``count`` non-blank lines from ``start``: (start, end including newline, content)."""
    out: list[tuple[int, int, str]] = []
    for m in _LINE.finditer(text, start):
        if not m.group() or len(out) >= count:
            break
        content = m.group().rstrip("\n")
        if content.strip():
            out.append((m.start(), m.end(), content))
    return out


def _has(text: str, gate: tuple[str, ...], pattern: re.Pattern[str]) -> bool:
    """A plain substring first (fast), then the line pattern."""
    return any(g in text for g in gate) and pattern.search(text) is not None


def _line_span(text: str, m: re.Match[str]) -> tuple[int, int]:
    """A whole-line match, with its newline."""
    end = m.end()
    return m.start(), end + 1 if end < len(text) and text[end] == "\n" else end


def _title_like(line: str) -> bool:
    """A headline, not a paragraph: at most 250 characters, not ending like a sentence."""
    stripped = line.strip()
    return 15 <= len(stripped) <= 250 and not stripped.endswith((".", ",", ";", ":"))


def _is_paragraph(line: str) -> bool:
    return len(line.strip()) >= 80


def _article_follows(rest: list[tuple[int, int, str]]) -> bool:
    """The lines after the title: a paragraph, or one short credit line and then a paragraph."""
    if rest and _is_paragraph(rest[0][2]):
        return True
    return len(rest) >= 2 and _words(rest[0][2]) <= 4 and _is_paragraph(rest[1][2])


def _words(line: str) -> int:
    return len(line.split())


class Jannah(Cleaner):
    """Jannah theme pages: licence bar, category label, credit line, author box, widgets."""

    name = "jannah"
    order = 120
    phase = "remove"  # returns lines to remove; first among the removers (title 300, byline 350)
    needs = _LICENCE_GATE + _BACK_TO_TOP_GATE  # recognizes() needs one of these: most pages are skipped unread
    reasons = {
        "licence_notice": "the theme's 'License is not validated' bar",
        "section": "the category label above the title (kept as metadata.section)",
        "source_credit": "the source credit line under the title (kept as metadata.source)",
        "author_box": "the author box after the article (kept as metadata.authors)",
        "widget": "theme widgets: back-to-top button, Google News follow button",
    }
    defaults: dict[str, Any] = {}

    def recognizes(self, doc: DocumentView) -> bool:
        """Jannah has no host of its own: its licence bar or its back-to-top button tells it
        (looked for in the whole page, wherever the dump puts them)."""
        text = doc.text
        return _has(text, _LICENCE_GATE, _LICENCE) or _has(text, _BACK_TO_TOP_GATE, _BACK_TO_TOP)

    def clean(self, doc: DocumentView) -> Outcome:
        if not self.applies(doc):
            return Outcome()
        text = doc.text
        changes: list[Change] = []
        meta: dict[str, Any] = {}
        author = self._author_box(text, changes, meta)
        licence = _LICENCE.search(text) if _has(text, _LICENCE_GATE, _LICENCE) else None
        if licence:
            for m in _LICENCE.finditer(text):
                changes.append(Change(*_line_span(text, m), "licence_notice"))
            self._header(_lines(text, _line_span(text, licence)[1], 5), author, changes, meta)
        else:
            # a licensed install: an article-only dump starts with the header itself
            self._header(_lines(text, 0, 5), author, changes, meta, strict=True)
        for pattern, gate in ((_BACK_TO_TOP, _BACK_TO_TOP_GATE), (_FOLLOW, _FOLLOW_GATE)):
            if any(g in text for g in gate):
                for m in pattern.finditer(text):
                    changes.append(Change(*_line_span(text, m), "widget"))
        changes = first_of_overlapping(sorted(changes, key=lambda c: c.start))
        return Outcome(changes=changes, metadata={k: v for k, v in meta.items() if not doc.metadata.get(k)})

    @staticmethod
    def _header(
        lines: list[tuple[int, int, str]], author: str | None, changes: list[Change], meta: dict[str, Any],
        strict: bool = False,
    ) -> None:
        """Category label, title and credit line: the first lines after the licence bar (or of the page)."""
        if len(lines) < 3:
            return
        (ls, le, label), (_, _, title), *rest = lines
        # the label is short, the title after it clearly longer but not a paragraph
        if not (
            _SHORT_LABEL.fullmatch(label)
            and _words(label) <= 5
            and len(title.strip()) > len(label.strip()) + 10
            and _title_like(title)
        ):
            return
        if strict and not _article_follows(rest):
            return  # without the licence bar to anchor it, the article must start right after
        changes.append(Change(ls, le, "section"))
        meta["section"] = label.strip()
        meta["title"] = title.strip()
        if len(rest) < 2:
            return
        (cs, ce, credit), (_, _, body) = rest[0], rest[1]
        name = credit.strip()
        if (
            _SHORT_LABEL.fullmatch(credit)
            and _words(credit) <= 4
            and not _CREDIT_EXCLUDE.match(credit)
            and name[:1].isupper()
            and name != author
            and len(body.strip()) >= 80
        ):
            changes.append(Change(cs, ce, "source_credit"))
            meta["source"] = name

    @staticmethod
    def _author_box(text: str, changes: list[Change], meta: dict[str, Any]) -> str | None:
        """"Photo de NAME", then NAME, then an optional bio line: the author box."""
        if "Photo" not in text:
            return None
        for found in _AUTHOR_PHOTO_LINE.finditer(text):
            lines = _lines(text, found.start(), 3)
            m = _AUTHOR_PHOTO.fullmatch(lines[0][2])
            if not m or len(lines) < 2 or lines[1][2].strip() != m["name"]:
                continue
            i = 0
            name = m["name"]
            changes.append(Change(lines[0][0], lines[0][1], "author_box"))
            changes.append(Change(lines[i + 1][0], lines[i + 1][1], "author_box"))
            if i + 2 < len(lines):
                bs, be, bio = lines[i + 2]
                if not (_BACK_TO_TOP.fullmatch(bio) or _FOLLOW.fullmatch(bio)) and len(bio) <= 600:
                    changes.append(Change(bs, be, "author_box"))
            meta["authors"] = [name]
            return name
        return None
