"""Keep article text and what the generic chain already does out of the learned rules.

Two filters: a recurring line that reads like content (a long sentence, a shared quote) is
marked ``review = true`` (it removes nothing until a person clears the flag), and a line the
built-in chain already removes on every sample page where it occurs is left out. The chain's
own readings are also a source: a "Place / Outlet" dateline it read on most pages becomes a
pattern that reads variants it misses.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from ..cleaners.boilerplate import LANGS, stopwords
from ..document import Origin, Result
from ..errors import ConfigError
from ..rules import CompiledRules, Rule, RuleSet, collapse, compile_template
from .mine import MineOptions, rule_id
from .pages import Page

_SENTENCE_END = re.compile(r"[.!?…»\"”)]\s*\Z")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True)
class FilterOptions:
    """Thresholds of the filters."""

    #: A recurring line of at least this many words that reads like a sentence is marked for review.
    review_words: int = 10
    #: Share of function words above which a line reads like prose.
    prose_share: float = 0.3
    #: A content-like line is learned (marked ``review = true``) only when seen on this share of the pages...
    sentence_share: float = 0.8
    #: ...and on at least this many pages; otherwise it is left out.
    sentence_min_pages: int = 5
    #: How many pages (spread over the input) the built-in chain is run on.
    check_pages: int = 40


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    words: set[str] = set()
    for lang in LANGS:
        words |= stopwords(lang)
    return frozenset(words)


def content_like(line: str, opts: FilterOptions = FilterOptions()) -> bool:
    """Does a line read like article text: long, and ending like a sentence or full of function words?"""
    words = _WORD.findall(line)
    if len(words) < opts.review_words:
        return False
    fw = _function_words()
    share = sum(w.casefold() in fw for w in words) / len(words)
    return bool(_SENTENCE_END.search(line)) or share >= opts.prose_share


def mark_content(rules: list[Rule], opts: FilterOptions = FilterOptions()) -> tuple[list[Rule], list[Rule]]:
    """Split ``rules`` into (kept, left out as article text); content-like rules kept are marked ``review``.

    A line that reads like content is learned only when it is on nearly every page (a quote
    several articles share is not); it is then marked ``review = true`` for a person to check.
    """
    keep: list[Rule] = []
    out: list[Rule] = []
    for rule in rules:
        need = max(opts.sentence_min_pages, math.ceil(opts.sentence_share * rule.of_pages - 1e-9))
        if isinstance(rule.pattern, list):
            prose = [line for line in rule.pattern if content_like(line, opts)]
            if prose and rule.pages >= need:
                rule.review = True
                rule.note = "some lines read like article text but are on nearly every page: check them"
            elif prose:
                rule.pattern = [line for line in rule.pattern if line not in prose]
                out.extend(
                    Rule(id=rule_id("exact", line), kind="exact", pattern=line, pages=rule.pages,
                         of_pages=rule.of_pages, examples=[line], note="reads like article text")
                    for line in prose
                )
                if len(rule.pattern) < 2:
                    rule.note = "its other lines read like article text"
                    out.append(rule)
                    continue
            keep.append(rule)
            continue
        if not any(content_like(e, opts) for e in rule.examples):
            keep.append(rule)
            continue
        if rule.pages >= need:
            rule.review = True
            rule.note = "reads like article text but is on nearly every page: check it"
            keep.append(rule)
        else:
            rule.note = "reads like article text"
            out.append(rule)
    return keep, out


@dataclass
class ChainCheck:
    """What the built-in chain did to a sample of the pages."""

    sample: list[int]
    results: list[Result]
    kept: list[set[str]] = field(default_factory=list)


def _spread(n: int, k: int) -> list[int]:
    if n <= k:
        return list(range(n))
    return sorted({round(i * (n - 1) / (k - 1)) for i in range(k)})


def run_chain(pages: list[Page], opts: FilterOptions = FilterOptions()) -> ChainCheck:
    """Run the built-in cleaners (no site plugin) over a spread sample of ``pages``."""
    from .. import cleaners as builtin_plugin
    from ..runner import Pipeline

    pipeline = Pipeline.build(entry_points=False, plugins=[builtin_plugin], on_error="skip")
    sample = _spread(len(pages), opts.check_pages)
    results = [pipeline.run(pages[i].text, Origin(path=pages[i].source, url=pages[i].url)) for i in sample]
    kept = [{collapse(line) for line in r.text.split("\n") if line.strip()} for r in results]
    return ChainCheck(sample, results, kept)


def drop_chain_removed(rules: list[Rule], pages: list[Page], check: ChainCheck) -> tuple[list[Rule], list[Rule]]:
    """Split ``rules`` into (kept, left out because the built-in chain already removes them).

    A rule is left out when every line it matches on the sample pages is gone from the
    chain's output there. Header and footer rules are thinned line by line: a line the chain
    always removes leaves the sequence (and a sequence of fewer than two lines is dropped).
    Removing lines the chain would remove anyway is not only useless: run before the
    layout-based cleaners (boilerplate, navigation), it takes away the context they judge by.
    """
    compiled = CompiledRules(RuleSet(rules=rules), include_inactive=True)
    matched: dict[str, int] = {}
    survived: dict[str, int] = {}
    seq_survivors: dict[str, set[str]] = {}
    for i, kept in zip(check.sample, check.kept):
        text = pages[i].text
        found, _ = compiled.scan(text)
        for m in found:
            rid = m.rule.id
            matched[rid] = matched.get(rid, 0) + 1
            key = collapse(text[m.start : m.end])
            if key in kept:
                survived[rid] = survived.get(rid, 0) + 1
                if m.rule.kind in ("header", "footer"):
                    seq_survivors.setdefault(rid, set()).add(key)
    keep: list[Rule] = []
    out: list[Rule] = []
    for rule in rules:
        if rule.kind in ("header", "footer") and isinstance(rule.pattern, list) and rule.id in seq_survivors:
            lines = [p for p in rule.pattern if collapse(p) in seq_survivors[rule.id]]
            out.extend(
                Rule(id=rule_id("exact", p), kind="exact", pattern=p, pages=rule.pages, of_pages=rule.of_pages,
                     examples=[p], note=f"the built-in chain already removes it (a line of the {rule.kind})")
                for p in rule.pattern if p not in lines
            )
            if len(lines) < 2:
                rule.note = "the built-in chain already removes the other lines of this sequence"
                out.append(rule)
                for line in lines:  # what survives the chain stays a rule of its own
                    keep.append(Rule(id=rule_id("exact", line), kind="exact", pattern=line, pages=rule.pages,
                                     of_pages=rule.of_pages, examples=[line]))
                continue
            if len(lines) < len(rule.pattern):
                rule.note = f"{len(rule.pattern) - len(lines)} lines the built-in chain removes were left out"
                rule.pattern = lines
                rule.examples = [" | ".join(lines[:4]), " | ".join(lines[-4:])]
        if rule.metadata or not matched.get(rule.id) or survived.get(rule.id):
            keep.append(rule)
        else:
            rule.note = "the built-in chain already removes it"
            out.append(rule)
    return keep, out


_CHAIN_KEYS = ("dateline", "source")


def chain_patterns(check: ChainCheck, pages: list[Page], opts: MineOptions) -> list[Rule]:
    """Dateline lines the chain read, as patterns that set the same metadata ("{dateline} / {source}").

    A template comes from one reading of the chain; it is learned when it matches a line on
    enough of the pages (so it also covers variants the chain did not read, "Paris / Lagazetteaz").
    """
    readings: dict[str, str] = {}
    for result in check.results:
        meta = result.metadata
        for edit in result.edits:
            if edit.reason != "dateline":
                continue
            line = " ".join(edit.removed.split())
            template = line.replace("{", "{{").replace("}", "}}")
            for key in _CHAIN_KEYS:
                value = meta.get(key)
                if isinstance(value, str) and value and value in template:
                    template = template.replace(value, "{" + key + "}", 1)
            if "{" in template.replace("{{", ""):
                readings.setdefault(template, line)
            break
    need = opts.needed(len(pages))
    rules = []
    for template, reading in readings.items():
        try:
            rx = compile_template(template)
        except ConfigError:
            continue
        examples: list[str] = []
        support = 0
        for page in pages:
            hit = next((s for s in (line.strip() for line in page.text.split("\n")) if s and len(s) <= 120 and rx.fullmatch(s)), None)
            if hit is not None:
                support += 1
                if len(examples) < 2 and hit not in examples:
                    examples.append(hit)
        if support < need:
            continue
        keys = [k for k in _CHAIN_KEYS if "{" + k + "}" in template]
        rules.append(
            Rule(
                id=rule_id("pattern", template), kind="pattern", pattern=template, pages=support,
                of_pages=len(pages), examples=examples or [reading],
                note=f"the built-in chain read {reading!r} as a dateline; the rule reads variants it misses "
                     f"({', '.join(keys)})",
            )
        )
    return rules


def covered_by(rules: list[Rule], patterns: list[Rule]) -> tuple[list[Rule], list[Rule]]:
    """Split ``rules`` into (kept, made redundant by ``patterns``: every example matches one of them)."""
    compiled = [compile_template(p.pattern) for p in patterns if isinstance(p.pattern, str)]
    keep: list[Rule] = []
    out: list[Rule] = []
    for rule in rules:
        if rule.kind in ("exact", "pattern") and not rule.metadata and rule.examples and all(
            any(rx.fullmatch(e) for rx in compiled) for e in rule.examples
        ):
            rule.note = "covered by a dateline pattern"
            out.append(rule)
        else:
            keep.append(rule)
    return keep, out
