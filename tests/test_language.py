"""Language identification from the text (issue 15, part 3)."""
from __future__ import annotations

import pytest

from cleankit import Pipeline
from cleankit.language import identify, sample

TEXTS = {
    "fr": "Le conseil municipal a voté hier soir le budget de l'année prochaine. Les débats ont duré plus de trois heures, "
    "et l'opposition a dénoncé une hausse des impôts locaux qu'elle juge injustifiée.",
    "de": "Der Gemeinderat hat gestern Abend den Haushalt für das kommende Jahr beschlossen. Die Debatte dauerte mehr als "
    "drei Stunden, und die Opposition kritisierte die Erhöhung der Grundsteuer.",
    "es": "El ayuntamiento aprobó anoche el presupuesto del próximo año. El debate duró más de tres horas y la oposición "
    "criticó la subida de los impuestos municipales.",
    "fi": "Kunnanvaltuusto hyväksyi eilen illalla ensi vuoden talousarvion. Keskustelu kesti yli kolme tuntia, ja "
    "oppositio arvosteli kiinteistöveron korotusta.",
    "ru": "Городской совет вчера вечером утвердил бюджет на следующий год. Обсуждение длилось более трёх часов, "
    "а оппозиция раскритиковала повышение местных налогов.",
    "zh": "市议会昨晚通过了明年的预算。讨论持续了三个多小时，反对派批评了地方税的上涨，认为这对居民不公平。",
    "ar": "وافق المجلس البلدي مساء أمس على ميزانية العام المقبل. واستمر النقاش أكثر من ثلاث ساعات، وانتقدت المعارضة "
    "رفع الضرائب المحلية.",
    "hi": "नगर परिषद ने कल शाम अगले वर्ष का बजट पारित किया। बहस तीन घंटे से अधिक चली और विपक्ष ने स्थानीय करों में "
    "वृद्धि की आलोचना की।",
}


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_identify_names_the_language(code: str) -> None:
    got, confidence = identify(TEXTS[code])
    assert got == code
    assert 0.5 < confidence <= 1.0


def test_too_little_text_gives_no_answer() -> None:
    assert identify("") == ("", 0.0)
    assert identify("12:30 | 45 € | ©") == ("", 0.0)


def test_sample_reads_long_lines_before_menus() -> None:
    menu = "\n".join(["Home", "News", "Sport", "Contact", "About us"] * 20)
    text = menu + "\n" + TEXTS["fi"] + "\n" + menu
    assert sample(text).startswith("Kunnanvaltuusto")


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build()


def test_text_documents_get_their_language(pipeline: Pipeline) -> None:
    assert pipeline.clean(TEXTS["de"]).metadata["language"] == "de"


def test_declared_language_is_only_a_hint(pipeline: Pipeline) -> None:
    body = "".join(f"<p>{TEXTS['de']}</p>" for _ in range(3))
    page = f'<html lang="en"><head><title>Haushalt</title></head><body>{body}</body></html>'
    result = pipeline.clean(page.encode("utf-8"), html=True)
    assert result.metadata["language"] == "de"


def test_declared_language_stands_when_the_text_is_unsure(pipeline: Pipeline) -> None:
    page = '<html lang="fr"><body><p>OK</p><p>Menu</p></body></html>'
    assert pipeline.clean(page.encode("utf-8"), html=True).metadata["language"] == "fr"
