"""Bylines and dates: the publication date, authors, source and dateline become metadata.

The publication date is chosen among every full date written in the document by a
score: a date on a short line of its own near the title (just under it, or just
above it), after a cue such as "Publié le" or "Veröffentlicht am", scores high; a
date inside a sentence, after "Updated", or far from the title scores low. A line
leaves the body only when it is essentially a date/byline line; otherwise the
metadata is set and the line stays.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Protocol

from ..analysis import Analysis, is_paragraph
from ..cleaner import Change, Cleaner, Outcome
from ..dates import DateMatch, _trie_pattern, iter_dates
from ..document import DocumentView
from .title import find_title

_PUBLISHED_CUE = re.compile(
    r"\b(?:publi(?:é|e|ée|shed|ziert|cado|cada|cato)|posted|veröffentlicht|erschienen|erstellt|"
    r"datum|date|stand|écrit|ecrit|written|paru|mis en ligne|online seit|pubblicato)\b[^\n]{0,30}\Z",
    re.I,
)
_UPDATED_CUE = re.compile(
    r"\b(?:updated?|mis à jour|mise à jour|actualisé|aktualisiert|geändert|modified|"
    r"actualizado|aggiornato|atualizado|last edit|zuletzt)\b[^\n]{0,30}\Z",
    re.I,
)
# words around a date that mean it is not the publication date
_OTHER_CUE = re.compile(
    r"(?:\bbis\b|\buntil\b|\bjusqu|\bab dem\b|\bseit\b|\bsince\b|\bdepuis\b|\bvom\b[^\n]{0,20}\bbis\b|"
    r"\bdeadline\b|\bfrist\b|\bgültig\b|\bvalid\b|\bévénement\b|\bevent\b|\bveranstaltung\b)[^\n]{0,25}\Z",
    re.I,
)
_DATELINE_GAP = re.compile(r"\s*[-–—:|]|\s{2}|\Z")
_RANGE_GAP = re.compile(r"\s*(?:[-–—]|bis|to|au|al)\s*")
_RANGE_NEXT = re.compile(r"\s*(?:[-–—]|bis|to|au|al)\s*\d{1,2}[. ]")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright", re.I)
_BY_CUE = re.compile(
    r"(?<![^\W\d_])(?=[abdeiprtvwABDEIPRTVW])(?:(?:(?:written|posted|published)\s+by|(?:erstellt|geschrieben|verfasst)\s+von|"
    r"(?:publié|écrit|rédigé)\s+par|by|von|par|por|door)(?:\s*:[^\S\n]*|[^\S\n]+)|"
    # label cues need their colon: "Text: Kirsten Freund", not "Text vorlesen"
    r"(?:autor(?:in)?|author|auteur|texte?(?:\s*(?:&|und|et|and)\s*(?:fotos?|photos?|bilder))?|interview)"
    r"\s*:[^\S\n]*)(?=\S)",
    re.I,
)
_CUE_HINTS = ("by", "von", "par", "por", "door", "aut", "text", "interview")
_LONG_RUN = re.compile(r"[^\n]{150,}")
# how far after the title the body may start
BODY_SEARCH = 50_000
# anchored at line starts: unanchored, the engine would retry at every character of a short line
_CREDIT_BEFORE = re.compile(r"foto|photo|bild|image|credit|quelle|source|©", re.I)
_SEP_BEFORE = re.compile(r"(?:[|·•,/–—:-]|\d|\b(?:posted|erstellt|published|veröffentlicht|publié|written))\s*\Z", re.I)
_NAME_WORD = re.compile(
    r"(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]*\.?|[A-Z]\.(?:[A-Z]\.)*|"
    r"(?:de|del|della|des|du|da|das|dos|di|van|von|der|den|la|le|bin|ibn|al|y|zu|ter|v\.)\b)"
)
_HANDLE = re.compile(r"[\w][\w.-]{1,29}")
_NAME_END = re.compile(
    r"\s*(?:\||•|·|–|—|\s[-/]\s|\(|@|(?-i:\b(?:on|am|le|el|il|at|à|um)\s+(?=\d|\w+day\b|[A-Za-zäéû]+\.?,?\s+\d))|"
    r"(?-i:\bin\b)|\bpublished\b|\bpublié\b|veröffentlicht|\bupdated\b|\bmis à jour\b|\baktualisiert\b|"
    r"\bfoto\b|\bphoto\b|\bkommentar|\bcomments?\b|\blesezeit\b|\blesedauer\b|\bread\b|\bfollow\b|"
    r"(?<!\w)\d)",
    re.I,
)
_NAME_LINE = re.compile(
    r"[A-ZÀ-ÖØ-Þ][\w'’-]+\.?(?:[^\S\n](?:[A-ZÀ-ÖØ-Þ][\w'’-]+|[A-Z]\.|de|van|von|der|da|di|le|la|du|dos|del)){1,3}"
)
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|\bund\b|\bet\b|\by\b|\be\b|&)\s*")
_PUBLISHED_IN = re.compile(
    r"(?:publié|paru|published|erschienen|publicado|pubblicato)\s+(?:dans|in|en|sur|on)\s+"
    r"(?P<src>[^\n]{2,40}?)\s+(?:le|on|am|el|il|,)\s",
    re.I,
)
_DATELINE = re.compile(
    r"[^\S\n]*(?P<place>[A-ZÀ-Þ][\w'’-]+(?:[ -][A-ZÀ-Þ][\w'’-]+){0,2})[^\S\n]*/[^\S\n]*"
    r"(?P<src>[^\n/]{2,40}?)[^\S\n]*\Z"
)
_ARTICLE_START = re.compile(r"^(?:la|le|les|l'|l’|the|der|die|das|el|il|lo|o|a|de)\b", re.I)
#: News agencies and large outlets credited alone on a line (generic, not site-specific).
AGENCIES = frozenset(
    s.casefold()
    for s in (
        "AFP", "AP", "Reuters", "dpa", "DPA", "EFE", "ANSA", "APA", "Belga", "Xinhua", "Bloomberg",
        "KNA", "epd", "SDA", "ATS", "Keystone-SDA", "Keystone-ATS", "CNN", "BBC", "AFP/Reuters",
        "dpa-AFX", "Agence France-Presse", "Associated Press", "Europa Press", "TASS", "RIA Novosti",
        "Kyodo", "Yonhap", "PTI", "IANS", "Anadolu", "MAP", "APS", "Agerpres", "PAP", "CTK", "ČTK",
        "Lusa", "Notimex", "UPI", "AAP", "CP", "Canadian Press", "Le Monde", "Le Figaro", "Libération",
        "The Guardian", "New York Times", "The New York Times", "Washington Post", "Der Spiegel",
        "SPIEGEL", "Süddeutsche Zeitung", "FAZ", "Deutsche Welle", "DW", "France 24", "RFI",
        "Euronews", "Al Jazeera", "Sputnik", "RT", "L'opinion", "Le Parisien", "Ouest-France",
    )
)
_WEEKDAY_NAMES = (
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag "
    "lunes martes miércoles jueves viernes sábado domingo"
).split()
# factored by common prefixes like _FILLER below; at one place at most one name can match,
# so this finds what the plain alternation of the names finds ("Mondays" gives "Monday")
_WEEKDAYS = re.compile(
    rf"\b(?:(?:{_trie_pattern(['mon', 'tues', 'wednes', 'thurs', 'fri', 'satur', 'sun'])})day|"
    rf"(?:{_trie_pattern(_WEEKDAY_NAMES)})\b)",
    re.I,
)
_FILLER_WORDS = (
    "published posted updated on at by le à a publié dans par am um uhr von "
    "veröffentlicht aktualisiert stand erstellt datum date de del el em il alle ore the in "
    "publicado actualizado pubblicato aggiornato last zuletzt geändert modified h pm am gmt utc "
    "cet cest et est edt mez mesz min read lesezeit lesedauer minute minutes minuten etwa about environ "
    "quelle source fuente fonte lecture reading time comment comments kommentar kommentare commentaire "
    "commentaires share teilen partager print drucken imprimer mins sec"
).split() + ["mis à jour"]
# factored by common prefixes: the engine tries a few first letters instead of every word at each
# word start (one word at most can match at a place, so the order of the words does not matter)
_FILLER = re.compile(rf"\b(?:{_trie_pattern(sorted(set(_FILLER_WORDS)))})\b", re.I)
# an author box: the photo's caption names the person, whose name follows alone on a line
_AUTHOR_BOX = re.compile(
    r"^[^\S\n]*(?:photo (?:de|of)|foto (?:von|de)|avatar(?: (?:de|of|von|für))?|image de|bild von)[^\S\n]+"
    r"(?P<name>[^\n]{3,60}?)[^\S\n]*\n(?:[^\S\n]*\n){0,3}[^\S\n]*(?P=name)[^\S\n]*(?:\n|\Z)",
    re.I | re.M,
)
_URL_DAY = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[/_-](?P<m>[01]?\d)[/_-](?P<d>[0-3]?\d)(?!\d)")
_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/")
_BOX_HINTS = ("oto ", "OTO ", "vatar", "mage de ", "ild von ")
_PIECES = re.compile(r"\s*(?:[|·•,/–—]|\s-\s)\s*")
# words that start headings and menu entries, never a person's name
_NOT_FIRST = frozenset(
    "die der das den dem des ein eine the a an le la les un une el los las il lo zum zur mehr more "
    "alle all neue new weitere other unsere our votre notre ihre your meine my".split()
)
_NOT_NAME = frozenset(
    "inhalt content beiträge beitrag posts post artikel article articles nachricht message editor "
    "author autor follow blog news home menu menü kontakt contact login search suche impressum "
    "datenschutz newsletter redaktion staff team writer und and et of for für".split()
)
_TIME_BITS = re.compile(r"\b\d{1,2}[:.h]\d\d\b|\buhr\b|[|·•,/–—-]", re.I)
_LETTERS = re.compile(r"[^\W\d_]+")
_EN_COUNT = (" the ", " and ", " of ", " to ", " is ", " that ", " with ", "The ")
_OTHER_COUNT = (" der ", " die ", " und ", " le ", " la ", " les ", " et ", " des ", " el ", " los ",
                " que ", " di ", " il ", " che ", "Die ", "Le ", "La ")


#: Marks an argument the caller did not give (None is a value there).
_UNSET: Any = object()
class Remover(Protocol):
    """Marks a line (start, end, reason) for removal; ``anywhere`` allows it outside the header zone."""

    def __call__(self, ls: int, le: int, reason: str, anywhere: bool = False) -> None: ...
#: Longest header (title to first paragraph) whose lines may be removed, in characters.
HEADER_MAX = 4000
#: Characters searched for dates before the title line and after it.
SEARCH_BEFORE = 6000
SEARCH_AFTER = 40000


@dataclass(slots=True)
class Candidate:
    """A date found in the text, with the line it sits on and its score."""

    date: DateMatch
    line_start: int
    line_end: int
    score: float = 0.0
    updated: bool = False
    essential: bool = False


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    return ls, (len(text) if le < 0 else le)


def _leftover(line: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """Letters left on a line once dates, weekdays and byline words are taken out, and how
    many of the words left are lower-case (prose has verbs and articles; bylines do not)."""
    parts, last = [], 0
    for s, e in sorted(spans):
        parts.append(line[last:s])
        last = max(last, e)
    parts.append(line[last:])
    words = _LETTERS.findall(_FILLER.sub(" ", _WEEKDAYS.sub(" ", " ".join(parts))))
    return sum(len(w) for w in words), sum(1 for w in words if len(w) > 2 and w[0].islower())


def _residue(line: str, spans: list[tuple[int, int]]) -> int:
    """Letters left on a line once dates, weekdays and byline words are taken out."""
    return _leftover(line, spans)[0]


def guess_english(text: str, metadata_language: Any = None) -> bool:
    """True when the text reads as English (only used to read 05/31/2024 month first)."""
    if isinstance(metadata_language, str) and metadata_language:
        return metadata_language.lower().startswith("en")
    sample = text[:2500]
    english = sum(sample.count(w) for w in _EN_COUNT)
    other = sum(sample.count(w) for w in _OTHER_COUNT)
    return english > 2 * other + 5


def find_anchor(
    text: str, title: str | None, analysis: Analysis | None = None
) -> tuple[int, int] | None:
    """Span of the title line in ``text`` (the heading the byline sits next to), or None.

    ``analysis`` is passed on to :func:`find_title`, which the ``title`` cleaner may already have run.
    """
    if title:
        norm = " ".join(title.split())
        fold = norm
        pos = 0
        low = text[:100_000]
        if low.find(norm) < 0:
            lowered = low.lower()
            # lower() may change the length of a few characters; positions must stay valid
            if len(lowered) == len(low):
                low, fold = lowered, norm.lower()
        found: list[tuple[int, int]] = []
        while len(found) < 2:
            i = low.find(fold, pos)
            if i < 0:
                break
            ls, le = _line_bounds(text, i, i + len(fold))
            if " ".join(low[ls:le].split()) == fold:
                found.append((ls, le))
            pos = le + 1
        if found:
            # a page dump opens with the page title; the heading further down is the anchor
            if len(found) == 2 and not text[: found[0][0]].strip():
                return found[1]
            return found[0]
    title_find = find_title(text, analysis)
    if title_find is not None:
        return title_find.line.start, title_find.line.end
    return None


def header_zone(text: str, anchor: tuple[int, int] | None, body: Any = _UNSET) -> tuple[int, int] | None:
    """The header of an article: from the line above the title to the first paragraph.

    Without a title, the top of the document when its first paragraph comes early.
    ``body`` is ``_body_start(text, anchor end or 0)`` when the caller has it already."""
    if body is _UNSET:
        body = _body_start(text, anchor[1] if anchor else 0)
    if anchor is None:
        # no title found: the top of a document that starts near its text
        if body is None or body > HEADER_MAX:
            return None
        lines = sum(1 for line in text[:body].split("\n") if line.strip())
        return (0, body) if lines <= 8 else None
    if body is None or body - anchor[1] > HEADER_MAX:
        return None
    above = text[: anchor[0]].rstrip()
    lo = above.rfind("\n") + 1 if above else anchor[0]
    return lo, body


def _body_start(text: str, after: int = 0, analysis: Analysis | None = None) -> int | None:
    """Where the article's body starts after ``after``: the shared analysis's first paragraph."""
    if after > 0 and text[after - 1 : after] != "\n":
        # the search starts inside a line: its rest counts as a line of its own
        m = _LONG_RUN.match(text, after, after + BODY_SEARCH)
        if m and is_paragraph(m.group()):
            return m.start()
    if analysis is None or analysis.text is not text:
        analysis = Analysis(text)
    found = analysis.first_paragraph(after)
    return found if found is not None and found < after + BODY_SEARCH else None


def _hint_lines(window: str) -> list[tuple[int, int]]:
    """Spans of the lines of ``window`` whose lower-cased text may hold a byline cue, in order."""
    low = window.lower()
    if len(low) != len(window):  # "İ" grows when lower-cased: positions would not line up
        out, pos = [], 0
        for line in window.split("\n"):
            out.append((pos, pos + len(line)))
            pos += len(line) + 1
        return out
    starts: set[int] = set()
    for cue in _CUE_HINTS:
        i = low.find(cue)
        while i >= 0:
            ls = low.rfind("\n", 0, i) + 1
            starts.add(ls)
            le = low.find("\n", i)
            if le < 0:
                break
            i = low.find(cue, le)
    out = []
    for ls in sorted(starts):
        le = window.find("\n", ls)
        out.append((ls, len(window) if le < 0 else le))
    return out


def _opens_paragraph(before: str, after: str) -> bool:
    """A date opening a paragraph ("Wien, 14. Dezember 2021 – …"): a dateline, not prose."""
    return len(before.split()) <= 3 and len(before) <= 30 and _DATELINE_GAP.match(after) is not None


def url_date(url: str | None) -> tuple[str | None, str | None]:
    """The day (YYYY-MM-DD) and the month (YYYY-MM) a URL's path gives, when it gives them."""
    if not url:
        return None, None
    m = _URL_DAY.search(url)
    if m:
        y, mo, d = m.group("y"), int(m.group("m")), int(m.group("d"))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y}-{mo:02d}-{d:02d}", f"{y}-{mo:02d}"
    m = _URL_MONTH.search(url)
    if m and 1 <= int(m.group("m")) <= 12:
        return None, f"{m.group('y')}-{int(m.group('m')):02d}"
    return None, None


