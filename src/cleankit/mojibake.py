"""Find mis-decoded runs inside otherwise correct text and repair each one on its own.

ftfy repairs a string only when the string as a whole was mis-decoded: a Cyrillic word
read as Windows-1251 inside a French sentence stays broken, because "publié" cannot be
re-encoded the way the broken word can. Here ftfy still does the decoding; this module
decides where the segments are.

For each single-byte encoding ftfy knows, every character of a line is mapped to the byte
it would have been; wherever those bytes form a UTF-8 multi-byte sequence (a lead byte and
its continuation bytes; U+FFFD and a space may stand for a lost continuation byte, as in
ftfy's own lossy repairs) the characters are a *unit*. Units in the same word, or separated
only by a short run of spaces and punctuation, form a *run*. Each run, widened to the words
it sits in, is handed to ``ftfy.fix_encoding`` (or, when ftfy does not judge the run bad on
its own, decoded strictly); the repair is accepted only when it is clearly better:

- ftfy's badness measure drops, or
- a word that held a symbol between letters ("g√¢teaux", "HĂ´pital") becomes a word of
  letters only.

Correct text rarely forms such units at all, and the acceptance checks reject the rest.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-* codecs)
from ftfy.badness import badness
from ftfy.chardata import CHARMAP_ENCODINGS

_A0_LEADS = frozenset((0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9))  # as ftfy's ALTERED_UTF8_RE
_JOINABLE_GAP = re.compile(r"[^\w]{1,3}")
_WORD_EDGE = re.compile(r"\s")


@dataclass(frozen=True)
class Repair:
    """One repaired run: ``line[start:end]`` becomes ``replacement``."""

    start: int
    end: int
    replacement: str


def _chars(encoding: str, first: int, last: int, spaces: bool = True) -> str:
    out = []
    for b in range(first, last + 1):
        ch = bytes([b]).decode(encoding, errors="ignore")
        if len(ch) == 1 and (spaces or not ch.isspace()):
            out.append(ch)
    return "".join(sorted({re.escape(c) for c in out}))


@lru_cache(maxsize=None)
def _unit_pattern(encoding: str) -> re.Pattern[str]:
    """Characters whose bytes in ``encoding`` form a UTF-8 multi-byte sequence.

    U+FFFD may stand for any continuation byte (a lossy decoder's loss), and a space for
    byte 0xA0 where ftfy would restore it; a sequence of three or four bytes needs at least
    one real continuation byte.
    """
    cont = _chars(encoding, 0x80, 0xBF)
    a0_leads = "".join(re.escape(bytes([b]).decode(encoding, errors="ignore")) for b in sorted(_A0_LEADS))
    # A no-break space is a lead byte in MacRoman; as a lead it is far more often itself.
    lead2 = _chars(encoding, 0xC2, 0xDF, spaces=False)
    lead3 = _chars(encoding, 0xE0, 0xEF, spaces=False)
    lead4 = _chars(encoding, 0xF0, 0xF4, spaces=False)
    c = f"[{cont}]"
    w = f"[{cont}\ufffd ]"
    lost = "[\ufffd ]"
    return re.compile(
        f"[{a0_leads}][{cont}\ufffd ]"
        f"|[{lead2}][{cont}\ufffd]"
        f"|[{lead3}](?:{c}{w}|{lost}{c})"
        f"|[{lead4}](?:{c}{w}{w}|{lost}{c}{w}|{lost}{lost}{c})"
    )


def _units(line: str, encoding: str) -> list[tuple[int, int]]:
    """Spans of ``line`` whose bytes in ``encoding`` form UTF-8 multi-byte sequences."""
    return [m.span() for m in _unit_pattern(encoding).finditer(line)]


def _runs(line: str, units: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Group units that sit in one word or are separated by a little punctuation."""
    runs: list[tuple[int, int]] = []
    for s, e in units:
        if runs:
            ps, pe = runs[-1]
            gap = line[pe:s]
            if not gap or _WORD_EDGE.search(gap) is None or _JOINABLE_GAP.fullmatch(gap):
                runs[-1] = (ps, e)
                continue
        runs.append((s, e))
    return runs


def _widen(line: str, start: int, end: int) -> tuple[int, int]:
    """Extend a run to the whitespace around the words it sits in."""
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    while end < len(line) and not line[end].isspace():
        end += 1
    return start, end


_APOSTROPHES = "'’ʼ`´-‐‑–—.·"


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0]


def _plain_word(word: str) -> bool:
    """Letters (and marks) of one script, with no upper-case letter after a lower-case one."""
    core = word.strip(".,;:!?()[]«»\"'“”‘’")
    if not core or not all(unicodedata.category(c)[0] in "LM" for c in core):
        return False
    scripts = {_script(c) for c in core if c.isalpha()}
    return len(scripts) == 1 and not _case_anomaly(core)


