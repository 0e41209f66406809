"""The cleaner contract: what a cleaner declares, what it is given and what it returns."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable, Mapping

from .document import DocumentView
from .errors import ConfigError
from .hosts import host_matches

#: The phases of a chain, in the order the runner applies them.
#: ``rewrite``: character-level fixes, applied one cleaner after another.
#: ``extract``: metadata only; every extractor sees the same text.
#: ``remove``: every remover sees the same text and what earlier removers marked; the text
#: is rebuilt once from all their changes.  ``finish``: layout, one after another.
PHASES: tuple[str, ...] = ("rewrite", "extract", "remove", "finish")
#: What a remover is shown (see :attr:`Cleaner.view`).
VIEWS: tuple[str, ...] = ("shared", "kept")
#: Where a cleaner that declares no phase runs, by its ``order``: below 300 it rewrites
#: (as the site plugins always have), from 900 it finishes, in between it removes.
REWRITE_BEFORE = 300
FINISH_FROM = 900


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
    #: One of :data:`PHASES`, or None to be placed by ``order`` (see :func:`phase_of`).
    phase: ClassVar[str | None] = None
    enabled_by_default: ClassVar[bool] = True
    reasons: ClassVar[Mapping[str, str]] = {}
    defaults: ClassVar[Mapping[str, Any]] = {}
    #: What a remover is shown: "shared" (the phase's one text, with ``doc.marked`` listing what
    #: earlier removers marked) or "kept" (that text without what they marked, as if their
    #: removals were done; the runner maps the spans it returns back to the shared text).
    #: "kept" suits removers that judge a line by its neighbours.
    view: ClassVar[str] = "shared"
    #: Literal strings of which the text must hold at least one for the cleaner to have anything
    #: to do (e.g. a site's name): the runner checks them (a fast substring search) before
    #: asking :meth:`applies`, so most documents of a corpus never reach Python code of yours.
    needs: ClassVar[tuple[str, ...]] = ()
    #: True when the cleaner's decision on a line depends on that line alone (no context):
    #: when a later round re-runs the chain on the cleaned text, such a cleaner is not asked
    #: again, since the lines it kept are unchanged.
    local: ClassVar[bool] = False
    #: Retired: the runner makes the chain idempotent by itself. Still accepted (it warns once).
    settle: ClassVar[bool] = False

    def __init__(self, **options: Any) -> None:
        self.options: dict[str, Any] = validate_options(type(self), options)

    def applies(self, doc: DocumentView) -> bool:
        """Whether this cleaner has anything to do with ``doc``; the runner skips it when not.

        Every cleaner accepts a ``hosts`` option: with it, a document whose URL is known
        applies only when its host is one of them (or a subdomain). Otherwise
        :meth:`recognizes` decides.
        """
        hosts = self.options.get("hosts")
        url = doc.origin.url
        if hosts and url:
            return host_matches(url, hosts)
        return self.recognizes(doc)

    def recognizes(self, doc: DocumentView) -> bool:
        """Is ``doc`` one this cleaner is for, judged from its text? Generic cleaners: always.

        Site plugins override this with fingerprints of the site's template found anywhere in
        the page (never "the first line is the site name": other sites' pages start that way).
        """
        return True

    def clean(self, doc: DocumentView) -> Outcome:
        """Return the changes to make to ``doc.text`` and the metadata found."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<cleaner {self.name}>"


def phase_of(cls: type[Cleaner] | Cleaner) -> str:
    """The phase a cleaner runs in: the one it declares, else one chosen by its ``order``."""
    declared = cls.phase
    if declared is not None:
        return declared
    if cls.order < REWRITE_BEFORE:
        return "rewrite"
    if cls.order >= FINISH_FROM:
        return "finish"
    return "remove"


#: Options every cleaner accepts: ``hosts`` binds it to some sites (see :meth:`Cleaner.applies`).
COMMON_DEFAULTS: Mapping[str, Any] = {"hosts": []}


def validate_options(cls: type[Cleaner], options: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``options`` over ``cls.defaults``, rejecting unknown keys and wrong types.

    The common options (:data:`COMMON_DEFAULTS`) are accepted by every cleaner and appear
    in its options only when given or declared in its own ``defaults``.
    """
    merged = dict(cls.defaults)
    for key, value in options.items():
        if key in cls.defaults:
            default = cls.defaults[key]
        elif key in COMMON_DEFAULTS:
            default = COMMON_DEFAULTS[key]
        else:
            known = ", ".join(sorted({*cls.defaults, *COMMON_DEFAULTS}))
            raise ConfigError(f"cleaner {cls.name!r} has no option {key!r} (options: {known})")
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
