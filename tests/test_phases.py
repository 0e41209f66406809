"""The phased runner: rewrite, extract, remove, finish; rounds until stable; metadata rules."""
from __future__ import annotations

import warnings

import pytest

from cleankit import Change, Cleaner, Outcome, Pipeline, hookimpl
from cleankit.document import Origin


class Counting(Cleaner):
    """An extractor that counts the texts it is shown and reports a section."""

    name = "counting"
    order = 300
    phase = "extract"
    reasons = {}
    seen: list[str] = []

    def clean(self, doc):  # type: ignore[no-untyped-def]
        type(self).seen.append(doc.text)
        return Outcome(metadata={"section": "Monde"})


class DropMenu(Cleaner):
    """Removes a "Menu" line."""

    name = "drop_menu"
    order = 400
    phase = "remove"
    reasons = {"menu": "a menu line"}

    def clean(self, doc):  # type: ignore[no-untyped-def]
        i = doc.text.find("\nMenu")
        return Outcome([Change(i, i + 5, "menu")] if i >= 0 else [])


class TrimLast(Cleaner):
    """Removes a trailing "Partager" line: it finds one only once the "Menu" after it has gone."""

    name = "trim"
    order = 350
    phase = "remove"
    reasons = {"share": "a share button"}

    def clean(self, doc):  # type: ignore[no-untyped-def]
        text = doc.text
        return Outcome([Change(len(text) - 9, len(text), "share")] if text.endswith("\nPartager") else [])


class DropLine(Cleaner):
    """Removes every line holding "Publicité", seeing what earlier removers marked."""

    name = "drop_pub"
    order = 420
    phase = "remove"
    reasons = {"ad": "an ad label"}
    marked_seen: list[tuple[tuple[int, int], ...]] = []

    def clean(self, doc):  # type: ignore[no-untyped-def]
        type(self).marked_seen.append(doc.marked)
        changes, pos = [], 0
        for line in doc.text.split("\n"):
            if "Publicité" in line or "Menu" in line:
                changes.append(Change(pos, pos + len(line), "ad"))
            pos += len(line) + 1
        return Outcome(changes)


class Greedy(Cleaner):
    """An extractor that breaks the rule: it returns a change."""

    name = "greedy"
    order = 300
    phase = "extract"
    reasons = {"x": "x"}

    def clean(self, doc):  # type: ignore[no-untyped-def]
        return Outcome([Change(0, 1, "x")]) if doc.text else Outcome()


class TitleA(Cleaner):
    name = "title_a"
    order = 310
    phase = "extract"
    reasons = {}

    def clean(self, doc):  # type: ignore[no-untyped-def]
        return Outcome(metadata={"title": "A", "language": "de"})


class TitleB(Cleaner):
    name = "title_b"
    order = 320
    phase = "extract"
    reasons = {}

    def clean(self, doc):  # type: ignore[no-untyped-def]
        return Outcome(metadata={"title": "B"})


class OldStyle(Cleaner):
    """Declares no phase (as plugins written before phases): placed by its order."""

    name = "old_style"
    order = 150
    reasons = {"x": "an x"}

    def clean(self, doc):  # type: ignore[no-untyped-def]
        i = doc.text.find("XX")
        return Outcome([Change(i, i + 2, "x", "y")] if i >= 0 else [])


class Settling(Cleaner):
    name = "settling"
    order = 360
    settle = True
    reasons = {}

    def clean(self, doc):  # type: ignore[no-untyped-def]
        return Outcome()


class SiteBound(Cleaner):
    name = "site_bound"
    order = 370
    phase = "remove"
    reasons = {"x": "x"}
    calls: list[str] = []

    def clean(self, doc):  # type: ignore[no-untyped-def]
        type(self).calls.append(doc.text)
        return Outcome()


class _Plugin:
    __name__ = "phase_toys"

    @hookimpl
    def register_cleaners(self, register):  # type: ignore[no-untyped-def]
        for cls in (Counting, DropMenu, TrimLast, DropLine, Greedy, TitleA, TitleB, OldStyle, Settling, SiteBound):
            register(cls)