def score_dates(
    text: str, english: Any, anchor: tuple[int, int] | None, url: str | None = None, body: Any = _UNSET
) -> list[Candidate]:
    """Every date of ``text`` that could be the publication date, scored (best first)."""
    if body is _UNSET:
        body = _body_start(text, anchor[1] if anchor else 0)
    url_day, url_month = url_date(url)
    out: list[Candidate] = []
    first_after: Candidate | None = None
    prev: DateMatch | None = None
    # the publication date sits near the title: far ends of long pages are not searched (speed)
    if anchor is not None:
        lo, hi = max(0, anchor[0] - SEARCH_BEFORE), anchor[1] + SEARCH_AFTER
    else:
        lo, hi = 0, SEARCH_AFTER + SEARCH_BEFORE
    lang = english if callable(english) else ("en" if english else None)
    for rank, d in enumerate(iter_dates(text, lang, lo, hi)):
        ls, le = _line_bounds(text, d.start, d.end)
        line = text[ls:le]
        before = text[ls : d.start]
        if _COPYRIGHT.search(before[-25:]):
            prev = d
            continue
        # long lines are prose or lists either way: the residue only matters for short ones
        residue, lower = _leftover(line, [(d.start - ls, d.end - ls)]) if len(line) <= 240 else (len(line), 99)
        # "Am 3. März 2020 trat das Gesetz in Kraft" is short but a sentence: it stays
        essential = residue <= 30 and lower <= 1
        cand = Candidate(d, ls, le, essential=essential)
        prose = len(line) > 160 and residue > 60 and not _opens_paragraph(before, text[d.end : d.end + 4])
        score, cand.updated = _cue_score(0.0, before, prose)
        # one end of a range ("14. - 20. Januar 2022", "29 Jan 2014 - 17 Jul 2019")
        if prev is not None and prev.end >= ls and _RANGE_GAP.fullmatch(text[prev.end : d.start]):
            score -= 2
            if out and out[-1].date is prev:
                out[-1].score -= 2
        elif _RANGE_GAP.match(text[d.end : d.end + 4]) and _RANGE_NEXT.match(text, d.end):
            score -= 2
        if essential or len(line) <= 100:
            score += 1
        if d.has_time:
            score += 0.5
        score = _position_score(score, d.start, anchor, body)
        if anchor is not None and first_after is None and d.start >= anchor[1] and not prose:
            first_after = cand
            score += 1.5
        # a lone date at the very top of a page, far above the text, is the site's "today"
        top = anchor[0] if anchor is not None else body
        if d.start < 400 and top is not None and top - d.start > 600 and essential:
            score -= 1.5
        score = _url_score(score, d.day, url_day, url_month)
        # among equals, the earlier date wins
        score -= min(rank, 20) * 0.05
        cand.score = score
        out.append(cand)
        prev = d
    _discount_lists(text, out)
    out.sort(key=lambda c: -c.score)
    return out


