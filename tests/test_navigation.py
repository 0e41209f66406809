"""The navigation cleaner: run-on headline lines, menu blocks, tags and breadcrumbs go; the article stays."""
from __future__ import annotations

from cleankit.cleaners.navigation import Navigation
from cleankit.document import DocumentView, Origin
from cleankit.offsets import apply_changes

HEADLINES = [
    "Royaume-Uni - Maroc : Le projet de liaison électrique Xlinks en quête de soutien politique",
    "Spectre d'isolement algérien, vain espoir vers Trump",
    "Le Maroc, leader en gestion humanisée des frontières",
    "Bourse de Casablanca : clôture dans le rouge",
    "Société Générale Maroc, partenaire de la 3ème édition du Festival du Livre Africain de Marrakech",
]
TITLE = "Face au défi du Karabach, l'Azerbaïdjan fait appel à la coopération internationale dans le déminage"
PARA1 = (
    "Après avoir récupéré le Haut-Karabagh après sa guerre victorieuse contre l'Arménie, l'Azerbaïdjan fait "
    "face à un territoire si miné qu'il demeure inhospitalier pour les populations civiles. Détails."
)
PARA2 = (
    "Il est facile de poser une mine mais il est beaucoup difficile de s'en débarrasser. C'est le défi de "
    "tout pays qui avance sur une terre conquise après un conflit armé."
)


def clean(text: str, metadata: dict | None = None) -> str:
    outcome = Navigation().clean(DocumentView.of(text, metadata or {}, Origin()))
    return apply_changes(text, outcome.changes)


def test_run_on_headline_line_goes_entirely() -> None:
    gap = "\u00a0" * 4
    text = gap.join(HEADLINES) + gap + "\n\n" + TITLE + "\n\n" + PARA1 + "\n" + PARA2 + "\n"
    assert clean(text) == "\n" + TITLE + "\n\n" + PARA1 + "\n" + PARA2 + "\n"


def test_gapped_lines_that_are_not_headlines_stay() -> None:
    text = (
        "Nom     Âge     Ville     Pays\n"
        "Il pleut.   Le vent souffle fort.   Les routes sont coupées.   On reste chez soi.\n"
        "    Une ligne indentée qui fait partie du texte.\n"
    )
    assert clean(text) == text


def test_menu_block_above_article_goes_title_stays() -> None:
    menu = ["Accueil", "Monde", "Europe", "Économie", "Sport", "Culture", "Politique"]
    text = "\n".join(menu) + "\nL'Azerbaïdjan et le déminage\n" + PARA1 + "\n"
    assert clean(text) == "L'Azerbaïdjan et le déminage\n" + PARA1 + "\n"


def test_lists_and_subheadings_inside_the_article_stay() -> None:
    text = (
        PARA1 + "\n"
        "Les chiffres clés\n"
        "- 361 personnes ont péri d'explosions de mines.\n"
        "- 140 000 hectares ont été déminés.\n"
        "Marseille\nLyon\nToulouse\nNice\nNantes\nStrasbourg\n" + PARA2 + "\n"
    )
    assert clean(text) == text


def test_short_lines_without_an_article_stay() -> None:
    poem = "Demain dès l'aube\nÀ l'heure où blanchit la campagne\nJe partirai\nVois-tu je sais\nQue tu m'attends\nJ'irai par la forêt\n"
    assert clean(poem) == poem


def test_known_title_is_kept_inside_a_menu_block() -> None:
    menu = "Accueil\nMonde\nLe déminage au Karabakh\nEurope\nSport\nCulture\nDerniere ligne\n"
    text = menu + PARA1 + "\n"
    out = clean(text, {"title": "Le déminage au Karabakh"})
    assert "Le déminage au Karabakh\n" in out and "Accueil" not in out


def test_tags_and_breadcrumbs_go() -> None:
    text = (
        "Accueil > Monde > Europe\n"
        "Home » News\n" + PARA1 + "\n"
        "Tags: Azerbaïdjan, Karabakh, déminage\n"
        "Mots-clés : Maroc - FAR - Génie militaire\n"
    )
    assert clean(text) == PARA1 + "\n"


def test_sentences_that_look_like_tags_or_crumbs_stay() -> None:
    text = (
        "Thèmes : la guerre et la paix sont au cœur de ce livre qui fait date.\n"
        "Paris / AFP\n"
        "2024 / 2025\n"
        "Le score final > aux attentes de tous.\n"
    )
    assert clean(text) == text


def test_idempotent() -> None:
    gap = "\u00a0" * 4
    text = gap.join(HEADLINES) + "\nAccueil\nMonde\nEurope\nSport\nCulture\nMétéo\nTitre\n" + PARA1 + "\nTags: a, b\n"
    once = clean(text)
    assert clean(once) == once
    assert PARA1 in once and "Bourse de Casablanca" not in once and "Tags:" not in once


def test_cookie_banner_above_the_menu_is_not_the_article() -> None:
    banner = (
        "Diese Website verwendet Cookies. Wir können damit die Seitennutzung auswerten, um nutzungsbasiert "
        "redaktionelle Inhalte und Werbung anzuzeigen. Mit der Nutzung der Seite stimmen Sie zu."
    )
    menu = "Politik\nWirtschaft und Umwelt\nBewegung\nMeinung\nBerlin\nBrandenburg\nFeuilleton\n"
    out = clean(banner + "\n" + menu + PARA1 + "\n")
    assert out == banner + "\n" + "Feuilleton\n" + PARA1 + "\n"


def test_verse_above_a_commentary_stays() -> None:
    verse = (
        "Demain dès l'aube à l'heure où blanchit la campagne\n"
        "Je partirai Vois-tu je sais que tu m'attends\n"
        "J'irai par la forêt j'irai par la montagne\n"
        "Je ne puis demeurer loin de toi plus longtemps\n"
        "Je marcherai les yeux fixés sur mes pensées\n"
        "Sans rien voir au dehors sans entendre aucun bruit\n"
    )
    text = verse + PARA1 + "\n"
    assert clean(text) == text


def test_widget_line_between_menu_blocks_keeps_the_chain_idempotent() -> None:
    import cleankit.cleaners
    from cleankit.runner import Pipeline

    menu = "Accueil\nMonde\nEurope\nSport\nFacebook\nCulture\nMétéo\nVidéos\nPodcasts\nDerniere\n"
    pipeline = Pipeline.build(["navigation", "junk", "layout"], plugins=[cleankit.cleaners], entry_points=False)
    once = pipeline.clean(menu + PARA1 + "\n" + PARA2).text
    assert pipeline.clean(once).text == once
    assert once.startswith("Derniere\n") and PARA2 in once
