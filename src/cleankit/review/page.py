"""Write a review report: one self-contained HTML file showing what the chain removed and why."""
from __future__ import annotations

import os
import random
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, TypeVar

from ..document import Result
from ..io.output import fsync_path
from .data import Catalog, Reasons, Tally, document_payload, registry_reasons, script_json
from .summary import summary_html

T = TypeVar("T")
_SAFE_NAME = re.compile(r"[\w.-]+")
_PLACEHOLDER = re.compile(r"\{\{(TITLE|CSS|SUMMARY|INDEX)\}\}")


@dataclass(frozen=True)
class ReportInfo:
    """What a written report holds."""

    path: Path
    documents: int
    removals: int
    rewrites: int
    flagged: int
    approximate: int


def sample_in_order(items: Iterable[T], n: int, seed: int | None = None) -> list[T]:
    """``n`` items drawn uniformly from ``items`` (one pass, reservoir), kept in input order."""
    rng = random.Random(seed)
    kept: list[tuple[int, T]] = []
    for i, item in enumerate(items):
        if i < n:
            kept.append((i, item))
        else:
            j = rng.randint(0, i)
            if j < n:
                kept[j] = (i, item)
    return [item for _, item in sorted(kept, key=lambda p: p[0])]


def _asset(name: str) -> str:
    return resources.files("cleankit.review").joinpath("assets", name).read_text(encoding="utf-8")


def write_report(
    results: Iterable[Result],
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    reasons: Reasons | None = None,
    registry: Any | None = None,
    sample: int | None = None,
    seed: int | None = None,
) -> ReportInfo:
    """Write the review report of ``results`` to ``path`` (atomically) and say what it holds.

    ``reasons`` maps cleaner name -> reason code -> description; without it the descriptions
    come from ``registry``, else from the installed plugins. ``sample`` keeps that many
    results drawn at random (``seed`` makes the draw repeatable).
    """
    target = Path(path)
    if reasons is None:
        reasons = registry_reasons(registry)
    items: Iterable[Result] = sample_in_order(results, sample, seed) if sample is not None else results
    catalog = Catalog(reasons)
    tally = Tally()
    entries: list[dict[str, Any]] = []
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, spool_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".docs")
    spool = Path(spool_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for pos, result in enumerate(items):
                doc, entry = document_payload(result, result.origin.label(), catalog, tally)
                entry["d"] = pos
                if result.flags:
                    tally.flagged.append((pos, doc["src"], list(result.flags)))
                entries.append(entry)
                fh.write(f'<script type="application/json" id="d{pos}">{script_json(doc)}</script>\n')
        _assemble(target, spool, entries, catalog, tally, title)
    finally:
        spool.unlink(missing_ok=True)
    return ReportInfo(target, tally.documents, tally.removals, tally.rewrites, len(tally.flagged), tally.approximate)


def _assemble(target: Path, spool: Path, entries: list[dict[str, Any]], catalog: Catalog, tally: Tally,
              title: str | None) -> None:
    # most removed first; input order breaks ties so the page is the same for the same input
    entries.sort(key=lambda e: (-e["share"], e["d"]))
    order = [0] * len(entries)
    for rank, e in enumerate(entries):
        order[e["d"]] = rank
    title = title or "cleankit review"
    cleaners = catalog.as_data()
    index = {
        "title": title,
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cleaners": cleaners,
        "docs": entries,
    }
    head, tail = _asset("page.html").split("{{DOCS}}")
    colors = "".join(  # names outside [\w.-] get no colour rule rather than break the style sheet
        f'[data-cleaner="{c["name"]}"]{{--c:{c["color"]}}}'
        for c in cleaners if _SAFE_NAME.fullmatch(c["name"])
    )
    values = {
        "TITLE": escape(title),
        "CSS": _asset("review.css") + colors,
        "SUMMARY": summary_html(tally, catalog, order),
        "INDEX": script_json(index),
    }
    # one pass, so a placeholder-like string inside a value is never replaced again
    head = _PLACEHOLDER.sub(lambda m: values[m.group(1)], head)
    tail = tail.replace("{{JS}}", _asset("review.js"))
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(head)
            with spool.open(encoding="utf-8") as src:
                shutil.copyfileobj(src, out, 1 << 20)
            out.write(tail)
        fsync_path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def report(
    results: Iterable[Result],
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    reasons: Reasons | None = None,
    registry: Any | None = None,
    sample: int | None = None,
    seed: int | None = None,
) -> Path:
    """Write a self-contained HTML review of ``results`` to ``path``; return the path.

    Open it in a browser (no network needed): every removal highlighted on the original
    text with its cleaner and reason, rewrites as before → after, filters and a summary.
    """
    return write_report(results, path, title=title, reasons=reasons, registry=registry, sample=sample, seed=seed).path

