"""Tests for the generic boilerplate line classifier."""
from __future__ import annotations

from cleankit import Pipeline
from cleankit.cleaners.boilerplate import Boilerplate, detect_language, stopwords
from cleankit.document import DocumentView, Origin, empty_metadata
from cleankit.offsets import apply_changes

EN_MENU = [
    "Home", "News", "World", "Politics", "Business", "Tech", "Science", "Health", "Sport",
    "Culture", "Opinion", "Video", "Podcasts", "Newsletters", "Sign in", "Subscribe",
]  # fmt: skip
EN_ARTICLE = [
    "City council approves new cycling lanes after months of debate",
    "The city council voted on Tuesday evening to approve a network of protected cycling lanes "
    "across the centre, ending a debate that had divided residents and shop owners for months.",
    "Supporters of the plan said the lanes would make the streets safer for children and older "
    "people, while several business groups warned that the loss of parking spaces could hurt trade.",
    "What happens next",
    "Work on the first section is expected to begin in the spring, and the council said it would "
    "publish a detailed timetable for each of the remaining districts before the end of the year.",
    "The mayor told reporters that the decision was a turning point for the city and that she "
    "hoped other councils in the region would follow with similar projects of their own.",
]
EN_FOOTER = [
    "Related articles", "Bus fares to rise in January", "New bridge opens to traffic",
    "About us", "Contact", "Careers", "Advertise", "Terms of use", "Privacy policy",
    "Cookie settings", "© 2024 The Daily Courier. All rights reserved.",
]  # fmt: skip

FR_MENU = [
    "Accueil", "Actualités", "International", "Politique", "Économie", "Société", "Culture",
    "Sport", "Sciences", "Météo", "Vidéos", "Podcasts", "Se connecter", "S'abonner",
]  # fmt: skip
FR_ARTICLE = [
    "La mairie lance un plan pour rénover les écoles du quartier nord",
    "Le conseil municipal a adopté lundi soir un plan de rénovation de sept écoles du quartier "
    "nord, dont certaines n'avaient pas connu de travaux importants depuis plus de trente ans.",
    "Les parents d'élèves, qui réclamaient ces travaux depuis longtemps, ont salué une décision "
    "attendue, tout en demandant que le calendrier soit tenu et que les cours ne soient pas perturbés.",
    "Un chantier sur trois ans",
    "Les premiers travaux commenceront pendant les vacances d'été et porteront sur l'isolation des "
    "bâtiments, le remplacement des fenêtres et la mise aux normes des installations électriques.",
    "Selon l'adjointe chargée de l'éducation, le coût total du projet est estimé à douze millions "
    "d'euros, financés en partie par la région et par l'État dans le cadre du plan de relance.",
]
FR_FOOTER = [
    "Lire aussi", "Le marché de Noël ouvre ses portes", "Une nouvelle ligne de bus à la rentrée",
    "Qui sommes-nous ?", "Nous contacter", "Mentions légales", "Politique de confidentialité",
    "Gestion des cookies", "© 2024 Le Courrier du Nord. Tous droits réservés.",
]  # fmt: skip


def dump(*parts: list[str]) -> str:
    """A naive page dump: one block per line, blank lines between blocks."""
    return "\n\n".join(line for part in parts for line in part) + "\n"


def run(text: str, **options: object) -> tuple[str, list]:
    cleaner = Boilerplate(**options)
    outcome = cleaner.clean(DocumentView.of(text, empty_metadata(), Origin()))
    return apply_changes(text, outcome.changes), outcome.changes


def lines_of(text: str) -> list[str]:
    return [ln for ln in text.split("\n") if ln.strip()]


def check_page(menu: list[str], article: list[str], footer: list[str]) -> None:
    text = dump(["Page title | Site"], menu, article, footer)
    out, changes = run(text)
    kept = lines_of(out)
    for line in article:
        assert line in kept
    for line in menu + footer:
        assert line not in kept
    assert kept[0] == "Page title | Site"
    for ch in changes:
        assert 0 <= ch.start < ch.end <= len(text)
        removed = text[ch.start : ch.end]
        # whole lines: a change starts at a line start and ends after a newline (or at the end)
        assert ch.start == 0 or text[ch.start - 1] == "\n"
        assert removed.endswith("\n") or ch.end == len(text)
        assert ch.reason in Boilerplate.reasons


def test_english_news_page_keeps_article_and_drops_menu_and_footer() -> None:
    check_page(EN_MENU, EN_ARTICLE, EN_FOOTER)


def test_french_news_page_keeps_article_and_drops_menu_and_footer() -> None:
    check_page(FR_MENU, FR_ARTICLE, FR_FOOTER)


def test_subheadings_between_paragraphs_survive() -> None:
    out, _ = run(dump(EN_MENU, EN_ARTICLE, EN_FOOTER))
    assert "What happens next" in lines_of(out)
    out, _ = run(dump(FR_MENU, FR_ARTICLE, FR_FOOTER))
    assert "Un chantier sur trois ans" in lines_of(out)


