"""Find and normalise calendar dates in text: compiled regexes and a month table, no guessing.

Every date found is a full day (year, month and day all written in the text); a
month and year alone, or a day and month without a year, is never a date here, so
nothing is filled in from today. Output is ISO 8601: ``2024-05-31`` for a date
alone, ``2021-10-15T17:52:00+01:00`` when a time (and an offset) is written.

Named US zones without a fixed offset (``ET``, ``CT``, ``MT``, ``PT``) get the
offset US daylight-saving rules give for that date and time (1987-2006: first
Sunday of April to last Sunday of October; since 2007: second Sunday of March to
first Sunday of November, at 2 a.m. local time).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _date
from typing import Callable, Iterator, Optional, Union

#: Month names and abbreviations (lower case, without a final dot) -> month number.
#: English, French, German, Spanish, Italian, Portuguese, Dutch, Polish (genitive).
MONTHS: dict[str, int] = {}
_MONTH_WORDS = {
    1: "january jan janvier janv januar jänner jän jaenner enero ene gennaio gen janeiro januari stycznia",
    2: "february feb febr février fevrier févr fevr fév fev februar febrero febbraio fevereiro februari lutego",
    3: "march mar mars märz maerz mrz mär marzo março marco maart marca",
    4: "april apr avril avr abril abr aprile kwietnia",
    5: "may mai mayo maggio mag maio mei maja",
    6: "june jun juin juni junio giugno giu junho czerwca",
    7: "july jul juillet juil juli julio luglio lug julho lipca",
    8: "august aug août aout agosto ago augustus sierpnia",
    9: "september sep sept septembre septiembre setiembre settembre set setembro września wrzesnia",
    10: "october oct octobre oktober okt octubre ottobre ott outubro out października pazdziernika",
    11: "november nov novembre noviembre novembro listopada",
    12: "december dec décembre decembre déc dezember dez diciembre dic dicembre dezembro grudnia",
}
# Russian genitive forms ("15 августа 2016")
for _num, _w in enumerate(
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(), 1
):
    _MONTH_WORDS[_num] += " " + _w
for _num, _words in _MONTH_WORDS.items():
    for _w in _words.split():
        MONTHS[_w] = _num


#: A prefix tree of words: one key per character, ``""`` marking the end of a word.
_Trie = dict[str, "_Trie"]


def _trie_pattern(words: list[str]) -> str:
    """One regex for many words, factored by common prefixes (re tries alternatives one by one)."""
    tree: _Trie = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: _Trie) -> str:
        ends = "" in node
        branches = [re.escape(ch) + walk(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return walk(tree)


# longest match first is what a trie gives: "sept" is tried before "sep", "janvier" before "jan"
_M = f"(?:{_trie_pattern(list(MONTHS))})"
_YEAR = r"(?:19|20)\d\d"

# A time of day that may follow a date, with an optional zone.
_TIME = (
    r"(?:\s{0,3}(?:,|\||-|–|—|/|à|a\s+las|alle|um|at|@|T|kl\.)?\s{0,3}"
    r"(?P<H>[0-2]?\d)\s?(?:[:hH.])\s?(?P<Mi>[0-5]\d)(?![\d.,]\d)(?::(?P<S>[0-5]\d))?"
    r"(?:\s?(?P<ampm>[aApP]\.?\s?[mM]\.?))?(?:\s?(?:Uhr|h|hrs)\b)?"
    r"(?:\s{0,2}(?P<tz>\(?(?:UTC|GMT)\s?(?:[+-−]\s?\d{1,2}(?::?\d\d)?)?\)?"
    r"|[+-]\d\d:?\d\d(?!\d)|Z\b|(?:CEST|CET|MESZ|MEZ|BST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|CT|MT|PT|WET|WEST|EET|EEST)\b))?)?"
)

_PATTERN = re.compile(
    # a letter may touch a date (text nodes glued together in page dumps), a digit or dot may not
    r"(?<![\d.:/])(?<![vV])(?:"
    # 2024-05-31, 2024-05-31T17:52:00+01:00
    rf"(?P<iy>{_YEAR})-(?P<im>[01]\d)-(?P<id>[0-3]\d)"
    r"(?:[T ](?P<iH>[0-2]\d):(?P<iM>[0-5]\d)(?::(?P<iS>[0-5]\d)(?:[.,]\d+)?)?"
    r"\s?(?P<iz>Z|[+-][01]\d(?::?[0-5]\d)?)?(?![\d:]))?"
    r"|"
    # 15 Octobre 2021, 5. Mai 2020, 31 de mayo de 2024, 1er janvier 2020, 15-Oct-2021
    rf"(?P<td>[0-3]?\d)(?:\.|er|ᵉʳ|st|nd|rd|th|º|°)?\s{{0,2}}(?:de\s+|-|/\s?)?(?P<tm>{_M})\.?"
    rf"(?:\s*,?\s*|\s+de\s+|\s+del\s+|-|\s?/\s?)(?P<ty>{_YEAR})(?!\d{{3}})"
    r"|"
    # March 3, 2020; Sept 5 2019
    rf"\b(?P<um>{_M})\.?\s{{1,2}}(?P<ud>[0-3]?\d)(?:st|nd|rd|th)?(?:\s?,\s?|\s{{1,2}})(?P<uy>{_YEAR})(?!\d{{3}})"
    r"|"
    # 2024/05/31, 2024.05.31
    rf"(?P<sy>{_YEAR})(?P<ss>[/.])(?P<sm>[01]?\d)(?P=ss)(?P<sd>[0-3]?\d)(?![\d])"
    r"|"
    # 31.05.2024, 31/05/2024, 31-05-2024, 31 - 05 - 2024, 28.04.21
    r"(?P<na>[0-3]?\d)\s{0,2}(?P<ns>[./|-])\s{0,2}(?P<nb>[0-3]?\d)\s{0,2}(?P=ns)\s{0,2}"
    rf"(?P<ny>{_YEAR}|\d\d)(?![\d]|\.\d|/\d)"
    r")" + _TIME,
    re.IGNORECASE,
)

# the start of a run of digits not glued to a number, a dot, a colon or a slash before it
_SHORTEST_MONTH = min(map(len, MONTHS))
_LONGEST_MONTH = max(map(len, MONTHS))
# What must follow the first digit of a date for _PATTERN to match there, or for a month
# name before it to start one ("March 3, 2020"): a year a few characters on, or a numeric
# separator. Checked inside the scan, it spares a Python round trip for most numbers.
_DATE_AHEAD = (
    r"(?=(?i:(?<=1)9\d\d[-/.]|(?<=2)0\d\d[-/.]"
    r"|(?:(?<=[0-3])\d)?(?:\s{0,2}[./|-]"
    r"|(?:\.|er|ᵉʳ|st|nd|rd|th|º|°)?\s{0,2}(?:de\s+|-|/\s?)?"
    rf"[^\W\d_]{{{_SHORTEST_MONTH},{_LONGEST_MONTH}}}\.?(?:\s*,?\s*|\s+de\s+|\s+del\s+|-|\s?/\s?){_YEAR}"
    rf"|(?:st|nd|rd|th)?(?:\s?,\s?|\s{{1,2}}){_YEAR})))"
)
_DIGIT_START = re.compile(
    r"[0-9](?<![\d.:/vV][0-9])(?=[0-9]{3}[-/.]|[0-9]?(?:[.,/|-]|\s|er|st|nd|rd|th|ᵉ|º|°))" + _DATE_AHEAD
)
# a month name just before a day: "March 3, 2020"
_MONTH_TAIL = re.compile(rf"\b{_M}\.?\s{{1,2}}\Z", re.IGNORECASE)

_MONTH_TAIL_AT = re.compile(rf"{_M}\.?\s{{1,2}}", re.IGNORECASE)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what the regex engine's \w is on str


def _month_tail(text: str, lo: int, pos: int) -> int:
    """Where ``_MONTH_TAIL.search(text, lo, pos)`` would match, or -1, found without a search.

    The month word starts at a word boundary and is followed by a dot or white space, so it
    is the run of word characters just before the optional dot and the one or two white
    spaces that end at ``pos``; only that place needs trying.
    """
    q = pos - 1
    if q < lo or not text[q].isspace():
        return -1
    if q - 1 >= 0 and text[q - 1].isspace():
        q -= 1  # two white spaces: one alone leaves a white space where the name must end
        if q < lo:
            return -1
    e = q - 1 if q - 1 >= lo and text[q - 1] == "." else q
    s = e
    while s > lo and _is_word(text[s - 1]):
        s -= 1
    if s == e or (s > 0 and _is_word(text[s - 1])):
        return -1
    return s if _MONTH_TAIL_AT.fullmatch(text, s, pos) else -1


_ZONES: dict[str, str | None] = {
    "Z": "+00:00", "UTC": "+00:00", "GMT": "+00:00", "WET": "+00:00", "WEST": "+01:00",
    "CET": "+01:00", "MEZ": "+01:00", "CEST": "+02:00", "MESZ": "+02:00", "BST": "+01:00",
    "EET": "+02:00", "EEST": "+03:00",
    "EST": "-05:00", "EDT": "-04:00", "CST": "-06:00", "CDT": "-05:00",
    "MST": "-07:00", "MDT": "-06:00", "PST": "-08:00", "PDT": "-07:00",
}
_US_GENERIC = {"ET": -5, "CT": -6, "MT": -7, "PT": -8}
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in text: its span, ISO 8601 value, and whether a time was written."""

    start: int
    end: int
    value: str
    has_time: bool

    @property
    def day(self) -> str:
        """The ``YYYY-MM-DD`` part of the value."""
        return self.value[:10]


