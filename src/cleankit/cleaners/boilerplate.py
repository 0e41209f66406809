"""Remove the boilerplate of naive page dumps: menus, link lists, comments and footers around the content.

A jusText-like classifier over text units (a line, or a hard-wrapped paragraph): each unit
gets a class from its length (three per character in scripts written without spaces), its
sentence shape (terminal punctuation of any script: ``.!?`` and ``。！？؟।``) and, only where
the language is one of ``LANGS``, its share of function words. Any other language, or none
identified, is judged on length and sentence shape alone: stopwords are a bonus, never a
requirement. The main content is the first big cluster of good units; clusters split where
a run of short units (a menu, a form, a list) separates good units, and sentences right next
to it join it. The content then extends to later clusters across a list, a table or a code
block, but not across a menu or a long gap. When the document has the shape of a page dump
(navigation runs of short items, one of them before the content) the units before and after
the content go, except good units before it (the lead); related-links/comments/blog-furniture
headings in the later part of the content end it, and image credit lines inside it go.

Over-removal is judged per block: a removed run that is mostly sentences, or sentences each
under a short header (readers' comments), is prose and stays unless a menu separates it from
the article or ``drop_comments`` is set; when the main block holds under a tenth of the
document's prose, every run with a sentence stays. The share of sentence text still removed
goes to ``metadata["suspicious_blocks"]`` when it reaches ``suspicious_prose_lost``.
Documents without the page-dump shape are left alone apart from lines of symbols only:
keeping content matters more than removing the last bit of noise.

Classes are kept as one character per unit so runs are found with regular expressions.
Speed: per-line work stays in C (split, map, compress, join); the words of long units are
split once per document, and documents that are not page dumps skip them.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import itemgetter, not_
from importlib import resources
from typing import Any

from ..cleaner import Change, Cleaner, Outcome
from ..document import DocumentView

LANGS: tuple[str, ...] = ("de", "en", "fr", "es", "it", "pt", "pl", "nl")

# unit classes, one character each: Tiny (short, at most three words, a menu item), Short,
# Medium, Good (content), Bad (long but few function words), sYmbols only
_TINY, _SHORT, _MEDIUM, _GOOD, _BAD, _SYMBOLS = "T", "S", "M", "G", "B", "Y"
_PREFIX = 200  # characters of a long unit whose words are counted
_LONG = "L"  # not a class: a long unit, classed by its words in a second pass

# sentence ends of any script: Latin, CJK (full-width), Arabic, Devanagari, Armenian, Ethiopic, Myanmar
_TERMINAL = '.!?…。！？؟।॥։።၊။'
_SENTENCE_END = frozenset(_TERMINAL + ':;"»)”’\'」』）')
# scripts written without spaces between words: a character carries about a word's worth
_NO_SPACES = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")

# a run of non-blank lines (leading horizontal space included so removals start at the line start)
_BLOCK = re.compile(r"(?m)^[^\S\n]*\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*")
_MULTI_LINE = re.compile(rb"\x01{2,}")
_REMOVED = re.compile(rb"\x01+")
_ALNUM = re.compile(r"[^\W_]")
_GOOD_RE = re.compile(_GOOD)
_SYMBOLS_RE = re.compile(_SYMBOLS)
# Signs of program code in a line, one pattern per kind: code blocks are content, never
# navigation, and a menu item, a footer or a sentence rarely shows any of them.
_CODE_SIGNS = tuple(re.compile(p) for p in (
    r"[{}]",                                     # braces
    r";\s*$",                                    # a statement's end
    r"\s(?:=|==|=>|:=|\+=|->)\s|\w=[\w\"'\[({]",  # assignment, keyword argument
    r"[\w\]]\(",                                 # a call
    r"</?[a-z][\w-]*(?:\s[^>]*)?>",              # markup
    r"^(?:>>>|\$ |#include|//|/\*)",              # a prompt, a directive, a comment
    r"\w\[[\w'\"]*\]",                          # indexing
))
_ANY_CODE_SIGN = re.compile("|".join(f"(?:{sign.pattern})" for sign in _CODE_SIGNS), re.M)
# what a closing line of a code block looks like: ")", "}", "];", "..."
_CODE_CLOSER = re.compile(r"[\])}>;,.…\s]+")

# copyright, legal and cookie cues (matched in lower case) that name a removed run a footer
_FOOTER_CUES: tuple[str, ...] = (
    "©", "copyright", "all rights reserved", "rechte vorbehalten", "droits réservés",
    "derechos reservados", "diritti riservati", "prawa zastrzeżone", "cookie", "datenschutz",
    "impressum", "privacy", "mentions légales", "aviso legal", "confidentialité", "privacidad",
    "nutzungsbedingungen", "terms of use", "terms of service", "conditions générales",
)  # fmt: skip

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
    r"|lees ook|gerelateerde artikelen|\d* ?reacties\b|deel dit"
    # blog furniture after a post: filing notes, pingbacks, author boxes, comment forms
    r"|this (?:entry|post) was posted|dieser (?:eintrag|beitrag) wurde (?:veröffentlicht|abgelegt)"
    r"|ce(?:t article| billet) a été publié|pingback|trackback|hinterlassen sie (?:eine antwort|einen kommentar)"
    r"|noch mehr (?:news|artikel|beiträge|themen)|sharing is caring|(?:teilen|sharen|share) mit\b"
    r"|(?:über (?:den|die) autor|about the author|à propos de l'auteur|sobre el autor))",
    re.IGNORECASE,
)

# "Photo: name" under an image: a caption's credit, not text of the article
_CREDIT = re.compile(r"\(?(?:fotos?|bild(?:er)?|photos?|images?|credits?|crédits?|crédito|crédit photo)\s*:", re.IGNORECASE)

# a credit or a heading, in one match (the credit first, as it is checked first)
_SHORT_MARK = re.compile(
    "(?P<credit>" + _CREDIT.pattern + ")|(?P<heading>" + _END_MARKER.pattern + ")", re.IGNORECASE
)

# "Read more: <headline>": a related link set inline between paragraphs
_INLINE_LINK = re.compile(_END_MARKER.pattern + r"\s*:\s*", re.IGNORECASE)


@dataclass(slots=True)
class Units:
    """The units of a text: stripped texts, and where they are (computed only for removed runs)."""

    texts: list[str]  # stripped text of each unit
    lines: list[str]  # the raw lines of the document
    first_line: list[int]  # index of each unit's first line
    last_line: dict[int, int]  # index of the last line of units made of several lines


@lru_cache(maxsize=None)
def stopwords(lang: str) -> frozenset[str]:
    """The stopword set shipped for ``lang`` (lower case)."""
    text = resources.files("cleankit").joinpath("data", f"stopwords_{lang}.txt").read_text("utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        if not line.startswith("#"):
            words.update(line.lower().split())
    return frozenset(words)


@lru_cache(maxsize=None)
def _cased_stopwords(lang: str) -> frozenset[str]:
    """The stopwords of ``lang`` in lower case, capitalised and upper case."""
    words = stopwords(lang)
    return words | {w.capitalize() for w in words} | {w.upper() for w in words}


def _words(s: str) -> list[str]:
    # apostrophes split elisions ("l'homme" gives "l" and "homme"); other punctuation rarely matters
    s = s.lower()
    if "'" in s or "\u2019" in s:
        s = s.replace("'", " ").replace("\u2019", " ")
    return s.split()


@lru_cache(maxsize=1)
def _languages_of_stopwords() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Every shipped stopword with the languages listing it, and the set of them all."""
    out: dict[str, tuple[str, ...]] = {}
    for lang in LANGS:
        for w in stopwords(lang):
            out[w] = out.get(w, ()) + (lang,)
    return out, frozenset(out)


