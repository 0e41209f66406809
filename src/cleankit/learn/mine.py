"""Find a site's furniture: lines, normalised lines, patterns and header/footer runs recurring across pages.

Every count is of DISTINCT pages: a line printed ten times on one page counts once, so an
article's own repetitions never make a rule.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from ..rules import MAX_LINE, Rule, collapse, compile_template, normalise
from .pages import Page

_LETTER = re.compile(r"[^\W\d_]")
_SEPARATOR = re.compile(r"(?:^|\s)[-–—/|:·•»](?:\s|$)|:$")
_SITE_NAME_BAD = re.compile(r"[\d.!?:|•]")


@dataclass(frozen=True)
class MineOptions:
    """Thresholds of the miner (defaults measured on the portal and Lagazette pages: benchmarks/learn_site.py)."""

    #: A rule must be seen on this share of the pages...
    min_share: float = 0.5
    #: ...and on at least this many distinct pages.
    min_pages: int = 2
    #: Lines longer than this are never mined (article paragraphs).
    max_chars: int = 200
    #: Lines of at most this many words are tried for patterns with a variable part.
    pattern_words: int = 30
    #: At most this many fixed words on each side of a pattern's variable part.
    pattern_side: int = 6
    #: A pattern must be seen on at least this many distinct pages (two titles sharing words are not a pattern).
    pattern_min_pages: int = 3
    #: A pattern's fixed text has at least this many letters, and two words or a separator ("-", "/", "|", ":").
    pattern_letters: int = 5
    #: How many lines from each end of a page are searched for header and footer runs.
    edge_lines: int = 60
    #: A header/footer rule groups at least this many lines.
    sequence_min: int = 3

    def needed(self, pages: int) -> int:
        """Distinct pages a rule must be seen on, out of ``pages``."""
        return max(self.min_pages, math.ceil(self.min_share * pages - 1e-9))


def rule_id(kind: str, pattern: str | list[str]) -> str:
    """A short stable id from the rule as first learned (kept when the user edits the pattern)."""
    key = kind + ":" + ("\n".join(pattern) if isinstance(pattern, list) else pattern)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


@dataclass
class _Seen:
    pages: int = 0
    last: int = -1
    examples: list[str] = field(default_factory=list)
    variants: set[str] = field(default_factory=set)

    def add(self, page: int, line: str, variant: str | None = None) -> None:
        if variant is not None and len(self.variants) < 4:
            self.variants.add(variant)
        if page == self.last:
            return
        self.last = page
        self.pages += 1
        if len(self.examples) < 2:
            self.examples.append(line.strip())


@dataclass
class PageLines:
    """A page's candidate lines: (collapsed key, original line); blank lines left out, long lines keyed ""."""

    lines: list[tuple[str, str]]


def page_lines(page: Page, max_chars: int) -> PageLines:
    """The lines of ``page`` the miner looks at."""
    out = []
    for raw in page.text.split("\n"):
        s = raw.strip()
        if s:
            out.append((collapse(s) if len(s) <= min(max_chars, MAX_LINE) else "", s))
    return PageLines(out)


def mine(pages: list[Page], opts: MineOptions = MineOptions(), names: Sequence[str] = ()) -> list[Rule]:
    """Every candidate rule found in ``pages`` (not yet filtered for content or for the chain).

    ``names`` are what the site is called (the plugin name, its hosts): a short line opening
    most pages that spells one of them is the site's name line and sets ``metadata.site``.
    """
    n = len(pages)
    need = opts.needed(n)
    texts = [page_lines(p, opts.max_chars) for p in pages]
    exact: dict[str, _Seen] = {}
    for i, pl in enumerate(texts):
        for key, line in pl.lines:
            if not key:
                continue
            seen = exact.get(key)
            if seen is None:
                seen = exact[key] = _Seen()
            seen.add(i, line)
    frequent = {k for k, s in exact.items() if s.pages >= need}

    normal: dict[str, _Seen] = {}
    norm_of: dict[str, str] = {}
    for i, pl in enumerate(texts):
        for key, line in pl.lines:
            if not key or key in frequent:
                continue
            nk = norm_of.get(key)
            if nk is None:
                nk = norm_of[key] = normalise(key)
            if nk == key:
                continue
            seen = normal.get(nk)
            if seen is None:
                seen = normal[nk] = _Seen()
            seen.add(i, line, key)
    normal_keys = {k for k, s in normal.items() if s.pages >= need and len(s.variants) >= 2}

    rules: list[Rule] = []
    site = _site_name(pages, texts, need, list(names) + [h for p in pages if p.url for h in [_host(p.url)] if h])
    if site is not None:
        rules.append(site)
    taken = {collapse(site.pattern)} if site is not None else set()  # type: ignore[arg-type]
    sequences, in_sequence = _sequences(texts, frequent - taken, need, opts)
    rules.extend(sequences)
    for key in sorted(frequent, key=lambda k: (-exact[k].pages, k)):
        if key in taken or key in in_sequence:
            continue
        s = exact[key]
        rules.append(_rule("exact", s.examples[0], s, n))
    for nk in sorted(normal_keys, key=lambda k: (-normal[k].pages, k)):
        s = normal[nk]
        rules.append(_rule("normalised", nk, s, n))

    claimed = frequent | {k for k, nk in norm_of.items() if nk in normal_keys}
    rules.extend(_patterns(texts, claimed, norm_of, need, n, opts))
    return rules