def _valid(y: int, m: int, d: int) -> bool:
    if not (1 <= m <= 12 and 1 <= d <= _DAYS[m - 1]):
        return False
    return not (m == 2 and d == 29 and not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)))


def _nth_sunday(y: int, m: int, n: int) -> int:
    """Day of the month of the n-th Sunday (n=-1: the last) of month m."""
    if n > 0:
        first = _date(y, m, 1).weekday()  # Monday=0
        return 1 + (6 - first) % 7 + 7 * (n - 1)
    last = _DAYS[m - 1] if m != 2 else 28
    return last - (_date(y, m, last).weekday() + 1) % 7


def us_dst(y: int, m: int, d: int, hour: int) -> bool:
    """True when US daylight-saving time is in force at this local date and hour."""
    if y >= 2007:
        start = (3, _nth_sunday(y, 3, 2))
        end = (11, _nth_sunday(y, 11, 1))
    elif y >= 1987:
        start = (4, _nth_sunday(y, 4, 1))
        end = (10, _nth_sunday(y, 10, -1))
    else:
        return False
    now = (m, d, hour)
    return (start[0], start[1], 2) <= now < (end[0], end[1], 2)


def _offset(raw: str | None, y: int, m: int, d: int, hour: int) -> str | None:
    """The ``+HH:MM`` offset a zone string stands for, or None when unknown."""
    if not raw:
        return None
    z = raw.strip("() ").replace("−", "-").replace(" ", "")
    up = z.upper()
    if up in _ZONES:
        return _ZONES[up]
    if up in _US_GENERIC:
        base = _US_GENERIC[up] + (1 if us_dst(y, m, d, hour) else 0)
        return f"-{abs(base):02d}:00"
    if up.startswith(("UTC", "GMT")):
        z = z[3:]
    mt = re.fullmatch(r"([+-])(\d{1,2})(?::?(\d\d))?", z)
    if not mt:
        return None
    hh, mm = int(mt.group(2)), int(mt.group(3) or 0)
    if hh > 14 or mm > 59:
        return None
    return f"{mt.group(1)}{hh:02d}:{mm:02d}"


