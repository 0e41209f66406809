"""A data-driven cleaner: remove the lines a rules file describes (a site's learned furniture).

A rules file is TOML (see ``cleankit learn-site``)::

    [site]
    name = "lagazette"
    hosts = ["lagazette.az"]      # when a document's URL is known, only these hosts are cleaned
    apply_share = 0.5             # else: this share of the active rules (at least 2) must match

    [[rule]]
    id = "e3a1f0"
    kind = "exact"                # exact | normalised | pattern | header | footer
    pattern = "Lagazette"
    pages = 3                     # pages it was seen on, of `of_pages`
    examples = ["Lagazette", "Lagazette"]
    metadata = { site = "Lagazette" }

Kinds: ``exact`` a whole line (case and spacing ignored); ``normalised`` a line after
:func:`normalise` (numbers as ``{n}``, month names next to a number as ``{month}``);
``pattern`` a line with variable parts (``{*}`` any text, ``{n}``, ``{month}``, and
``{dateline}``/``{source}``/... which also set that metadata key); ``header``/``footer`` a
sequence of lines (``pattern`` is the list) that opens or closes the site's pages: when at
least half of them are on a page, each is removed. A rule with ``disabled = true`` removes
nothing and does not count as a fingerprint; ``review = true`` only asks a person to check it.
"""
from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Iterable, Mapping

from .cleaner import Change, Cleaner, Outcome
from .dates import MONTHS
from .document import METADATA_KEYS, DocumentView
from .errors import ConfigError
from .sites import host_matches

KINDS: tuple[str, ...] = ("exact", "normalised", "pattern", "header", "footer")
#: Lines longer than this are never furniture: skipped when matching (keeps matching cheap).
MAX_LINE = 400
DEFAULT_APPLY_SHARE = 0.5

_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
_MONTH_NAMES = "|".join(sorted((re.escape(m) for m in MONTHS if len(m) >= 3), key=len, reverse=True))
# A month name only counts next to a number ("15 octobre", "may 3"): "mar", "set" and
# "out" are ordinary words elsewhere.
_MONTH_NEAR_NUMBER = re.compile(
    rf"(?<=\{{n\}})([ .,/-]{{1,2}})(?:{_MONTH_NAMES})\b\.?|\b(?:{_MONTH_NAMES})\b\.?(?=[ ,/-]{{1,2}}\{{n\}})"
)


def collapse(line: str) -> str:
    """The line with its spacing collapsed and case folded: the key of ``exact`` rules."""
    return " ".join(line.split()).casefold()


def normalise(line: str) -> str:
    """The key of ``normalised`` rules: :func:`collapse`, numbers as ``{n}``, months as ``{month}``."""
    s = collapse(line).replace("{", "(").replace("}", ")")
    if not any(c.isdigit() for c in s):
        return s
    s = _DIGITS.sub("{n}", s)
    return _MONTH_NEAR_NUMBER.sub(lambda m: (m.group(1) or "") + "{month}", s)


def normalise_pattern(pattern: str) -> str:
    """The key of a ``normalised`` rule's pattern: its ``{n}``/``{month}`` kept, the rest normalised."""
    s = collapse(pattern).replace("{n}", "\x00").replace("{month}", "\x01")
    s = normalise(s).replace("\x00", "{n}").replace("\x01", "{month}")
    return _MONTH_NEAR_NUMBER.sub(lambda m: (m.group(1) or "") + "{month}", s)


# -- pattern templates ---------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([a-z*]+)\}")
_VARIABLE = {
    "*": r".{1,120}?",
    "n": r"\d+",
    "month": rf"(?:{_MONTH_NAMES})\.?",
    # a place: one to four capitalised words
    "dateline": r"[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:[ -][A-ZÀ-ÖØ-Þ][\w'’.-]*){0,3}",
}
_SHORT_VALUE = r"[^\n/|]{2,60}?"


