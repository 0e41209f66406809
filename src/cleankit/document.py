"""The document a chain works on, and the records of what each cleaner changed."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from .analysis import Analysis

#: Metadata keys every result carries (``None`` or ``[]`` when the document does not give them).
METADATA_KEYS: tuple[str, ...] = (
    "title",
    "published",
    "authors",
    "source",
    "dateline",
    "site",
    "section",
    "language",
    "encoding",
)


def empty_metadata() -> dict[str, Any]:
    """Return a metadata dict with every standard key present and unset."""
    meta: dict[str, Any] = dict.fromkeys(METADATA_KEYS)
    meta["authors"] = []
    return meta


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a document came from: a path, a URL when known, and an id."""

    path: str | None = None
    url: str | None = None
    id: str | None = None

    def label(self) -> str:
        """A short name for messages: the path, else the URL, else the id."""
        return self.path or self.url or self.id or "<text>"


@dataclass(frozen=True, slots=True)
class Edit:
    """One removal or rewrite, with its position in the original decoded input.

    ``start``/``end`` index the text the chain started from (after byte decoding), so a
    viewer can highlight them there even when earlier cleaners changed the text.
    ``removed`` is the text the cleaner saw and took out; ``replacement`` what it put in.
    """

    cleaner: str
    reason: str
    start: int
    end: int
    removed: str
    replacement: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


_NO_HINTS: Mapping[str, Any] = MappingProxyType({})
_NO_MARKS: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentView:
    """What a cleaner is shown: the current text, the metadata so far and the origin.

    ``hints`` carries what a reader learned about the original text (e.g. the HTML
    reader's ``html_regions``: page-furniture spans in original coordinates).
    ``analysis`` is the shared, lazily computed analysis of ``text`` (line table, title,
    dates): every cleaner shown the same text gets the same one.
    ``marked`` lists, in the remove phase, the ``(start, end)`` spans earlier removers already
    marked (sorted); what a change overlaps of them is dropped (the earlier cleaner wins).
    ``metadata_sources`` says where each metadata value came from: ``caller``, ``reader`` (the
    markup or the bytes: evidence the text may correct) or a cleaner's name.
    """

    text: str
    metadata: Mapping[str, Any]
    origin: Origin
    hints: Mapping[str, Any] = field(default_factory=lambda: _NO_HINTS)
    analysis: Analysis = field(default=None)  # type: ignore[assignment]
    marked: tuple[tuple[int, int], ...] = _NO_MARKS
    metadata_sources: Mapping[str, str] = field(default_factory=lambda: _NO_HINTS)

    def __post_init__(self) -> None:
        if self.analysis is None or self.analysis.text is not self.text:
            object.__setattr__(self, "analysis", Analysis(self.text))

    @classmethod
    def of(
        cls, text: str, metadata: dict[str, Any], origin: Origin, hints: Mapping[str, Any] | None = None,
        analysis: Analysis | None = None, marked: tuple[tuple[int, int], ...] = _NO_MARKS,
        sources: Mapping[str, str] | None = None,
    ) -> "DocumentView":
        """Build a read-only view over ``metadata`` (``analysis``: the text's shared one, else a new one)."""
        return cls(
            text, MappingProxyType(metadata), origin, hints or _NO_HINTS, analysis,  # type: ignore[arg-type]
            marked, MappingProxyType(sources) if sources else _NO_HINTS,
        )


@dataclass(slots=True)
class Result:
    """The outcome of cleaning one document."""

    text: str
    metadata: dict[str, Any]
    edits: list[Edit]
    origin: Origin = field(default_factory=Origin)
    original: str = ""
    chain: list[dict[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    #: where each metadata value came from: "caller", "reader" or the cleaner's name
    metadata_sources: dict[str, str] = field(default_factory=dict)

    @property
    def removed_share(self) -> float:
        """Share of the original characters that the chain removed (0.0 to 1.0)."""
        if not self.original:
            return 0.0
        return max(0.0, 1.0 - len(self.text) / len(self.original))

    def to_dict(self, source: str | None = None) -> dict[str, Any]:
        """A JSON-ready dict: source, text, metadata, edits, chain, flags, errors, metadata_sources."""
        return {
            "source": source if source is not None else self.origin.label(),
            "url": self.origin.url,
            "id": self.origin.id,
            "text": self.text,
            "metadata": self.metadata,
            "edits": [e.to_dict() for e in self.edits],
            "chain": self.chain,
            "flags": self.flags,
            "errors": self.errors,
            "metadata_sources": self.metadata_sources,
        }