def _cue_score(score: float, before: str, prose: bool) -> tuple[float, bool]:
    """``score`` after the cue words before a date ("Published", "Updated", "Event:"), and whether it is an update."""
    pub = _PUBLISHED_CUE.search(before[-45:]) is not None
    upd = _UPDATED_CUE.search(before[-45:]) is not None and not pub
    if prose and not pub:
        # a date inside a sentence of the article is not a byline
        score -= 4
    if pub:
        score += 3
    if upd:
        score -= 1.5
    if _OTHER_CUE.search(before[-40:]):
        score -= 3
    return score, upd


def _position_score(score: float, start: int, anchor: tuple[int, int] | None, body: int | None) -> float:
    """``score`` after where the date at ``start`` sits: just under the title, or above the body, is best."""
    if anchor is not None:
        dist = start - anchor[1]
        if 0 <= dist <= 700:
            score += 4 - dist / 350
        elif 700 < dist <= 3000:
            score += 1
        elif -400 <= start - anchor[0] < 0:
            score += 3.5 - (anchor[0] - start) / 200
        if body is not None and start > body + 200 and dist > 700:
            score -= 1
    elif body is not None:
        if body - 1500 <= start <= body:
            score += 2.5
        elif start < body:
            score += 0.5
    return score


def _url_score(score: float, day: str, url_day: str | None, url_month: str | None) -> float:
    """``score`` after the page's own address: "/2023/10/27/…" names the day, "/2023/10/…" the month."""
    if url_day is not None and day == url_day:
        score += 3
    elif url_month is not None and day[:7] == url_month:
        score += 1
    return score


