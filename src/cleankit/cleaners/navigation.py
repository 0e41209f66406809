"""Remove navigation text of plain page dumps: run-on headline lines, menu blocks, tag lists, breadcrumbs."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterator

from ..analysis import Analysis
from ..cleaner import Change, Cleaner, Outcome
from ..spans import coalesce_spans, merge_spans
from ..document import DocumentView
from ..phrases import merged_phrases, trie_pattern

# A gap between two run-on headlines: two no-break spaces, or three spaces/tabs of any kind.
_GAP = re.compile(r"[\u00a0\u2007\u202f]{2,}|   +|[ \t\u00a0\u2002\u2003\u2007\u202f]{3,}")
# where such gaps may be: literal starts let the engine skip ahead fast
_GAP_HINT = re.compile(r"\u00a0\u00a0|   ")
# A menu entry: a few words of letters starting with a capital, nothing else (no digits,
# colons, commas, brackets or final punctuation: lines with those are too often content).
# Scripts with capitals only (Latin, Greek, Cyrillic): the capital is the evidence, and
# scripts without case would make every short line of a poem or a dialogue look alike.
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſΆ-ΫА-ЯЁЄІЇЎ"
_LETTERS = "A-Za-zÀ-ÖØ-öø-ÿĀ-žŒœΆ-ώА-яЁёЄєІіЇїЎў"
_MENU_LINE = rf"[ \t\u00a0]*[{_UPPER}][{_LETTERS}'’&\- \u00a0]{{0,39}}[ \t\u00a0]*"
_MENU_MEAN_WORDS = 2.5
_BLOCK = re.compile(rf"\n((?:{_MENU_LINE}\n(?:[ \t\u00a0]*\n)*)+)")
# "Tags: a, b, c" / "Mots-clés : a - b" and the like, alone on their line.
_TAGS = re.compile(
    r"\n[ \t\u00a0]*(?=[tTmMeEéÉsSkKfFcC])(?:tags?|mots?[- ]cl[eé]s?|[eé]tiquettes?|th[eè]mes?|sujets?|keywords?|topics?|"
    r"filed under|class[eé] (?:dans|sous)|schlagw[oö]rter|stichw[oö]rter|etiquetas|temas)"
    r"[ \t\u00a0]*:[ \t\u00a0]*([^\n]{1,400})(?=\n)",
    re.IGNORECASE,
)
# "Accueil > Monde > Europe", "Home » News » UK": three or more short parts between arrows.
_CRUMB_SEP = r"[ \t\u00a0]+[>»›→/|][ \t\u00a0]+"
# a separator character followed by a space: starts with a class so the engine skips ahead fast
_CRUMB_HINT = re.compile(r"[>»›→/|](?=[ \t\u00a0])")
_CRUMB_MAX = 300
_CRUMB_SPLIT = re.compile(_CRUMB_SEP)
_HOME = re.compile(r"(?i)^(?:accueil|home|startseite|inicio|portada|homepage|page d'accueil)$")

_END_PUNCT = re.compile(r"[.;,:!?…]$")


class Navigation(Cleaner):
    """Remove run-on lines of headlines, menu blocks above the article, tag lists and breadcrumbs."""

    name = "navigation"
    order = 460
    phase = "remove"
    view = "kept"  # judges lines by their neighbours: shown the text without earlier removals
    reasons = {
        "run_on_headlines": "one line made of many headlines separated by runs of spaces",
        "headline_block": "a block of menu lines above the article",
        "tags": "a tag list (Tags: a, b, c)",
        "breadcrumb": "a breadcrumb trail (Accueil > Monde > Europe)",
    }
    defaults = {
        "run_on_min_parts": 4,
        "block_min_lines": 5,
    }

    def clean(self, doc: DocumentView) -> Outcome:
        text = doc.text
        if not text:
            return Outcome()
        padded = "\n" + text + "\n"
        spans: list[tuple[int, int, str]] = []
        spans.extend(self._run_on(text))
        spans.extend(self._blocks(padded, len(text), doc.metadata.get("title"), doc.analysis))
        for m in _TAGS.finditer(padded):
            if _looks_like_tags(m.group(1)):
                spans.append((m.start(), min(m.end(), len(text)), "tags"))
        spans.extend(_crumbs(text))
        return Outcome(changes=[Change(s, e, r) for s, e, r in coalesce_spans(text, merge_spans(spans))])

    def _run_on(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Lines cut by wide gaps into many headline-like parts."""
        if "\u00a0\u00a0" not in text and "   " not in text:
            return  # two fast scans rule out almost every document
        for ls, le, line in _hinted_lines(_GAP_HINT, text):
            if len(line) < 40 or not _GAP.search(line):
                continue  # indentation or trailing spaces only
            parts = [p.strip() for p in _GAP.split(line)]
            if _is_run_on(parts, self.options["run_on_min_parts"]):
                yield ls, min(le + 1, len(text)), "run_on_headlines"

    def _blocks(
        self, padded: str, length: int, title: object, analysis: Analysis
    ) -> Iterator[tuple[int, int, str]]:
        """Menu blocks: short lines above the first paragraph (below it, lists are too often content)."""
        first = _first_paragraph(padded, analysis)
        if first < 0:
            return  # no article to frame: a list, a poem or a menu page is not ours to judge
        title_key = _key(title) if isinstance(title, str) and title.strip() else None
        head = padded[: first + 1]  # the junk lines were taken out by the runner (view = "kept")
        for m in _BLOCK.finditer(head):
            lines = _lines_with_offsets(head, m.start(1), m.end(1))
            lines = _menu_part(lines, self.options["block_min_lines"])
            if not lines:
                continue
            kept = [i for i, (_, _, line) in enumerate(lines) if title_key is not None and _key(line) == title_key]
            start = 0
            for i in kept + [len(lines)]:
                if i > start:
                    # padded [s, e) is text [s - 1, e - 1): the lines and their newlines
                    yield lines[start][0] - 1, min(lines[i - 1][1] - 1, length), "headline_block"
                start = i + 1


