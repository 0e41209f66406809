"""Learn a site's rules from its pages: mine, filter, and measure what each rule removes."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..rules import CompiledRules, Rule, RuleSet, collapse
from ..sites import host_matches
from .filters import ChainCheck, FilterOptions, chain_patterns, covered_by, drop_chain_removed, mark_content, run_chain
from .mine import MineOptions, mine
from .pages import Page

#: At most this many hosts are written to the rules file.
MAX_HOSTS = 20


@dataclass
class RuleEffect:
    """What one rule removes on the learning pages."""

    lines: int = 0
    pages: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass
class Learned:
    """The outcome of learning: the rule set, the candidates left out, and each rule's effect."""

    ruleset: RuleSet
    left_out: list[Rule]
    effects: dict[str, RuleEffect]
    pages: int
    applies_to: int
    chain: ChainCheck | None = None


def hosts_of(pages: list[Page]) -> list[str]:
    """The hosts of the pages' URLs (without ``www.``), most frequent first."""
    counts: Counter[str] = Counter()
    for p in pages:
        if p.url:
            host = (urlsplit(p.url if "//" in p.url else "//" + p.url).hostname or "").lower()
            if host:
                counts[host[4:] if host.startswith("www.") else host] += 1
    return [h for h, _ in counts.most_common(MAX_HOSTS)]


def learn_site(
    pages: list[Page],
    name: str,
    *,
    hosts: list[str] | None = None,
    mine_options: MineOptions = MineOptions(),
    filter_options: FilterOptions = FilterOptions(),
    use_chain: bool = True,
) -> Learned:
    """Learn the rules of one site from ``pages`` (at least two)."""
    host_list = hosts if hosts is not None else hosts_of(pages)
    candidates = mine(pages, mine_options, [name, *host_list])
    candidates, left_out = mark_content(candidates, filter_options)
    check = None
    if use_chain:
        check = run_chain(pages, filter_options)
        candidates, removed = drop_chain_removed(candidates, pages, check)
        left_out += removed
        have = {r.key() for r in candidates}
        datelines = [r for r in chain_patterns(check, pages, mine_options) if r.key() not in have]
        candidates, covered = covered_by(candidates, datelines)
        left_out += covered
        candidates.extend(datelines)
    ruleset = RuleSet(
        name=name,
        hosts=host_list,
        rules=candidates,
        learned=[r.id for r in candidates],
    )
    effects, applies = measure(ruleset, pages)
    return Learned(ruleset, left_out, effects, len(pages), applies, check)


def measure(ruleset: RuleSet, pages: list[Page]) -> tuple[dict[str, RuleEffect], int]:
    """What each rule removes on ``pages`` (review rules: what they would remove) and how many pages the set applies to.

    A page counts when the cleaner would apply to it: its URL's host is one of the hosts, or
    with no URL, enough rules match (the fingerprint).
    """
    compiled = CompiledRules(ruleset, include_inactive=True)
    active = CompiledRules(ruleset)
    effects: dict[str, RuleEffect] = {r.id: RuleEffect() for r in ruleset.rules}
    applies = 0
    for page in pages:
        if page.url and ruleset.hosts:
            ok = host_matches(page.url, ruleset.hosts)
        else:
            _, fired = active.scan(page.text)
            ok = bool(active.rules) and len(fired) >= active.fingerprint_needed()
        if not ok:
            continue
        applies += 1
        found, _ = compiled.scan(page.text)
        touched: set[str] = set()
        for m in found:
            eff = effects[m.rule.id]
            eff.lines += 1
            if m.rule.id not in touched:
                touched.add(m.rule.id)
                eff.pages += 1
            line = page.text[m.start : m.end].strip()
            if len(eff.examples) < 3 and line not in eff.examples:
                eff.examples.append(line)
    return effects, applies


def matched_ids(ruleset: RuleSet, pages: list[Page]) -> set[str]:
    """Ids of the rules (active or not) that match a line of at least one page."""
    compiled = CompiledRules(ruleset, include_inactive=True)
    ids: set[str] = set()
    for page in pages:
        found, fired = compiled.scan(page.text)
        ids |= {m.rule.id for m in found}
    return ids


def describe(rule: Rule, width: int = 70) -> str:
    """A one-line view of a rule's pattern."""
    pat = " | ".join(rule.pattern) if isinstance(rule.pattern, list) else rule.pattern
    return pat if len(pat) <= width else pat[: width - 1] + "…"


__all__ = ["Learned", "RuleEffect", "collapse", "describe", "hosts_of", "learn_site", "matched_ids", "measure"]
