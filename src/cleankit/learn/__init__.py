"""Learn a site's boilerplate from its pages and write it as a reviewable rules file and plugin package.

``cleankit learn-site PAGES... --name NAME`` is the command; :func:`learn_site` the API.
"""
from __future__ import annotations

from pathlib import Path

from ..io.output import write_atomic
from ..rules import RuleSet
from .filters import FilterOptions, content_like
from .mine import MineOptions, mine
from .pages import Page, read_pages
from .rulesfile import MergeReport, dump_rules, merge
from .site import Learned, learn_site, measure


def write_rules(ruleset: RuleSet, path: str | Path) -> None:
    """Write ``ruleset`` to ``path`` atomically (a temporary file renamed over it)."""
    write_atomic(Path(path), dump_rules(ruleset).encode("utf-8"))


__all__ = [
    "FilterOptions",
    "Learned",
    "MergeReport",
    "MineOptions",
    "Page",
    "content_like",
    "dump_rules",
    "learn_site",
    "measure",
    "merge",
    "mine",
    "read_pages",
    "write_rules",
]
