"""Page dumps in 14 languages and 5 scripts: the article stays, the furniture goes (issue 15)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from multilingual_pages import PAGES, Page

from cleankit import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build()


def _out_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n")]


def test_the_fixtures_cover_ten_languages_and_four_scripts() -> None:
    assert len({p.lang for p in PAGES}) >= 10
    assert {"Latin", "Cyrillic", "CJK"} <= {p.script for p in PAGES}
    assert {"Arabic", "Devanagari"} & {p.script for p in PAGES}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.lang)
def test_article_kept_and_furniture_removed(pipeline: Pipeline, page: Page) -> None:
    result = pipeline.clean(page.text())
    out = _out_lines(result.text)
    assert result.metadata["language"] == page.lang
    assert all(p in out for p in page.paragraphs), result.text
    assert page.title in out
    assert not any(m in out for m in page.menu[1:]), result.text
    assert page.footer[0] not in out
    assert all(e.cleaner != "boilerplate" or e.reason != "menu" or e.removed.strip() not in page.paragraphs
               for e in result.edits)


@pytest.mark.parametrize("page", [p for p in PAGES if p.lang in ("de", "ru", "zh", "ar")], ids=lambda p: p.lang)
def test_a_wrong_declared_language_changes_nothing(pipeline: Pipeline, page: Page) -> None:
    def html(lang: str) -> bytes:
        body = "".join(f"<p>{line}</p>" for line in page.text().splitlines())
        return f'<html lang="{lang}"><head><title>{page.title}</title></head><body>{body}</body></html>'.encode()

    right = pipeline.clean(html(page.lang), html=True)
    wrong = pipeline.clean(html("en" if page.lang != "en" else "fr"), html=True)
    assert wrong.metadata["language"] == page.lang
    assert wrong.text == right.text
    again = pipeline.clean(wrong.text)
    assert again.text == wrong.text


COMMENTS = [
    "Très bel article, merci pour ces précisions sur le budget de la ville.",
    "Je ne suis pas d'accord avec la hausse des impôts, elle pèse sur les familles.",
    "Enfin des investissements dans les écoles, il était temps !",
    "Quelqu'un sait-il quand commencent les travaux du tramway ?",
]


def _page_with_comments() -> str:
    page = PAGES[0]
    lines = ["Example Site", *page.menu, page.title, *page.paragraphs, "Commentaires des lecteurs"]
    for i, c in enumerate(COMMENTS):
        lines += [f"Lecteur{i}", "12 mars 2024", c]
    lines += list(page.footer)
    return "\n".join(lines) + "\n"


def test_readers_comments_are_content_by_default(pipeline: Pipeline) -> None:
    out = _out_lines(pipeline.clean(_page_with_comments()).text)
    assert all(c in out for c in COMMENTS)


def test_an_option_drops_readers_comments() -> None:
    pipe = Pipeline.build(options={"boilerplate": {"drop_comments": True}})
    out = _out_lines(pipe.clean(_page_with_comments()).text)
    assert not any(c in out for c in COMMENTS)
    assert all(p in out for p in PAGES[0].paragraphs)


SHORT_LINE_CONTENT = {
    "poem": ["Le vent se lève", "sur la mer grise", "et les mouettes", "crient au matin", "le phare s'éteint",
             "la barque attend", "mon cœur aussi", "revient au port", "comme chaque soir", "sans un mot"],
    "dialogue": ["— Tu viens ?", "— Pas encore.", "— Pourquoi ?", "— J'attends Paul.", "— Il est parti.",
                 "— Déjà ?", "— Oui, hier.", "— Alors j'y vais.", "— Attends-moi !", "— Vite, alors."],
    "recipe": ["Ingrédients", "200 g de farine", "3 œufs", "50 cl de lait", "1 pincée de sel", "Préparation",
               "Mélanger la farine et le sel", "Ajouter les œufs", "Verser le lait peu à peu", "Laisser reposer 1 h"],
    "diary": ["Lundi 3 mars", "08:15", "Café, pluie", "12:30", "Déjeuner avec Anne", "18:00", "Piscine",
              "Mardi 4 mars", "07:50", "Train en retard", "19:10", "Lecture"],
    "poem_zh": ["床前明月光", "疑是地上霜", "举头望明月", "低头思故乡", "春眠不觉晓", "处处闻啼鸟", "夜来风雨声",
                "花落知多少", "白日依山尽", "黄河入海流", "欲穷千里目", "更上一层楼"],
}


@pytest.mark.parametrize("kind", sorted(SHORT_LINE_CONTENT))
def test_short_line_content_survives(pipeline: Pipeline, kind: str) -> None:
    lines = SHORT_LINE_CONTENT[kind]
    out = _out_lines(pipeline.clean("\n".join(lines) + "\n").text)
    assert all(line in out for line in lines)


# -- property: sentence-like lines in any script never lose more than 20% ---------------------

SCRIPTS = {
    "latin": ("abcdefghijklmnopqrstuvwxyzéèàüöäßçñ", "."),
    "cyrillic": ("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "."),
    "greek": ("αβγδεζηθικλμνξοπρστυφχψω", "."),
    "arabic": ("ابتثجحخدذرزسشصضطظعغفقكلمنهوي", "؟"),
    "devanagari": ("कखगघचछजझटठडढणतथदधनपफबभमयरलवशसह", "।"),
    "hebrew": ("אבגדהוזחטיכלמנסעפצקרשת", "."),
}
CJK = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现"


@st.composite
def sentence_lines(draw: st.DrawFn) -> list[str]:
    script = draw(st.sampled_from(sorted(SCRIPTS) + ["cjk"]))
    n = draw(st.integers(min_value=3, max_value=40))
    lines = []
    for _ in range(n):
        if script == "cjk":
            body = draw(st.text(alphabet=CJK, min_size=12, max_size=60))
            lines.append(body + draw(st.sampled_from("。！？")))
            continue
        letters, end = SCRIPTS[script]
        words = draw(st.lists(st.text(alphabet=letters, min_size=2, max_size=10), min_size=5, max_size=25))
        sentence = " ".join(words)
        lines.append(sentence[0].upper() + sentence[1:] + draw(st.sampled_from([end, "!", "?"])))
    return lines


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(lines=sentence_lines())
def test_sentence_lines_in_any_script_never_lose_more_than_a_fifth(pipeline: Pipeline, lines: list[str]) -> None:
    out = set(_out_lines(pipeline.clean("\n".join(lines) + "\n").text))
    kept = sum(line.strip() in out for line in lines)
    assert kept >= 0.8 * len(lines)


def test_removing_most_of_the_prose_is_reported(pipeline: Pipeline) -> None:
    assert "suspicious_blocks" not in pipeline.clean(PAGES[0].text()).metadata
    options = {"drop_comments": True, "suspicious_prose_lost": 0.3}
    dropping = Pipeline.build(options={"boilerplate": options})
    lost = dropping.clean(_page_with_comments()).metadata.get("suspicious_blocks")
    assert lost is not None and 0.3 <= lost <= 1.0


@pytest.mark.parametrize("page", [p for p in PAGES if p.lang in ("cs", "id", "zh", "fi", "ru")], ids=lambda p: p.lang)
def test_boilerplate_alone_keeps_articles_of_languages_without_stopword_lists(page: Page) -> None:
    out = _out_lines(Pipeline.build(["boilerplate", "layout"]).clean(page.text()).text)
    assert all(p in out for p in page.paragraphs)
    assert not any(m in out for m in page.menu[1:])
