"""The cleaner contract: what a cleaner declares, what it is given and what it returns."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable, Mapping

from .document import DocumentView
from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class Change:
    """A change a cleaner asks for, in the coordinates of the text it was shown."""

    start: int
    end: int
    reason: str
    replacement: str = ""


@dataclass(slots=True)
class Outcome:
    """What a cleaner returns: its changes (non-overlapping) and metadata to set."""

    changes: list[Change] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


class Cleaner:
    """Base class for cleaners.

    Subclasses set ``name``, ``reasons`` (reason code -> description) and implement
    :meth:`clean`. ``order`` places the cleaner in the default chain (lower runs first);
    ``defaults`` lists the options it accepts with their default values, and the
    values given in config must have the same type as the default.
    A cleaner never mutates its input or shared state: it returns an :class:`Outcome`.
    """

    name: ClassVar[str] = ""
    order: ClassVar[int] = 500
    enabled_by_default: ClassVar[bool] = True
    reasons: ClassVar[Mapping[str, str]] = {}
    defaults: ClassVar[Mapping[str, Any]] = {}
    #: Run again at the end of the chain when a later cleaner changed the text: for cleaners
    #: whose decisions depend on the lines around them, so the chain stays idempotent.
    settle: ClassVar[bool] = False

    def __init__(self, **options: Any) -> None:
        self.options: dict[str, Any] = validate_options(type(self), options)

    def clean(self, doc: DocumentView) -> Outcome:
        """Return the changes to make to ``doc.text`` and the metadata found."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<cleaner {self.name}>"


def validate_options(cls: type[Cleaner], options: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``options`` over ``cls.defaults``, rejecting unknown keys and wrong types."""
    merged = dict(cls.defaults)
    for key, value in options.items():
        if key not in cls.defaults:
            known = ", ".join(sorted(cls.defaults)) or "none"
            raise ConfigError(f"cleaner {cls.name!r} has no option {key!r} (options: {known})")
        default = cls.defaults[key]
        if default is not None and not _same_kind(default, value):
            raise ConfigError(
                f"option {cls.name}.{key} must be {type(default).__name__}, got {type(value).__name__}"
            )
        merged[key] = value
    return merged


def _same_kind(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple))
    return isinstance(value, type(default))


class SpanCleaner(Cleaner):
    """A cleaner that finds spans to remove: implement :meth:`spans`."""

    def spans(self, text: str) -> Iterable[tuple[int, int, str]]:
        """Yield ``(start, end, reason)`` for each span of ``text`` to remove."""
        raise NotImplementedError

    def clean(self, doc: DocumentView) -> Outcome:
        return Outcome(changes=[Change(s, e, r) for s, e, r in self.spans(doc.text) if e > s])