def detect_language(sample: str, min_hits: int = 4) -> str | None:
    """The language whose stopwords appear most (occurrences) in ``sample``, or None.

    Occurrences, not distinct words: a quotation in another language brings many distinct
    function words once, the text's own language brings the same few again and again.
    """
    return _detect(_words(sample), min_hits)


def _detect(words: list[str], min_hits: int = 4) -> str | None:
    """The language whose stopwords are most of ``words`` (lower case), or None."""
    index, every = _languages_of_stopwords()
    counts = dict.fromkeys(LANGS, 0)
    for w, times in Counter(filter(every.__contains__, words)).items():
        for lang in index[w]:
            counts[lang] += times
    best = max(LANGS, key=counts.__getitem__)  # ties go to the first language listed
    return best if counts[best] >= min_hits else None


class Boilerplate(Cleaner):
    """Remove menus, link lists, comments and footers around a page dump's main content."""

    name = "boilerplate"
    order = 450
    phase = "remove"
    view = "kept"  # judges lines by their neighbours: shown the text without earlier removals
    reasons = {
        "menu": "a run of mostly short lines (navigation, tag list, form) outside the main content",
        "link_list": "headline-like lines (related articles, teasers, comments) outside the main content",
        "footer": "copyright, legal or cookie block outside the main content",
        "symbols": "a line of symbols only (separator, arrow, pipe)",
        "credit": "an image credit line inside the content (Photo: name)",
    }
    defaults = {
        "short_chars": 40,  # below this a unit is short
        "good_chars": 100,  # from this a unit with enough stopwords is content
        "good_sentence_chars": 60,  # from this a unit ending a sentence, with enough stopwords, is content
        "stopwords_good": 0.15,  # share of stopwords (distinct, per word) a content unit needs
        "stopwords_bad": 0.08,  # below this share a longer unit is boilerplate
        "min_units": 8,  # documents with fewer units are left alone
        "dump_run": 10,  # a page dump has a run of short units with this many menu items...
        "head_menu_run": 5,  # ...and a run of this many menu items before its content
        "end_menu_run": 5,  # ...or in its last 15 units
        "split_run": 4,  # a run of this many short units splits the content into clusters
        "cluster_gap": 12,  # so do this many units of any kind between two good units
        "first_cluster_share": 0.6,  # the first cluster with this share of the biggest one is the content
        "extend_gap": 30,  # the content extends over a gap of at most this many units...
        "extend_share": 0.3,  # ...to a cluster with this share of its mass...
        "extend_menu_run": 8,  # ...when the gap holds fewer menu items in a row
        "keep_before": 2,  # short units just before the content kept (title, subtitle)
        "marker_chars": 60,  # longest related-links/comments heading looked for
        "remove_trailing_good": True,  # remove good units after the content (teasers; comments see below)
        # Readers' comments and other runs of sentences outside the main block are content by
        # default: a run removed as menu or link list that is mostly sentences is kept.
        # True drops them with the rest of the page furniture.
        "drop_comments": False,
        "sentence_block_min": 2,  # sentences in a run that make it a block of prose...
        "sentence_block_share": 0.5,  # ...when they are at least this share of its units
        "suspicious_prose_lost": 0.5,  # from this share of sentence text removed, say so in the metadata
        "max_prose_lost": 0.9,  # removing more of the sentences' characters than this is a wrong main block
    }

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._split = re.compile("[TSY]{%d,}" % max(1, self.options["split_run"]))

    def clean(self, doc: DocumentView) -> Outcome:
        if doc.hints.get("html_main_content"):
            # an HTML extractor already chose the main content from the DOM; on its output this
            # cleaner removed more content than boilerplate (benchmarks/html_quality.py)
            return Outcome()
        text = doc.text
        units = _units(text)
        texts = units.texts
        if len(texts) < self.options["min_units"]:
            return Outcome()
        classes = self._classify(texts, doc)
        # a page read from HTML whose reader found furniture is a page dump, even when the
        # furniture (the navigation this cleaner would look for) is already gone
        page = bool(doc.hints.get("html_regions"))
        # which units are sentences: only page dumps get as far as needing it
        dump = _GOOD in classes and (page or _menu_run(classes, 0, len(classes)) >= self.options["dump_run"])
        sentences = bytes(map(_sentence_like, texts)) if dump else bytes(len(texts))
        marks = self._decide(texts, classes, page, sentences)
        self._settle(texts, classes, marks, sentences)  # as a second run on the output text would (no hints)
        _keep_code(texts, marks)
        if not any(marks):
            return Outcome()
        meta: dict[str, Any] = {}
        lost = _prose_lost(texts, marks, sentences)
        if lost >= self.options["suspicious_prose_lost"] and not doc.metadata.get(SUSPICIOUS_KEY):
            meta[SUSPICIOUS_KEY] = round(lost, 3)
        return Outcome(changes=_changes(text, units, classes, marks), metadata=meta)

    # -- features -------------------------------------------------------------------------

    def _language(self, doc: DocumentView) -> str | None:
        """The document's language when stopwords for it ship with cleankit, else None.

        Stopword density is a bonus where the language is known; any other language (or none
        identified) gets the decisions on length, sentence shape and position alone.
        """
        meta_lang = doc.metadata.get("language")
        if isinstance(meta_lang, str) and meta_lang:
            # a language identified from the text: its stopwords, or none (never another
            # language's: Swedish read with German stopwords looks like boilerplate)
            return meta_lang[:2].lower() if meta_lang[:2].lower() in LANGS else None
        # No language in the metadata (the language cleaner is not in the chain): identify it
        # from the text rather than guess among the stopword lists, which would read Czech or
        # Indonesian as one of them and their sentences as boilerplate.
        from ..language import identify

        code, confidence = identify(doc.text)
        code = code[:2].lower()
        return code if code in LANGS and confidence >= 0.5 else None

    def _classify(self, units: list[str], doc: DocumentView) -> str:
        """One class character per unit."""
        o = self.options
        short, good_n, sent_n = o["short_chars"], o["good_chars"], o["good_sentence_chars"]
        sw_good, sw_bad = o["stopwords_good"], o["stopwords_bad"]
        ends = _SENTENCE_END
        alnum = _ALNUM.search
        out: list[str] = []
        append = out.append
        longs: list[int] = []
        # one scan tells whether any unit is in a script without spaces
        spaceless = _NO_SPACES.search("\n".join(units)) is not None
        for k, s in enumerate(units):
            n = len(s)
            if spaceless and not s.isascii() and _NO_SPACES.search(s, 0, 64):
                # Chinese, Japanese, Thai...: no spaces to count words by; weigh the characters
                n *= 3
                if n >= short:
                    if n >= good_n or (n >= sent_n and s[-1] in ends):
                        append(_LONG)
                        longs.append(k)
                    else:
                        append(_MEDIUM)
                else:
                    # a word or two (a menu item) against a clause
                    append(_TINY if len(s) <= 8 and s[-1] not in ends else _SHORT)
                continue
            if n >= short:
                # only a unit long enough to be content needs its words counted
                if n >= good_n or (n >= sent_n and s[-1] in ends):
                    append(_LONG)
                    longs.append(k)
                else:
                    append(_MEDIUM)
            elif s.count(" ") < 3:
                append(_TINY if s[0].isalnum() or alnum(s) else _SYMBOLS)
            else:
                append(_SHORT)
        if not longs:
            return "".join(out)
        if _menu_run("".join(out), 0, len(out)) < o["dump_run"]:
            # not a page dump (see _decide): only lines of symbols go, the words do not matter
            for k in longs:
                out[k] = _MEDIUM
            return "".join(out)
        texts = [units[k] for k in longs]
        # the words of the first characters of all long units at once (one split() over their
        # concatenation rather than one per unit): enough for the share of stopwords; case is
        # left alone (the stopword sets hold capitalised and upper-case forms too)
        joined = "\n".join(map(itemgetter(slice(0, _PREFIX)), texts))
        if "'" in joined or "\u2019" in joined:
            joined = joined.replace("'", " ").replace("\u2019", " ")
        word_lists = list(map(str.split, joined.split("\n")))
        lang = self._language(doc)
        if lang is None:
            # unknown language (or no spaces between words): length and sentence shape only
            for k, s in zip(longs, texts):
                n = _weight(s)
                out[k] = _GOOD if n >= good_n * 1.5 or (n >= sent_n and _sentence_like(s)) else _MEDIUM
            return "".join(out)
        hits = map(len, map(_cased_stopwords(lang).intersection, word_lists))
        for k, h, w in zip(longs, hits, map(len, word_lists)):
            density = h / w
            out[k] = _GOOD if density >= sw_good else _BAD if density < sw_bad else _MEDIUM
        return "".join(out)

    # -- decision -------------------------------------------------------------------------

    def _decide(self, units: list[str], classes: str, page: bool = False, sentences: bytes | None = None) -> bytearray:
        """A mark per unit: 0 keep, 1 outside the content, 2 related-links box, 3 symbols, 4 credit."""
        o = self.options
        n = len(units)
        marks = bytearray(n)
        # lines of symbols only (separators, arrows, pipes) carry nothing, in any document
        for m in _SYMBOLS_RE.finditer(classes):
            marks[m.start()] = 3
        if _GOOD not in classes or (not page and _menu_run(classes, 0, n) < o["dump_run"]):
            return marks  # no content, or no navigation: not a page dump
        first, last = self._main_block(units, classes)
        # a page dump opens with navigation or ends with it; without either, long lists are content
        head_nav = page or _menu_run(classes, 0, first) >= o["head_menu_run"]
        tail_nav = page or _menu_run(classes, max(first, n - 15), n) >= o["end_menu_run"]
        if not (head_nav or tail_nav):
            return marks
        last = self._cut_at_marker(units, classes, first, last, marks)
        # before the content: all but the title line, the lead (good units) and the heading just before
        if head_nav and first > 1:
            marks[1:first] = b"\x01" * (first - 1)
            for k in range(max(1, first - o["keep_before"]), first):
                if classes[k] in "SM":  # a heading, not a menu item
                    marks[k] = 0
            for m in _GOOD_RE.finditer(classes, 1, first):
                marks[m.start()] = 0
        if last + 1 < n:
            marks[last + 1 :] = b"\x01" * (n - last - 1)
            if not o["remove_trailing_good"]:
                for k in range(last + 1, n):
                    if classes[k] == _GOOD:
                        marks[k] = 0
        if not o["drop_comments"]:
            if sentences is None:
                sentences = bytes(map(_sentence_like, units))
            self._keep_prose_runs(units, classes, marks, sentences)
        return marks

    def _keep_prose_runs(self, units: list[str], classes: str, marks: bytearray, sentences: bytes) -> int:
        """Unmark removed runs that are mostly sentences, in any script; return how many.

        Menus, link lists and footers are made of items; a run whose units end like
        sentences (``.!?`` as well as ``。！？؟।``) is prose: comments, a second article part,
        a poem's stanzas. Removing it would be a guess that costs content.
        """
        o = self.options
        kept = 0
        # When the "main block" holds less of the document's prose than the rest, the page
        # is not one article in its furniture (a forum thread, a list of posts): every run
        # holding a sentence stays.
        if 1 not in marks:
            return 0
        scattered = _prose_lost(units, marks, sentences) > o["max_prose_lost"]
        for m in _REMOVED.finditer(marks):
            a, b = m.span()
            flags = list(sentences[a:b])
            count = sum(flags)
            if not count:
                continue
            if scattered:
                marks[a:b] = bytes(b - a)
                kept += 1
                continue
            # the prose part of the run: from its first sentence to its last, with the short
            # header lines (a name, a date) just before the first
            lo = a + flags.index(1)
            hi = b - flags[::-1].index(1)
            if _menu_run(classes, a, lo) >= o["end_menu_run"]:
                continue  # across a menu from the article: teasers of other pages
            at = [k for k, f in enumerate(flags) if f]
            # posts: each sentence after at most a two-line header of a word or three (a name,
            # a date), not after a headline (related-article teasers)
            posts = all(
                y - x <= 3 and all(c in "TY" for c in classes[a + x + 1 : a + y]) for x, y in zip(at, at[1:])
            )
            if count >= o["sentence_block_min"] and (posts or count >= (b - a) * o["sentence_block_share"]):
                for _ in range(2):
                    if lo > a and len(units[lo - 1]) < o["short_chars"]:
                        lo -= 1
                marks[lo:hi] = bytes(hi - lo)
                kept += 1
        return kept

    def _settle(self, units: list[str], classes: str, marks: bytearray, sentences: bytes) -> None:
        """Decide again on what is kept until nothing more goes, so that cleaning twice changes nothing."""
        for _ in range(4):
            keep = bytes(map(not_, marks))
            kept = list(compress(range(len(units)), keep))
            if len(kept) == len(units) or len(kept) < self.options["min_units"]:
                return
            again = self._decide(
                list(compress(units, keep)), "".join(compress(classes, keep)), sentences=bytes(compress(sentences, keep))
            )
            if not any(again):
                return
            for j in compress(range(len(again)), again):
                marks[kept[j]] = again[j]

    def _main_block(self, units: list[str], classes: str) -> tuple[int, int]:
        """First and last unit of the first big cluster of good units."""
        gap = self.options["cluster_gap"]
        # a good unit right after a long run of short units opens a new cluster
        split_run = self.options["split_run"]
        split = self._split.search
        good = [m.start() for m in _GOOD_RE.finditer(classes)]
        clusters: list[list[int]] = [[good[0]]]
        prev = good[0]
        for k in good[1:]:
            if k - prev > gap or (k - prev > split_run and split(classes, prev + 1, k)):
                clusters.append([k])
            else:
                clusters[-1].append(k)
            prev = k
        # cookie and copyright notices are prose too, but never the content
        mass = [_content_mass([units[k] for k in c]) for c in clusters]
        # the article comes before its comments and related teasers: take the first big cluster
        floor = max(mass) * self.options["first_cluster_share"]
        i = next(i for i, m in enumerate(mass) if m >= floor)
        first, last = clusters[i][0], clusters[i][-1]
        # the article goes on after a list, a table or a code block between its paragraphs
        o = self.options
        for c, m in zip(clusters[i + 1 :], mass[i + 1 :]):
            if (
                c[0] - last > o["extend_gap"]
                or m < mass[i] * o["extend_share"]
                or _menu_run(classes, last + 1, c[0]) >= o["extend_menu_run"]
            ):
                break
            last = c[-1]
        # sentences right next to the block belong to it, whatever their words
        while last + 1 < len(units) and _sentence_like(units[last + 1]):
            last += 1
        while first > 0 and _sentence_like(units[first - 1]):
            first -= 1
        return first, last

    def _cut_at_marker(self, units: list[str], classes: str, first: int, last: int, marks: bytearray) -> int:
        """Handle related-links/comments headings inside the content; return its new last unit.

        A heading in the later part of the content (less good text after it than before)
        ends the content there. An earlier one opens a box: it and the units up to the next
        good unit go.
        """
        limit = self.options["marker_chars"]
        total = sum(map(len, compress(units[first : last + 1], map(_GOOD.__eq__, classes[first : last + 1]))))
        before = 0
        k = first
        while k <= last:
            text = units[k]
            inline = _INLINE_LINK.match(text) if len(text) <= 200 and ":" in text else None
            if inline and inline.end() < len(text):
                marks[k] = 2  # "Read more: <headline>" inside the content
            elif len(text) > limit or not (short := _SHORT_MARK.match(text)):
                if classes[k] == _GOOD:
                    before += len(text)
            elif short.lastgroup == "credit":
                marks[k] = 4
            elif classes[k] == _GOOD:
                before += len(text)
            else:
                if before >= total - before:
                    return classes.rindex(_GOOD, first, k)
                j = k
                while j <= last and classes[j] != _GOOD:
                    marks[j] = 2
                    j += 1
                k = j
                continue
            k += 1
        return last


