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


def test_find_title_keeps_its_answer_in_the_shared_analysis(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import cleankit.cleaners.byline as byline_module
    import cleankit.cleaners.title as title_module
    from cleankit.analysis import Analysis

    calls: list[str] = []
    real = title_module._find_title
    monkeypatch.setattr(title_module, "_find_title", lambda text, analysis=None: calls.append(text) or real(text, analysis))
    analysis = Analysis(REPEATED)
    first = title_module.find_title(REPEATED, analysis)
    assert first is not None and len(calls) == 1
    assert title_module.find_title(REPEATED, analysis) is first and len(calls) == 1
    assert byline_module.find_anchor(REPEATED, None, analysis) == (first.line.start, first.line.end)
    assert len(calls) == 1  # the byline cleaner's anchor search reused the answer
    other = REPEATED.replace("Lagazette", "La Gazette")
    assert title_module.find_title(other, analysis) is not None and len(calls) == 2  # another text: computed
    assert title_module.find_title(REPEATED) == first and len(calls) == 3  # no analysis: computed again


def test_removers_share_one_analysis_per_text(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import cleankit.cleaners.byline as byline_module
    import cleankit.cleaners.title as title_module

    seen: list[tuple[str, object]] = []
    real = title_module.find_title

    def recording(text, analysis=None):  # type: ignore[no-untyped-def]
        seen.append((text, analysis))
        return real(text, analysis)

    monkeypatch.setattr(title_module, "find_title", recording)
    monkeypatch.setattr(byline_module, "find_title", recording)
    untitled = f"Accueil\nPolitique\n{BODY}\n"  # no title: title and byline both look for one
    Pipeline.build().run(untitled, Origin())
    by_text: dict[str, set[int]] = {}
    for text, analysis in seen:
        assert analysis is not None and analysis.text is text
        by_text.setdefault(text, set()).add(id(analysis))
    assert len(seen) >= 2
    assert all(len(ids) == 1 for ids in by_text.values())  # one analysis per text version
