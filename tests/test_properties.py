"""Property tests over the whole default chain: no crash, idempotent, valid edit positions."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleankit import InputError, Pipeline, Result

PIPELINE = Pipeline.build(time_limit=20)

# Lines in the style of real page dumps, so the cleaners have something to do.
LINES = [
    "Lagazette",
    "15 Octobre 2021 17:52 (UTC+01:00)",
    "Publié dans L'opinion le 31 - 05 - 2024",
    "Paris / La Gazette",
    "Par Loïc Le Clerc |",
    "By Jane Doe, Reuters",
    "Updated March 3, 2020 at 5:01 p.m. ET",
    "Loading...",
    "L'info de A à Z Voir Plus",
    "Bouton retour en haut de la page",
    "Jannah Theme License is not validated, Go to the theme options page to validate the license.",
    "Merci d'avoir signalé!",
    "Cliquez ici pour lire l'article depuis sa source.",
    "Accueil\u00a0\u00a0\u00a0\u00a0Monde\u00a0\u00a0\u00a0\u00a0Sport\u00a0\u00a0\u00a0\u00a0Culture",
    "Home",
    "News",
    "Contact Us",
    "Privacy Policy",
    "© 2024 Example Media. All rights reserved.",
    "L'AZERBAÏDJAN ENVOIE DE L'AIDE HUMANITAIRE AU KARABAKH",
    "Le ministère a déclaré mardi avoir lancé une campagne dans la région, selon les autorités locales.",
    "The minister said on Tuesday that the talks would resume next week, according to officials.",
    "Il a ajouté que les Arméniens du Karabakh avaient demandé une aide humanitaire vendredi.",
    "Les forces armÃ©es ont pris des mesures le 19 septembre 2023.",
    "",
    "   ",
]

line = st.one_of(st.sampled_from(LINES), st.text(max_size=80))
document = st.lists(line, max_size=30).map("\n".join)


def check_edits(result: Result) -> None:
    original = result.original
    for i, edit in enumerate(result.edits):
        assert 0 <= edit.start <= edit.end <= len(original), edit
        overlapped = any(
            other.start < edit.end and edit.start < other.end or (other.start == other.end == edit.start)
            for other in result.edits[:i]
        )
        if not overlapped:
            assert original[edit.start : edit.end] == edit.removed, edit


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_default_chain_is_idempotent_and_positions_are_valid(text: str) -> None:
    once = PIPELINE.clean(text)
    assert not once.errors, once.errors
    check_edits(once)
    twice = PIPELINE.clean(once.text)
    assert twice.text == once.text


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    result = PIPELINE.clean(text)
    assert not result.errors, result.errors
    check_edits(result)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_decode_or_fail_clearly(data: bytes) -> None:
    try:
        result = PIPELINE.clean(data, path="fuzz.bin")
    except InputError as exc:
        assert exc.source == "fuzz.bin" and exc.reason
        return
    assert not result.errors, result.errors


tags = st.sampled_from(["p", "div", "span", "a", "script", "style", "h1", "li", "ul", "table", "td", "br", "nav"])
html_piece = st.one_of(
    st.text(max_size=20),
    tags.map(lambda t: f"<{t}>"),
    tags.map(lambda t: f"</{t}>"),
    st.sampled_from(["<!--", "-->", "<![CDATA[", "<meta name='author' content='X'>", "&amp;", "&#0;", "<", ">"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(html_piece, max_size=60).map(lambda parts: "<html><body>" + "".join(parts)))
def test_random_html_never_crashes(html: str) -> None:
    result = PIPELINE.clean(html, html=True)
    assert not result.errors, result.errors
    check_edits(result)


@pytest.mark.parametrize("text", ["", "\n", "\x00", "\ufffd" * 3, "a" * 100_000, "\u202e\u0301x", "\r\n\r"])
def test_odd_inputs(text: str) -> None:
    result = PIPELINE.clean(text)
    assert not result.errors
    check_edits(result)