_CLOSERS = '"»)”’\'」』）]'
_TERMINAL_SET = frozenset(_TERMINAL)


#: Metadata key: the share of the sentence-like text the cleaner removed, when it is large
#: (``suspicious_prose_lost``): furniture is made of items, so removing that much prose is
#: more likely a wrong guess about the page than boilerplate. The run layer can flag it.
SUSPICIOUS_KEY = "suspicious_blocks"


def _code_signs(s: str) -> int:
    """How many kinds of code signs a unit shows."""
    head = s[:400]
    return sum(1 for sign in _CODE_SIGNS if sign.search(head))


def _keep_code(units: list[str], marks: bytearray) -> None:
    """Unmark code blocks: runs of lines with code signs holding a line with two kinds of signs,
    or three lines with one. A run goes on over closing lines (")", "}") and over up to two
    lines without signs ("for x in y:", "yield total") when code follows."""
    if not any(marks) or _ANY_CODE_SIGN.search("\n".join(units)) is None:
        return  # one scan in C rules out the documents with no code sign at all
    n = len(units)
    signs = [_code_signs(s) for s in units]
    for k, s in enumerate(units):
        if signs[k] == 1 and _sentence_like(s):
            signs[k] = 0  # prose mentioning f(x) or [1] is no code
    # a run goes on over closers and over lines of words (a loop header), never over bare symbols ("||")
    codeish = [bool(signs[k]) or _CODE_CLOSER.fullmatch(units[k]) is not None for k in range(n)]
    wordy = [_ALNUM.search(s) is not None for s in units]
    k = 0
    while k < n:
        if not signs[k]:
            k += 1
            continue
        start = end = k
        while end < n and (codeish[end] or (wordy[end] and any(codeish[end + 1 : end + 3]))):
            end += 1
        strong = sum(1 for i in range(start, end) if signs[i] >= 2)
        weak = sum(1 for i in range(start, end) if signs[i])
        if strong or weak >= 3:
            marks[start:end] = bytes(end - start)
        k = end + 1


