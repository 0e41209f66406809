"""The byline cleaner: dates, authors, source and dateline become metadata; article text stays."""
from __future__ import annotations

import pytest

from cleankit import Pipeline
from cleankit.cleaners.byline import name_line, parse_byline
from cleankit.document import Origin

BODY_FR = (
    "Le ministre de la Défense de l'Azerbaïdjan, le colonel général Zakir Hassanov, a rencontré une "
    "délégation dirigée par le président de la Commission nationale française pour l'élimination des "
    "mines antipersonnel, Gérard Chesnel."
)
BODY_EN = (
    "The Americas cannot ignore the risk of further COVID-19 surges, the regional health agency said on "
    "Wednesday, as cases rose again in several countries and hospitals reported shortages of staff."
)


def run(text: str, meta: dict | None = None):  # type: ignore[no-untyped-def]
    base = {"title": None, "published": None, "authors": [], "source": None, "dateline": None}
    base.update(meta or {})
    return Pipeline.build(["title", "byline"]).run(text, Origin(), base)


def test_lagazette_style_header() -> None:
    title = "L'AZERBAÏDJAN ASSURE UN RETRAIT PROGRESSIF DES FORCES DE MAINTIEN DE LA PAIX"
    text = f"{title}\n\n15 Mai 2024 21:11 (UTC+01:00)\n{title}\n\nParis / La Gazette\n\n{BODY_FR}\n"
    res = run(text)
    assert res.metadata["published"] == "2024-05-15T21:11:00+01:00"
    assert res.metadata["dateline"] == "Paris" and res.metadata["source"] == "La Gazette"
    assert "15 Mai 2024" not in res.text and "Paris / La Gazette" not in res.text
    assert BODY_FR in res.text


def test_published_in_outlet() -> None:
    title = "Face au défi du Karabach, l'Azerbaïdjan fait appel à la coopération internationale"
    res = run(f"{title}\nPublié dans L'opinion le 31 - 05 - 2024\n\n{BODY_FR}\n")
    assert res.metadata["published"] == "2024-05-31"
    assert res.metadata["source"] == "L'opinion"
    assert "Publié dans" not in res.text and res.text.startswith(title)


def test_french_byline_with_author() -> None:
    title = "Le Conseil constitutionnel valide l'essentiel de la réforme des retraites"
    res = run(f"{title}\nPar Loïc Le Clerc |\n30 septembre 2018\n\n{BODY_FR}\n")
    assert res.metadata["authors"] == ["Loïc Le Clerc"]
    assert res.metadata["published"] == "2018-09-30"
    assert "Loïc Le Clerc" not in res.text and "30 septembre 2018" not in res.text


def test_english_byline_agency_and_update() -> None:
    title = "Health agency warns of new COVID-19 surges across the Americas"
    text = (
        f"{title}\nBy Jane Doe, Reuters\nPublished March 2, 2020 at 9:12 a.m. ET\n"
        f"Updated March 3, 2020 at 5:01 p.m. ET\n\n{BODY_EN}\n"
    )
    res = run(text)
    assert res.metadata["authors"] == ["Jane Doe"] and res.metadata["source"] == "Reuters"
    assert res.metadata["published"] == "2020-03-02T09:12:00-05:00"  # the published one, not the update
    assert "By Jane Doe" not in res.text and "Updated March 3" not in res.text


def test_updated_alone_is_used_when_nothing_else() -> None:
    title = "Health agency warns of new COVID-19 surges across the Americas"
    res = run(f"{title}\nUpdated March 3, 2020 at 5:01 p.m. ET\n\n{BODY_EN}\n")
    assert res.metadata["published"] == "2020-03-03T17:01:00-05:00"


def test_german_byline() -> None:
    title = "Influencer und Trading Apps: Die Jungen entdecken die Börse"
    body = ("Niedrige Zinsen und der anhaltende Aktienboom ziehen immer mehr junge Menschen an die Börse. "
            "So zumindest die allgemeine Lesart, sagt der Analyst, und das gilt auch für Berlin und Frankfurt.")
    text = f"Startseite\n{title}\n\n28.04.2021 - 07:18 | Quelle: dpa-AFX\n\nVon David Hutzler, dpa\n\n{body}\n"
    res = run(text)
    assert res.metadata["published"] == "2021-04-28T07:18:00"
    assert res.metadata["authors"] == ["David Hutzler"] and res.metadata["source"] == "dpa"


def test_no_date_no_published() -> None:
    title = "Haut-Karabakh : l’Azerbaïdjan lance une opération contre les forces arméniennes"
    res = run(f"{title}\n\nCNN\n\n{BODY_FR}\n")
    assert res.metadata["published"] is None
    assert res.metadata["source"] == "CNN"


def test_date_in_article_sentence_is_not_removed() -> None:
    title = "Le cessez-le-feu tient au Karabakh malgré des tirs sporadiques"
    sentence = ("Un cessez-le-feu complet et une cessation de toutes les hostilités dans la zone du conflit "
                "du Karabagh ont été instaurés le 10 novembre 2020, après plus d'un mois de combats violents.")
    res = run(f"{title}\n\n{sentence}\n\n{BODY_FR}\n")
    assert sentence in res.text
    assert res.metadata["published"] is None
    assert not res.edits


