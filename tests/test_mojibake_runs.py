"""Mis-decoded runs inside otherwise correct text, in several scripts (issue 15, part 5)."""
from __future__ import annotations

import json

import pytest
from _shared import shared_dir

import ftfy.bad_codecs  # noqa: F401  (the sloppy-* codecs)
from cleankit import Pipeline
from cleankit.mojibake import find_repairs

SENTENCES = [
    "Le rapport publié hier cite ce passage : {} et poursuit son analyse sur plusieurs pages.",
    "Die Übersetzung des Wortes {} wurde später geändert, schreibt die Zeitung.",
    "В статье упоминается {} как пример для читателей.",
    "El artículo menciona {} y continúa con el análisis de los datos económicos.",
]

# (correct text, the encoding it was wrongly read with)
DAMAGED = [
    ("Čeština", "sloppy-windows-1252"),
    ("български език", "sloppy-windows-1252"),
    ("дороге из-под футбол", "sloppy-windows-1251"),
    ("हिन्दी", "sloppy-windows-1252"),
    ("தமிழ்", "sloppy-windows-1252"),
    ("crianças", "sloppy-windows-1252"),
    ("Hôpital", "sloppy-windows-1250"),
    ("Tiếng Việt", "cp437"),
    ("رسالة", "macroman"),
    ("日本語の文章", "sloppy-windows-1252"),
]


def _mojibake(text: str, encoding: str) -> str:
    return text.encode("utf-8").decode(encoding)


@pytest.fixture(scope="module")
def encoding_only() -> Pipeline:
    return Pipeline.build(["encoding"])


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("word,encoding", DAMAGED)
def test_a_damaged_run_inside_a_correct_sentence_is_repaired(
    encoding_only: Pipeline, sentence: str, word: str, encoding: str
) -> None:
    damaged = sentence.format(_mojibake(word, encoding))
    result = encoding_only.clean(damaged)
    assert result.text == sentence.format(word)
    # Each repair is a run of the damaged text, not a rewrite of the line.
    for edit in result.edits:
        assert edit.reason == "mojibake"
        assert len(edit.removed) <= len(_mojibake(word, encoding))


def test_each_repaired_run_is_its_own_edit(encoding_only: Pipeline) -> None:
    line = "Ведущий сказал: {} — а затем {} и всё.".format(
        _mojibake("Привет", "sloppy-windows-1252"), _mojibake("мир", "sloppy-windows-1252")
    )
    result = encoding_only.clean(line)
    assert result.text == "Ведущий сказал: Привет — а затем мир и всё."
    assert [e.replacement for e in result.edits] == ["Привет", "мир"]


@pytest.mark.parametrize(
    "clean",
    [
        "L’épisode 8 est trop fou, et l’été aussi.",
        "Join ZZAJÉ’s Official Fan List and receive news.",
        "C O N C L U S Ã O",
        "There are a lot of Ã’s in mojibake text",
        "Straße, naïve café, Ærø, Øresund, São Paulo, Ōsaka.",
        "├┤a┼┐a┼┐a┼┐a┼┐a",
        "Čšž ěščřžýáíé ůú ĚŠČŘŽÝÁÍÉ",
    ],
)
def test_correct_text_is_left_alone(clean: str) -> None:
    assert find_repairs(clean) == []


def test_ftfy_cases_inside_a_sentence() -> None:
    shared = shared_dir()
    path = shared / "eval" / "ftfy" / "test_cases.json" if shared else None
    if path is None or not path.exists():
        pytest.skip("../shared/eval/ftfy/test_cases.json is not here")
    only = Pipeline.build(["encoding"], options={"encoding": {"controls": False, "spaces": False, "nfc": False}})
    sentence = SENTENCES[0]
    found = negatives_changed = total = 0
    for case in json.loads(path.read_text(encoding="utf-8")):
        if case["expect"] != "pass":
            continue
        total += 1
        target = case.get("fixed-encoding", case["fixed"])
        out = only.clean(sentence.format(case["original"])).text
        found += target in out or case["fixed"] in out
        if case["original"] == case["fixed"] == target:
            negatives_changed += out != sentence.format(case["original"])
    assert negatives_changed == 0
    assert found >= 140, f"{found} of {total}"
