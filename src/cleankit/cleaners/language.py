"""Fill ``metadata["language"]`` from the text itself (see :mod:`cleankit.language`).

A language the page declared (``<html lang>``, ``og:locale``; the HTML reader passes it as
the hint ``declared_language``) is only a hint: pages copied from templates often declare
the template's language. The text's language wins when the models are sure
(``override_declared``); otherwise the declared one stands. Without a declared language, an
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
        if doc.metadata.get("language"):
            return Outcome()
        code, confidence = identify(doc.text)
        declared = doc.hints.get("declared_language")
        if isinstance(declared, str) and declared:
            declared = declared.lower()
            if code and code != declared and confidence >= self.options["override_declared"]:
                return Outcome(metadata={"language": code})
            return Outcome(metadata={"language": declared})
        if code and confidence >= self.options["min_confidence"]:
            return Outcome(metadata={"language": code})
        return Outcome()