def test_mixed_line_sets_metadata_but_stays() -> None:
    title = "Bischof ruft zu Freilassung Oppositioneller in Belarus auf"
    mixed = "Wien, 14. Dezember 2021 – Aufgrund der steigenden Technologisierung und Mobilität sowie der damit " \
            "verbundenen Zunahme an Freizeitaktivitäten in der Natur appelliert der Verband an alle Besucher."
    res = run(f"{title}\n\n{mixed}\n")
    assert res.metadata["published"] == "2021-12-14"
    assert mixed in res.text


def test_existing_metadata_wins() -> None:
    title = "Le Conseil constitutionnel valide l'essentiel de la réforme des retraites"
    res = run(f"{title}\nPar Loïc Le Clerc |\n30 septembre 2018\n\n{BODY_FR}\n",
              {"published": "2018-10-01", "authors": ["Autre Auteur"]})
    assert res.metadata["published"] == "2018-10-01" and res.metadata["authors"] == ["Autre Auteur"]


def test_author_box() -> None:
    text = (f"Titre de l'article sur le conflit au Karabakh et ses suites\n\n{BODY_FR}\n\nG News\n\n"
            "Photo de Jeoffro René\n\nJeoffro René\n\nI photograph general events and conferences.\n")
    res = run(text)
    assert res.metadata["authors"] == ["Jeoffro René"]
    assert "\nJeoffro René\n" not in res.text


def test_idempotent_and_contract() -> None:
    title = "Health agency warns of new COVID-19 surges across the Americas"
    text = f"{title}\nBy Jane Doe, Reuters\nUpdated March 3, 2020 at 5:01 p.m. ET\n\n{BODY_EN}\n"
    once = run(text)
    again = run(once.text)
    assert again.text == once.text
    assert run("").text == "" and not run("").edits


@pytest.mark.parametrize(
    "line, authors, source",
    [
        ("By Jane Doe, Reuters", ["Jane Doe"], "Reuters"),
        ("Par Loïc Le Clerc |", ["Loïc Le Clerc"], None),
        ("Von Anna Muster am 3. März 2020", ["Anna Muster"], None),
        ("July 24, 2019 by Amy Motroni 5 Comments", ["Amy Motroni"], None),
        ("Posted 11. April 2018 by Walter von Aachen", ["Walter von Aachen"], None),
        ("Written by: Julie Mollins", ["Julie Mollins"], None),
        ("By Jane Doe and John Smith", ["Jane Doe", "John Smith"], None),
    ],
)
def test_parse_byline(line: str, authors: list[str], source: str | None) -> None:
    assert parse_byline(line) == (authors, source)


@pytest.mark.parametrize(
    "line",
    ["Text vorlesen", "Rede von Bundespräsident Johannes Rau beim Föderalismuskonvent",
     "Mandarinen-Schmand-Kuchen von jesusfreak | Chefkoch", "von Risiken und Nebenwirkungen",
     "Le ministre a été reçu par le président de la République à Paris, a-t-il déclaré."],
)
def test_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


def test_name_line() -> None:
    assert name_line("Celia Parbey") == "Celia Parbey"
    assert name_line("Beliebte Beiträge") is None and name_line("Die Schneemaske") is None


def test_url_date_is_evidence() -> None:
    from cleankit.cleaners.byline import url_date

    assert url_date("https://example.com/2023/10/27/police-blotter/") == ("2023-10-27", "2023-10")
    assert url_date("https://example.com/2016/12/python-360.html") == (None, "2016-12")
    assert url_date("https://example.com/article-1412361") == (None, None)
    text = (f"Police blotter for Christian County this week\n\nNovember 9, 2023 6:22 am CST\n\n"
            f"Other headlines of the day\n\nOctober 27, 2023\n\n{BODY_EN}\n")
    res = Pipeline.build(["byline"]).run(text, Origin(url="https://example.com/2023/10/27/blotter/"))
    assert res.metadata["published"] == "2023-10-27"


def test_site_today_widget_at_top_loses() -> None:
    nav = "\n".join(["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur", "Panorama"] * 20)
    text = f"Mittwoch, 8. Juli 2020\n{nav}\n27.04.2020 - 18:50 Uhr\n\n{BODY_FR}\n"
    res = Pipeline.build(["byline"]).run(text, Origin())
    assert res.metadata["published"] == "2020-04-27T18:50:00"


def test_short_sentence_with_date_under_title_stays() -> None:
    title = "Neues Gesetz zur Förderung erneuerbarer Energien beschlossen"
    sentence = "Am 3. März 2020 trat das Gesetz in Kraft"
    res = run(f"{title}\n\n{sentence}\n\n{BODY_FR}\n")
    assert sentence in res.text


def test_known_date_line_still_leaves_the_body() -> None:
    title = "Le Conseil constitutionnel valide l'essentiel de la réforme des retraites"
    res = run(f"{title}\n30 septembre 2018 à 17h52\n\n{BODY_FR}\n", {"published": "2018-09-30T17:52:00+02:00"})
    assert res.metadata["published"] == "2018-09-30T17:52:00+02:00"
    assert "30 septembre 2018" not in res.text
    other = run(f"{title}\n30 septembre 2018 à 17h52\n\n{BODY_FR}\n", {"published": "2019-01-01"})
    assert "30 septembre 2018" in other.text  # a different day: not ours to drop


def test_title_and_byline_idempotent_on_samples() -> None:
    from pathlib import Path

    pipe = Pipeline.build(["title", "byline", "layout"])
    for path in sorted((Path(__file__).parent.parent / "samples").glob("*.txt")):
        once = pipe.run(path.read_text(encoding="utf-8"), Origin())
        assert pipe.run(once.text, Origin()).text == once.text, path.name
