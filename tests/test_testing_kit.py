"""cleankit.testing itself: the contract check catches broken cleaners, golden files round-trip."""
from __future__ import annotations

import json
import re


from cleankit import Change, Cleaner, Outcome, SpanCleaner
from cleankit.document import Edit, Origin, Result
from cleankit.testing import (
    GoldenCase,
    check_golden,
    contract_problems,
    edit_problems,
    golden_cases,
    make_pipeline,
)

pytest_plugins = ["pytester"]

PAGE = "Accueil\nActualités\n\nLe conseil municipal a voté le budget mardi soir.\n\nPartager sur Facebook\n"


class MenuLines(SpanCleaner):
    """A well-behaved cleaner: removes the menu words as whole lines."""

    name = "menu"
    order = 200
    reasons = {"menu": "a navigation word alone on a line"}
    _re = re.compile(r"^(?:Accueil|Actualités|Partager sur Facebook)\n?", re.M)

    def spans(self, text):
        return [(m.start(), m.end(), "menu") for m in self._re.finditer(text)]


class DropFirstLine(Cleaner):
    """Not idempotent: every run removes one more line."""

    name = "drop_first"
    reasons = {"first": "the first line"}

    def clean(self, doc):
        end = doc.text.find("\n")
        return Outcome([Change(0, end + 1, "first")]) if end >= 0 else Outcome()


class CrashOnEmpty(Cleaner):
    name = "crash_on_empty"
    reasons = {"x": "x"}

    def clean(self, doc):
        return Outcome([Change(0, 1, "x")]) if doc.text[0] == "#" else Outcome()


class Undeclared(SpanCleaner):
    name = "undeclared"
    reasons = {"menu": "menu"}

    def spans(self, text):
        return [(0, 7, "nav")] if text.startswith("Accueil") else []


class Overwrites(Cleaner):
    name = "overwrites"
    reasons = {}

    def clean(self, doc):
        return Outcome(metadata={"published": "31/05/2024"} if "budget" in doc.text else {"title": "Budget"})


def problems_of(cls):
    return "\n".join(contract_problems(cls, [("page", PAGE)]))


def test_a_good_cleaner_passes():
    assert contract_problems(MenuLines, [("page", PAGE)]) == []


def test_not_idempotent_is_caught():
    assert "cleaning twice differs from once" in problems_of(DropFirstLine)


def test_crash_on_odd_input_is_caught():
    found = problems_of(CrashOnEmpty)
    assert "crash_on_empty on empty: raised IndexError" in found


def test_undeclared_reason_is_caught():
    assert "undeclared reason code 'nav'" in problems_of(Undeclared)


def test_metadata_rules_are_caught():
    found = problems_of(Overwrites)
    assert "metadata.published is not ISO 8601" in found
    assert "overwrote metadata.title that was already set" in found


def test_edit_positions_are_checked():
    original = "Accueil\nTexte\n"
    good = Result("Texte\n", {}, [Edit("menu", "menu", 0, 8, "Accueil\n")], Origin(), original)
    bad = Result("Texte\n", {}, [Edit("menu", "menu", 1, 9, "Accueil\n")], Origin(), original)
    assert edit_problems(good) == []
    assert "says it removed 'Accueil\\n'" in edit_problems(bad)[0]


def test_pipeline_from_classes_ends_with_layout():
    pipeline = make_pipeline(MenuLines)
    assert pipeline.chain.names == ["menu", "layout"]
    assert pipeline.clean(PAGE).text == "Le conseil municipal a voté le budget mardi soir."
    assert make_pipeline(MenuLines, layout=False).chain.names == ["menu"]
    assert "layout" in make_pipeline(MenuLines, builtins=True).chain.names


def test_golden_files_round_trip(tmp_path):
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "README.md").write_text("not an input")
    cases = golden_cases(tmp_path)
    assert [c.id for c in cases] == ["page.txt"]
    pipeline = make_pipeline(MenuLines)
    assert "no golden files" in check_golden(pipeline, cases[0])[0]
    assert check_golden(pipeline, cases[0], regen=True) == []
    report = json.loads((tmp_path / "page.expected.json").read_text(encoding="utf-8"))
    assert report["edits"][0] == {"cleaner": "menu", "reason": "menu", "removed": "Accueil\n"}
    assert check_golden(pipeline, cases[0]) == []
    assert golden_cases(tmp_path) == cases  # golden files are not inputs
    (tmp_path / "page.expected.txt").write_text("Autre chose\n", encoding="utf-8")
    assert "text differs" in check_golden(pipeline, GoldenCase(tmp_path / "page.txt"))[0]


def test_pytest_plugin_fixtures_and_regen_flag(pytester):
    pytester.makepyfile(
        test_golden=f"""
import re
from cleankit import SpanCleaner

class Menu(SpanCleaner):
    name = "menu"
    reasons = {{"menu": "menu"}}
    def spans(self, text):
        return [(m.start(), m.end(), "menu") for m in re.finditer(r"^Accueil\\n", text, re.M)]

def test_golden(cleankit_pipeline, cleankit_golden):
    cleankit_golden(cleankit_pipeline(Menu), "samples")

def test_contract(cleankit_contract):
    cleankit_contract(Menu, ["Accueil\\nTexte\\n"])
"""
    )
    (pytester.path / "samples").mkdir()
    (pytester.path / "samples" / "a.txt").write_text("Accueil\nTexte de l'article.\n", encoding="utf-8")
    pytester.runpytest().assert_outcomes(passed=1, failed=1)
    pytester.runpytest("--cleankit-regen").assert_outcomes(passed=2)
    assert (pytester.path / "samples" / "a.expected.txt").read_text(encoding="utf-8") == "Texte de l'article.\n"
    pytester.runpytest().assert_outcomes(passed=2)


class Backtracks(SpanCleaner):
    """Nested quantifiers: exponential time on a run of digits."""

    name = "backtracks"
    reasons = {"x": "x"}
    _re = re.compile(r"^(\d+)+x", re.M)

    def spans(self, text):
        return [(m.start(), m.end(), "x") for m in self._re.finditer(text)]


def test_runaway_regex_is_stopped_and_reported():
    found = contract_problems(Backtracks, max_seconds=0.5)
    assert any("backtracks on digit run: still running after" in p for p in found), found
