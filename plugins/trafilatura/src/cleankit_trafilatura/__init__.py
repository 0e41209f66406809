"""cleankit-trafilatura: trafilatura's main-text extraction as a cleankit HTML extractor."""
from __future__ import annotations

from typing import Any

from cleankit import hookimpl
from cleankit.extractors import Extraction, Extractor, LineEvidence

__version__ = "0.1.0"


class TrafilaturaExtractor(Extractor):
    """Main text by trafilatura's ``bare_extraction``; metadata from cleankit's markup reader first."""

    name = "trafilatura"
    description = "trafilatura's main-text extraction (plugin cleankit-trafilatura)"
    defaults: dict[str, Any] = {"comments": True, "tables": True, "precision": False, "recall": False}

    def extract(self, html: str, url: str | None = None) -> Extraction:
        import trafilatura
        from selectolax.lexbor import LexborHTMLParser

        from cleankit.extractors.markup import markup_metadata

        o = self.options
        doc = trafilatura.bare_extraction(
            html, url=url, include_comments=bool(o["comments"]), include_tables=bool(o["tables"]),
            favor_precision=bool(o["precision"]), favor_recall=bool(o["recall"]), with_metadata=True,
        )
        metadata = markup_metadata(LexborHTMLParser(html), url)
        if doc is None:
            return Extraction("", metadata, main_content=True)
        parts = [doc.text or ""]
        if o["comments"] and getattr(doc, "comments", None):
            parts.append(doc.comments)
        text = "\n".join(" ".join(line.split()) for p in parts for line in p.split("\n") if line.strip())
        _fill(metadata, "title", doc.title)
        _fill(metadata, "published", doc.date)
        _fill(metadata, "site", doc.sitename)
        _fill(metadata, "language", doc.language)
        if not metadata.get("authors") and doc.author:
            metadata["authors"] = [a.strip() for a in doc.author.split(";") if a.strip()]
        lines: list[LineEvidence] = []
        pos = 0
        n = max(1, text.count("\n") + 1)
        for i, line in enumerate(text.split("\n")):
            lines.append(LineEvidence(pos, pos + len(line), "", position=round(i / n, 4)))
            pos += len(line) + 1
        return Extraction(text, metadata, lines if text else [], main_content=True)


def _fill(meta: dict[str, Any], key: str, value: Any) -> None:
    if value and not meta.get(key):
        meta[key] = value


@hookimpl
def register_extractors(register: Any) -> None:
    """Register the trafilatura extractor."""
    register(TrafilaturaExtractor)
