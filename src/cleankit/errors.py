"""Exceptions raised by cleankit; each message names what went wrong and where."""
from __future__ import annotations


class CleankitError(Exception):
    """Base class of every cleankit error."""


class ConfigError(CleankitError):
    """Invalid configuration or chain: the message names the key or cleaner."""


class PluginError(CleankitError):
    """A plugin failed to load or registered something invalid."""


class InputError(CleankitError):
    """An input could not be read or decoded."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class CleanerError(CleankitError):
    """A cleaner raised or returned something invalid for one document."""

    def __init__(self, cleaner: str, plugin: str, source: str, reason: str) -> None:
        super().__init__(f"cleaner {cleaner!r} (plugin {plugin}) failed on {source}: {reason}")
        self.cleaner = cleaner
        self.plugin = plugin
        self.source = source
        self.reason = reason