def compile_template(template: str) -> re.Pattern[str]:
    """Compile a pattern rule's template to a whole-line regex (literal parts ignore case and spacing).

    Placeholders: ``{*}`` any text, ``{n}`` a number, ``{month}`` a month name, and a metadata
    key (``{dateline}``, ``{source}``, ``{site}``, ...) captured under its name. ``{{`` is a brace.
    """
    parts: list[str] = []
    pos = 0
    used: set[str] = set()
    text = template.replace("{{", "\x00").replace("}}", "\x01")
    for m in _PLACEHOLDER.finditer(text):
        parts.append(_literal(text[pos : m.start()]))
        key = m.group(1)
        if key in _VARIABLE and key not in METADATA_KEYS:
            parts.append(_VARIABLE[key])
        elif key in METADATA_KEYS and key not in used:
            used.add(key)
            parts.append(f"(?P<{key}>{_VARIABLE.get(key, _SHORT_VALUE)})")
        else:
            raise ConfigError(f"pattern {template!r}: unknown or repeated placeholder {{{key}}}")
        pos = m.end()
    parts.append(_literal(text[pos:]))
    if not any("(?i:" in p for p in parts):
        raise ConfigError(f"pattern {template!r} has no fixed text: it would match any line")
    return re.compile("".join(parts))


def _literal(chunk: str) -> str:
    chunk = chunk.replace("\x00", "{").replace("\x01", "}")
    if not chunk:
        return ""
    if not chunk.strip():
        return r"\s+"
    body = r"\s+".join(re.escape(w) for w in chunk.split())
    lead = r"\s*" if chunk[0].isspace() else ""
    tail = r"\s*" if chunk[-1].isspace() else ""
    return f"{lead}(?i:{body}){tail}"


def _longest_literal(template: str) -> str:
    """The longest fixed word run of a template, lower case: a cheap pre-test before the regex."""
    chunks = _PLACEHOLDER.split(template)[::2]
    words = max((c.strip() for c in chunks), key=len, default="")
    return collapse(words)


# -- rules -----------------------------------------------------------------------------------


@dataclass
class Rule:
    """One learned (or hand-written) rule of a rules file."""

    id: str
    kind: str
    pattern: str | list[str]
    pages: int = 0
    of_pages: int = 0
    examples: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    review: bool = False
    disabled: bool = False
    note: str = ""
    #: Anything else the file holds for this rule, written back unchanged.
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        """Does the rule remove lines (not disabled)?"""
        return not self.disabled

    def key(self) -> str:
        """What makes two rules the same: kind and pattern."""
        pat = "\n".join(self.pattern) if isinstance(self.pattern, list) else self.pattern
        return f"{self.kind}:{pat}"


_RULE_FIELDS = ("id", "kind", "pattern", "pages", "of_pages", "examples", "metadata", "review", "disabled", "note")


def rule_from_dict(data: Mapping[str, Any], where: str) -> Rule:
    """A Rule from one ``[[rule]]`` table, or ConfigError naming ``where``."""
    kind = data.get("kind")
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    pattern = data.get("pattern")
    if kind in ("header", "footer"):
        if not (isinstance(pattern, list) and pattern and all(isinstance(p, str) for p in pattern)):
            raise ConfigError(f"{where}: a {kind} rule's pattern is a list of lines")
    elif not (isinstance(pattern, str) and pattern.strip()):
        raise ConfigError(f"{where}: pattern must be a non-empty string")
    meta = data.get("metadata", {})
    if not isinstance(meta, dict) or not all(k in METADATA_KEYS and isinstance(v, str) for k, v in meta.items()):
        raise ConfigError(f"{where}: metadata must map metadata keys ({', '.join(METADATA_KEYS)}) to strings")
    rule = Rule(
        id=str(data.get("id", "")),
        kind=kind,
        pattern=pattern,
        pages=int(data.get("pages", 0)),
        of_pages=int(data.get("of_pages", 0)),
        examples=[str(e) for e in data.get("examples", [])],
        metadata=dict(meta),
        review=bool(data.get("review", False)),
        disabled=bool(data.get("disabled", False)),
        note=str(data.get("note", "")),
        extra={k: v for k, v in data.items() if k not in _RULE_FIELDS},
    )
    if kind == "pattern":
        try:
            compile_template(rule.pattern)  # type: ignore[arg-type]
        except (ConfigError, re.error) as exc:
            raise ConfigError(f"{where}: {exc}") from exc
    return rule