def _known_date_line(cands: list[Candidate], day: str, remove_line: Remover) -> Candidate | None:
    """The line, among the three best dates, that writes ``day`` (the date the metadata gave) alone; it is removed."""
    for c in cands[:3]:
        if c.date.day == day and c.essential:
            remove_line(c.line_start, c.line_end, "date_line")
            return c
    return None


def _drop_overlaps(changes: list[Change]) -> list[Change]:
    """``changes`` (sorted by start) without those overlapping an earlier one (two reasons for one line)."""
    kept: list[Change] = []
    for ch in changes:
        if not kept or ch.start >= kept[-1].end:
            kept.append(ch)
    return kept


def _discount_lists(text: str, cands: list[Candidate]) -> None:
    """Dates written the same way three times or more, on different days, are a list of other
    posts ("veröffentlicht am …" under each teaser): their cue words prove little."""
    groups: dict[str, list[Candidate]] = {}
    for c in cands:
        before = text[c.line_start : c.date.start][-40:]
        key = " ".join(_LETTERS.findall(before.lower()))
        if key:
            groups.setdefault(key, []).append(c)
    for members in groups.values():
        if len(members) >= 3 and len({c.date.day for c in members}) >= 2:
            for c in members:
                c.score -= 2


def _clean_name(raw: str, handle_ok: bool = False) -> str | None:
    name = raw.strip(" \t\xa0,;:|-–—·•/")
    if name.endswith(".") and not re.search(r"(?:^|\s)\w\.$", name):
        name = name[:-1]
    words = name.split()
    if handle_ok and len(words) == 1 and len(name) >= 3 and _HANDLE.fullmatch(name) and not name.isdigit():
        return name
    if not 1 <= len(words) <= 5 or len(name) > 60 or any(ch.isdigit() for ch in name):
        return None
    if not all(_NAME_WORD.fullmatch(w) for w in words) or not words[0][:1].isupper():
        return None
    return name