def _pipeline(names: list[str], **kwargs) -> Pipeline:  # type: ignore[no-untyped-def]
    return Pipeline.build(names, plugins=[_Plugin()], entry_points=False, **kwargs)


TEXT = "Les prix de l'énergie baissent\nLe gouvernement a annoncé jeudi une baisse.\nPartager\nMenu"


def test_removers_see_one_text_and_a_second_round_finishes_the_job() -> None:
    Counting.seen = []
    result = _pipeline(["counting", "trim", "drop_menu"]).clean(TEXT)
    # trim saw the text ending in "Menu" in the first round; the second round, run as a fresh
    # run of the first round's output would be, found "Partager" at the end and removed it
    assert result.text == "Les prix de l'énergie baissent\nLe gouvernement a annoncé jeudi une baisse."
    assert [e.reason for e in result.edits] == ["menu", "share"]
    assert Counting.seen == [TEXT, TEXT[: -len("\nMenu")], result.text]
    assert result.metadata["section"] == "Monde"
    assert result.metadata_sources["section"] == "counting"
    assert "unsettled" not in result.flags


def test_output_is_stable_when_cleaned_again() -> None:
    pipeline = _pipeline(["counting", "trim", "drop_menu"])
    once = pipeline.clean(TEXT)
    assert pipeline.clean(once.text).text == once.text


def test_overlaps_go_to_the_earlier_remover_and_later_ones_see_the_marks() -> None:
    DropLine.marked_seen = []
    text = "Titre\nMenu\nPublicité\nCorps du texte."
    result = _pipeline(["drop_menu", "drop_pub"]).clean(text)
    assert result.text == "Titre\n\nCorps du texte."
    by = {(e.start, e.end): e.cleaner for e in result.edits}
    assert by[(5, 10)] == "drop_menu"  # "\nMenu": drop_pub's "Menu" overlapped it and was dropped
    assert by[(11, 20)] == "drop_pub"
    assert DropLine.marked_seen[0] == ((5, 10),)


class DropTwoFirstLines(Cleaner):
    """Removes the first two lines as one span (as junk joins neighbouring widget lines)."""

    name = "drop_two"
    order = 430
    phase = "remove"
    local = True
    reasons = {"widget": "widgets"}

    def clean(self, doc):  # type: ignore[no-untyped-def]
        lines = doc.text.split("\n")
        if len(lines) < 3 or not lines[0].startswith("Bouton"):
            return Outcome()
        return Outcome([Change(0, len(lines[0]) + len(lines[1]) + 2, "widget")])


class DropFirstLine(Cleaner):
    name = "drop_first"
    order = 420
    phase = "remove"
    reasons = {"widget": "a widget"}

    def clean(self, doc):  # type: ignore[no-untyped-def]
        i = doc.text.find("\n")
        return Outcome([Change(0, i + 1, "widget")]) if doc.text.startswith("Bouton") and i > 0 else Outcome()


def test_a_later_span_keeps_what_the_earlier_one_did_not_take() -> None:
    plugin = type("P", (), {"register_cleaners": hookimpl(
        lambda self, register: (register(DropTwoFirstLines), register(DropFirstLine)))})()
    pipeline = Pipeline.build(["drop_first", "drop_two"], plugins=[plugin], entry_points=False)
    result = pipeline.clean("Bouton retour en haut\nMerci d'avoir signalé!\nLe texte.")
    assert result.text == "Le texte."
    assert [(e.cleaner, e.removed) for e in result.edits] == [
        ("drop_first", "Bouton retour en haut\n"), ("drop_two", "Merci d'avoir signalé!\n"),
    ]
    assert pipeline.clean(result.text).text == result.text


def test_an_extractor_that_returns_changes_is_a_named_error() -> None:
    result = _pipeline(["greedy"]).clean("Bonjour")
    assert result.text == "Bonjour"
    assert result.errors and result.errors[0]["cleaner"] == "greedy"
    assert "extract-phase" in result.errors[0]["reason"]


