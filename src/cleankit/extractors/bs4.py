"""The BeautifulSoup reader as an extractor: every visible line, furniture as regions."""
from __future__ import annotations

from typing import Any, ClassVar

from .base import Extraction, Extractor, LineEvidence


class Bs4Extractor(Extractor):
    """cleankit's first HTML reader (BeautifulSoup, ``html.parser``): the whole page as text,
    menus, footers and other furniture reported as regions for the ``html_structure`` cleaner."""

    name = "bs4"
    description = "BeautifulSoup reader: every visible line, page furniture as regions (slow)"
    defaults: ClassVar[dict[str, Any]] = {}

    def extract(self, html: str, url: str | None = None) -> Extraction:
        from ..io.html import read_html

        page = read_html(html)
        lines: list[LineEvidence] = []
        pos = 0
        total = max(1, len(page.text))
        regions = page.regions
        r = 0
        for line in page.text.split("\n"):
            end = pos + len(line)
            while r < len(regions) and regions[r][1] <= pos:
                r += 1
            reason = regions[r][2] if r < len(regions) and regions[r][0] <= pos < regions[r][1] else None
            lines.append(LineEvidence(pos, end, "", position=round(pos / total, 4), furniture=reason))
            pos = end + 1
        return Extraction(page.text, page.metadata, lines, list(regions))