def _case_anomaly(word: str) -> bool:
    """An upper-case letter right after a lower-case one, or two capitals before lower case."""
    letters = [c for c in word if c.isalpha()]
    for a, b in zip(letters, letters[1:]):
        if a.islower() and b.isupper():
            return True
    rest = "".join(letters[2:])
    return len(rest) >= 2 and letters[0].isupper() and letters[1].isupper() and rest.islower()


def _symbol_in_word(word: str) -> bool:
    """A symbol or punctuation character (not an apostrophe or dash) between letters."""
    for i in range(1, len(word) - 1):
        c = word[i]
        if unicodedata.category(c)[0] in "SP" and c not in _APOSTROPHES and word[i - 1].isalpha():
            j = i + 1
            while j < len(word) - 1 and unicodedata.category(word[j])[0] in "SP":
                j += 1
            if word[j].isalpha():
                return True
    return False


def _looks_wrong(word: str) -> bool:
    return _symbol_in_word(word) or _case_anomaly(word.strip(".,;:!?()[]«»\"'“”‘’"))


#: cp437 box drawing between letters is more often art than mojibake; ftfy's badness decides there.
_STRICT_ENCODINGS = tuple(e for e in CHARMAP_ENCODINGS if e != "cp437")


def _strict_decode(segment: str) -> str | None:
    for encoding in _STRICT_ENCODINGS:
        try:
            fixed = segment.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != segment:
            return fixed
    return None


_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "IDEOGRAPHIC": "CJK"}


def _one_script(text: str) -> bool:
    """Letters of at most one script (Han, kana and Hangul count as one), ignoring ASCII."""
    scripts = {_SCRIPT_GROUPS.get(_script(c), _script(c)) for c in text if c.isalpha() and not c.isascii()}
    return len(scripts) <= 1


def _better(old: str, new: str, context: str) -> bool:
    """Whether ``new`` is clearly a better reading of ``old`` (a segment of ``context``)."""
    if new == old or new.count("\ufffd") > old.count("\ufffd"):
        return False
    # A real repair gives back text in one script per run; a mixture is a wrong guess.
    if not all(_one_script(word) for word in new.split()):
        return False
    b_old, b_new = badness(context), badness(context.replace(old, new, 1))
    if b_new < b_old:
        return True
    if b_new == b_old == 0:
        words_old = old.split()
        words_new = new.split()
        changed = [(o, w) for o, w in zip(words_old, words_new) if o != w]
        return (
            len(words_old) == len(words_new)
            and bool(changed)
            and all(_looks_wrong(o) and _plain_word(w) for o, w in changed)
        )
    return False


def _repair_segment(segment: str, context: str) -> str | None:
    fixed = ftfy.fix_encoding(segment)
    if fixed != segment and _better(segment, fixed, context):
        return fixed
    strict = _strict_decode(segment)
    if strict is not None and _better(segment, strict, context):
        return strict
    return None


def find_repairs(line: str) -> list[Repair]:
    """The mis-decoded runs of one line and their repairs, left to right, not overlapping.

    Each repair covers only the characters that change.
    """
    candidates: list[tuple[int, int]] = []
    for encoding in CHARMAP_ENCODINGS:
        units = _units(line, encoding)
        if units:
            candidates.extend(_runs(line, units))
    if not candidates:
        return []
    # Union of the runs every encoding proposes, widened to whole words: ftfy then chooses
    # the encoding for each segment.
    segments: list[tuple[int, int]] = []
    for s, e in sorted(_widen(line, s, e) for s, e in candidates):
        if segments and (s <= segments[-1][1] or _JOINABLE_GAP.fullmatch(line[segments[-1][1] : s])):
            segments[-1] = (segments[-1][0], max(segments[-1][1], e))
        else:
            segments.append((s, e))
    repairs: list[Repair] = []
    for s, e in segments:
        old = line[s:e]
        # Judge with a word of context on each side: ftfy's badness reads neighbours.
        cs = line.rfind(" ", 0, max(0, s - 1)) + 1
        ce = line.find(" ", e + 1)
        new = _repair_segment(old, line[cs : len(line) if ce < 0 else ce])
        if new is None:
            continue
        # Trim what both share, so the repair covers only the changed characters.
        a, b = 0, 0
        while a < len(old) and a < len(new) and old[a] == new[a]:
            a += 1
        while b < len(old) - a and b < len(new) - a and old[len(old) - 1 - b] == new[len(new) - 1 - b]:
            b += 1
        repairs.append(Repair(s + a, e - b, new[a : len(new) - b]))
    return repairs
