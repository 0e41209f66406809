"""Phrase lists: load them from package data, merge plugin additions, compile them into one pattern.

Matching ignores case, accents, apostrophe style and spacing. Rather than normalising every
document (a full extra pass), each phrase is normalised with :func:`fold` and compiled into
character classes that accept every spelling of each letter, e.g. ``[eEéÉèÈêÊëË]``; phrases
share a trie so the regex engine tests few alternatives at each position.
Phrase files hold one entry a line; ``#`` starts a comment; ``re:`` starts a regular expression
(case-insensitive; write accents as classes, ``r[eé]ponses?``).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Iterable, Mapping, Sequence

#: Prefix of a data-file line that holds a regular expression (case-insensitive) instead of a phrase.
REGEX_PREFIX = "re:"

_APOSTROPHES = "\u2019\u2018\u02bc\u02bb\u0060\u00b4\u2032\uff07"
_SPACES = "\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in list(range(0x00C0, 0x0250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if len(base) == 1 and base.isascii() and base != ch:
            table[code] = base.lower()
        elif len(ch.lower()) == 1 and ch.lower() != ch:
            table[code] = ch.lower()
    for ch in _APOSTROPHES:
        table[ord(ch)] = "'"
    for ch in _SPACES:
        table[ord(ch)] = " "
    for ch in _DASHES:
        table[ord(ch)] = "-"
    table[ord("\u2026")] = "."  # an ellipsis character counts as a full stop
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    return table


_TABLE = _build_table()


def fold(text: str) -> str:
    """Lower-case Latin letters, strip their accents, unify apostrophes, dashes and spaces (one char per char)."""
    return text.translate(_TABLE)


def read_lines(lines: Iterable[str]) -> list[str]:
    """Entries of a phrase file: one per line, blank lines and ``#`` comments skipped."""
    out = []
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@lru_cache(maxsize=None)
def builtin_phrases(category: str) -> tuple[str, ...]:
    """Entries of the built-in list ``data/junk_<category>.txt`` (empty when there is none)."""
    res = resources.files("cleankit").joinpath("data", f"junk_{category}.txt")
    if not res.is_file():
        return ()
    return tuple(read_lines(res.read_text(encoding="utf-8").splitlines()))


def merged_phrases(category: str, extra: Mapping[str, Sequence[str]] | None = None) -> tuple[str, ...]:
    """Built-in entries of ``category`` followed by those plugins registered for it, without duplicates."""
    entries = list(builtin_phrases(category))
    if extra:
        entries.extend(read_lines(extra.get(category, ())))
    return tuple(dict.fromkeys(entries))


def _variants() -> dict[str, str]:
    """For each folded character, a regex class of every character (both cases) that folds to it."""
    groups: dict[str, set[str]] = {}
    for code, repl in _TABLE.items():
        if code > 0xFF and repl.isalpha():
            # letters beyond Latin-1 do not occur in French, English, German or Spanish phrases;
            # leaving them out keeps every class a one-byte bitmap, fast to compile and to test
            continue
        groups.setdefault(repl, {repl}).add(chr(code))
    for base in "abcdefghijklmnopqrstuvwxyz":
        groups.setdefault(base, {base})
    out = {}
    for base, chars in groups.items():
        if base == " ":
            continue
        chars = chars | {c.upper() for c in chars} | {c.lower() for c in chars}
        chars = {c for c in chars if len(c) == 1}
        if len(chars) > 1:
            out[base] = "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"
    return out


_VARIANTS = _variants()
#: Regex for a space inside a phrase: any run of spaces or hyphens, or nothing.
FLEX_SPACE = r"[ \t\u00a0\u202f\-]*"


def _units(phrase: str) -> list[str]:
    """A folded phrase as regex units: one per character, one per run of spaces."""
    units: list[str] = []
    for word in fold(phrase).split():
        if units:
            units.append(FLEX_SPACE)
        units.extend(_VARIANTS.get(ch) or re.escape(ch) for ch in word)
    return units

#: A prefix tree of regex units: one key per unit, ``""`` marking the end of a phrase.
_Trie = dict[str, "_Trie"]


def _emit(node: _Trie) -> str:
    ends = "" in node
    branches = [unit + _emit(child) for unit, child in sorted(node.items()) if unit != ""]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + body + ")?" if len(branches) == 1 else body + "?"
    return body


def _class_body(unit: str) -> str:
    """The inside of a character class matching the first character of ``unit``."""
    if unit.startswith("[") and unit.endswith("]"):
        return unit[1:-1]
    return unit


def _emit_root(node: _Trie, buckets: int = 5) -> str:
    """The trie's top level, split into a few buckets each guarded by a lookahead on the first character.

    The regex engine tries alternatives one by one; a guard lets it skip a whole bucket with
    one test instead of trying each first letter.
    """
    items = sorted((u, c) for u, c in node.items() if u != "")
    if len(items) <= 2 * buckets or "" in node:
        return _emit(node)
    size = -(-len(items) // buckets)
    parts = []
    for i in range(0, len(items), size):
        chunk = items[i : i + size]
        guard = "".join(_class_body(u) for u, _ in chunk)
        body = "|".join(u + _emit(c) for u, c in chunk)
        parts.append(f"(?=[{guard}])(?:{body})")
    return "(?:" + "|".join(parts) + ")"


def trie_pattern(entries: Iterable[str], *, reverse: bool = False) -> str:
    """One regex over original text, case-insensitive by construction, matching any entry.

    Phrases go into a trie so the engine tests each position against a few first
    characters, not every phrase; ``re:`` entries are added as plain branches.
    With ``reverse`` the pattern matches the phrases written backwards (for searching a
    reversed text from line ends); ``re:`` entries are then ignored.
    """
    root: _Trie = {}
    regexes = []
    for entry in entries:
        entry = entry.strip()
        if not entry:
            continue
        if entry.startswith(REGEX_PREFIX):
            if not reverse:
                source = entry[len(REGEX_PREFIX) :].strip().replace(" ", r"[ \u00a0\u202f]")
                regexes.append("(?i:" + source + ")")
            continue
        node = root
        units = _units(entry)
        for unit in reversed(units) if reverse else units:
            node = node.setdefault(unit, {})
        node[""] = {}
    parts = [p for p in ([_emit_root(root)] if root else []) + regexes if p]
    if not parts:
        return r"(?!x)x"
    return "(?:" + "|".join(parts) + ")"


def first_class(entries: Iterable[str], *, reverse: bool = False) -> str | None:
    """A character class of the characters phrases can start with (end with, if ``reverse``); None for regexes."""
    bodies: set[str] = set()
    for entry in entries:
        entry = entry.strip()
        if not entry:
            continue
        if entry.startswith(REGEX_PREFIX):
            return None
        units = _units(entry)
        if units:
            bodies.add(_class_body(units[-1] if reverse else units[0]))
    return "[" + "".join(sorted(bodies)) + "]" if bodies else None
