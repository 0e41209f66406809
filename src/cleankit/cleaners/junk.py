"""Remove theme notices and widget junk (share bars, "Read more", cookie and newsletter prompts) by phrase lists."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, ClassVar, Mapping, NamedTuple, Sequence

from ..cleaner import Change, Cleaner, Outcome
from ..spans import coalesce_spans, merge_spans
from ..document import DocumentView
from ..phrases import first_class, merged_phrases, trie_pattern

#: Phrase categories whose entries are junk when they make up the whole line (several may follow).
LINE_CATEGORIES: tuple[str, ...] = ("widget", "share", "comments", "ads")
#: Entries that make a line junk when the line starts with them.
PREFIX_CATEGORY = "prompt"
#: Entries that make a short line junk when they end it (theme notices, rights footers).
NOTICE_CATEGORY = "notice"
#: Entries removed from the end of a line ("… Read more").
SUFFIX_CATEGORY = "more"
CATEGORIES: tuple[str, ...] = LINE_CATEGORIES + (PREFIX_CATEGORY, NOTICE_CATEGORY, SUFFIX_CATEGORY)

_BULLET = r"(?:[-–—•*·|>»›▸►→#]+[ \t\u00a0]*)?"
_SEP = r"[ \t\u00a0,|/·•\-–—]*"
# what may trail a widget label: dots, arrows, colons, a count such as "(3)"
_TRAIL = r"[ \t\u00a0.!:…>»›→+()\[\]\d]*"
_TRAIL_REVERSED = _TRAIL  # one class: reads the same both ways
# a label line may end with a duration ("Temps de lecture : 3 min")
_MINUTES = r"(?:(?:min|mn|minutes?|minuten)\.?[ \t\u00a0]*)?"
# or start with a count ("3 commentaires", "5 min read")
_COUNT = r"(?:\d+[ \t\u00a0]*)?"
#: Longest headline taken as the link label of a bare "Read also:" line.
_LINKED_TITLE_MAX = 160
_SENTENCE_END = re.compile(r"[.!?…»\"”)]\s*$")


class Junk(Cleaner):
    """Remove lines (or line ends) made of widget labels, share buttons, notices and prompts."""

    name = "junk"
    order = 400
    phase = "remove"
    local = True
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
        self._patterns = _compile(tuple(sorted(extra.items())), self.options["prompt_max_chars"])

    def clean(self, doc: DocumentView) -> Outcome:
        text = doc.text
        if not text:
            return Outcome()
        passes = self._patterns
        padded = "\n" + text + "\n"
        spans: list[tuple[int, int, str]] = []
        # a match of "\n<line>" at padded offset i covers text[i : end] and the line's newline
        for m in passes.whole_line.finditer(padded):
            end = min(m.end(), len(text))
            reason = _reason(m, passes.per_category)
            spans.append((m.start(), end, reason))
            if reason in ("prompt", "widget") and m.group().rstrip().endswith(":"):
                spans.extend(_linked_title(text, end))
        spans.extend(self._line_ends(text, padded[::-1], passes))
        return Outcome(changes=[Change(s, e, r) for s, e, r in coalesce_spans(text, merge_spans(spans))])

    def _line_ends(
        self, text: str, reversed_padded: str, passes: _Passes
    ) -> list[tuple[int, int, str]]:
        """Notices and 'read more' labels ending a line, found from the line ends in the reversed text."""
        out = []
        size = len(reversed_padded)
        notice, whole_line = passes.notice, passes.whole_line
        for m in passes.line_end.finditer(reversed_padded):
            start = size - m.end() - 1  # text offset where the phrase starts
            end = size - m.start() - 2  # text offset of the line's newline (or the text's end)
            if start > 0 and text[start - 1].isalnum():
                continue  # the phrase is the tail of a longer word
            ls = text.rfind("\n", 0, start) + 1
            line_end = min(end + 1, len(text))
            if notice.match(m.group("phrase")):
                if end - ls <= self.options["notice_max_chars"]:
                    out.append((ls, line_end, "notice"))
                continue
            head = text[ls:start].rstrip(" \t\u00a0-–—|•·>»")
            if not head.strip():
                continue  # a label alone on its line is the whole-line pass's business
            short = len(head) < self.options["more_keep_min_chars"]
            if short and (not _SENTENCE_END.search(head) or whole_line.match("\n" + head + "\n")):
                # a short head goes too: a slogan, a date, or a widget label of its own ("Loading... Voir plus")
                out.append((ls, line_end, "more"))
            else:
                out.append((ls + len(head), end, "more"))
        return out


def _linked_title(text: str, pos: int) -> list[tuple[int, int, str]]:
    """The link label on the line after a bare "Read also:" prompt, if it looks like a headline."""
    while text.startswith("\n", pos):
        pos += 1
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    line = text[pos:end].strip()
    if not line or len(line) > _LINKED_TITLE_MAX or len(line.split()) < 3 or _SENTENCE_END.search(line):
        return []
    return [(pos, min(end + 1, len(text)), "prompt")]


def _reason(m: re.Match[str], per_category: tuple[tuple[str, re.Pattern[str]], ...]) -> str:
    """The reason code of a whole-line match."""
    if m.group("prompt") is not None:
        return "prompt"
    label = m.group("label")
    # the category of the first label on the line names the reason
    for category, pattern in per_category:
        if pattern.match(label):
            return category
    return "widget"


class _Passes(NamedTuple):
    """The compiled patterns of one phrase set."""

    whole_line: re.Pattern[str]
    line_end: re.Pattern[str]
    notice: re.Pattern[str]
    per_category: tuple[tuple[str, re.Pattern[str]], ...]


@lru_cache(maxsize=32)
def _compile(extra: tuple[tuple[str, tuple[str, ...]], ...], prompt_max: int) -> _Passes:
    """Compile the passes once per phrase set (instances with the same lists share them)."""
    ext = dict(extra)
    lists = {c: merged_phrases(c, {c: ext.get(c, ())}) for c in CATEGORIES}
    labels = trie_pattern([p for c in LINE_CATEGORIES for p in lists[c]])
    prompts = trie_pattern(lists[PREFIX_CATEGORY])
    whole_line = re.compile(
        # the guard after the indent skips blank lines (half the lines of a page dump) at once
        rf"\n[ \t\u00a0]*(?=[^\s]){_BULLET}(?:"
        rf"{_COUNT}(?P<label>{labels}(?:{_SEP}{labels})*){_TRAIL}{_MINUTES}(?=\n)"
        rf"|(?P<prompt>{prompts})[^\n]{{0,{prompt_max}}}(?=\n))"
    )
    # searched in the reversed text: a newline, what may trail the phrase, the phrase backwards
    ends = [p for c in (NOTICE_CATEGORY, SUFFIX_CATEGORY) for p in lists[c]]
    guard = first_class(ends, reverse=True)
    lookahead = f"(?={guard})" if guard else ""
    line_end = re.compile(
        rf"\n(?=[^\n]){_TRAIL_REVERSED}{lookahead}(?P<phrase>{trie_pattern(ends, reverse=True)})"
    )
    notice = re.compile(trie_pattern(lists[NOTICE_CATEGORY], reverse=True) + r"\Z")
    per_category = tuple((c, re.compile(trie_pattern(lists[c]))) for c in LINE_CATEGORIES)
    return _Passes(whole_line, line_end, notice, per_category)