def _rule(kind: str, pattern: str | list[str], seen: _Seen, n: int, **kw: object) -> Rule:
    return Rule(id=rule_id(kind, pattern), kind=kind, pattern=pattern, pages=seen.pages, of_pages=n,
                examples=list(seen.examples), **kw)  # type: ignore[arg-type]


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()


def _squash(text: str) -> str:
    return "".join(_LETTER.findall(text.casefold()))


def names_site(line: str, names: list[str]) -> bool:
    """Does ``line`` spell one of the site's names ("Lagazette" for lagazette.az or a plugin named lagazette)?"""
    squashed = _squash(line)
    if len(squashed) < 3:
        return False
    for name in names:
        for part in re.split(r"[._\-\s]+", name.casefold()):
            part = _squash(part)
            if part in ("www", "com", "org", "net") or len(part) < 4:
                continue
            if part in squashed or squashed in part:
                return True
    return False


def _site_name(pages: list[Page], texts: list[PageLines], need: int, names: list[str]) -> Rule | None:
    """The site's name: the same short line opening most pages, spelling the site's name or host ("Lagazette")."""
    firsts: dict[str, _Seen] = {}
    for i, pl in enumerate(texts):
        if pl.lines and pl.lines[0][0]:
            key, line = pl.lines[0]
            firsts.setdefault(key, _Seen()).add(i, line)
    if not firsts:
        return None
    key, seen = max(firsts.items(), key=lambda kv: kv[1].pages)
    line = seen.examples[0]
    if seen.pages < need or len(line.split()) > 4 or len(line) > 40 or _SITE_NAME_BAD.search(line):
        return None
    if not names_site(line, names):
        return None
    return _rule("exact", line, seen, len(pages), metadata={"site": line},
                 note="the site's name line opening its pages (kept as metadata.site)")