@dataclass
class RuleSet:
    """A site's rules and settings, as read from a rules file."""

    name: str = ""
    hosts: list[str] = field(default_factory=list)
    apply_share: float = DEFAULT_APPLY_SHARE
    rules: list[Rule] = field(default_factory=list)
    #: Ids of rules the user deleted: re-learning never adds them again.
    deleted: list[str] = field(default_factory=list)
    #: Ids the learner wrote last time (a learned id missing from ``rules`` was deleted).
    learned: list[str] = field(default_factory=list)
    site_extra: dict[str, Any] = field(default_factory=dict)

    @property
    def active(self) -> list[Rule]:
        """The rules that remove lines."""
        return [r for r in self.rules if r.active]


def parse_rules(data: Mapping[str, Any], where: str = "rules") -> RuleSet:
    """A RuleSet from the parsed TOML of a rules file."""
    site = data.get("site", {})
    if not isinstance(site, dict):
        raise ConfigError(f"{where}: [site] must be a table")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise ConfigError(f"{where}: rules are [[rule]] tables")
    rules = [rule_from_dict(r, f"{where}: rule {i + 1} ({r.get('id', '?')})") for i, r in enumerate(raw_rules)]
    share = site.get("apply_share", DEFAULT_APPLY_SHARE)
    if not isinstance(share, (int, float)) or not 0 < share <= 1:
        raise ConfigError(f"{where}: site.apply_share must be a number in (0, 1]")
    known = {"name", "hosts", "apply_share", "deleted", "learned"}
    return RuleSet(
        name=str(site.get("name", "")),
        hosts=[str(h) for h in site.get("hosts", [])],
        apply_share=float(share),
        rules=rules,
        deleted=[str(d) for d in site.get("deleted", [])],
        learned=[str(d) for d in site.get("learned", [])],
        site_extra={k: v for k, v in site.items() if k not in known},
    )


