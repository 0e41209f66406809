"""The title cleaner: repeated titles stay once and become metadata.title; nothing else goes."""
from __future__ import annotations

from cleankit import Pipeline
from cleankit.document import Origin

TITLE = "L'AZERBAÏDJAN ENVOIE DE L'AIDE HUMANITAIRE AU KARABAKH"
BODY = (
    "L'Azerbaïdjan a envoyé des camions d'aide à la communauté arménienne du Karabakh vendredi "
    "à la suite d'un cessez-le-feu consécutif à une opération antiterroriste, tandis que Bakou a fait "
    "une offre de paix à l'Arménie."
)
REPEATED = f"Lagazette\n\n{TITLE}\n\n22 Septembre 2023 18:58 (UTC+01:00)\n{TITLE}\n{TITLE}\n\n{BODY}\n"


def run(text: str, chain: list[str] | None = None):  # type: ignore[no-untyped-def]
    return Pipeline.build(chain or ["title"]).run(text, Origin())


def test_repeated_title_stays_once_and_is_metadata() -> None:
    res = run(REPEATED)
    assert res.text.count(TITLE) == 1
    assert res.metadata["title"] == TITLE
    assert BODY in res.text and "22 Septembre 2023" in res.text
    assert {e.reason for e in res.edits} == {"repeated_title"}


def test_page_dump_title_line_confirmed_by_heading() -> None:
    heading = "Face au défi du Karabach, l'Azerbaïdjan fait appel à la coopération internationale"
    text = f"{heading} | L'opinion\nAccueil\nPolitique\nÉconomie\nSport\n{heading}\nPar Loïc Le Clerc |\n{BODY}\n"
    res = run(text)
    assert res.metadata["title"] == heading
    assert res.text.startswith("Accueil")  # the page-title line went, the heading stayed
    assert res.text.count(heading) == 1


def test_menu_label_repeated_is_not_a_title() -> None:
    text = "Skip to content\nNews\nSkip to content\nSport\n" + BODY + "\n"
    res = run(text)
    assert res.metadata.get("title") is None
    assert res.text == text


def test_headline_above_the_text() -> None:
    title = "Haut-Karabakh : l’Azerbaïdjan lance une opération contre les forces arméniennes"
    text = f"Nouvelles du monde\n\n{title}\n\nCNN\n\n{BODY}\n"
    res = run(text)
    assert res.metadata["title"] == title
    assert res.text == text  # nothing removed: no copy


def test_no_title_no_metadata_and_no_change() -> None:
    text = BODY + "\n" + BODY + "\n"
    res = run(text)
    assert res.metadata.get("title") is None and not res.edits


def test_existing_title_is_kept() -> None:
    meta = {"title": "Titre venu du HTML"}
    res = Pipeline.build(["title"]).run(REPEATED, Origin(), dict(meta))
    assert res.metadata["title"] == "Titre venu du HTML"
    assert res.text.count(TITLE) == 1  # copies still go


def test_idempotent() -> None:
    once = run(REPEATED, ["title", "byline", "layout"]).text
    twice = run(once, ["title", "byline", "layout"]).text
    assert once == twice


def test_empty_document() -> None:
    assert run("").text == ""


def test_find_title_memo_answers_repeat_questions(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import cleankit.cleaners.byline as byline_module
    import cleankit.cleaners.title as title_module

    calls: list[str] = []
    real = title_module._find_title
    monkeypatch.setattr(title_module, "_find_title", lambda text: calls.append(text) or real(text))
    memo: dict = {}
    first = title_module.find_title(REPEATED, memo)
    assert first is not None and len(calls) == 1
    assert title_module.find_title(REPEATED, memo) is first and len(calls) == 1
    assert byline_module.find_anchor(REPEATED, None, memo) == (first.line.start, first.line.end)
    assert len(calls) == 1  # the byline cleaner's anchor search reused the answer
    assert title_module.find_title(REPEATED) == first and len(calls) == 2  # no memo: computed again


def test_memo_is_one_per_document_and_shared_by_its_steps(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import cleankit.cleaners.byline as byline_module
    import cleankit.cleaners.title as title_module

    seen: list[object] = []
    real = title_module.find_title

    def recording(text, memo=None):  # type: ignore[no-untyped-def]
        seen.append(memo)
        return real(text, memo)

    monkeypatch.setattr(title_module, "find_title", recording)
    monkeypatch.setattr(byline_module, "find_title", recording)
    untitled = f"Accueil\nPolitique\n{BODY}\n"  # no title: title and byline both look for one
    pipeline = Pipeline.build()
    pipeline.run(untitled, Origin())
    first_run = list(seen)
    assert len(first_run) >= 2 and all(m is first_run[0] for m in first_run) and first_run[0] is not None
    seen.clear()
    pipeline.run(untitled, Origin())
    assert seen and all(m is seen[0] for m in seen) and seen[0] is not first_run[0]