def _weight(s: str) -> int:
    """Length in characters, three per character in scripts written without spaces."""
    return len(s) * 3 if not s.isascii() and _NO_SPACES.search(s, 0, 64) else len(s)


def _prose_lost(units: list[str], marks: bytearray, sentences: bytes) -> float:
    """Share of the characters of sentence-like units (``sentences``, a flag per unit) that ``marks`` remove."""
    total = sum(compress(map(len, units), sentences))
    if not total:
        return 0.0
    lost = sum(sum(compress(map(len, units[m.start() : m.end()]), sentences[m.start() : m.end()]))
               for m in _REMOVED.finditer(marks))
    return lost / total


def _sentence_like(s: str) -> bool:
    """A unit shaped like a sentence in any script: long enough, several words, a terminal mark."""
    if len(s) < 12:
        return False
    last = s[-1]
    if last not in _TERMINAL_SET:
        if last not in _CLOSERS:
            return False
        end = s.rstrip(_CLOSERS)
        if not end or end[-1] not in _TERMINAL_SET:
            return False
    if not s.isascii() and _NO_SPACES.search(s, 0, 64):
        return True
    return len(s) >= 30 and s.count(" ") >= 4


def _content_mass(texts: list[str]) -> int:
    """Length of good units as evidence of content: none for cookie and copyright notices."""
    joined = "\n".join(texts)
    if "ookie" not in joined and "©" not in joined and "opyright" not in joined:
        return len(joined) - len(texts) + 1
    return sum(len(t) for t in texts if "ookie" not in t and "©" not in t and "opyright" not in t)