def test_footer_reason_is_recorded() -> None:
    _, changes = run(dump(EN_MENU, EN_ARTICLE, EN_FOOTER))
    reasons = {c.reason for c in changes}
    assert "menu" in reasons
    assert reasons <= set(Boilerplate.reasons)


def test_short_clean_document_is_untouched() -> None:
    text = "Bonjour à tous,\nLa réunion de jeudi est reportée à la semaine prochaine.\nMerci de votre compréhension.\n"
    out, changes = run(text)
    assert changes == []
    assert out == text


def test_document_without_navigation_is_left_alone() -> None:
    # a forum thread: short lines between posts, no menu, nothing to remove
    posts = [
        "Bonjour, je cherche un conseil pour mon potager qui ne donne presque rien cette année.",
        "Merci d'avance",
        "Marie",
        "As-tu vérifié l'exposition ? Les tomates ont besoin de beaucoup de soleil pour mûrir.",
        "Bon courage",
        "Paul",
        "Moi j'ajoute du compost chaque automne et la différence est nette sur les récoltes.",
        "Bises",
        "Julie",
        "Merci à tous pour vos réponses, je vais essayer de déplacer mes plants vers le sud.",
    ]
    text = "\n".join(posts) + "\n"
    out, changes = run(text)
    assert changes == []


def test_symbol_only_lines_go_everywhere() -> None:
    lines = EN_ARTICLE[1:3] + ["→", "|"] + EN_ARTICLE[4:] + ["* * *"] + EN_ARTICLE[1:3]
    text = "\n".join(lines) + "\n"
    out, changes = run(text)
    assert {c.reason for c in changes} == {"symbols"}
    assert lines_of(out) == EN_ARTICLE[1:3] + EN_ARTICLE[4:] + EN_ARTICLE[1:3]


def test_hard_wrapped_paragraph_is_one_unit() -> None:
    wrapped = (
        "Mercurial 5.2 was released on November 5, 2019. It is the first version\n"
        "of Mercurial that supports Python 3. This milestone comes nearly eleven\n"
        "years after Python 3.0 was first released on the third of December 2008."
    )
    text = dump(EN_MENU, [EN_ARTICLE[0], wrapped], EN_ARTICLE[1:], EN_FOOTER)
    out, _ = run(text)
    assert wrapped in out


def test_idempotent() -> None:
    for text in (dump(["T"], EN_MENU, EN_ARTICLE, EN_FOOTER), dump(["T"], FR_MENU, FR_ARTICLE, FR_FOOTER)):
        once, _ = run(text)
        twice, changes = run(once)
        assert twice == once


def test_related_heading_late_in_article_ends_content() -> None:
    comments = [
        "12 comments",
        "I think this is a great decision for everyone who cycles to work in the city every day, honestly.",
        "Reply",
    ]
    out, _ = run(dump(EN_MENU, EN_ARTICLE, comments, EN_FOOTER))
    kept = lines_of(out)
    assert EN_ARTICLE[-1] in kept
    assert comments[1] not in kept


def test_options_are_validated_and_used() -> None:
    text = dump(EN_MENU, EN_ARTICLE, EN_FOOTER)
    out, changes = run(text, dump_run=100)  # demand a longer navigation run: not a dump any more
    assert changes == []


def test_language_detection_from_stopwords() -> None:
    assert detect_language(" ".join(FR_ARTICLE)) == "fr"
    assert detect_language(" ".join(EN_ARTICLE)) == "en"
    assert detect_language("der Hund und die Katze sind mit dem Auto in die Stadt gefahren") == "de"
    assert detect_language("12 34 56") is None
    assert "und" in stopwords("de")


def test_pipeline_runs_cleaner_and_positions_map_to_original() -> None:
    text = dump(["Page title"], EN_MENU, EN_ARTICLE, EN_FOOTER)
    result = Pipeline.build(["boilerplate", "layout"]).clean(text, html=False)
    assert EN_ARTICLE[1] in result.text
    assert "Newsletters" not in result.text
    for edit in result.edits:
        assert text[edit.start : edit.end] == edit.removed


def test_any_text_gives_valid_whole_line_changes() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    line = st.sampled_from(EN_MENU + EN_ARTICLE + FR_FOOTER + ["", "  ", "→", "\u00a0", "x" * 300])

    @settings(max_examples=150, deadline=None)
    @given(st.lists(line, min_size=0, max_size=60), st.sampled_from(["\n", "\n\n"]))
    def check(lines: list[str], sep: str) -> None:
        text = sep.join(lines)
        out, changes = run(text)
        last = 0
        for ch in changes:
            assert last <= ch.start < ch.end <= len(text)
            assert ch.start == 0 or text[ch.start - 1] == "\n"
            last = ch.end
        again, _ = run(out)
        assert again == out

    check()


