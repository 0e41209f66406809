"""The extractor slot: what an HTML extractor is and what it returns."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class LineEvidence:
    """What the DOM says about one line of an extraction's text.

    ``start``/``end`` are positions in :attr:`Extraction.text` (the line, without its newline).
    ``link_density`` is the share of the line's characters inside links; ``text_density`` the
    characters per descendant element of the block it came from; ``tag_path`` its ancestors'
    tags with class/id words (``"body>div.content>p"``); ``position`` its place in the page's
    visible text, 0 at the top and 1 at the bottom; ``furniture`` the reason when the line sits in
    page furniture (menu, share bar, related links…), else None; ``score`` the extractor's
    content score (higher is more likely main content).
    """

    start: int
    end: int
    tag_path: str
    link_density: float = 0.0
    text_density: float = 0.0
    position: float = 0.0
    furniture: str | None = None
    score: float = 0.0


@dataclass
class Extraction:
    """An extractor's answer: the text, per-line DOM evidence and metadata from the markup.

    ``regions`` are ``(start, end, reason)`` spans of ``text`` that hold page furniture: the
    chain's cleaners read them as ``hints["html_regions"]``. ``main_content`` is True when the
    extractor already kept only the page's main content (the text is no page dump).
    """

    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    lines: list[LineEvidence] = field(default_factory=list)
    regions: list[tuple[int, int, str]] = field(default_factory=list)
    main_content: bool = False

    def hints(self) -> dict[str, Any]:
        """The hints the chain's cleaners receive: ``html_regions``, ``html_lines``, ``html_main_content``."""
        return {"html_regions": self.regions, "html_lines": self.lines, "html_main_content": self.main_content}


class Extractor:
    """Base class of HTML extractors, registered through the ``register_extractors`` hook.

    Subclasses set ``name`` and implement :meth:`extract`. Options are keyword arguments,
    checked against :attr:`defaults`.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, **options: Any) -> None:
        unknown = set(options) - set(self.defaults)
        if unknown:
            from ..errors import ConfigError

            raise ConfigError(
                f"extractor {self.name!r}: unknown option {sorted(unknown)[0]!r} "
                f"(known: {', '.join(sorted(self.defaults)) or 'none'})"
            )
        self.options: dict[str, Any] = {**self.defaults, **options}

    def extract(self, html: str, url: str | None = None) -> Extraction:
        """Return the page's text, line evidence and metadata."""
        raise NotImplementedError


def regions_from_lines(lines: list[LineEvidence], length: int) -> list[tuple[int, int, str]]:
    """Furniture spans (each line and its newline, within ``length``), same-reason neighbours merged."""
    regions: list[tuple[int, int, str]] = []
    for ev in lines:
        if not ev.furniture:
            continue
        end = min(ev.end + 1, length)
        if regions and regions[-1][1] >= ev.start and regions[-1][2] == ev.furniture:
            regions[-1] = (regions[-1][0], end, ev.furniture)
        else:
            regions.append((ev.start, end, ev.furniture))
    return regions