def parse_byline(line: str) -> tuple[list[str], str | None] | None:
    """Authors (and a credited outlet) of a byline such as "By Jane Doe, Reuters", or None."""
    for m in _BY_CUE.finditer(line):
        before = line[: m.start()]
        at_start = not before.strip()
        if m.start() and line[m.start() - 1].isalnum():
            continue
        if not at_start:
            # "Posted 11. April 2018 by …", "12.03.2021 | von …": a byline after a date or a mark
            if _CREDIT_BEFORE.search(before) or not _SEP_BEFORE.search(before):
                continue
            if _residue(before, [(d.start, d.end) for d in iter_dates(before)]) > 8:
                continue
        rest = line[m.end() :]
        cut = _NAME_END.search(rest)
        names_part = rest[: cut.start()] if cut else rest
        tail = rest[cut.start() :] if cut else ""
        source = None
        pieces = [p for p in _NAME_SPLIT.split(names_part) if p.strip()]
        if len(pieces) >= 2 and pieces[-1].strip().casefold() in AGENCIES:
            source = pieces.pop().strip()
        if not pieces:
            continue
        single = len(pieces) == 1
        # a lone word ("by admin", "von Fatima") only when the line holds nothing else
        alone = single and at_start and not _LETTERS.search(_residue_text(tail))
        authors: list[str] = []
        for p in pieces:
            name = _clean_name(p, handle_ok=alone)
            if name is None or (len(name.split()) < 2 and not alone):
                authors = []
                break
            if name.casefold() in AGENCIES and not authors:
                source = source or name
                continue
            authors.append(name)
        if authors or source is not None:
            return authors, source
    return None


