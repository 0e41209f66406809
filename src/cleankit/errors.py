"""Exceptions raised by cleankit, and the failure record a run keeps for each document it could not clean.

Every error has a ``kind``: ``read``, ``decode``, ``write``, ``cleaner``, ``limit`` or ``config``.
Whether a document counts as *skipped* or *failed* follows from its kind alone (see
:data:`STATUS_OF_KIND`), never from the words of a message.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["read", "decode", "write", "cleaner", "limit", "config"]
Status = Literal["skipped", "failed"]

#: Input that is not text (binary, undecodable, no text field) or over a limit is *skipped*: rerunning
#: will not change it. A read, write or cleaner failure is *failed*: something went wrong that may not
#: go wrong next time.
STATUS_OF_KIND: dict[str, Status] = {
    "read": "failed",
    "decode": "skipped",
    "limit": "skipped",
    "write": "failed",
    "cleaner": "failed",
    "config": "failed",
}


class CleankitError(Exception):
    """Base class of every cleankit error."""

    kind: Kind = "config"


class ConfigError(CleankitError):
    """Invalid configuration, chain or option: the message names the key, cleaner or option."""

    kind: Kind = "config"


class PluginError(CleankitError):
    """A plugin failed to load or registered something invalid."""

    kind: Kind = "config"


class StateError(ConfigError):
    """The output folder holds a run made with another chain or options, or another run holds it."""


class InputError(CleankitError):
    """An input could not be read or decoded (base of :class:`ReadError`, :class:`DecodeError`, :class:`LimitError`)."""

    kind: Kind = "decode"

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ReadError(InputError):
    """The input could not be read (missing, a folder, no permission, an I/O error, closed stdin)."""

    kind: Kind = "read"


class DecodeError(InputError):
    """The input was read but holds no text: binary, undecodable, not a JSON object, no text field."""

    kind: Kind = "decode"


class LimitError(InputError):
    """The input is over a limit (``--max-bytes``) or took longer than the time limit to read."""

    kind: Kind = "limit"


class WriteError(CleankitError):
    """An output could not be written; ``target`` is the path that was being written."""

    kind: Kind = "write"

    def __init__(self, target: str, reason: str) -> None:
        super().__init__(f"{target}: {reason}")
        self.source = target
        self.reason = reason


class OutputExists(WriteError):
    """An output file exists with different content and overwriting was not allowed."""


class CleanerError(CleankitError):
    """A cleaner raised or returned something invalid for one document."""

    kind: Kind = "cleaner"

    def __init__(self, cleaner: str, plugin: str, source: str, reason: str) -> None:
        super().__init__(f"cleaner {cleaner!r} (plugin {plugin}) failed on {source}: {reason}")
        self.cleaner = cleaner
        self.plugin = plugin
        self.source = source
        self.reason = reason


class DeadlineExceeded(Exception):
    """Raised inside a cleaner (or the HTML reader) when the document's time limit runs out.

    Not a :class:`CleankitError`: it is raised into arbitrary code and turned into a
    :class:`CleanerError` or :class:`LimitError` by whoever armed the deadline.
    """

    kind: Kind = "limit"


@dataclass(frozen=True, slots=True)
class Failure:
    """One document (or input) the run could not clean or write: where, what kind, why."""

    source: str
    kind: Kind
    reason: str

    @property
    def status(self) -> Status:
        """``skipped`` or ``failed``, decided by the kind."""
        return STATUS_OF_KIND[self.kind]

    def message(self) -> str:
        """The line shown to the user: ``source: reason (status)``."""
        return f"{self.source}: {self.reason} ({self.status})"

    @classmethod
    def of(cls, exc: InputError | WriteError) -> "Failure":
        """The failure record of an input or output error."""
        return cls(exc.source, exc.kind, exc.reason)
