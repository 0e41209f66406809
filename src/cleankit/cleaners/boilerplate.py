"""Remove the boilerplate lines of naive page dumps: menus, link lists, footers around the main content.

A jusText-like line classifier: every line gets a class from its length, its share of
function words (stopwords of the document's language, detected from stopword hits) and its
final punctuation; the main content is the span from the first to the last "good" line of
the densest cluster of good lines. Lines outside it that are short or headline-like are
removed when the page has the shape of a dump (runs of short lines); inside it only
runs of short lines that look like menus or link lists go. Short documents and documents
without a clear content block are left alone.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import Any

from ..cleaner import Change, Cleaner, Outcome
from ..document import DocumentView

LANGS: tuple[str, ...] = ("de", "en", "fr", "es", "it", "pt", "pl", "nl")

# line classes
_BLANK, _SHORT, _MEDIUM, _GOOD, _BAD = 0, 1, 2, 3, 4

_SENTENCE_END = frozenset('.!?…:;"»)”’\'')

# copyright, legal and cookie cues: a line holding one is footer material unless it is long prose
_FOOTER = re.compile(
    r"©|\(c\)\s*\d{4}|copyright|all rights reserved|alle rechte vorbehalten|tous droits réservés"
    r"|todos los derechos reservados|tutti i diritti riservati|wszelkie prawa zastrzeżone"
    r"|\bcookies?\b|datenschutz|impressum|privacy policy|mentions légales|aviso legal"
    r"|politique de confidentialité|política de privacidad|nutzungsbedingungen|terms of (?:use|service)"
    r"|\bagb\b|conditions générales",
    re.IGNORECASE,
)


def _words(s: str) -> list[str]:
    # apostrophes split elisions ("l'homme" gives "l" and "homme"); other punctuation rarely matters
    return s.lower().replace("'", " ").replace("\u2019", " ").split()


_ALNUM = re.compile(r"[^\W_]")

# headings that open the page furniture after an article: related links, comments, share bars, tags
_END_MARKER = re.compile(
    r"(?:mehr zum thema|mehr (?:aus|zu|von) |weitere (?:artikel|informationen|beiträge|nachrichten|themen|meldungen)"
    r"|ähnliche (?:artikel|beiträge|themen)|verwandte (?:artikel|themen|beiträge)"
    r"|das könnte (?:dich|sie|ihnen) auch|auch interessant|lesen sie auch|empfehlungen|neueste (?:artikel|beiträge)"
    r"|top[ -]themen|schon gelesen|\d* ?kommentare?\b|kommentar (?:schreiben|hinzufügen)"
    r"|(?:schreib|schreibe|hinterlasse) einen kommentar|teilen\b|diesen (?:artikel|beitrag) teilen|schlagw(?:ö|o)rte"
    r"|related\b|read (?:more|next|also)|more (?:from|on|stories|news|articles)|you (?:may|might) also"
    r"|recommended|popular (?:posts|stories|articles)|latest (?:news|posts|articles|stories)|\d* ?comments?\b"
    r"|(?:leave|post|write|add) a (?:comment|reply)|share (?:this|on)\b|tags?:|trending"
    r"|(?:à )?lire (?:aussi|également)|voir aussi|sur le même sujet|articles? (?:similaires|liés|connexes|récents)"
    r"|\d* ?commentaires?\b|laisser un commentaire|partager\b|dans la même rubrique|vous aimerez aussi"
    r"|le(?:a|er) (?:también|más)|(?:también )?(?:te|le) puede interesar|(?:noticias|artículos) relacionad"
    r"|\d* ?comentarios?\b|deja un comentario|compartir\b|etiquetas|más noticias"
    r"|leggi anche|articoli correlati|potrebbe interessarti|\d* ?commenti\b|lascia un commento"
    r"|leia também|veja também|notícias relacionadas|\d* ?comentários\b|deixe um comentário"
    r"|zobacz (?:też|również|także)|czytaj (?:też|także|również)|\d* ?komentarz|podobne artykuły|udostępnij"
    r"|lees ook|gerelateerde artikelen|\d* ?reacties\b|deel dit)",
    re.IGNORECASE,
)


@lru_cache(maxsize=None)
def stopwords(lang: str) -> frozenset[str]:
    """The stopword set shipped for ``lang`` (lower case)."""
    text = resources.files("cleankit").joinpath("data", f"stopwords_{lang}.txt").read_text("utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        if not line.startswith("#"):
            words.update(line.lower().split())
    return frozenset(words)


def detect_language(sample: str, min_hits: int = 4) -> str | None:
    """The language whose stopwords appear most (distinct words) in ``sample``, or None."""
    words = set(_words(sample))
    best, best_hits = None, min_hits - 1
    for lang in LANGS:
        hits = len(words & stopwords(lang))
        if hits > best_hits:
            best, best_hits = lang, hits
    return best


class Boilerplate(Cleaner):
    """Remove menus, link lists, footers and other short lines around a page dump's main content."""

    name = "boilerplate"
    order = 450
    reasons = {
        "menu": "a run of short lines (menu, navigation, tag list) outside or inside the main content",
        "link_list": "headline-like lines (related articles, link lists) outside the main content",
        "footer": "copyright, legal or cookie line outside the main content",
        "short_outside_content": "short line before or after the main content",
        "symbols": "a line of symbols only (separator, arrow, pipe)",
    }
    defaults = {
        "short_chars": 40,  # below this a line is short
        "good_chars": 100,  # from this a line with enough stopwords is content
        "good_sentence_chars": 60,  # from this a line ending a sentence, with enough stopwords, is content
        "stopwords_good": 0.20,  # share of stopwords a content line needs
        "stopwords_bad": 0.08,  # below this share a medium line is boilerplate
        "min_units": 8,  # documents with fewer blocks are left alone
        "head_menu_run": 5,  # ... and a run of this many menu items before the first content unit
        "dump_run": 10,  # a document is a page dump when a run of short units has this many menu items
        "keep_before": 2,  # short lines just before the content kept (title, subtitle)
        "cluster_gap": 12,  # this many units between good units split the content into clusters
        "split_run": 4,  # so does a run of this many short units
        "first_cluster_share": 0.5,  # the first cluster with this share of the biggest one is the content
        "marker_chars": 60,  # longest related-links/comments heading looked for
        "remove_trailing_good": True,  # remove good units after the main content (comments, teasers)
    }

    def clean(self, doc: DocumentView) -> Outcome:
        text = doc.text
        o = self.options
        lines = text.split("\n")
        stripped = [ln.strip() for ln in lines]
        units = _units(stripped)
        if len(units) < o["min_units"]:
            return Outcome()
        lang = self._language(doc, units)
        classes = self._classify(units, lang)
        remove = self._decide(units, classes)
        if not remove:
            return Outcome()
        starts = [0, *accumulate(len(ln) + 1 for ln in lines)]
        return Outcome(changes=_changes(units, remove, starts, len(text)))

    # -- features -------------------------------------------------------------------------

    def _language(self, doc: DocumentView, units: list[tuple[int, int, str]]) -> str | None:
        meta_lang = doc.metadata.get("language")
        if isinstance(meta_lang, str) and meta_lang[:2].lower() in LANGS:
            return meta_lang[:2].lower()
        sample = " ".join(u[2] for u in units if len(u[2]) >= 80)[:4000]
        if len(sample) < 200:
            sample = " ".join(u[2] for u in units)[:4000]
        return detect_language(sample)

    def _classify(self, units: list[tuple[int, int, str]], lang: str | None) -> list[int]:
        o = self.options
        short, good_n, sent_n = o["short_chars"], o["good_chars"], o["good_sentence_chars"]
        sw_good, sw_bad = o["stopwords_good"], o["stopwords_bad"]
        sw = stopwords(lang) if lang else None
        ends = _SENTENCE_END
        classes = []
        append = classes.append
        for _a, _b, s in units:
            n = len(s)
            if n < short:
                append(_SHORT)
            elif sw is None:
                # unknown language (or no spaces): length and punctuation only
                append(_GOOD if n >= good_n * 1.5 or (n >= good_n and s[-1] in ends) else _MEDIUM)
            else:
                words = _words(s)
                density = sum(map(sw.__contains__, words)) / len(words) if words else 0.0
                if density >= sw_good and (n >= good_n or (n >= sent_n and s[-1] in ends)):
                    append(_GOOD)
                elif density < sw_bad:
                    append(_BAD)
                else:
                    append(_MEDIUM)
        return classes

    # -- decision -------------------------------------------------------------------------

    def _decide(self, units: list[tuple[int, int, str]], classes: list[int]) -> dict[int, str]:
        """Map unit index -> reason for every unit to remove."""
        o = self.options
        # lines of symbols only (separators, arrows, pipes) carry nothing, in any document
        remove: dict[int, str] = {
            k: "symbols" for k, c in enumerate(classes) if c == _SHORT and not _ALNUM.search(units[k][2])
        }
        good = [k for k, c in enumerate(classes) if c == _GOOD]
        if not good or _menu_run(units, classes, 0, len(units)) < o["dump_run"]:
            # no content, or no menu-like run of short lines: not a page dump
            return remove
        first, last = self._main_block(units, classes, good)
        if _menu_run(units, classes, 0, first) < o["head_menu_run"]:
            # a page dump opens with navigation: without it the long lists are the content's own
            return remove
        last = self._cut_at_marker(units, classes, first, last, remove)
        keep_before = o["keep_before"]
        trailing_good = o["remove_trailing_good"]
        for k in range(1, first):
            if classes[k] == _GOOD:  # good units before the content are mostly its lead
                continue
            cue = _FOOTER.search(units[k][2]) is not None
            if k >= first - keep_before and classes[k] != _BAD and not cue:
                continue
            remove[k] = _reason(classes[k], cue)
        for k in range(last + 1, len(units)):
            if classes[k] == _GOOD and not trailing_good:
                continue
            remove[k] = _reason(classes[k], _FOOTER.search(units[k][2]) is not None)
        return remove

    def _cut_at_marker(
        self, units: list[tuple[int, int, str]], classes: list[int], first: int, last: int, remove: dict[int, str]
    ) -> int:
        """Handle related-links/comments headings inside the main block; return its new last unit.

        A heading in the later part of the content (less good text after it than before)
        ends the content there. An earlier one opens a box: it and the non-good units up to
        the next good unit go.
        """
        limit = self.options["marker_chars"]
        mass_before = 0
        total = sum(len(units[k][2]) for k in range(first, last + 1) if classes[k] == _GOOD)
        k = first
        while k <= last:
            c = classes[k]
            if c == _GOOD:
                mass_before += len(units[k][2])
            elif len(units[k][2]) <= limit and _END_MARKER.match(units[k][2]):
                if mass_before >= total - mass_before:
                    return max(j for j in range(first, k) if classes[j] == _GOOD)
                j = k
                while j <= last and classes[j] != _GOOD:
                    remove[j] = "link_list"
                    j += 1
                k = j
                continue
            k += 1
        return last

    def _main_block(self, units: list[tuple[int, int, str]], classes: list[int], good: list[int]) -> tuple[int, int]:
        """First and last unit of the cluster of good units with the most text.

        Clusters split where many units separate two good units, or where a run of short
        units (a menu, a form, a list of teaser links) does.
        """
        gap, split_run = self.options["cluster_gap"], self.options["split_run"]
        clusters: list[list[int]] = [[good[0]]]
        for k in good[1:]:
            prev = clusters[-1][-1]
            if k - prev - 1 >= gap or (k - prev - 1 >= split_run and _short_run(classes, prev + 1, k) >= split_run):
                clusters.append([k])
            else:
                clusters[-1].append(k)
        mass = [sum(len(units[k][2]) for k in c) for c in clusters]
        # the article comes before its comments and related teasers: take the first big cluster
        floor = max(mass) * self.options["first_cluster_share"]
        best = next(c for c, m in zip(clusters, mass) if m >= floor)
        return best[0], best[-1]


