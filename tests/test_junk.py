"""The junk cleaner: widget labels, share bars, notices and prompts go; the same words inside sentences stay."""
from __future__ import annotations

import cleankit.cleaners
from cleankit.cleaners.junk import Junk
from cleankit.document import DocumentView, Origin
from cleankit.hookspecs import hookimpl
from cleankit.offsets import apply_changes
from cleankit.runner import Pipeline

ARTICLE = (
    "Le ministre de la Défense de l'Azerbaïdjan, le colonel général Zakir Hassanov, a rencontré une "
    "délégation dirigée par le président de la Commission nationale française pour l'élimination des mines."
)


def clean(text: str, cleaner: Junk | None = None) -> str:
    cleaner = cleaner or Junk()
    outcome = cleaner.clean(DocumentView.of(text, {}, Origin()))
    return apply_changes(text, outcome.changes)


def reasons(text: str) -> list[str]:
    return [c.reason for c in Junk().clean(DocumentView.of(text, {}, Origin())).changes]


def test_seed_widgets_go_article_stays() -> None:
    text = (
        "Jannah Theme License is not validated, Go to the theme options page to validate the license, "
        "You need a single license for each domain name.\n"
        "Merci d'avoir signalé!\n"
        "Cette image sera automatiquement bloquée après qu'elle soit signalée par plusieurs personnes.\n"
        f"{ARTICLE}\n"
        "Loading...\n"
        "L'info de A à Z Voir Plus\n"
        "Bouton retour en haut de la page\n"
        "Cliquez ici pour lire l'article depuis sa source.\n"
    )
    assert clean(text) == ARTICLE + "\n"


def test_english_widgets() -> None:
    lines = [
        "Share this:",
        "Share on Facebook",
        "Facebook Twitter LinkedIn WhatsApp",
        "Partager Tweeter",
        "3 Comments",
        "0 commentaires",
        "Leave a comment",
        "Advertisement",
        "Publicité",
        "Back to top",
        "Read more »",
        "This website uses cookies to improve your experience. We'll assume you're ok with this.",
        "Subscribe to our newsletter",
        "Inscrivez-vous à notre newsletter pour recevoir nos articles",
        "Lire aussi : Le Maroc, leader en gestion humanisée des frontières",
    ]
    text = "\n".join(lines) + "\n" + ARTICLE + "\n"
    assert clean(text) == ARTICLE + "\n"


def test_matching_ignores_case_accents_apostrophes_and_spacing() -> None:
    text = "BOUTON RETOUR EN HAUT DE LA PAGE\nMerci d’avoir signale !\nPartager\u00a0sur  Facebook\n" + ARTICLE
    assert clean(text) == ARTICLE


def test_reasons_name_the_category() -> None:
    text = "Share on Twitter\n2 comments\nAdvertisement\nLoading...\nWe use cookies on this site.\n" + ARTICLE
    assert reasons(text) == ["share", "comments", "ads", "widget", "prompt"]


def test_phrases_inside_sentences_stay() -> None:
    text = (
        "Le bouton retour en haut de la page est cassé depuis la mise à jour.\n"
        "Partager un repas avec ses voisins reste une tradition dans le village.\n"
        "Il faut savoir plus que cela pour réussir.\n"
        "Nous irons voir plus loin.\n"
        "We read more books in winter than in summer.\n"
        "Ses avocats ont déclaré : « Nous utilisons des cookies comme tout le monde ».\n"
        "Advertisement spending rose by 4% last year, the agency said.\n"
        "You may also like the fact that the museum is free on Sundays.\n"
        "Next, the committee will vote on the budget.\n"
    )
    assert clean(text) == text


def test_read_more_after_a_sentence_removes_only_the_label() -> None:
    text = f"{ARTICLE} Lire la suite\nSuite du texte.\n"
    assert clean(text) == f"{ARTICLE}\nSuite du texte.\n"


def test_rights_notice_goes_only_on_a_short_line() -> None:
    long_line = (
        "Le tribunal a rappelé que la mention « tous droits réservés » ne suffit pas à protéger une œuvre "
        "lorsque son auteur ne peut pas être identifié, et que la jurisprudence sur ce point est constante, "
        "comme l'ont souligné plusieurs juristes interrogés par notre rédaction au cours des derniers mois. "
        "Tous droits réservés"
    )
    assert clean("© 2024 Le Journal. Tous droits réservés.\n" + ARTICLE) == ARTICLE
    assert clean(long_line) == long_line


def test_idempotent() -> None:
    text = "Loading...\nL'info de A à Z Voir Plus\n" + ARTICLE + " Read more\nShare on Facebook\n"
    once = clean(text)
    assert clean(once) == once
    assert once == ARTICLE + "\n"


def test_changes_are_valid_in_a_pipeline() -> None:
    pipeline = Pipeline.build(["junk"], plugins=[cleankit.cleaners], entry_points=False, on_error="raise")
    result = pipeline.clean("Loading...\n" + ARTICLE + "\nShare this:\n")
    assert result.text == ARTICLE + "\n"
    assert [e.reason for e in result.edits] == ["widget", "share"]
    assert result.edits[0].removed == "Loading...\n"


class ExtraPhrases:
    """A plugin adding a site's own widget label and share label."""

    @hookimpl
    def register_phrases(self, register) -> None:  # type: ignore[no-untyped-def]
        register("junk.widget", ["Voir la galerie photo"])
        register("junk.share", ["Partager sur Mastodon"])


def test_plugin_extends_phrase_lists() -> None:
    text = "Voir la galerie photo\nPartager sur Mastodon\n" + ARTICLE + "\n"
    plain = Pipeline.build(["junk"], plugins=[cleankit.cleaners], entry_points=False)
    assert plain.clean(text).text == text
    extended = Pipeline.build(["junk"], plugins=[cleankit.cleaners, ExtraPhrases()], entry_points=False)
    assert extended.registry is not None and extended.registry.phrases["junk.widget"] == ["Voir la galerie photo"]
    assert extended.clean(text).text == ARTICLE + "\n"


def test_constructor_takes_phrases_directly() -> None:
    cleaner = Junk(phrases={"junk.ads": ["Annonce partenaire"], "other": ["ignored"]})
    assert clean("Annonce partenaire\n" + ARTICLE, cleaner) == ARTICLE


def test_bare_read_also_takes_its_link_label_along() -> None:
    text = "Lire aussi :\nLe Maroc, leader en gestion humanisée des frontières\n" + ARTICLE + "\n"
    assert clean(text) == ARTICLE + "\n"
    # a full sentence after the label is not a link label
    text = "Read also:\n" + ARTICLE + "\n"
    assert clean(text) == ARTICLE + "\n"


def test_german_and_spanish_widgets() -> None:
    text = (
        "Anzeige\nTeilen\nWeiterlesen\nZum Inhalt springen\n5 Kommentare\nLesezeit: 4 min\n"
        "Publicidad\nCompartir en Facebook\nLea también: El Gobierno anuncia nuevas medidas\n" + ARTICLE + "\n"
    )
    assert clean(text) == ARTICLE + "\n"


def test_other_scripts_untouched() -> None:
    text = "Поделиться\n分享到微博\nقراءة المزيد\n" + ARTICLE + "\n"
    assert clean(text) == text