def _menu_run(classes: str, start: int, end: int) -> int:
    """The most menu items (tiny units) in one run of short units of ``classes[start:end]``."""
    # short and symbol units join a run without counting; any other class ends it
    return max(map(len, classes[start:end].translate(_RUN_TABLE).split()), default=0)


_RUN_TABLE = str.maketrans({_SHORT: None, _SYMBOLS: None, _MEDIUM: " ", _GOOD: " ", _BAD: " ", _LONG: " "})


def _units(text: str) -> Units:
    """The units to classify: a hard-wrapped paragraph, else each non-blank line."""
    # per-line work stays in C (split, map, compress): page dumps have a hundred thousand lines
    lines = text.split("\n")
    stripped = list(map(str.strip, lines))
    mask = bytes(map(bool, stripped))
    units = Units(list(compress(stripped, mask)), lines, list(compress(range(len(lines)), mask)), {})
    # blocks of several lines may be one paragraph wrapped at a fixed width: merged into one unit
    merges: list[tuple[int, int, int, str]] = []
    unit_at = 0
    line_at = 0
    for m in _MULTI_LINE.finditer(mask):
        a, b = m.span()
        unit_at += mask.count(1, line_at, a)
        line_at = a
        block = stripped[a:b]
        if _wrapped(block):
            merges.append((unit_at, unit_at + b - a, b - 1, " ".join(block)))
    for i, j, _last, joined in reversed(merges):
        units.texts[i:j] = [joined]
        del units.first_line[i + 1 : j]
    # indices shift as earlier merges fold lines into one unit
    shift = 0
    for i, j, last, _joined in merges:
        units.last_line[i - shift] = last
        shift += j - i - 1
    return units


