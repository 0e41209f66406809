"""Headings that open a box of links to other pages ("Related articles", "Mehr zum Thema"…).

A short line of the main content that starts with one of these opens such a box: the line goes,
and so does the rest of the box when the box is a small part of the content.
"""
from __future__ import annotations

import re

# lower case; matched at the start of a short line, after leading punctuation
RELATED_PHRASES: tuple[str, ...] = (
    # English
    "related", "read more", "read also", "also read", "more from", "more on this", "more stories",
    "you may also like", "you might also like", "you may be interested", "recommended for you",
    "see also", "further reading", "popular posts", "most read", "most popular", "trending now",
    "more like this", "other articles", "latest news", "don't miss",
    # German
    "mehr zum thema", "mehr aus", "mehr zu diesem", "weitere artikel", "weitere beiträge",
    "weitere meldungen", "weitere nachrichten", "weiterführende", "das könnte sie auch interessieren",
    "das könnte dich auch interessieren", "auch interessant", "zum weiterlesen", "ähnliche beiträge",
    "ähnliche artikel", "siehe auch", "lesen sie auch", "lies auch", "passend dazu", "top-themen",
    "meistgelesen", "beliebte beiträge", "verwandte artikel", "empfehlungen",
    # French
    "à lire aussi", "a lire aussi", "lire aussi", "lire également", "sur le même sujet", "articles similaires",
    "vos réactions", "voir aussi", "à voir aussi", "dans la même rubrique", "les plus lus",
    # Spanish, Portuguese, Italian
    "contenido relacionado", "notas relacionadas", "noticias relacionadas", "te puede interesar",
    "le puede interesar", "también te puede interesar", "lee también", "más sobre", "lo más leído",
    "leia também", "veja também", "notícias relacionadas", "leggi anche", "articoli correlati",
    "potrebbe interessarti", "ti potrebbe interessare",
    # Polish, Dutch
    "czytaj także", "czytaj też", "zobacz też", "zobacz także", "polecamy", "lees ook", "gerelateerde",
)
_MARKER = re.compile(
    r"^[\W_]*(?:" + "|".join(re.escape(p) for p in sorted(RELATED_PHRASES, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
MAX_MARKER_CHARS = 60


def is_related_marker(text: str) -> bool:
    """True when ``text`` is a short line that opens a box of related links."""
    if len(text) > MAX_MARKER_CHARS and ":" not in text[:MAX_MARKER_CHARS]:
        return False
    return bool(_MARKER.match(text))