def _menu_run(units: list[tuple[int, int, str]], classes: list[int], start: int, end: int) -> int:
    """The most menu items (short units of at most three words) in one run of short units."""
    best = run = 0
    for k in range(start, end):
        if classes[k] != _SHORT:
            run = 0
            continue
        if units[k][2].count(" ") < 3:
            run += 1
            if run > best:
                best = run
    return best


def _short_run(classes: list[int], start: int, end: int) -> int:
    """Longest run of short or bad units in ``classes[start:end]``."""
    best = run = 0
    for c in classes[start:end]:
        if c == _SHORT or c == _BAD:
            run += 1
            if run > best:
                best = run
        else:
            run = 0
    return best


def _units(stripped: list[str]) -> list[tuple[int, int, str]]:
    """The units to classify: ``(first line, last line, text)``.

    A run of non-blank lines that looks hard-wrapped (a paragraph broken at a fixed
    width) is one unit; any other line is a unit of its own.
    """
    units: list[tuple[int, int, str]] = []
    n = len(stripped)
    i = 0
    while i < n:
        if not stripped[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and stripped[j + 1]:
            j += 1
        if j > i and _wrapped(stripped, i, j):
            units.append((i, j, " ".join(stripped[i : j + 1])))
        else:
            units.extend((k, k, stripped[k]) for k in range(i, j + 1))
        i = j + 1
    return units


def _wrapped(stripped: list[str], first: int, last: int) -> bool:
    """Whether lines ``first..last`` read as one paragraph broken at a fixed width.

    Wrapped lines end without sentence punctuation and have about the same length
    (within 30% of the longest); the last line may be shorter.
    """
    body = stripped[first:last]
    if len(body) > 60:  # a long run without blank lines is a document read line by line
        return False
    width = max(map(len, body))
    if not 35 <= width <= 110:
        return False
    low = width * 0.7
    wrapped = sum(1 for s in body if len(s) >= low and s[-1] not in _SENTENCE_END)
    return wrapped * 10 >= len(body) * 7


def _reason(cls: int, cue: bool) -> str:
    if cue:
        return "footer"
    if cls == _SHORT:
        return "short_outside_content"
    return "link_list"


def _changes(
    units: list[tuple[int, int, str]], remove: dict[int, str], starts: list[int], length: int
) -> list[Change]:
    """One change per run of consecutive removed units with one reason, blank lines between included."""
    changes: list[Change] = []
    run_first = run_last = -1
    reason = ""
    for k in sorted(remove):
        if run_last >= 0 and k == run_last + 1 and remove[k] == reason:
            run_last = k
            continue
        if run_last >= 0:
            changes.append(_span(units, run_first, run_last, starts, length, reason))
        run_first = run_last = k
        reason = remove[k]
    if run_last >= 0:
        changes.append(_span(units, run_first, run_last, starts, length, reason))
    return changes


def _span(
    units: list[tuple[int, int, str]], first: int, last: int, starts: list[int], length: int, reason: str
) -> Change:
    # from the first line of the first unit to the end of the last unit's last line, newline included
    return Change(starts[units[first][0]], min(starts[units[last][1] + 1], length), reason)


def describe_options() -> dict[str, Any]:
    """The cleaner's options and defaults (for documentation)."""
    return dict(Boilerplate.defaults)
