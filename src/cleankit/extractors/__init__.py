"""HTML extractors: the slot that turns a page into text, line evidence and metadata.

Extractors are registered like cleaners, through the ``register_extractors`` hook of a
plugin in the ``cleankit`` entry-point group. cleankit registers two: ``fast`` (lexbor via
selectolax, main-content scoring; the default) and ``bs4`` (the first reader: every line,
furniture as regions).
"""
from __future__ import annotations

from typing import Any

from ..hookspecs import RegisterExtractor, hookimpl
from .base import Extraction, Extractor, LineEvidence, regions_from_lines
from .bs4 import Bs4Extractor
from .fast import FastExtractor

DEFAULT_EXTRACTOR = "fast"
BUILTIN_EXTRACTORS: tuple[type[Extractor], ...] = (FastExtractor, Bs4Extractor)

__all__ = [
    "BUILTIN_EXTRACTORS", "Bs4Extractor", "DEFAULT_EXTRACTOR", "Extraction", "Extractor", "FastExtractor",
    "LineEvidence", "make_extractor", "regions_from_lines",
]


@hookimpl
def register_extractors(register: RegisterExtractor) -> None:
    """Register cleankit's built-in extractors."""
    for cls in BUILTIN_EXTRACTORS:
        register(cls)


def make_extractor(registry: Any, name: str | None = None, options: dict[str, Any] | None = None) -> Extractor:
    """An instance of the extractor ``name`` (default :data:`DEFAULT_EXTRACTOR`) from ``registry``.

    Falls back to the built-in classes when the registry was loaded without entry points.
    """
    from ..errors import ConfigError

    name = name or DEFAULT_EXTRACTOR
    found = getattr(registry, "extractors", {}) or {}
    cls: type[Extractor]
    if name in found:
        cls = found[name].cls
    else:
        builtin = {c.name: c for c in BUILTIN_EXTRACTORS}
        if name not in builtin:
            known = sorted(set(found) | set(builtin))
            raise ConfigError(f"unknown extractor {name!r} (known: {', '.join(known)})")
        cls = builtin[name]
    return cls(**(options or {}))