class _Lazy:
    """A language worked out only when first needed (it costs a look at the text)."""

    __slots__ = ("_fn", "_value", "_done")

    def __init__(self, fn: Callable[[], Optional[str]]) -> None:
        self._fn = fn
        self._value: str | None = None
        self._done = False

    def get(self) -> str | None:
        if not self._done:
            self._value, self._done = self._fn(), True
        return self._value


def _numeric_order(a: int, b: int, lang: object) -> tuple[int, int] | None:
    """(day, month) for ``a/b/year``: day first; in English only when unambiguous, either way."""
    if isinstance(lang, _Lazy):
        lang = lang.get()
    if lang == "en":
        if a > 12 and b <= 12:
            return a, b
        if b > 12 and a <= 12:
            return b, a
        return None
    return a, b


def _numeric_ymd(m: re.Match[str], lang: object) -> tuple[int, int, int] | None:
    """(year, month, day) of an all-numeric date ("31.05.2024", "05/31/2024"); None when not read as one."""
    g = m.group
    a, b, ys, sep = int(g("na")), int(g("nb")), g("ny"), g("ns")
    if len(ys) == 2:
        # two-digit years only in the dotted German style with two-digit fields
        if sep != "." or len(g("na").strip()) != 2 or len(g("nb").strip()) != 2:
            return None
        y = 2000 + int(ys)
    else:
        y = int(ys)
    order = _numeric_order(a, b, lang)
    if order is None:
        return None
    d, mo = order
    return y, mo, d


