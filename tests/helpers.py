"""Small plugin objects used by several tests (real classes, registered through a real plugin manager)."""
from __future__ import annotations

import re

from cleankit import Change, Cleaner, Outcome, hookimpl
from cleankit.cleaner import SpanCleaner


class DropShouting(SpanCleaner):
    """Removes lines written entirely in capitals (a toy rule for tests)."""

    name = "drop_shouting"
    order = 300
    reasons = {"shouting": "a line in capitals"}

    def spans(self, text):  # type: ignore[no-untyped-def]
        for m in re.finditer(r"(?m)^[A-Z ]{4,}$\n?", text):
            yield m.start(), m.end(), "shouting"


class Upper(Cleaner):
    """Replaces 'colour' with 'color' (a rewrite, to test replacements)."""

    name = "americanize"
    order = 200
    enabled_by_default = False
    reasons = {"spelling": "British spelling"}
    defaults = {"word": "colour"}

    def clean(self, doc):  # type: ignore[no-untyped-def]
        word = self.options["word"]
        changes = [Change(m.start(), m.end(), "spelling", "color") for m in re.finditer(word, doc.text)]
        return Outcome(changes)


class ToyPlugin:
    """A plugin object registering the two toy cleaners."""

    __name__ = "toy"

    @hookimpl
    def register_cleaners(self, register):  # type: ignore[no-untyped-def]
        register(DropShouting)
        register(Upper)


class Clashing:
    """A second plugin that registers a cleaner name already taken."""

    __name__ = "clash"

    @hookimpl
    def register_cleaners(self, register):  # type: ignore[no-untyped-def]
        register(DropShouting)
