"""The extractor contract, for plugin authors: ``assert_extractor_contract(MyExtractor, pages)``.

Re-exported by :mod:`cleankit.testing`. An extractor must, on any text (empty, not HTML, broken
markup, deep nesting, scripts only, control characters) and on the author's pages: not raise,
return an :class:`Extraction` whose line evidence and regions lie inside its text in order, give
the same answer twice, return metadata of the standard shapes, finish within a time limit, and
keep the strings each page says must be kept; run through a Pipeline, the page is cleaned
without errors and every edit points at the extraction's text.
"""
from __future__ import annotations

import re
import time
from typing import Any, Iterable

from .base import Extraction, Extractor

MAX_SECONDS = 10.0
ODD_PAGES: tuple[tuple[str, str], ...] = (
    ("an empty string", ""),
    ("plain text, no tags", "Just a sentence without any markup.\nAnd a second line."),
    ("an empty page", "<!doctype html><html><head></head><body></body></html>"),
    ("broken markup", "<html><body><div><p>Unclosed <b>bold <i>nested</p></div><td>cell</li></body>"),
    ("scripts only", "<html><head><script>var a = '<p>not text</p>';</script></head><body><style>p{}</style></body></html>"),
    ("deep nesting", "<html><body>" + "<div>" * 3000 + "<p>deep paragraph of text.</p>" + "</div>" * 3000 + "</body></html>"),
    ("control characters", "<html><body><p>NUL\x00 and \x1b escapes \ufffd, RTL \u202e text</p></body></html>"),
    ("a frameset", "<html><frameset><frame src='a.html'></frameset><noframes>No frames here.</noframes></html>"),
    ("JSON-LD junk", '<html><head><script type="application/ld+json">{"@type": ["NewsArticle"], "author": '
                     '[null, 3, {"name": ["x"]}], "datePublished": 20200101}</script></head><body><p>Body.</p></body></html>'),
    ("a huge attribute", "<html><body><p class='" + "x " * 20000 + "'>Text in a paragraph.</p></body></html>"),
)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def extraction_problems(extraction: Any) -> list[str]:
    """What is wrong with one extractor answer: types, line evidence, regions and metadata."""
    if not isinstance(extraction, Extraction):
        return [f"returned {type(extraction).__name__}, not an Extraction"]
    text = extraction.text
    if not isinstance(text, str):
        return [f"text is {type(text).__name__}, not str"]
    problems: list[str] = []
    last = 0
    for ev in extraction.lines:
        if not (last <= ev.start <= ev.end <= len(text)):
            problems.append(f"line evidence [{ev.start}:{ev.end}] out of order or outside the text ({len(text)} chars)")
            break
        if "\n" in text[ev.start : ev.end]:
            problems.append(f"line evidence [{ev.start}:{ev.end}] spans a line break")
            break
        if not (0.0 <= ev.link_density <= 1.0 and 0.0 <= ev.position <= 1.0):
            problems.append(f"line evidence [{ev.start}:{ev.end}]: link_density and position must be in [0, 1]")
            break
        last = ev.end
    last = 0
    for region in extraction.regions:
        if not (isinstance(region, tuple) and len(region) == 3 and isinstance(region[2], str)):
            problems.append(f"region {region!r} is not a (start, end, reason) tuple")
            break
        start, end, _ = region
        if not (last <= start < end <= len(text)):
            problems.append(f"region {region!r} out of order, empty or outside the text")
            break
        last = end
    meta = extraction.metadata
    if not isinstance(meta, dict):
        return problems + [f"metadata is {type(meta).__name__}, not dict"]
    published = meta.get("published")
    if published is not None and not (isinstance(published, str) and _ISO_DAY.match(published)):
        problems.append(f"metadata.published {published!r} is not an ISO 8601 date")
    authors = meta.get("authors")
    if authors is not None and not (isinstance(authors, list) and all(isinstance(a, str) and a.strip() for a in authors)):
        problems.append(f"metadata.authors {authors!r} is not a list of names")
    for key in ("title", "site", "language", "url", "section"):
        if meta.get(key) is not None and not isinstance(meta[key], str):
            problems.append(f"metadata.{key} {meta[key]!r} is not a string")
    return problems


def extractor_problems(
    extractor: type[Extractor] | Extractor,
    pages: Iterable[str | tuple[str, str] | tuple[str, str, list[str]]] = (),
    *,
    url: str | None = None,
    max_seconds: float = MAX_SECONDS,
) -> list[str]:
    """Check an extractor against the contract on the odd pages and on ``pages``.

    ``pages`` are HTML strings, ``(label, html)`` pairs or ``(label, html, must_keep)`` where
    ``must_keep`` lists strings the extracted text must contain.
    """
    from ..runner import Pipeline

    instance = extractor() if isinstance(extractor, type) else extractor
    name = getattr(instance, "name", "") or type(instance).__name__
    problems: list[str] = []
    if not getattr(instance, "name", ""):
        problems.append(f"{type(instance).__name__} has no name")
    cases: list[tuple[str, str, list[str]]] = [(label, html, []) for label, html in ODD_PAGES]
    for i, page in enumerate(pages):
        if isinstance(page, str):
            cases.append((f"page {i + 1}", page, []))
        else:
            cases.append((page[0], page[1], list(page[2]) if len(page) > 2 else []))
    from .. import cleaners as builtin_plugin

    pipeline = Pipeline.build(["layout"], entry_points=False, plugins=[builtin_plugin])
    pipeline.extractor = instance
    for label, html, must_keep in cases:
        where = f"extractor {name} on {label}"
        try:
            started = time.process_time()
            first = instance.extract(html, url)
            took = time.process_time() - started
            again = instance.extract(html, url)
        except Exception as exc:  # the contract: never raise on any text
            problems.append(f"{where}: raised {type(exc).__name__}: {exc}")
            continue
        found = extraction_problems(first)
        if found:
            problems.extend(f"{where}: {p}" for p in found)
            continue
        if took > max_seconds:
            problems.append(f"{where}: took {took:.1f} s of CPU time")
        if (again.text, again.metadata, again.regions) != (first.text, first.metadata, first.regions):
            problems.append(f"{where}: two runs on the same page gave different answers")
        flat = " ".join(first.text.split())
        for s in must_keep:
            if " ".join(s.split()) not in flat:
                problems.append(f"{where}: lost {s[:60]!r}")
        try:
            result = pipeline.clean(html, html=True, url=url)
        except Exception as exc:
            problems.append(f"{where}: the pipeline raised {type(exc).__name__}: {exc}")
            continue
        problems.extend(f"{where}: pipeline error: {e['reason']}" for e in result.errors)
        for e in result.edits:
            if result.original[e.start : e.end] != e.removed:
                problems.append(f"{where}: edit {e.cleaner}/{e.reason} does not point at the extraction's text")
                break
    return problems


def assert_extractor_contract(
    extractor: type[Extractor] | Extractor,
    pages: Iterable[str | tuple[str, str] | tuple[str, str, list[str]]] = (),
    **kwargs: Any,
) -> None:
    """Raise AssertionError listing every contract problem of ``extractor``."""
    problems = extractor_problems(extractor, pages, **kwargs)
    if problems:
        raise AssertionError(f"{len(problems)} extractor contract problem(s):\n" + "\n".join(problems))