DE_MENU = [
    "Startseite", "Rezepte", "Backen", "Kochen", "Desserts", "Vegetarisch", "Schnell & einfach",
    "Magazin", "Newsletter", "Anmelden", "Suche",
]  # fmt: skip
DE_RECIPE_INTRO = [
    "Apfelkuchen vom Blech",
    "Dieser Apfelkuchen ist der Klassiker für den Sonntag: ein saftiger Rührteig, darauf viele "
    "Apfelspalten und eine Schicht aus Butterstreuseln, die beim Backen schön knusprig wird.",
    "Am besten nimmst du säuerliche Äpfel wie Boskop, denn sie behalten beim Backen ihre Form und "
    "geben dem Kuchen ein frisches Aroma, das gut zu den süßen Streuseln passt.",
]
DE_INGREDIENTS = [
    "Zutaten", "250 g Butter", "200 g Zucker", "4 Eier", "400 g Mehl", "1 Päckchen Backpulver",
    "1 kg Äpfel",
]  # fmt: skip
DE_RECIPE_STEPS = [
    "Die Butter mit dem Zucker schaumig rühren und die Eier nacheinander unterrühren. Dann das Mehl "
    "mit dem Backpulver mischen und nach und nach unter die Masse geben, bis ein glatter Teig entsteht.",
    "Den Teig auf einem gefetteten Blech verteilen, die Äpfel schälen, in Spalten schneiden und "
    "dicht auf den Teig legen. Den Kuchen im vorgeheizten Ofen etwa 40 Minuten backen.",
]
DE_FOOTER = [
    "Das könnte dich auch interessieren", "Zwetschgenkuchen mit Hefeteig", "Käsekuchen ohne Boden",
    "Impressum", "Datenschutz", "Kontakt", "Über uns", "Jobs", "Werbung", "Hilfe",
    "© 2024 Backstube Online",
]  # fmt: skip


def test_article_goes_on_after_an_ingredient_list() -> None:
    out, _ = run(dump(["Apfelkuchen | Backstube"], DE_MENU, DE_RECIPE_INTRO, DE_INGREDIENTS, DE_RECIPE_STEPS, DE_FOOTER))
    kept = lines_of(out)
    # (the three-word heading before the intro reads as a menu item: the title cleaner keeps titles)
    for line in DE_RECIPE_INTRO[1:] + DE_INGREDIENTS + DE_RECIPE_STEPS:
        assert line in kept
    for line in DE_MENU + DE_FOOTER:
        assert line not in kept


def test_article_does_not_extend_across_a_menu() -> None:
    teasers = [
        "Zwetschgenkuchen wie bei Oma: mit Hefeteig, vielen Zwetschgen und einer Prise Zimt, der "
        "perfekte Kuchen für den Spätsommer und für alle, die es nicht zu süß mögen.",
        "Käsekuchen ohne Boden ist schnell gemacht und gelingt immer, denn du brauchst dafür nur "
        "wenige Zutaten und keine Springform mit Teig, nur eine Auflaufform aus dem Schrank.",
    ]
    out, _ = run(dump(["Apfelkuchen | Backstube"], DE_MENU, DE_RECIPE_INTRO, DE_RECIPE_STEPS, DE_MENU, teasers, DE_FOOTER))
    kept = lines_of(out)
    assert DE_RECIPE_STEPS[-1] in kept
    for line in teasers:
        assert line not in kept


def test_blog_filing_note_ends_the_post() -> None:
    after = [
        "This entry was posted in City news.",
        "I think this is a great decision for everyone who cycles to work in the city every day, really.",
    ]
    out, _ = run(dump(EN_MENU, EN_ARTICLE, after, EN_FOOTER))
    kept = lines_of(out)
    assert EN_ARTICLE[-1] in kept
    for line in after:
        assert line not in kept


def test_image_credit_inside_article_goes() -> None:
    article = EN_ARTICLE[:3] + ["Photo: Jane Doe / City Press"] + EN_ARTICLE[3:]
    out, changes = run(dump(EN_MENU, article, EN_FOOTER))
    kept = lines_of(out)
    assert "Photo: Jane Doe / City Press" not in kept
    assert "credit" in {c.reason for c in changes}
    for line in EN_ARTICLE:
        assert line in kept


def test_language_of_text_quoting_another_language() -> None:
    # a German text with an English quotation: more distinct English function words, but the
    # German ones come again and again
    text = (
        "Am Anfang hielt er eine Rede vor den Absolventen der Universität. Den Zuhörern erzählte er "
        "drei Geschichten, die für sein Leben wichtig waren. „The first story is about connecting the "
        "dots, and you can only do it when you look back at what you did“, sagte er. Mit den Punkten "
        "meinte er die kleinen Bausteine, die in der Rückschau einen Sinn ergeben."
    )
    assert detect_language(text) == "de"


def test_code_blocks_in_a_page_dump_are_content() -> None:
    code = [
        "def accumulate(iterable, function=operator.add, *, initial=None):",
        "it = iter(iterable)",
        "total = initial",
        "for element in it:",
        "total = function(total, element)",
        "yield total",
        ")",
        "body {",
        "font-family: sans-serif;",
        "}",
    ]
    text = "\n".join(EN_MENU + EN_ARTICLE[:3] + code + EN_ARTICLE[3:] + EN_FOOTER) + "\n"
    result = Pipeline.build(["boilerplate"]).clean(text)
    assert all(line in result.text.split("\n") for line in code), result.text
    assert "Newsletters" not in result.text and "Cookie settings" not in result.text
