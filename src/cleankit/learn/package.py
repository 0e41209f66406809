"""Write (or update) the plugin package of a learned site: rules as data, samples, tests, README."""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..io.output import write_atomic
from ..rules import RuleSet, load_rules, rules_cleaner
from ..scaffold import check_name, plugin_files
from .pages import Page
from .rulesfile import MergeReport, dump_rules, merge
from .site import Learned, describe, matched_ids, measure

TEMPLATE = "learned"
#: How many pages become golden samples.
DEFAULT_SAMPLES = 3
_STEM = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class PackageReport:
    """What writing the package did."""

    target: Path
    created: bool
    ruleset: RuleSet
    merge: MergeReport | None = None
    samples: list[str] = field(default_factory=list)


def package_dir(dest: str | Path, name: str) -> Path:
    """The package folder for plugin ``name`` under ``dest``: ``cleankit-NAME``."""
    return Path(dest) / f"cleankit-{check_name(name).replace('_', '-')}"


def rules_path(target: Path, name: str) -> Path:
    """Where the package keeps its rules file."""
    return target / "src" / f"cleankit_{check_name(name)}" / "rules.toml"


def rules_table(ruleset: RuleSet, pages: list[Page] | None = None) -> str:
    """A Markdown table of the rules (with what each removes on ``pages`` when given)."""
    effects = measure(ruleset, pages)[0] if pages else {}
    rows = ["| id | kind | pattern | seen on | removes | example | flags |", "|---|---|---|---|---|---|---|"]
    for r in ruleset.rules:
        eff = effects.get(r.id)
        removes = f"{eff.lines} lines on {eff.pages} pages" if eff else ""
        flags = ", ".join(f for f, on in (("disabled", r.disabled), ("review", r.review)) if on)
        if r.metadata:
            flags = ", ".join(filter(None, [flags, "sets " + ", ".join(r.metadata)]))
        if r.kind == "pattern" and "{" in str(r.pattern):
            keys = [k for k in ("dateline", "source", "site", "authors", "section") if "{" + k + "}" in str(r.pattern)]
            if keys:
                flags = ", ".join(filter(None, [flags, "sets " + ", ".join(keys)]))
        example = (r.examples[0] if r.examples else "")[:60]
        rows.append(
            f"| `{r.id}` | {r.kind} | {_md(describe(r, 60))} | {r.pages} of {r.of_pages} | {removes} | {_md(example)} | {flags} |"
        )
    return "\n".join(rows)


def _md(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _choose_samples(ruleset: RuleSet, pages: list[Page], count: int) -> list[Page]:
    """Up to ``count`` pages spread over the input, among those the rules change."""
    effects_pages = []
    for page in pages:
        eff, applies = measure(ruleset, [page])
        if applies and any(e.lines for e in eff.values()):
            effects_pages.append(page)
    if len(effects_pages) <= count:
        return effects_pages
    step = (len(effects_pages) - 1) / (count - 1) if count > 1 else 0
    return [effects_pages[round(i * step)] for i in range(count)]


def _sample_name(page: Page, taken: set[str]) -> str:
    record = re.match(r"(.*):(\d+)$", page.source)  # a JSONL record: "file.jsonl:LINE"
    stem = f"{Path(record.group(1)).stem}_{record.group(2)}" if record else Path(page.source).stem
    stem = _STEM.sub("_", stem).strip("._") or "page"
    name, n = stem, 2
    while name in taken:
        name, n = f"{stem}_{n}", n + 1
    taken.add(name)
    return name


def _golden(name: str, rules_file: Path, sample: Path) -> tuple[str, str]:
    """The expected text and report of one sample, as the package's golden test computes them."""
    from ..testing import make_pipeline, report

    pipeline = make_pipeline(rules_cleaner(name, rules_file))
    result = pipeline.clean_file(sample)
    text = result.text if result.text.endswith("\n") or not result.text else result.text + "\n"
    return text, json.dumps(report(result), ensure_ascii=False, indent=2) + "\n"


def write_package(learned: Learned, pages: list[Page], dest: str | Path, *, samples: int = DEFAULT_SAMPLES) -> PackageReport:
    """Write the package ``cleankit-NAME`` into ``dest``, or update the rules of an existing one.

    A new package is built in a temporary folder and renamed into place, so a crash leaves
    nothing half-written. An existing package keeps its code, tests and samples: its rules
    file is merged (the user's edits and deletions win), then its README and golden files are
    rewritten, each file atomically.
    """
    name = check_name(learned.ruleset.name)
    target = package_dir(dest, name)
    rules_file = rules_path(target, name)
    if rules_file.exists():
        old = load_rules(rules_file)
        merged, report = merge(old, learned.ruleset, matched_ids(old, pages))
        write_atomic(rules_file, dump_rules(merged).encode("utf-8"))
        files = plugin_files(name, TEMPLATE, {"__RULES_TABLE__": rules_table(merged, pages), "__PAGES__": str(len(pages))})
        for rel, text in files.items():
            path = target / rel
            if rel == "README.md" or not path.exists():
                write_atomic(path, text.encode("utf-8"))
        names = _regen_goldens(name, rules_file, target / "tests" / "samples")
        return PackageReport(target, False, merged, report, names)
    if target.exists():
        from ..errors import ConfigError

        raise ConfigError(f"{target} exists but has no {rules_file.relative_to(target)}; choose another name or folder")
    Path(dest).mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=dest))
    try:
        files = plugin_files(
            name, TEMPLATE, {"__RULES_TABLE__": rules_table(learned.ruleset, pages), "__PAGES__": str(len(pages))}
        )
        for rel, text in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        staged_rules = rules_path(staging, name)
        staged_rules.write_text(dump_rules(learned.ruleset), encoding="utf-8")
        sample_dir = staging / "tests" / "samples"
        sample_dir.mkdir(parents=True, exist_ok=True)
        taken: set[str] = set()
        for page in _choose_samples(learned.ruleset, pages, samples):
            (sample_dir / f"{_sample_name(page, taken)}.txt").write_text(page.text, encoding="utf-8")
        names = _regen_goldens(name, staged_rules, sample_dir)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return PackageReport(target, True, learned.ruleset, None, names)


def _regen_goldens(name: str, rules_file: Path, sample_dir: Path) -> list[str]:
    from ..testing import golden_cases

    names: list[str] = []
    if not sample_dir.is_dir():
        return names
    for case in golden_cases(sample_dir):
        text, report = _golden(name, rules_file, case.input)
        write_atomic(case.expected_text, text.encode("utf-8"))
        write_atomic(case.expected_json, report.encode("utf-8"))
        names.append(case.id)
    return names