def _wrapped(stripped: list[str]) -> bool:
    """Whether lines read as one paragraph broken at a fixed width.

    Wrapped lines end without sentence punctuation and have about the same length (within
    30% of the longest); the last line may be shorter.
    """
    body = stripped[:-1]
    if len(body) > 60:  # a long run without blank lines is a document read line by line
        return False
    width = max(map(len, body))
    if not 35 <= width <= 110:
        return False
    low = width * 0.7
    wrapped = sum(1 for s in body if len(s) >= low and s[-1] not in _SENTENCE_END)
    return wrapped * 10 >= len(body) * 7


def _changes(text: str, units: Units, classes: str, marks: bytearray) -> list[Change]:
    """One change per run of units with the same mark, blank lines between them and the final newline included."""
    changes: list[Change] = []
    lines = units.lines
    # offsets are summed from line lengths only up to each run (runs come in order)
    line_at = offset = 0
    for m in re.finditer(rb"\x01+|\x02+|\x03+|\x04+", marks):
        a, b = m.start(), m.end() - 1
        first = units.first_line[a]
        last = units.last_line.get(b, units.first_line[b])
        # (len of a join: the lengths are summed in C)
        if first > line_at:
            offset += len("\n".join(lines[line_at:first])) + 1
        line_at = first
        start = offset
        end = start + len("\n".join(lines[first : last + 1]))
        if end < len(text) and text[end] == "\n":
            end += 1
        kind = marks[a]
        if kind == 3:
            reason = "symbols"
        elif kind == 4:
            reason = "credit"
        elif kind == 2:
            reason = "link_list"
        else:
            reason = _run_reason(text[start:end], classes[a : b + 1])
        changes.append(Change(start, end, reason))
    return changes


def _run_reason(removed: str, classes: str) -> str:
    """Name a removed run outside the content: footer, menu or link list."""
    if len(classes) <= 12:
        low = removed.lower()
        if any(cue in low for cue in _FOOTER_CUES):
            return "footer"
    short = classes.count(_TINY) + classes.count(_SHORT) + classes.count(_SYMBOLS)
    return "menu" if short * 2 >= len(classes) else "link_list"