def _residue_text(text: str) -> str:
    spans = [(d.start, d.end) for d in iter_dates(text)]
    parts, last = [], 0
    for s, e in spans:
        parts.append(text[last:s])
        last = e
    parts.append(text[last:])
    return _FILLER.sub(" ", _WEEKDAYS.sub(" ", " ".join(parts)))


def name_line(line: str) -> str | None:
    """The person's name when ``line`` is only a name ("Celia Parbey"), else None."""
    line = " ".join(line.strip(" \t\xa0,;|-–—·•").split())
    if len(line) > 40 or not _NAME_LINE.fullmatch(line):
        return None
    words = line.casefold().split()
    if words[0] in _NOT_FIRST or any(w.strip(".") in _NOT_NAME for w in words) or line.isupper():
        return None
    return line


def _looks_like_outlet(src: str) -> bool:
    src = src.strip()
    if src.casefold() in AGENCIES:
        return True
    words = src.split()
    if not 2 <= len(words) <= 4 or any(ch.isdigit() for ch in src):
        return False
    return bool(_ARTICLE_START.match(src)) and all(w[:1].isupper() for w in words[1:])


class Byline(Cleaner):
    """Move the publication date, authors, credited source and dateline into metadata."""

    name = "byline"
    order = 350
    phase = "remove"
    view = "kept"  # reads the header around the title: shown the text without the title's copies
    reasons = {
        "date_line": "a line giving the publication (or update) date",
        "byline": "a byline: author names, with a date or a credited outlet",
        "dateline": "a dateline: place and credited outlet",
        "source_line": "a news agency credited alone on a line under the title",
        "author_box": "the author box of a post: photo caption and name",
    }
    defaults = {"remove_lines": True, "min_score": 0.9, "window": 3000}

    def clean(self, doc: DocumentView) -> Outcome:
        text = doc.text
        meta_in = doc.metadata
        meta: dict[str, Any] = {}
        removals: dict[int, tuple[int, str]] = {}
        anchor = find_anchor(text, meta_in.get("title"), doc.analysis)
        head_from = max(0, anchor[0] - 400) if anchor else 0
        head_to = (anchor[1] if anchor else 0) + int(self.options["window"])
        language = meta_in.get("language")

        def english() -> str | None:
            # only asked when a numeric date like 05/31/2024 turns up
            return "en" if guess_english(text, language) else None

        body = _body_start(text, anchor[1] if anchor else 0, doc.analysis)
        zone = header_zone(text, anchor, body)

        def remove_line(ls: int, le: int, reason: str, anywhere: bool = False) -> None:
            # Lines leave the body only from the header between the title and the text: what
            # lies there is decided by the title and the first paragraph, which removals do
            # not move, so a second run finds nothing more to remove.
            if not self.options["remove_lines"] or ls in removals:
                return
            if anywhere or (zone is not None and zone[0] <= ls < zone[1]):
                removals[ls] = (min(len(text), le + 1), reason)

        known = meta_in.get("published")
        cands = score_dates(text, english, anchor, doc.origin.url, body)
        if known:
            # the page's metadata gave the date: its byline line still leaves the body
            best_line = _known_date_line(cands, str(known)[:10], remove_line)
        else:
            best_line = self._publication_date(text, cands, meta_in, meta, remove_line)
        self._authors(text, meta_in, meta, head_from, head_to, remove_line)
        if not meta_in.get("authors") and not meta.get("authors"):
            self._author_box(text, meta, remove_line)
        if best_line is not None and not meta_in.get("authors") and not meta.get("authors"):
            self._name_near(text, best_line, meta, remove_line, meta_in.get("title"))
        self._dateline(text, meta_in, meta, head_from, min(head_to, head_from + 2000), remove_line)
        changes = [Change(s, e, r) for s, (e, r) in sorted(removals.items())]
        return Outcome(changes=_drop_overlaps(changes), metadata=meta)

    def _publication_date(
        self, text: str, cands: list[Candidate], meta_in: Mapping[str, Any], meta: dict[str, Any], remove_line: Remover
    ) -> Candidate | None:
        """The best date as ``published`` (a nearby published date beats an update date); its line leaves the header."""
        if not (cands and cands[0].score >= float(self.options["min_score"])):
            return None
        best = cands[0]
        if best.updated:
            # prefer a published date on the same or a nearby line
            near = [
                c for c in cands[1:]
                if not c.updated and abs(c.date.start - best.date.start) < 300 and c.score > 0
            ]
            if near:
                best = near[0]
        meta["published"] = best.date.value
        if best.essential:
            remove_line(best.line_start, best.line_end, "date_line")
            for c in cands:
                # the same date written twice, or the update date, goes with it
                if c.essential and c is not best and (c.updated or c.date.day == best.date.day):
                    remove_line(c.line_start, c.line_end, "date_line")
        m = _PUBLISHED_IN.search(text, best.line_start, best.line_end)
        if m and not meta_in.get("source"):
            src = m.group("src").strip()
            if len(src.split()) <= 5:
                meta["source"] = src
        return best

    def _authors(
        self, text: str, meta_in: Mapping[str, Any], meta: dict[str, Any], start: int, end: int, remove_line: Remover
    ) -> None:
        """A byline ("By Jane Doe, Reuters", "Par Loïc Le Clerc |") near the title."""
        if meta_in.get("authors"):
            return
        window = text[start : min(len(text), end)]
        for i, j in _hint_lines(window):
            line = window[i:j]
            ls, le = start + i, start + j
            if len(line) > 160 or len(line) < 5:
                continue
            low = line.lower()
            if not any(cue in low for cue in _CUE_HINTS):
                continue
            parsed = parse_byline(line)
            if parsed is None:
                continue
            authors, source = parsed
            if authors:
                meta["authors"] = authors
            if source and not meta_in.get("source") and "source" not in meta:
                meta["source"] = source
            spans = [(d.start, d.end) for d in iter_dates(line)]
            for part in [*authors, source or ""]:
                i = line.find(part) if part else -1
                if i >= 0:
                    spans.append((i, i + len(part)))
            residue, lower = _leftover(line, spans)
            if residue <= 25 and lower <= 1:
                remove_line(ls, le, "byline")
            return

    def _author_box(self, text: str, meta: dict[str, Any], remove_line: Remover) -> None:
        """The author box at the end of a post: "Photo de Jeoffro René" then "Jeoffro René"."""
        starts: set[int] = set()
        for hint in _BOX_HINTS:
            i = text.find(hint)
            while i >= 0 and len(starts) < 50:
                starts.add(text.rfind("\n", 0, i) + 1)
                i = text.find(hint, i + 1)
        for m in filter(None, (_AUTHOR_BOX.match(text, s) for s in sorted(starts))):
            name = _clean_name(m.group("name"))
            if name is None or len(name.split()) < 2:
                continue
            meta["authors"] = [name]
            ls, le = _line_bounds(text, m.start("name"), m.end("name"))
            remove_line(ls, le, "author_box", anywhere=True)
            second = text.find(m.group("name"), le)
            ls2, le2 = _line_bounds(text, second, second)
            remove_line(ls2, le2, "author_box", anywhere=True)
            return

    def _name_near(
        self, text: str, best: Candidate, meta: dict[str, Any], remove_line: Remover, title: Any
    ) -> None:
        """A name alone next to the date ("12.03.2021 | Anna Muster", or on the line above/below)."""
        line = text[best.line_start : best.line_end]
        pieces = [p for p in _PIECES.split(line) if p.strip()]
        left = [p for p in pieces if _LETTERS.search(_TIME_BITS.sub(" ", _residue_text(p)))]
        if len(left) == 1 and len(pieces) > 1:
            name = name_line(left[0])
            if name:
                meta["authors"] = [name]
                return
        fold = " ".join(title.split()).casefold() if isinstance(title, str) else None
        prev_end, next_start = best.line_start - 1, best.line_end + 1
        neighbours = []
        for _ in range(2):
            if prev_end > 0:
                ls, le = _line_bounds(text, prev_end - 1, prev_end - 1)
                if text[ls:le].strip():
                    neighbours.append((ls, le))
                prev_end = ls - 1
            if next_start < len(text):
                ls, le = _line_bounds(text, next_start, next_start)
                if text[ls:le].strip():
                    neighbours.append((ls, le))
                next_start = le + 1
        for ls, le in neighbours:
            cand = " ".join(text[ls:le].split())
            if fold and cand.casefold() == fold:
                continue
            name = name_line(cand)
            if name:
                meta["authors"] = [name]
                if best.essential:
                    remove_line(ls, le, "byline")
                return

    def _dateline(
        self, text: str, meta_in: Mapping[str, Any], meta: dict[str, Any], start: int, end: int, remove_line: Remover
    ) -> None:
        """A "City / Outlet" dateline, else a news agency alone on a line near the title."""
        want_source = not meta_in.get("source") and "source" not in meta
        agency: tuple[int, int, str] | None = None
        window = text[start : min(len(text), end)]
        lines = window.split("\n")
        if "/" in window:
            pos = start
            for raw in lines:
                ls, pos = pos, pos + len(raw) + 1
                if len(raw) > 80 or raw.count("/") != 1:
                    continue
                m = _DATELINE.match(raw)
                if m and _looks_like_outlet(m.group("src")):
                    if not meta_in.get("dateline"):
                        meta["dateline"] = m.group("place")
                    if want_source:
                        meta["source"] = m.group("src").strip()
                    remove_line(ls, ls + len(raw), "dateline")
                    return
        if want_source:
            # no dateline: the first short line naming an agency (a line with one "/" is a
            # dateline candidate, never an agency line)
            hit = next(
                (
                    k for k, raw in enumerate(lines)
                    if len(raw) <= 40 and raw.strip().casefold() in AGENCIES and raw.count("/") != 1
                ),
                None,
            )
            if hit is not None:
                ls = start + sum(map(len, lines[:hit])) + hit
                raw = lines[hit]
                agency = (ls, ls + len(raw), raw.strip())
        if agency is not None:
            meta["source"] = agency[2]
            remove_line(agency[0], agency[1], "source_line")
