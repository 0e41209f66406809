"""Tests for the Lagazette plugin, built on cleankit.testing (no entry points needed)."""
from pathlib import Path

import pytest

import cleankit_lagazette
from cleankit import DocumentView, Origin
from cleankit.document import empty_metadata
from cleankit_lagazette import Lagazette
from cleankit_lagazette.cleaner import parse_timestamp

SAMPLES = Path(__file__).parent / "samples"
# A page in the same template, written for these tests (another month, another credited agency).
PAGE = (
    "Lagazette\n\n"
    "Bakou accueille une conférence sur le déminage humanitaire\n\n"
    "3 Juin 2024 09:05 (UTC+02:00)\n"
    "Bakou accueille une conférence sur le déminage humanitaire\n"
    "Bakou accueille une conférence sur le déminage humanitaire\n\n"
    "Bakou / AZERTAC\n\n"
    "Une conférence internationale consacrée au déminage humanitaire s'est ouverte lundi à Bakou, "
    "en présence de délégations venues de trente pays.\n\n"
    "Loading...\nL'info de A à Z\nVoir Plus\n"
)


def run(text: str, url: str | None = None, **options):
    return Lagazette(**options).clean(DocumentView.of(text, empty_metadata(), Origin(url=url)))


def test_golden_samples(cleankit_pipeline, cleankit_golden):
    cleankit_golden(cleankit_pipeline(cleankit_lagazette), SAMPLES)


def test_contract(cleankit_contract):
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*[0-9].txt"))]
    cleankit_contract(Lagazette, texts + [("written page", PAGE)])


def test_page_in_the_template(cleankit_pipeline):
    result = cleankit_pipeline(cleankit_lagazette).clean(PAGE)
    assert result.text.splitlines()[0] == "Bakou accueille une conférence sur le déminage humanitaire"
    assert result.text.count("Bakou accueille une conférence") == 1
    for gone in ("Lagazette", "UTC+02:00", "Bakou / AZERTAC", "Loading...", "L'info de A à Z", "Voir Plus"):
        assert gone not in result.text
    assert result.metadata["published"] == "2024-06-03T09:05:00+02:00"
    assert result.metadata["dateline"] == "Bakou"
    assert result.metadata["source"] == "AZERTAC"
    assert result.metadata["site"] == "Lagazette"
    assert result.metadata["title"] == "Bakou accueille une conférence sur le déminage humanitaire"


@pytest.mark.parametrize(
    "line, iso",
    [
        ("15 Octobre 2021 17:52 (UTC+01:00)", "2021-10-15T17:52:00+01:00"),
        ("1 août 2022 08:00 (UTC-05:00)", "2022-08-01T08:00:00-05:00"),
        ("22 Septembre 2023 18:58 (UTC)", "2023-09-22T18:58:00+00:00"),
        ("32 Mai 2024 21:11 (UTC+01:00)", None),
        ("15 Brumaire 2024 21:11 (UTC+01:00)", None),
        ("Le 15 mai 2024 à 21h11", None),
    ],
)
def test_parse_timestamp(line, iso):
    assert parse_timestamp(line) == iso


def test_metadata_already_set_is_kept():
    meta = empty_metadata() | {"published": "2021-10-15", "site": "La Gazette (HTML)"}
    out = Lagazette().clean(DocumentView.of(PAGE, meta, Origin()))
    assert "published" not in out.metadata and "site" not in out.metadata
    assert out.metadata["dateline"] == "Bakou"


def test_leaves_other_pages_alone():
    # a French article quoting the site name and a timestamp, but not in the template
    text = (
        "Revue de presse\n\nSelon Lagazette, la conférence a réuni trente pays.\n"
        "15 Octobre 2021 17:52 (UTC+01:00)\n\nParis / AFP\n\nLe texte continue ici.\n"
    )
    assert run(text).changes == [] and run(text).metadata == {}


def test_url_decides_when_hosts_are_configured():
    assert run(PAGE, url="https://www.example-gazette.az/article/1", hosts=["example-gazette.az"]).changes
    assert run(PAGE, url="https://another-site.fr/a", hosts=["example-gazette.az"]).changes == []
    # without configured hosts, the fingerprints decide even when the URL is known
    assert run(PAGE, url="https://another-site.fr/a").changes