def _build(m: re.Match[str], lang: object) -> DateMatch | None:
    g = m.group
    if g("iy"):
        y, mo, d = int(g("iy")), int(g("im")), int(g("id"))
        if g("iH") is not None:
            if not _valid(y, mo, d):
                return None
            hh, mi, ss = int(g("iH")), int(g("iM")), int(g("iS") or 0)
            if hh > 23:
                return None
            off = _offset(g("iz"), y, mo, d, hh) if g("iz") else None
            value = f"{y:04d}-{mo:02d}-{d:02d}T{hh:02d}:{mi:02d}:{ss:02d}{off or ''}"
            return DateMatch(m.start(), m.end(), value, True)
    elif g("ty"):
        y, mo, d = int(g("ty")), MONTHS[g("tm").lower()], int(g("td"))
    elif g("uy"):
        y, mo, d = int(g("uy")), MONTHS[g("um").lower()], int(g("ud"))
    elif g("sy"):
        y, mo, d = int(g("sy")), int(g("sm")), int(g("sd"))
    else:
        numeric = _numeric_ymd(m, lang)
        if numeric is None:
            return None
        y, mo, d = numeric
    if not _valid(y, mo, d):
        return None
    end = m.end()
    if g("H") is None:
        return DateMatch(m.start(), end, f"{y:04d}-{mo:02d}-{d:02d}", False)
    hh, mi, ss = int(g("H")), int(g("Mi")), int(g("S") or 0)
    ampm = (g("ampm") or "").lower()
    if ampm:
        if not 1 <= hh <= 12:
            return None
        hh = hh % 12 + (12 if ampm.startswith("p") else 0)
    if hh > 23:
        return DateMatch(m.start(), _date_end(m), f"{y:04d}-{mo:02d}-{d:02d}", False)
    off = _offset(g("tz"), y, mo, d, hh)
    value = f"{y:04d}-{mo:02d}-{d:02d}T{hh:02d}:{mi:02d}:{ss:02d}{off or ''}"
    return DateMatch(m.start(), end, value, True)


def _date_end(m: re.Match[str]) -> int:
    """End of the date proper when the optional time part did not match."""
    for name in ("id", "ty", "uy", "sd", "ny"):
        if m.group(name) is not None:
            return m.end(name)
    return m.end()


Lang = Union[str, None, Callable[[], Optional[str]]]


def iter_dates(text: str, lang: Lang = None, start: int = 0, end: int | None = None) -> Iterator[DateMatch]:
    """Yield every valid full date written in ``text`` (beginning in ``start:end``), in order.

    ``lang`` ("en", "fr", …) only matters for numeric dates: in English ``05/31/2024``
    is read month first, and an ambiguous ``03/04/2024`` is skipped. It may be a
    function, called once, the first time a numeric date needs it.
    """
    language: str | None | _Lazy = _Lazy(lang) if callable(lang) else lang
    stop = len(text) if end is None else min(end, len(text))
    last_end = start
    # Every date has a run of digits; the pattern is tried only where one starts (a scan for
    # a digit is many times faster than trying the whole pattern at every position).
    for probe in _DIGIT_START.finditer(text, start, stop):
        pos = probe.start()
        if pos < last_end:
            continue
        m = _PATTERN.match(text, pos)
        if m is None:
            before = text[pos - 2 : pos] if pos >= 2 else ""
            if not before or not before[1].isspace() or not (before[0].isalpha() or before[0] in ". "):
                continue
            tail = _month_tail(text, max(last_end, pos - 18), pos)
            if tail < 0:
                continue
            m = _PATTERN.match(text, tail)
            if m is None:
                continue
        found = _build(m, language)
        if found is not None:
            last_end = found.end
            yield found


def find_dates(text: str, lang: str | None = None) -> list[DateMatch]:
    """Every valid full date written in ``text``, in order."""
    return list(iter_dates(text, lang))


def parse_date(text: str, lang: str | None = None) -> str | None:
    """The ISO 8601 value of the first full date written in ``text``, or None."""
    for found in iter_dates(text, lang):
        return found.value
    return None


_ISO_ONLY = re.compile(
    rf"\s*(?P<y>{_YEAR})-?(?P<m>[01]\d)-?(?P<d>[0-3]\d)"
    r"(?:[T ](?P<H>[0-2]\d):?(?P<M>[0-5]\d)(?::?(?P<S>[0-5]\d)(?:[.,]\d+)?)?"
    r"\s?(?P<z>Z|[+-][01]\d(?::?[0-5]\d)?)?)?\s*\Z",
    re.IGNORECASE,
)


def normalize_published(value: str) -> str | None:
    """Normalise a page's published date (ISO 8601 or a written date) to cleankit's ISO form.

    A date alone stays a date, a written offset is kept (``Z`` becomes ``+00:00``),
    fractions of seconds are dropped. Returns None when ``value`` holds no full date.
    """
    if not value:
        return None
    m = _ISO_ONLY.match(value)
    if m:
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if not _valid(y, mo, d):
            return None
        day = f"{y:04d}-{mo:02d}-{d:02d}"
        if m.group("H") is None:
            return day
        hh = int(m.group("H"))
        if hh > 23:
            return day
        off = _offset(m.group("z"), y, mo, d, hh) if m.group("z") else None
        return f"{day}T{hh:02d}:{m.group('M')}:{m.group('S') or '00'}{off or ''}"
    return parse_date(value[:200])
