"""The runner's settle rounds skip a settling cleaner whose input it has already seen unchanged."""
from __future__ import annotations

from cleankit import Change, Cleaner, Outcome, Pipeline, hookimpl


class Counting(Cleaner):
    """A settling cleaner that removes nothing and counts the texts it is shown."""

    name = "counting"
    order = 300
    settle = True
    reasons = {"none": "never used"}
    seen: list[str] = []

    def clean(self, doc):  # type: ignore[no-untyped-def]
        type(self).seen.append(doc.text)
        return Outcome(metadata={"section": "Monde"})


class DropMenu(Cleaner):
    """Removes a "Menu" line at the end (a later, non-settling cleaner that changes the text)."""

    name = "drop_menu"
    order = 400
    reasons = {"menu": "a menu line"}

    def clean(self, doc):  # type: ignore[no-untyped-def]
        i = doc.text.find("\nMenu")
        return Outcome([Change(i, i + 5, "menu")] if i >= 0 else [])


class Trim(Cleaner):
    """A settling cleaner, before the counting one, that removes a trailing "Partager" line."""

    name = "trim"
    order = 200
    settle = True
    reasons = {"share": "a share button"}

    def clean(self, doc):  # type: ignore[no-untyped-def]
        text = doc.text
        return Outcome([Change(len(text) - 9, len(text), "share")] if text.endswith("\nPartager") else [])


class _Plugin:
    __name__ = "settle_toys"

    @hookimpl
    def register_cleaners(self, register):  # type: ignore[no-untyped-def]
        register(Counting)
        register(DropMenu)
        register(Trim)


def _pipeline() -> Pipeline:
    return Pipeline.build(["trim", "counting", "drop_menu"], plugins=[_Plugin()], entry_points=False)


def test_settle_cleaner_reruns_only_on_new_input() -> None:
    Counting.seen = []
    text = "Les prix de l'énergie baissent\nLe gouvernement a annoncé jeudi une baisse.\nPartager\nMenu"
    result = _pipeline().clean(text)
    assert result.text == "Les prix de l'énergie baissent\nLe gouvernement a annoncé jeudi une baisse."
    # trim finds its line only once drop_menu has run, in the first settle round, so a second
    # round follows; there trim changes nothing and counting would see the same text again
    assert Counting.seen == [text, result.text]
    assert result.metadata["section"] == "Monde"
    assert [e.reason for e in result.edits] == ["menu", "share"]


def test_output_is_stable_when_cleaned_again() -> None:
    text = "Breaking: storm hits the coast\nThe storm reached the coast on Monday night.\nPartager\nMenu"
    once = _pipeline().clean(text)
    assert _pipeline().clean(once.text).text == once.text
