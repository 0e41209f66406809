"""Tests for the aggregator plugin, built on cleankit.testing (no entry points needed)."""
from pathlib import Path

import cleankit_aggregator
from cleankit import DocumentView, Origin
from cleankit.document import empty_metadata
from cleankit_aggregator import Aggregator

SAMPLES = Path(__file__).parent / "samples"
GAP = "\u00a0" * 4
# A repost in the same template, written for these tests.
PAGE = (
    GAP.join(f"Titre de l'article numéro {i} sur l'actualité économique" for i in range(12)) + "\n\n"
    "Merci d'avoir signalé!\n"
    "Cette image sera automatiquement bloquée après qu'elle soit signalée par plusieurs personnes.\n\n"
    "Le Parlement adopte la réforme du code de la route\n"
    "Publié dans Le Matin le 07 - 02 - 2023\n\n"
    "Les députés ont adopté mardi en deuxième lecture le projet de loi réformant le code de la route.\n\n"
    "Cliquez ici pour lire l'article depuis sa source.\n"
)


def run(text: str, url: str | None = None, **options):
    return Aggregator(**options).clean(DocumentView.of(text, empty_metadata(), Origin(url=url)))


def test_golden_samples(cleankit_pipeline, cleankit_golden):
    cleankit_golden(cleankit_pipeline(cleankit_aggregator), SAMPLES)


def test_contract(cleankit_contract):
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*[0-9].txt"))]
    cleankit_contract(Aggregator, texts + [("written page", PAGE)])


def test_repost_in_the_template(cleankit_pipeline):
    result = cleankit_pipeline(cleankit_aggregator).clean(PAGE)
    assert result.text.splitlines()[0] == "Le Parlement adopte la réforme du code de la route"
    for gone in ("numéro 3", "Merci d'avoir signalé", "automatiquement bloquée", "Publié dans", "Cliquez ici"):
        assert gone not in result.text
    assert result.metadata["published"] == "2023-02-07"
    assert result.metadata["source"] == "Le Matin"
    assert result.metadata["title"] == "Le Parlement adopte la réforme du code de la route"
    assert result.metadata["authors"] == []


def test_impossible_date_is_not_kept():
    out = run(PAGE.replace("07 - 02 - 2023", "31 - 02 - 2023"))
    assert "published" not in out.metadata and out.metadata["source"] == "Le Matin"


def test_a_publie_dans_sentence_alone_is_not_enough():
    text = "Publié dans Le Monde le 12 - 03 - 2021\n\nUn article ordinaire qui cite sa source.\n"
    assert run(text).changes == [] and run(text).metadata == {}


def test_url_decides_when_hosts_are_configured():
    assert run(PAGE, url="https://example-aggregator.ma/fr/x", hosts=["example-aggregator.ma"]).changes
    assert run(PAGE, url="https://lematin.ma/x", hosts=["example-aggregator.ma"]).changes == []
