"""The date finder: every written format, no guessing, and normalize_published."""
from __future__ import annotations

import time

import pytest

from cleankit.dates import find_dates, normalize_published, parse_date, us_dst


@pytest.mark.parametrize(
    "line, expected",
    [
        ("15 Octobre 2021 17:52 (UTC+01:00)", "2021-10-15T17:52:00+01:00"),
        ("Publié dans L'opinion le 31 - 05 - 2024", "2024-05-31"),
        ("30 septembre 2018", "2018-09-30"),
        ("Publié le 1er févr. 2019 à 08h15", "2019-02-01T08:15:00"),
        ("Mis à jour le 12 janv. 2022", "2022-01-12"),
        ("Le 5 sept. 2020", "2020-09-05"),
        ("Updated March 3, 2020 at 5:01 p.m. ET", "2020-03-03T17:01:00-05:00"),
        ("Posted on Jan. 14, 2021", "2021-01-14"),
        ("Sept 5, 2019", "2019-09-05"),
        ("Published: 22:00 GMT, 26 September 2020", "2020-09-26"),
        ("Veröffentlicht am 19. Dezember 2022", "2022-12-19"),
        ("Stand: 12.03.2021, 14:05 Uhr", "2021-03-12T14:05:00"),
        ("28.04.2021 - 07:18 | Quelle: dpa-AFX", "2021-04-28T07:18:00"),
        ("5. Mai 2020 um 10.30 Uhr", "2020-05-05T10:30:00"),
        ("31 de mayo de 2024", "2024-05-31"),
        ("12 giugno 2021", "2021-06-12"),
        ("3 de março de 2022", "2022-03-03"),
        ("31/05/2024", "2024-05-31"),
        ("2024-05-31", "2024-05-31"),
        ("2021-10-15T17:52:00+0100", "2021-10-15T17:52:00+01:00"),
        ("29 / Dezember / 2022", "2022-12-29"),
        ("Fri, 15 Oct 2021 17:52:00 GMT", "2021-10-15T17:52:00+00:00"),
    ],
)
def test_formats(line: str, expected: str) -> None:
    assert parse_date(line) == expected


def test_english_slashes_month_first_only_when_unambiguous() -> None:
    assert parse_date("05/31/2024", "en") == "2024-05-31"
    assert parse_date("03/04/2024", "en") is None  # March 4 or 3 April: not guessed
    assert parse_date("03/04/2024", "fr") == "2024-04-03"
    assert parse_date("05/31/2024", "fr") is None


def test_eastern_time_follows_us_daylight_saving() -> None:
    assert parse_date("Mar 8, 2020 at 3:00 AM ET") == "2020-03-08T03:00:00-04:00"
    assert parse_date("Nov. 10, 2019 1:30 a.m. ET") == "2019-11-10T01:30:00-05:00"
    assert us_dst(2006, 4, 2, 12) and not us_dst(2006, 3, 20, 12)


def test_no_full_date_no_value() -> None:
    for text in ("Mai 2020", "le 3 mars", "© 2019 La Gazette", "v1.10.2020", "page 12 sur 40", ""):
        assert parse_date(text) is None, text
    assert parse_date("31 février 2020") is None
    assert parse_date("29.02.2021") is None and parse_date("29.02.2020") == "2020-02-29"


def test_glued_text_nodes() -> None:
    assert parse_date("Veröffentlicht am 19. Dezember 202219. Dezember 2022") == "2022-12-19"
    assert parse_date("von Nadja Demel13.12.2022 - 08:13 Uhr") == "2022-12-13T08:13:00"


def test_find_dates_positions() -> None:
    text = "Publié le 3 mars 2020, mis à jour le 4 mars 2020 à 10h05"
    found = find_dates(text)
    assert [d.value for d in found] == ["2020-03-03", "2020-03-04T10:05:00"]
    assert text[found[0].start : found[0].end] == "3 mars 2020"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2021-10-15T17:52:00+01:00", "2021-10-15T17:52:00+01:00"),
        ("2021-10-15T17:52:00.000Z", "2021-10-15T17:52:00+00:00"),
        ("2021-10-15T17:52:00+0100", "2021-10-15T17:52:00+01:00"),
        ("2021-10-15T17:52", "2021-10-15T17:52:00"),
        ("2021-10-15", "2021-10-15"),
        ("20211015", "2021-10-15"),
        (" 2024-05-31 ", "2024-05-31"),
        ("Fri, 15 Oct 2021 17:52:00 GMT", "2021-10-15T17:52:00+00:00"),
        ("2021-02-30", None),
        ("not a date", None),
        ("", None),
    ],
)
def test_normalize_published(value: str, expected: str | None) -> None:
    assert normalize_published(value) == expected


def test_parser_speed_note() -> None:
    """Not a benchmark: guards against a pathological slowdown (well under 1 s for 20,000 lines)."""
    lines = ["15 Octobre 2021 17:52 (UTC+01:00)", "Publié dans L'opinion le 31 - 05 - 2024",
             "Updated March 3, 2020 at 5:01 p.m. ET", "Le ministre a rencontré une délégation."] * 5000
    t0 = time.perf_counter()
    found = sum(1 for line in lines if parse_date(line))
    assert found == 15000
    assert time.perf_counter() - t0 < 5


def test_month_before_day_found_after_other_numbers() -> None:
    # the day follows a month name (no digit run before it starts the date)
    found = find_dates("Posted Sept. 5 2019 by the desk, 14 comments, 3 of 12 pages, Oct.\t4 2011")
    assert [d.value for d in found] == ["2019-09-05", "2011-10-04"]


def test_numbers_that_start_no_date_are_skipped_but_dates_are_not() -> None:
    line = "Les 12 travaux, 3 000 euros, 2,5 % et 12 mars 2021 ; am 5. Mai 2020, 31.05.2024, 2024/05/31, 1er janvier 2020"
    assert [d.value for d in find_dates(line)] == [
        "2021-03-12", "2020-05-05", "2024-05-31", "2024-05-31", "2020-01-01",
    ]


def test_month_tail_agrees_with_a_regex_search() -> None:
    from cleankit.dates import _MONTH_TAIL, _month_tail

    text = "Veröffentlicht am Dez.  3 2021; updated MARCH 3, 2020; xmarch 3 2020; le _mai 3 2020; mai.\n3 2020 ; 7 Okt. 9"
    for pos in range(1, len(text)):
        if not text[pos - 1].isspace():
            continue
        for lo in (0, max(0, pos - 18), pos - 1):
            m = _MONTH_TAIL.search(text, lo, pos)
            assert _month_tail(text, lo, pos) == (m.start() if m else -1), (text[:pos], lo)