def load_rules(path: str | Path) -> RuleSet:
    """Read a rules file; errors name the file and the rule."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read the rules file: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: not valid TOML: {exc}") from exc
    return parse_rules(data, str(p))


# -- matching --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineMatch:
    """A line a rule matched: its span (newline included) and the metadata it gives."""

    start: int
    end: int
    rule: Rule
    metadata: Mapping[str, str]


class CompiledRules:
    """A RuleSet ready to match: lookup tables for whole-line kinds, regexes for patterns."""

    def __init__(self, ruleset: RuleSet, *, include_inactive: bool = False) -> None:
        self.ruleset = ruleset
        rules = ruleset.rules if include_inactive else ruleset.active
        self.rules = rules
        self.exact: dict[str, Rule] = {}
        self.normalised: dict[str, Rule] = {}
        self.sequences: list[tuple[Rule, frozenset[str]]] = []
        self.patterns: list[tuple[Rule, str, re.Pattern[str]]] = []
        self.sequence_lines: dict[str, list[int]] = {}
        for rule in rules:
            if rule.kind == "exact":
                self.exact.setdefault(collapse(rule.pattern), rule)  # type: ignore[arg-type]
            elif rule.kind == "normalised":
                self.normalised.setdefault(normalise_pattern(rule.pattern), rule)  # type: ignore[arg-type]
            elif rule.kind == "pattern":
                self.patterns.append((rule, _longest_literal(rule.pattern), compile_template(rule.pattern)))  # type: ignore[arg-type]
            else:
                lines = frozenset(collapse(p) for p in rule.pattern)
                for key in lines:
                    self.sequence_lines.setdefault(key, []).append(len(self.sequences))
                self.sequences.append((rule, lines))
        self._needs_norm = bool(self.normalised)
        self.anchors = [_anchor(rule) for rule in rules]

    def could_fire(self, text: str) -> int:
        """How many rules might match ``text`` (an upper bound from one substring test per rule).

        Each rule has an anchor, its longest fixed word (case folded): a page without it
        cannot match the rule, so most other sites' pages are ruled out without a line scan.
        """
        folded = text.casefold()
        return sum(1 for a in self.anchors if not a or a in folded)

    def _line_rule(self, line: str) -> tuple[Rule, Mapping[str, str]] | None:
        key = collapse(line)
        rule = self.exact.get(key)
        if rule is not None:
            return rule, rule.metadata
        if self._needs_norm:
            rule = self.normalised.get(normalise(line))
            if rule is not None:
                return rule, rule.metadata
        for rule, literal, rx in self.patterns:
            if literal in key:
                m = rx.fullmatch(line.strip())
                if m:
                    meta = dict(rule.metadata)
                    meta.update({k: " ".join(v.split()) for k, v in m.groupdict().items() if v and v.strip()})
                    return rule, meta
        return None

    def scan(self, text: str) -> tuple[list[LineMatch], set[str]]:
        """Every line a single-line rule matches, plus candidate matches of sequence rules.

        Returns the matches (in text order) and the ids of the rules that fired.
        """
        found: list[LineMatch] = []
        fired: set[str] = set()
        seq_hits: list[set[str]] = [set() for _ in self.sequences]
        seq_spans: list[tuple[int, int, int]] = []
        pos = 0
        n = len(text)
        while pos < n:
            nl = text.find("\n", pos)
            end = n if nl < 0 else nl + 1
            line = text[pos : end - 1 if nl >= 0 else end]
            if line.strip() and len(line) <= MAX_LINE:
                hit = self._line_rule(line)
                if hit is not None:
                    found.append(LineMatch(pos, end, hit[0], hit[1]))
                    fired.add(hit[0].id)
                elif self.sequences:
                    key = collapse(line)
                    for idx in self.sequence_lines.get(key, ()):
                        seq_hits[idx].add(key)
                        seq_spans.append((pos, end, idx))
            pos = end
        for idx, (rule, lines) in enumerate(self.sequences):
            if len(seq_hits[idx]) * 2 >= len(lines) and len(seq_hits[idx]) >= 1:
                fired.add(rule.id)
        if seq_spans:
            chosen = {self.sequences[i][0].id for i in range(len(self.sequences)) if self.sequences[i][0].id in fired}
            for start, end, idx in seq_spans:
                rule = self.sequences[idx][0]
                if rule.id in chosen:
                    found.append(LineMatch(start, end, rule, rule.metadata))
            found.sort(key=lambda m: m.start)
        return found, fired

    def read_by_chain(self, metadata: Mapping[str, Any]) -> set[str]:
        """Ids of pattern rules whose metadata the chain has already read (their line is gone).

        A "{dateline} / {source}" rule counts towards the fingerprint when ``metadata`` holds
        a dateline and source that, put into the template, match it: an earlier cleaner read
        and removed the very line.
        """
        ids: set[str] = set()
        for rule, _, rx in self.patterns:
            keys = set(rx.groupindex)
            if not keys or rx.pattern.count("(?P<") != len(keys) or "{*}" in rule.pattern or "{n}" in rule.pattern:
                continue
            values = {k: metadata.get(k) for k in keys}
            if not all(isinstance(v, str) and v for v in values.values()):
                continue
            rendered = str(rule.pattern).replace("{{", "\x00").replace("}}", "\x01")
            for k, v in values.items():
                rendered = rendered.replace("{" + k + "}", str(v))
            if "{" in rendered:
                continue
            if rx.fullmatch(rendered.replace("\x00", "{").replace("\x01", "}")):
                ids.add(rule.id)
        return ids

    def fingerprint_needed(self) -> int:
        """How many distinct rules must match a page with no known URL: the share, and at least 2."""
        return max(2, math.ceil(self.ruleset.apply_share * len(self.rules)))


_WORDS = re.compile(r"[^\s{}]+")


def _anchor(rule: Rule) -> str:
    """The longest word every line the rule matches contains (case folded), or "" when there is none."""
    if rule.kind in ("header", "footer"):
        return ""  # any of its lines may be the ones present
    text = str(rule.pattern)
    if rule.kind == "pattern":
        text = " ".join(_PLACEHOLDER.split(text)[::2]).replace("{{", "{").replace("}}", "}")
    elif rule.kind == "normalised":
        text = text.replace("{n}", " ").replace("{month}", " ")
    words = [w for w in _WORDS.findall(collapse(text)) if not any(c.isdigit() for c in w) or rule.kind == "exact"]
    return max(words, key=len, default="")


# -- the cleaner -------------------------------------------------------------------------------

_CACHE: dict[tuple[str, float], RuleSet] = {}


def cached_rules(path: str | Path) -> RuleSet:
    """:func:`load_rules`, cached by path and modification time."""
    p = Path(path)
    try:
        stamp = p.stat().st_mtime
    except OSError:
        stamp = -1.0
    key = (str(p.resolve()), stamp)
    if key not in _CACHE:
        _CACHE[key] = load_rules(p)
    return _CACHE[key]


class RulesCleaner(Cleaner):
    """Remove the lines a rules file describes, on the pages of its site only.

    The URL decides when it is known and hosts are set (``hosts`` option, else the file's
    ``[site] hosts``); otherwise the page must carry the site's fingerprint: enough of the
    active rules match it (``[site] apply_share`` of them, at least two). Subclasses set
    ``rules_file``; :func:`rules_cleaner` makes one.
    """

    name = "rules"
    order = 440  # after title (300) and byline (350): date and byline lines are read first
    phase: ClassVar[str] = "remove"
    enabled_by_default = False  # the generic class needs a rules file; site subclasses turn it on
    rules_file: ClassVar[str | Path | None] = None
    reasons = {
        "exact": "a line the site prints on most pages (learned rule)",
        "normalised": "a line the site prints on most pages, numbers and dates aside (learned rule)",
        "pattern": "a site line with a variable part (learned rule)",
        "header": "a line of the site's page header sequence (learned rule)",
        "footer": "a line of the site's page footer sequence (learned rule)",
    }
    defaults: ClassVar[Mapping[str, Any]] = {"hosts": [], "rules_file": ""}

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        path = self.options["rules_file"] or self.rules_file
        if not path:
            raise ConfigError(f"cleaner {self.name!r} needs a rules file (option rules_file)")
        self.compiled = CompiledRules(cached_rules(path))

    @property
    def hosts(self) -> list[str]:
        """The hosts that decide when a URL is known."""
        return list(self.options["hosts"]) or self.compiled.ruleset.hosts

    def matches(self, doc: DocumentView) -> list[LineMatch]:
        """The lines to remove from ``doc`` (empty when the page is not the site's)."""
        compiled = self.compiled
        if not compiled.rules:
            return []
        hosts = self.hosts
        if doc.origin.url and hosts:
            if not host_matches(doc.origin.url, hosts):
                return []
            found, _ = compiled.scan(doc.text)
            return found
        needed = compiled.fingerprint_needed()
        by_chain = compiled.read_by_chain(doc.metadata)
        if compiled.could_fire(doc.text) + len(by_chain) < needed:
            return []
        found, fired = compiled.scan(doc.text)
        if not found:
            return []
        fired |= by_chain
        return found if len(fired) >= compiled.fingerprint_needed() else []

    def clean(self, doc: DocumentView) -> Outcome:
        found = self.matches(doc)
        if not found:
            return Outcome()
        meta: dict[str, Any] = {}
        changes = []
        for m in found:
            changes.append(Change(m.start, m.end, m.rule.kind))
            for key, value in m.metadata.items():
                meta.setdefault(key, value)
        keep = {k: v for k, v in meta.items() if not doc.metadata.get(k) and k != "authors"}
        if "authors" in meta and not doc.metadata.get("authors"):
            keep["authors"] = [meta["authors"]]
        return Outcome(changes=changes, metadata=keep)


def rules_cleaner(name: str, rules_file: str | Path, *, order: int = 440, doc: str | None = None) -> type[RulesCleaner]:
    """A RulesCleaner subclass named ``name`` reading ``rules_file`` (enabled by default)."""
    attrs = {
        "name": name,
        "order": order,
        "rules_file": rules_file,
        "enabled_by_default": True,
        "__doc__": doc or f"Remove the {name} site's learned furniture lines ({Path(rules_file).name}).",
    }
    return type("".join(p.capitalize() for p in name.split("_")) + "Rules", (RulesCleaner,), attrs)


def iter_lines(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end including newline, line) for every line of ``text``."""
    pos, n = 0, len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl + 1
        yield pos, end, text[pos : end - 1 if nl >= 0 else end]
        pos = end
