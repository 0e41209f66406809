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

_LICENCE = re.compile(
    r"[ \t]*(?:Jannah Theme License is not validated|La licence du thème Jannah n['’]est pas validée)[^\n]*", re.I
)
_BACK_TO_TOP = re.compile(r"[ \t]*(?:Back to top button|Bouton retour en haut de la page)[ \t]*", re.I)
_FOLLOW = re.compile(r"[ \t]*(?:G News|Google News|(?:Suivez-nous|Follow us) (?:sur|on) Google News)[ \t]*", re.I)
# The author box's avatar: its alt text is "Photo of NAME" ("Photo de NAME" in French).
_AUTHOR_PHOTO = re.compile(r"[ \t]*(?:Photo of|Photo de|Photo d['’])[ \t]*(?P<name>[^\n]{2,60}?)[ \t]*")
# A category label or a source credit: a few words, no sentence punctuation, no digits.
_SHORT_LABEL = re.compile(r"[ \t]*[^\W\d_][^\n.!?:;,0-9]{0,38}[ \t]*")
_CREDIT_EXCLUDE = re.compile(r"^\s*(?:par|by|de|from|mis à jour|updated|publié|published)\b", re.I)
_LINE = re.compile(r"[^\n]*\n?")
HEAD_CHARS = 1500
TAIL_CHARS = 3000


def _lines(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Non-blank lines fully inside text[start:end]: (start, end including newline, content)."""
    out = []
    for m in _LINE.finditer(text, start, end):
        if not m.group():
            break
        content = m.group().rstrip("\n")
        if content.strip():
            out.append((m.start(), m.end(), content))
    return out


def _words(line: str) -> int:
    return len(line.split())


class Jannah(Cleaner):
    """Jannah theme pages: licence bar, category label, credit line, author box, widgets."""

    name = "jannah"
    order = 120
    reasons = {
        "licence_notice": "the theme's 'License is not validated' bar",
        "section": "the category label above the title (kept as metadata.section)",
        "source_credit": "the source credit line under the title (kept as metadata.source)",
        "author_box": "the author box after the article (kept as metadata.authors)",
        "widget": "theme widgets: back-to-top button, Google News follow button",
    }
    defaults: dict[str, Any] = {}

    def applies(self, doc: DocumentView) -> bool:
        """Jannah has no host of its own: the licence bar or the back-to-top button tells it."""
        text = doc.text
        if _LICENCE.match(text.lstrip()[:200]):
            return True
        tail = text[-TAIL_CHARS:]
        return any(_BACK_TO_TOP.fullmatch(c) for _, _, c in _lines(tail, 0, len(tail)))

    def clean(self, doc: DocumentView) -> Outcome:
        if not self.applies(doc):
            return Outcome()
        text = doc.text
        changes: list[Change] = []
        meta: dict[str, Any] = {}
        tail_start = max(0, len(text) - TAIL_CHARS)
        tail_start = text.find("\n", tail_start) + 1 if tail_start else 0
        author = self._author_box(text, tail_start, changes, meta)
        head = _lines(text, 0, min(len(text), max(HEAD_CHARS, 0)))[:6]
        if head and _LICENCE.fullmatch(head[0][2]):
            changes.append(Change(head[0][0], head[0][1], "licence_notice"))
            self._header(head[1:], author, changes, meta)
        for start, end, content in _lines(text, tail_start, len(text)):
            if _BACK_TO_TOP.fullmatch(content) or _FOLLOW.fullmatch(content):
                changes.append(Change(start, end, "widget"))
        changes = _unique(sorted(changes, key=lambda c: c.start))
        return Outcome(changes=changes, metadata={k: v for k, v in meta.items() if not doc.metadata.get(k)})

    @staticmethod
    def _header(lines: list[tuple[int, int, str]], author: str | None, changes: list[Change], meta: dict[str, Any]) -> None:
        """Category label, title and credit line: the first lines after the licence bar."""
        if len(lines) < 3:
            return
        (ls, le, label), (_, _, title), *rest = lines
        # the label is short and the title after it clearly longer
        if not (_SHORT_LABEL.fullmatch(label) and _words(label) <= 5 and len(title.strip()) > len(label.strip()) + 10):
            return
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
    def _author_box(text: str, start: int, changes: list[Change], meta: dict[str, Any]) -> str | None:
        """"Photo de NAME", then NAME, then an optional bio line: the author box."""
        lines = _lines(text, start, len(text))
        for i, (ps, pe, content) in enumerate(lines):
            m = _AUTHOR_PHOTO.fullmatch(content)
            if not m or i + 1 >= len(lines) or lines[i + 1][2].strip() != m["name"]:
                continue
            name = m["name"]
            changes.append(Change(ps, pe, "author_box"))
            changes.append(Change(lines[i + 1][0], lines[i + 1][1], "author_box"))
            if i + 2 < len(lines):
                bs, be, bio = lines[i + 2]
                if not (_BACK_TO_TOP.fullmatch(bio) or _FOLLOW.fullmatch(bio)) and len(bio) <= 600:
                    changes.append(Change(bs, be, "author_box"))
            meta["authors"] = [name]
            return name
        return None


def _unique(changes: list[Change]) -> list[Change]:
    out: list[Change] = []
    for ch in changes:
        if not out or ch.start >= out[-1].end:
            out.append(ch)
    return out
