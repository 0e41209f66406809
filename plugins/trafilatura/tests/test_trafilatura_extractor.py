"""cleankit-trafilatura: the extractor meets cleankit's contract and combines with the chain."""
from __future__ import annotations

import pytest

pytest.importorskip("trafilatura")

import cleankit  # noqa: E402
from cleankit.plugins import load_registry  # noqa: E402
from cleankit.testing import assert_extractor_contract  # noqa: E402
from cleankit_trafilatura import TrafilaturaExtractor  # noqa: E402

PARAGRAPHS = [
    "The harbour bridge reopened to traffic on Tuesday morning after eight months of repairs to its steel deck.",
    "Engineers replaced more than two hundred corroded plates and resurfaced both lanes of the old bridge.",
    "The work cost 14 million euros, about a fifth more than planned, because the damage was worse than expected.",
]
PAGE = f"""<!doctype html><html lang="en"><head><title>Bridge reopens | Gazette</title>
<meta property="og:site_name" content="Gazette">
<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "2023-03-14",
 "author": [{{"@type": "Person", "name": "Maria Lopez"}}, {{"@type": "Person", "name": "Tom Becker"}}]}}</script>
</head><body><nav><a href="/">Home</a> <a href="/sport">Sport</a> <a href="/culture">Culture</a></nav>
<article><h1>Bridge reopens</h1>{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
<p>Share this article: Facebook · Twitter · E-mail</p></article>
<aside><h3>Most read</h3><ul><li><a href="/x">Storm warning for the weekend</a></li></ul></aside>
<footer>© 2023 Gazette. All rights reserved.</footer></body></html>"""


def test_registered_through_the_cleankit_entry_point() -> None:
    registry = load_registry()
    assert registry.extractors["trafilatura"].cls is TrafilaturaExtractor
    assert registry.extractors["trafilatura"].plugin.distribution == "cleankit-trafilatura"


def test_meets_the_extractor_contract() -> None:
    assert_extractor_contract(TrafilaturaExtractor, [("news page", PAGE, PARAGRAPHS)])


def test_extraction_then_cleankit_chain_metadata_and_records() -> None:
    pipeline = cleankit.Pipeline.build(extractor="trafilatura")
    result = pipeline.clean(PAGE.encode("utf-8"), path="bridge.html")
    for p in PARAGRAPHS:
        assert p in result.text
    assert "Storm warning" not in result.text and "Sport" not in result.text
    assert result.metadata["published"] == "2023-03-14"
    assert result.metadata["authors"] == ["Maria Lopez", "Tom Becker"]
    for edit in result.edits:
        assert result.original[edit.start : edit.end] == edit.removed


def test_options_reach_trafilatura() -> None:
    with_comments = TrafilaturaExtractor().options["comments"]
    assert with_comments is True
    assert TrafilaturaExtractor(comments=False, precision=True).options == {
        "comments": False, "tables": True, "precision": True, "recall": False}