def _sequences(texts: list[PageLines], frequent: set[str], need: int, opts: MineOptions) -> tuple[list[Rule], set[str]]:
    """Header and footer runs: frequent lines found near the top (bottom) of the pages and nowhere else."""
    rules: list[Rule] = []
    used: set[str] = set()
    for kind in ("header", "footer"):
        inside: Counter[str] = Counter()
        outside: Counter[str] = Counter()
        position: dict[str, list[int]] = {}
        example: dict[str, str] = {}
        for pl in texts:
            lines = pl.lines if kind == "header" else pl.lines[::-1]
            region = _edge_region(lines, frequent, opts.edge_lines)
            seen_in: set[str] = set()
            for pos, (key, line) in enumerate(lines[:region]):
                if key in frequent and key not in seen_in:
                    seen_in.add(key)
                    position.setdefault(key, []).append(pos)
                    example.setdefault(key, line)
            inside.update(seen_in)
            outside.update({k for k, _ in lines[region:] if k in frequent} - seen_in)
        keys = [k for k, c in inside.items() if c >= need and outside[k] == 0 and k not in used]
        if len(keys) < opts.sequence_min:
            continue
        keys.sort(key=lambda k: sorted(position[k])[len(position[k]) // 2])
        if kind == "footer":
            keys.reverse()
        lines_out = [example[k] for k in keys]
        seen = _Seen(pages=min(inside[k] for k in keys), examples=lines_out[:2])
        rules.append(Rule(id=rule_id(kind, lines_out), kind=kind, pattern=lines_out, pages=seen.pages,
                          of_pages=len(texts), examples=[" | ".join(lines_out[:4]), " | ".join(lines_out[-4:])]))
        used.update(keys)
    return rules, used


def _edge_region(lines: list[tuple[str, str]], frequent: set[str], limit: int) -> int:
    """How many lines from the start belong to the page's edge: up to three rare lines in a row."""
    rare = 0
    end = 0
    for pos, (key, _) in enumerate(lines[:limit]):
        if not key:
            break
        if key in frequent:
            rare = 0
            end = pos + 1
        else:
            rare += 1
            if rare >= 3:
                break
    return end


def _templates(tokens: list[str], side: int) -> list[tuple[str, str]]:
    """(template, filler) for every way of making one run of tokens variable (at most ``side`` fixed words each side)."""
    n = len(tokens)
    out = []
    for i in range(min(n, side + 1)):  # tokens[:i] fixed, then a variable run, then tokens[j:] fixed
        for j in range(max(i + 1, n - side), n + 1):
            if i == 0 and j == n:
                continue
            out.append((" ".join(tokens[:i] + ["{*}"] + tokens[j:]), " ".join(tokens[i:j])))
    return out


def _patterns(
    texts: list[PageLines], claimed: set[str], norm_of: dict[str, str], need: int, n: int, opts: MineOptions
) -> list[Rule]:
    """Lines with a fixed part and a variable part ("Publié dans {*} le {n} - {n} - {n}")."""
    cache: dict[str, list[tuple[str, str]]] = {}
    seen: dict[str, _Seen] = {}
    for i, pl in enumerate(texts):
        for key, line in pl.lines:
            if not key or key in claimed:
                continue
            temps = cache.get(key)
            if temps is None:
                nk = norm_of.get(key) or normalise(key)
                tokens = nk.split()
                temps = cache[key] = _templates(tokens, opts.pattern_side) if 2 <= len(tokens) <= opts.pattern_words else []
            for template, filler in temps:
                s = seen.get(template)
                if s is None:
                    s = seen[template] = _Seen()
                s.add(i, line, filler)
    candidates = []
    for template, s in seen.items():
        if s.pages < max(need, opts.pattern_min_pages) or len(s.variants) < 2:
            continue
        fixed = template.replace("{*}", "").replace("{n}", "").replace("{month}", "")
        letters = len(_LETTER.findall(fixed))
        words = [w for w in fixed.split() if _LETTER.search(w)]
        if letters < opts.pattern_letters or (len(words) < 2 and not _SEPARATOR.search(fixed)):
            continue
        candidates.append((template, s, letters))
    # the most specific template first; a template adds nothing when a chosen one covers its lines
    candidates.sort(key=lambda c: (-c[1].pages, -c[2], c[0]))
    chosen: list[Rule] = []
    covered: list[re.Pattern[str]] = []
    for template, s, _ in candidates:
        if any(rx.fullmatch(e.casefold()) for e in s.examples for rx in covered):
            continue
        rule = _rule("pattern", _readable(template, s.examples[0]), s, n)
        rx = compile_template(rule.pattern)  # type: ignore[arg-type]
        if not all(rx.fullmatch(e) for e in s.examples):
            continue
        chosen.append(rule)
        covered.append(rx)
    return chosen


def _readable(template: str, example: str) -> str:
    """The template with its fixed words spelt as in an example line (case, accents), braces escaped."""
    ex = example.split()
    parts = template.split()
    if "{*}" not in parts:
        return template
    v = parts.index("{*}")
    head, tail = parts[:v], parts[v + 1 :]
    if len(ex) < len(head) + len(tail) + 1:
        return template
    spelt = []
    for t, word in zip(head, ex[: len(head)]):
        spelt.append(_spell(t, word))
    spelt.append("{*}")
    for t, word in zip(tail, ex[len(ex) - len(tail) :] if tail else []):
        spelt.append(_spell(t, word))
    return " ".join(spelt)


def _spell(token: str, word: str) -> str:
    """The example's spelling of a fixed token when it is the same word, else the token."""
    if "{" in token:
        return token
    return word.replace("{", "{{").replace("}", "}}") if collapse(word) == token else token
