"""Tests for the Jannah theme plugin, built on cleankit.testing (no entry points needed)."""
from pathlib import Path

import cleankit_jannah
from cleankit import DocumentView, Origin
from cleankit.document import empty_metadata
from cleankit_jannah import Jannah

SAMPLES = Path(__file__).parent / "samples"
# Another site on the theme, in English, written for these tests.
PAGE = (
    "Jannah Theme License is not validated, Go to the theme options page to validate the license, "
    "You need a single license for each domain name.\n"
    "Business\n\n"
    "Port authority approves expansion of the container terminal after two years of talks\n\n"
    "Reuters\n\n"
    "The port authority on Tuesday approved a long-delayed expansion of the container terminal, "
    "ending two years of negotiations with shipping companies and local residents.\n\n"
    "Work is expected to begin next spring.\n\n"
    "Photo of Maria Keller\n\n"
    "Maria Keller\n\n"
    "Maria covers transport and infrastructure for the business desk.\n"
    "Back to top button\n"
)


def run(text: str, meta=None):
    return Jannah().clean(DocumentView.of(text, meta or empty_metadata(), Origin()))


def test_golden_samples(cleankit_pipeline, cleankit_golden):
    cleankit_golden(cleankit_pipeline(cleankit_jannah), SAMPLES)


def test_contract(cleankit_contract):
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*[0-9].txt"))]
    cleankit_contract(Jannah, texts + [("english page", PAGE)])


def test_another_site_on_the_theme(cleankit_pipeline):
    result = cleankit_pipeline(cleankit_jannah).clean(PAGE)
    assert result.text.startswith("Port authority approves expansion")
    for gone in ("License is not validated", "Business\n", "Reuters", "Photo of Maria Keller",
                 "covers transport", "Back to top button"):
        assert gone not in result.text
    assert result.text.rstrip().endswith("Work is expected to begin next spring.")
    assert result.metadata["section"] == "Business"
    assert result.metadata["source"] == "Reuters"
    assert result.metadata["authors"] == ["Maria Keller"]
    assert result.metadata["title"].startswith("Port authority approves")


def test_credit_line_is_not_the_author_or_a_byline():
    page = PAGE.replace("Reuters", "Maria Keller")
    out = run(page)
    assert out.metadata["authors"] == ["Maria Keller"] and "source" not in out.metadata
    out = run(PAGE.replace("Reuters", "By John Smith"))
    assert "source" not in out.metadata


def test_licensed_install_article_dump():
    # no licence bar: the back-to-top button tells the theme, the page starts with the header
    out = run(PAGE.split("\n", 1)[1])
    assert {c.reason for c in out.changes} == {"section", "source_credit", "author_box", "widget"}
    assert out.metadata["section"] == "Business" and out.metadata["source"] == "Reuters"


def test_page_starting_with_menus_keeps_its_first_lines():
    page = "Home\nWorld\nBusiness\nContact\n\n" + PAGE.split("\n", 1)[1]
    out = run(page)
    assert {c.reason for c in out.changes} == {"author_box", "widget"}
    assert out.metadata == {"authors": ["Maria Keller"]}


def test_site_name_and_tagline_are_not_a_header():
    page = "Atlas Info\nThe latest news from Morocco and the world\nHome\nWorld\n\n" + PAGE.split("\n", 1)[1]
    out = run(page)
    assert "section" not in out.metadata and "title" not in out.metadata


def test_short_title_then_paragraph_is_not_a_label():
    page = "Markets rally\n\nStocks rose sharply on Tuesday after the central bank held rates, traders said.\n\n" \
           "More text follows here.\nBack to top button\n"
    out = run(page)
    assert {c.reason for c in out.changes} == {"widget"} and "section" not in out.metadata


def test_leaves_other_pages_alone():
    text = "Business\n\nMarkets rallied on Tuesday.\n\nPhoto of the day\n\nA sunset over the harbour.\n"
    assert run(text).changes == [] and run(text).metadata == {}
