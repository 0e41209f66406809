"""Hook markers and specifications for the ``cleankit`` plugin project.

Hooks only *register* things; cleankit itself walks the resolved chain in order.
"""
from __future__ import annotations

from typing import Any, Callable

import pluggy

PROJECT = "cleankit"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

RegisterCleaner = Callable[[type], None]
RegisterPhrases = Callable[[str, "list[str]"], None]


@hookspec
def register_cleaners(register: RegisterCleaner) -> None:
    """Call ``register(CleanerClass)`` for each cleaner the plugin provides."""


@hookspec
def register_phrases(register: RegisterPhrases) -> None:
    """Call ``register(category, phrases)`` to extend a built-in phrase list (e.g. widget junk)."""


@hookspec
def register_commands(cli: Any) -> None:
    """Add click commands to the ``cleankit`` command group."""


RegisterExtractor = Callable[[type], None]


@hookspec
def register_extractors(register: RegisterExtractor) -> None:
    """Call ``register(ExtractorClass)`` for each HTML extractor the plugin provides."""
