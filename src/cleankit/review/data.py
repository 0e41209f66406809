"""Turn results into the data a review page embeds: one payload per document, and an index."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from ..document import Result
from .layout import layout

#: Reason descriptions by cleaner name, then reason code.
Reasons = Mapping[str, Mapping[str, str]]

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_UNSAFE = re.compile("[<>&\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``</script>``, ``<!--``, U+2028/2029.

    These characters only occur inside JSON strings, where a ``\\uXXXX`` escape means the same.
    Lone surrogates (from undecodable input) are escaped too, so the file stays valid UTF-8.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = _UNSAFE.sub(lambda m: _ESCAPES[m.group()], text)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def cleaner_color(index: int) -> str:
    """A light background colour for the ``index``-th cleaner, well apart from its neighbours."""
    hue = (index * 137.508 + 15) % 360  # golden angle: successive hues never cluster
    lightness = 84 if index % 2 == 0 else 76
    return f"hsl({hue:.0f} 75% {lightness}%)"


@dataclass
class CleanerInfo:
    """A cleaner as the page shows it."""

    name: str
    plugin: str = "?"
    version: str = ""
    reasons: dict[str, str] = field(default_factory=dict)


@dataclass
class Tally:
    """Totals over every document, for the summary."""

    documents: int = 0
    characters: int = 0
    kept: int = 0
    removed_chars: int = 0
    removals: int = 0
    rewrites: int = 0
    approximate: int = 0
    shares: list[float] = field(default_factory=list)
    by_cleaner: dict[str, list[int]] = field(default_factory=dict)  # name -> [removals, chars, rewrites]
    by_reason: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (cleaner, code) -> same
    flagged: list[tuple[int, str, list[str]]] = field(default_factory=list)  # (order, source, flags)
    with_errors: int = 0


class Catalog:
    """Cleaners seen so far, in first-seen order, with plugin and reason descriptions."""

    def __init__(self, reasons: Reasons | None) -> None:
        self.reasons = reasons or {}
        self.cleaners: dict[str, int] = {}
        self.infos: list[CleanerInfo] = []

    def index(self, name: str, chain: list[dict[str, Any]] | None = None) -> int:
        """The index of cleaner ``name``, adding it (plugin from ``chain``) when new."""
        found = self.cleaners.get(name)
        if found is not None:
            return found
        info = CleanerInfo(name, reasons=dict(self.reasons.get(name, {})))
        for step in chain or ():
            if step.get("cleaner") == name:
                info.plugin = str(step.get("plugin", "?"))
                info.version = str(step.get("version", ""))
                break
        self.cleaners[name] = len(self.infos)
        self.infos.append(info)
        return self.cleaners[name]

    def as_data(self) -> list[dict[str, Any]]:
        """Every cleaner as the page's index carries it."""
        return [
            {"name": c.name, "plugin": c.plugin, "version": c.version, "color": cleaner_color(i), "reasons": c.reasons}
            for i, c in enumerate(self.infos)
        ]


def document_payload(result: Result, source: str, catalog: Catalog, tally: Tally) -> tuple[dict[str, Any], dict[str, Any]]:
    """The embedded data of one document and its entry in the index; adds to ``tally``."""
    for step in result.chain:  # cleaners in chain order, so colours follow the chain
        if step.get("cleaner"):
            catalog.index(str(step["cleaner"]), result.chain)
    edits = []
    per_cleaner: dict[int, int] = {}
    per_reason: dict[str, int] = {}
    for e in result.edits:
        ci = catalog.index(e.cleaner, result.chain)
        edits.append([ci, e.reason, e.start, e.end])
        per_cleaner[ci] = per_cleaner.get(ci, 0) + 1
        per_reason[e.reason] = per_reason.get(e.reason, 0) + 1
        removal = not e.replacement
        row = tally.by_cleaner.setdefault(e.cleaner, [0, 0, 0])
        rrow = tally.by_reason.setdefault((e.cleaner, e.reason), [0, 0, 0])
        if removal:
            for r in (row, rrow):
                r[0] += 1
                r[1] += len(e.removed)
            tally.removals += 1
            tally.removed_chars += len(e.removed)
        else:
            row[2] += 1
            rrow[2] += 1
            tally.rewrites += 1
    laid = layout(result.original, result.edits)
    share = result.removed_share
    tally.documents += 1
    tally.characters += len(result.original)
    tally.kept += len(result.text)
    tally.approximate += laid.approximate
    tally.shares.append(share)
    if result.errors:
        tally.with_errors += 1
    meta = {k: v for k, v in result.metadata.items() if v not in (None, "", [], {})}
    doc = {
        "src": source,
        "url": result.origin.url,
        "id": result.origin.id,
        "n": len(result.original),
        "k": len(result.text),
        "share": round(share, 4),
        "meta": meta,
        "flags": list(result.flags),
        "errors": list(result.errors),
        "edits": edits,
        "seg": laid.segments,
        "approx": laid.approximate,
    }
    entry = {
        "src": source,
        "share": round(share, 4),
        "flags": list(result.flags),
        "nerr": len(result.errors),
        "nrm": sum(1 for e in result.edits if not e.replacement),
        "c": per_cleaner,
        "r": per_reason,
    }
    return doc, entry


def registry_reasons(registry: Any | None = None) -> dict[str, dict[str, str]]:
    """Reason descriptions of every registered cleaner (loads the installed plugins without ``registry``)."""
    if registry is None:
        from ..errors import CleankitError
        from ..plugins import load_registry

        try:
            registry = load_registry()
        except CleankitError:
            return {}
    return {name: dict(reg.cls.reasons) for name, reg in registry.cleaners.items()}
