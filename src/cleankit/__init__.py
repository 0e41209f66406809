"""cleankit: clean scraped web documents with a chain of pluggable cleaners.

Public API::

    import cleankit
    result = cleankit.clean(text_or_bytes)          # one document
    pipeline = cleankit.Pipeline.build()            # build once, apply to many
    result = pipeline.clean_file("page.html")
    result.text, result.metadata, result.edits
"""
from __future__ import annotations

from .chain import Chain, ChainStep, resolve_chain
from .cleaner import Change, Cleaner, Outcome, SpanCleaner
from .config import Config, load_config
from .document import METADATA_KEYS, DocumentView, Edit, Origin, Result
from .errors import CleanerError, CleankitError, ConfigError, InputError, PluginError
from .extractors import Extraction, Extractor, LineEvidence
from .hookspecs import hookimpl, hookspec
from .plugins import Registry, build_plugin_manager, load_registry
from .runner import Pipeline, clean, clean_file

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
    "DocumentView",
    "Edit",
    "Extraction",
    "Extractor",
    "InputError",
    "LineEvidence",
    "METADATA_KEYS",
    "Origin",
    "Outcome",
    "Pipeline",
    "PluginError",
    "Registry",
    "Result",
    "SpanCleaner",
    "build_plugin_manager",
    "clean",
    "clean_file",
    "hookimpl",
    "hookspec",
    "load_config",
    "load_registry",
    "resolve_chain",
]
