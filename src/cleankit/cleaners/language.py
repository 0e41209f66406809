"""Fill ``metadata["language"]`` from the text itself (see :mod:`cleankit.language`).

A language the page declared (``<html lang>``, ``og:locale``; the HTML reader gives it as
reader metadata, ``doc.metadata_sources["language"] == "reader"``) is only evidence: pages
copied from templates often declare the template's language. The text's language replaces it
when the models are sure (``override_declared``); otherwise the declared one stands. Without a declared language, an
answer at least ``min_confidence`` sure is kept. A language given by the caller (record
metadata) is never replaced. The cleaner changes no text.
"""
from __future__ import annotations

from typing import Any, ClassVar

from ..cleaner import Cleaner, Outcome
from ..document import DocumentView
from ..language import identify, load_models


class LanguageId(Cleaner):
    """Identify the document's language (ISO 639-1) from its text."""

    name = "language"
    order = 200  # after encoding repair and the site plugins, before the cleaners that read it
    phase: ClassVar[str] = "extract"
    reasons: ClassVar[dict[str, str]] = {}
    defaults: ClassVar[dict[str, Any]] = {"min_confidence": 0.5, "override_declared": 0.9}

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        # Once per process, here rather than in the first document's time limit.
        load_models()

    def clean(self, doc: DocumentView) -> Outcome:
        declared = doc.metadata.get("language")
        if declared and doc.metadata_sources.get("language") != "reader":
            return Outcome()  # the caller (or a plugin) said so
        code, confidence = identify(doc.text)
        if isinstance(declared, str) and declared:
            declared = declared.lower()
            if code and code != declared and confidence >= self.options["override_declared"]:
                return Outcome(metadata={"language": code})
            return Outcome()  # the page's own declaration stands
        if code and confidence >= self.options["min_confidence"]:
            return Outcome(metadata={"language": code})
        return Outcome()
