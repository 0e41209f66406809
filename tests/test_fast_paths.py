"""Edge cases of the fast paths in layout, title and byline (reversed scans, windows, anchors)."""
from __future__ import annotations

from cleankit.cleaners.byline import _body_start, _hint_lines
from cleankit.cleaners.layout import Layout
from cleankit.cleaners.title import find_title, top_lines

PARAGRAPH = (
    "Le gouvernement a présenté mercredi un projet de loi sur l'énergie, qui prévoit de nouvelles "
    "aides pour les ménages modestes, et le texte sera examiné au Sénat à partir du mois prochain."
)


def spans(text: str) -> list[tuple[int, int, str]]:
    return list(Layout().spans(text))


def test_layout_trailing_space_before_newlines_and_at_the_end() -> None:
    text = "Accueil \t\nPolitique\u00a0\nSport  "
    # at the very end the edge rule names the span (same start: the first reason in order wins)
    assert spans(text) == [(7, 9, "trailing_space"), (19, 20, "trailing_space"), (26, 28, "edge_space")]


def test_layout_edges_and_blank_runs() -> None:
    text = "\n \nTitre\n\n\n\nTexte\n \n"
    assert spans(text) == [(0, 3, "edge_space"), (9, 11, "blank_lines"), (17, 20, "edge_space")]
    assert spans("   ") == [(0, 3, "edge_space")]
    assert spans("") == []


def test_top_lines_stop_eight_lines_after_the_first_paragraph() -> None:
    menu = [f"Rubrique {i}" for i in range(5)]
    after = [f"Ligne {i}" for i in range(12)]
    text = "\n".join(menu + ["", PARAGRAPH, "", *after]) + "\n"
    lines = top_lines(text)
    assert [ln.text for ln in lines] == menu + [PARAGRAPH] + after[:8]
    first = lines[0]
    assert (first.start, first.end, first.fold) == (0, len("Rubrique 0") + 1, "rubrique 0")
    assert text[lines[-1].start : lines[-1].end] == "Ligne 7\n"


def test_top_lines_collapse_only_lines_with_runs_of_spaces() -> None:
    text = "Bonjour\u202f!\nDeux  mots\tici\n" + PARAGRAPH + "\n"
    assert [ln.text for ln in top_lines(text)][:2] == ["Bonjour\u202f!", "Deux mots ici"]


def test_find_title_gives_each_caller_its_own_copies_list() -> None:
    heading = "Le Sénat adopte le projet de loi sur l'énergie après un long débat"
    text = f"{heading} | Le Journal\nAccueil\n{heading}\n{PARAGRAPH}\n"
    first = find_title(text)
    assert first is not None and first.title == heading
    first.copies.clear()
    again = find_title(text)
    assert again is not None and len(again.copies) == 1


def test_body_start_from_inside_a_line() -> None:
    text = "Menu\n" + PARAGRAPH + "\nFin\n"
    start = text.index(PARAGRAPH)
    assert _body_start(text, 0) == start
    # from the middle of the paragraph its rest is still a long line of text
    assert _body_start(text, start + 3) == start + 3
    assert _body_start(text, start + len(PARAGRAPH) - 20) is None


def test_hint_lines_find_cue_words_in_any_case() -> None:
    window = "Accueil\nPAR Jeanne Martin\nMétéo\nWritten by John Smith"
    assert [window[i:j] for i, j in _hint_lines(window)] == ["PAR Jeanne Martin", "Written by John Smith"]
    # a superset: "Sport" holds "por"; the byline parser decides
    other = "Sport\nMétéo"
    assert [other[i:j] for i, j in _hint_lines(other)] == ["Sport"]