@lru_cache(maxsize=1)
def _prompt_pattern() -> re.Pattern[str]:
    """Built-in prompt phrases (cookie banners and the like) at a line start, after optional spaces."""
    return re.compile(r"[ \t\u00a0]*" + trie_pattern(merged_phrases("prompt")))


def _first_paragraph(padded: str, analysis: Analysis) -> int:
    """Offset in ``padded`` of the newline before the first paragraph line, or -1."""
    text = analysis.text
    prompt = _prompt_pattern().match
    for start in analysis.iter_paragraphs(0):
        end = text.find("\n", start)
        # a cookie or newsletter banner above the menu is no article: look further
        if not prompt(padded, start + 1, len(text) + 1 if end < 0 else end + 1):
            return start
    return -1


def _is_run_on(parts: list[str], min_parts: int) -> bool:
    """Whether the parts of a gap-cut line are mostly headlines."""
    parts = [p for p in parts if p]
    if len(parts) < min_parts:
        return False
    titled = 0
    total_words = 0
    for p in parts:
        n = len(p.split())
        total_words += n
        if 2 <= n <= 30 and 10 <= len(p) <= 250 and not p.endswith((".", ";", ",")) and not p[0].islower():
            titled += 1
    return titled >= 0.75 * len(parts) and total_words >= 3 * len(parts)


def _lines_with_offsets(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Non-blank lines of ``text[start:end]`` as (start, end including newline, stripped line)."""
    out = []
    pos = start
    for raw in text[start:end].split("\n"):
        stop = pos + len(raw) + 1
        line = raw.strip()
        if line:
            out.append((pos, min(stop, end), line))
        pos = stop
    return out


def _menu_part(lines: list[tuple[int, int, str]], min_lines: int) -> list[tuple[int, int, str]]:
    """The menu lines of a block above the article: all but the last, which may well be the title."""
    if len(lines) - 1 < min_lines:
        return []
    # menu entries are one or two words; verse and lists of names run longer on average
    if sum(len(x[2].split()) for x in lines) > _MENU_MEAN_WORDS * len(lines):
        return []
    return lines[:-1]


def _looks_like_tags(rest: str) -> bool:
    """A list of short items, not a sentence."""
    items = [i.strip() for i in re.split(r"[,;|/·•#]|\s[-–]\s", rest) if i.strip()]
    if not items:
        return False
    if len(items) == 1:
        return len(items[0].split()) <= 4 and not _END_PUNCT.search(items[0])
    return all(len(i.split()) <= 6 for i in items) and not rest.rstrip().endswith(".")


def _hinted_lines(hint: re.Pattern[str], text: str) -> Iterator[tuple[int, int, str]]:
    """Each line holding a match of ``hint``, once: (start, end before the newline, stripped line)."""
    seen_end = -1
    for m in hint.finditer(text):
        if m.start() < seen_end:
            continue
        ls = text.rfind("\n", 0, m.start()) + 1
        le = text.find("\n", m.end())
        le = len(text) if le < 0 else le
        seen_end = le
        yield ls, le, text[ls:le].strip()


def _crumbs(text: str) -> Iterator[tuple[int, int, str]]:
    """Whole lines that are breadcrumb trails."""
    for ls, le, line in _hinted_lines(_CRUMB_HINT, text):
        if len(line) <= _CRUMB_MAX and _looks_like_crumb(line):
            yield ls, min(le + 1, len(text)), "breadcrumb"


def _looks_like_crumb(line: str) -> bool:
    """Three or more short parts, or two when the first is a home link, joined by one separator."""
    parts = [p.strip() for p in _CRUMB_SPLIT.split(line)]
    seps = {m.group().strip() for m in _CRUMB_SPLIT.finditer(line)}
    if len(seps) != 1 or any(not p or len(p.split()) > 8 for p in parts):
        return False
    sep = seps.pop()
    if sep in "/|":
        # slashes and bars also join dates, places and agencies ("Paris / AFP"): need a home link and 3+ parts
        return len(parts) >= 3 and bool(_HOME.match(parts[0]))
    return len(parts) >= 3 or bool(_HOME.match(parts[0]))


def _key(s: str) -> str:
    """A comparison key: no accents, lower case, single spaces."""
    s = unicodedata.normalize("NFKD", s)
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).lower().split())
