"""cleankit: clean scraped web documents with a chain of pluggable cleaners.

Public API::

    import cleankit
    result = cleankit.clean(text_or_bytes)          # one document
    pipeline = cleankit.Pipeline.build()            # build once, apply to many
    result = pipeline.clean_file("page.html")
    result.text, result.metadata, result.edits
    cleankit.report(results, "review.html")         # what was removed and why, in the browser
    summary = cleankit.run(["corpus/"], output="out/", fmt="jsonl")   # a whole corpus
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .chain import Chain, ChainStep, resolve_chain
from .cleaner import Change, Cleaner, Outcome, SpanCleaner
from .config import Config, load_config
from .document import METADATA_KEYS, DocumentView, Edit, Origin, Result
from .errors import (
    CleanerError, CleankitError, ConfigError, DecodeError, Failure, InputError, LimitError, PluginError, ReadError,
    StateError, WriteError,
)
from .extractors import Extraction, Extractor, LineEvidence
from .hookspecs import hookimpl, hookspec
from .plugins import Registry, build_plugin_manager, load_registry
from .review import report
from .rules import RulesCleaner, RuleSet, load_rules, rules_cleaner
from .runner import Pipeline, clean, clean_file

if TYPE_CHECKING:
    from .api import RunSummary, run


def __getattr__(name: str) -> Any:
    # The batch API pulls in the executors (multiprocessing, concurrent.futures: ~25 ms);
    # loaded on first use so `import cleankit` for one document stays quick.
    if name in ("run", "RunSummary"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'cleankit' has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "Chain",
    "ChainStep",
    "Change",
    "Cleaner",
    "CleanerError",
    "CleankitError",
    "Config",
    "ConfigError",
    "DecodeError",
    "DocumentView",
    "Edit",
    "Extraction",
    "Extractor",
    "Failure",
    "InputError",
    "LimitError",
    "LineEvidence",
    "METADATA_KEYS",
    "Origin",
    "Outcome",
    "Pipeline",
    "PluginError",
    "ReadError",
    "Registry",
    "Result",
    "RuleSet",
    "RulesCleaner",
    "RunSummary",
    "SpanCleaner",
    "StateError",
    "WriteError",
    "build_plugin_manager",
    "clean",
    "clean_file",
    "hookimpl",
    "hookspec",
    "load_config",
    "load_registry",
    "load_rules",
    "report",
    "resolve_chain",
    "rules_cleaner",
    "run",
]
