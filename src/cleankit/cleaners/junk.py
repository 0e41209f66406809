"""Remove theme notices and widget junk (share bars, "Read more", cookie and newsletter prompts) by phrase lists."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, ClassVar, Mapping, Sequence

from ..cleaner import Change, Cleaner, Outcome
from ..document import DocumentView
from ..phrases import merged_phrases, trie_pattern

#: Phrase categories whose entries are junk when they make up the whole line (several may follow).
LINE_CATEGORIES: tuple[str, ...] = ("widget", "share", "comments", "ads")
#: Entries that make a line junk when the line starts with them.
PREFIX_CATEGORY = "prompt"
#: Entries that make a short line junk wherever they stand in it.
NOTICE_CATEGORY = "notice"
#: Entries removed from the end of a line ("… Read more").
SUFFIX_CATEGORY = "more"
CATEGORIES: tuple[str, ...] = LINE_CATEGORIES + (PREFIX_CATEGORY, NOTICE_CATEGORY, SUFFIX_CATEGORY)

_BULLET = r"(?:[-–—•*·|>»›▸►→#]+[ \t\u00a0]*)?"
_SEP = r"[ \t\u00a0,|/·•\-–—]*"
# what may trail a widget label: dots, arrows, colons, a count such as "(3)"
_TRAIL = r"(?:[ \t\u00a0]*(?:[.!:…>»›→+]+|\(\d+\)|\[\d+\]|\d+))*[ \t\u00a0]*"
_SENTENCE_END = re.compile(r"[.!?…»\"”)]\s*$")


class Junk(Cleaner):
    """Remove lines (or line ends) made of widget labels, share buttons, notices and prompts."""

    name = "junk"
    order = 400
    reasons = {
        "widget": "a widget label or button alone on its line (Loading…, Read more, Back to top)",
        "share": "a share bar (Share on Facebook, Tweeter, WhatsApp)",
        "comments": "a comment widget or counter (3 commentaires, Leave a reply)",
        "ads": "an advertising label (Advertisement, Publicité, Anzeige)",
        "prompt": "a cookie, newsletter, 'read also' or 'read at the source' prompt line",
        "notice": "a short line carrying a theme-licence or rights notice",
        "more": "a 'read more' link at the end of a line",
    }
    defaults = {
        "prompt_max_chars": 600,
        "notice_max_chars": 300,
        "more_keep_min_chars": 60,
    }
    #: Registry phrase categories this cleaner reads (``register("junk.<category>", [...])``).
    phrase_categories: ClassVar[tuple[str, ...]] = tuple(f"junk.{c}" for c in CATEGORIES)

    def __init__(self, *, phrases: Mapping[str, Sequence[str]] | None = None, **options: Any) -> None:
        super().__init__(**options)
        extra = {c: tuple((phrases or {}).get(f"junk.{c}", ())) for c in CATEGORIES}
        self._patterns = _compile(
            tuple(sorted(extra.items())),
            self.options["prompt_max_chars"],
            self.options["notice_max_chars"],
        )

    def clean(self, doc: DocumentView) -> Outcome:
        text = doc.text
        if not text:
            return Outcome()
        whole_line, notice, suffix, per_category = self._patterns
        padded = "\n" + text + "\n"
        spans: list[tuple[int, int, str]] = []
        # padded offsets: a match of "\n<line>" starting at i covers text[i : i + len - 1] + its newline
        for m in whole_line.finditer(padded):
            start, end = m.start(), min(m.end(), len(text))
            spans.append((start, end, _reason(m, per_category)))
        for m in notice.finditer(text):
            ls = text.rfind("\n", 0, m.start()) + 1
            le = text.find("\n", m.end())
            le = len(text) if le < 0 else le + 1
            if le - ls <= self.options["notice_max_chars"]:
                spans.append((ls, le, "notice"))
        for m in suffix.finditer(text):
            ls = text.rfind("\n", 0, m.start()) + 1
            head = text[ls : m.start()].strip()
            if not head:
                continue  # a label alone on its line is the whole-line pass's business
            if len(head) < self.options["more_keep_min_chars"] and not _SENTENCE_END.search(head):
                le = text.find("\n", m.end())
                spans.append((ls, len(text) if le < 0 else le + 1, "more"))
            else:
                spans.append((m.start(), m.end(), "more"))
        return Outcome(changes=[Change(s, e, r) for s, e, r in _merge(spans)])


def _reason(m: re.Match[str], per_category: tuple[tuple[str, re.Pattern[str]], ...]) -> str:
    if m.group("prompt") is not None:
        return "prompt"
    label = m.group("label")
    for category, pattern in per_category:
        if pattern.match(label):
            return category
    return "widget"


@lru_cache(maxsize=32)
def _compile(
    extra: tuple[tuple[str, tuple[str, ...]], ...], prompt_max: int, notice_max: int
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """Compile the three passes once per phrase set (instances with the same lists share them)."""
    ext = dict(extra)
    lists = {c: merged_phrases(c, {c: ext.get(c, ())}) for c in CATEGORIES}
    labels = trie_pattern([p for c in LINE_CATEGORIES for p in lists[c]])
    prompts = trie_pattern(lists[PREFIX_CATEGORY])
    whole_line = re.compile(
        rf"\n[ \t\u00a0]*{_BULLET}(?:"
        rf"(?P<label>{labels}(?:{_SEP}{labels})*){_TRAIL}(?=\n)"
        rf"|(?P<prompt>{prompts})[^\n]{{0,{prompt_max}}}(?=\n))"
    )
    notice = re.compile(trie_pattern(lists[NOTICE_CATEGORY]))
    suffix = re.compile(rf"[ \t\u00a0]*{_BULLET}{trie_pattern(lists[SUFFIX_CATEGORY])}{_TRAIL}(?=\n|\Z)")
    per_category = tuple(
        (c, re.compile(rf"(?:{trie_pattern(lists[c])}(?:{_SEP}|{_TRAIL})?)+\Z")) for c in LINE_CATEGORIES
    )
    return whole_line, notice, suffix, per_category


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sort spans; where two overlap keep the one that starts first, widened to cover both."""
    out: list[tuple[int, int, str]] = []
    for s, e, r in sorted(spans, key=lambda x: (x[0], -x[1])):
        if e <= s:
            continue
        if out and s < out[-1][1]:
            ps, pe, pr = out[-1]
            out[-1] = (ps, max(pe, e), pr)
            continue
        out.append((s, e, r))
    return out