def test_metadata_merge_rules() -> None:
    # a cleaner may not overwrite what another cleaner set: a named error, the first value stays
    result = _pipeline(["title_a", "title_b"]).clean("Texte")
    assert result.metadata["title"] == "A" and result.metadata_sources["title"] == "title_a"
    assert [e["cleaner"] for e in result.errors] == ["title_b"]
    assert "overwrite metadata.title" in result.errors[0]["reason"]
    # the caller's value always wins, silently
    result = _pipeline(["title_a", "title_b"]).clean("Texte", metadata={"title": "Given"})
    assert result.metadata["title"] == "Given" and result.metadata_sources["title"] == "caller"
    assert not result.errors
    # a reader's language is evidence the text may correct; its title is not
    pipeline = _pipeline(["title_a"])
    result = pipeline.run("Texte", Origin(), reader_metadata={"language": "en", "title": "From markup"})
    assert result.metadata["language"] == "de" and result.metadata_sources["language"] == "title_a"
    assert result.metadata["title"] == "From markup" and result.metadata_sources["title"] == "reader"
    assert not result.errors


def test_a_cleaner_without_a_phase_is_placed_by_its_order() -> None:
    pipeline = _pipeline(["drop_menu", "old_style"])
    assert [s["cleaner"] for s in pipeline.chain.describe()] == ["old_style", "drop_menu"]
    assert [s["phase"] for s in pipeline.chain.describe()] == ["rewrite", "remove"]
    result = pipeline.clean("Un XX ici\nMenu")
    assert result.text == "Un y ici"


def test_settle_is_retired_with_one_warning() -> None:
    with pytest.warns(FutureWarning, match="settle"):
        _pipeline(["settling"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _pipeline(["settling"])  # once per cleaner class


def test_runner_skips_a_cleaner_that_does_not_apply() -> None:
    SiteBound.calls = []
    pipeline = _pipeline(["site_bound"], options={"site_bound": {"hosts": ["example.org"]}})
    pipeline.clean("Texte", url="https://www.example.org/a")
    pipeline.clean("Texte", url="https://other.net/a")
    assert SiteBound.calls == ["Texte"]


def test_chain_command_shows_each_phase() -> None:
    import json

    from click.testing import CliRunner

    from cleankit.cli import cli

    out = CliRunner().invoke(cli, ["chain", "--json", "--disable-plugin", "lagazette,jannah,aggregator"])
    assert out.exit_code == 0, out.output
    phases = {s["cleaner"]: s["phase"] for s in json.loads(out.output)}
    assert phases == {
        "encoding": "rewrite", "language": "extract", "title": "remove", "byline": "remove", "junk": "remove",
        "boilerplate": "remove", "navigation": "remove", "layout": "finish",
    }
    text = CliRunner().invoke(cli, ["chain", "--disable-plugin", "lagazette,jannah,aggregator"]).output
    assert text.splitlines()[0].split()[:3] == ["1.", "rewrite", "encoding"]
    assert text.splitlines()[-1].split()[:3] == ["8.", "finish", "layout"]


class NeedsWord(Cleaner):
    name = "needs_word"
    order = 380
    phase = "remove"
    needs = ("Abonnez", "abonnez")
    reasons = {"promo": "a promotion"}
    calls: list[str] = []

    def clean(self, doc):  # type: ignore[no-untyped-def]
        type(self).calls.append(doc.text)
        i = doc.text.find("Abonnez-vous")
        return Outcome([Change(i, i + 12, "promo")] if i >= 0 else [])


def test_a_cleaner_is_not_called_when_the_text_holds_none_of_its_needs() -> None:
    NeedsWord.calls = []
    plugin = type("P", (), {"register_cleaners": hookimpl(lambda self, register: register(NeedsWord))})()
    pipeline = Pipeline.build(["needs_word"], plugins=[plugin], entry_points=False)
    assert pipeline.clean("Un article sans promotion.").text == "Un article sans promotion."
    assert NeedsWord.calls == []
    assert pipeline.clean("Abonnez-vous ! Le texte.").text == " ! Le texte."
    assert len(NeedsWord.calls) >= 1
