"""The HTML reader: text per block, page metadata, furniture regions removed as recorded edits."""
from __future__ import annotations

import time

import cleankit
from cleankit.io.html import declared_charset, read_html

PAGE = """<!doctype html><html lang="fr-FR"><head>
<title>Le titre | Le Site</title>
<meta name="author" content="Jeanne Dupont">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "NewsArticle", "headline": "Le vrai titre", "datePublished": "2024-05-31T08:15:00Z",
  "author": {"@type": "Person", "name": "Jeanne Dupont"}, "publisher": {"name": "Le Site"}}]}</script>
</head><body>
<header class="site-header"><a href="/">Le Site</a><ul><li>Accueil</li><li>Monde</li></ul></header>
<nav><a href="/a">Politique</a> <a href="/b">Économie</a></nav>
<main><article>
<h1>Le vrai titre</h1>
<p>Premier paragraphe de l'article, avec du <b>gras</b> et un <a href="#">lien</a>.</p>
<div class="share-buttons">Partager sur Facebook</div>
<p>Second paragraphe.</p>
<div class="tag-social-media">Un paragraphe dans une classe de contenu.</div>
</article></main>
<aside><h3>Les plus lus</h3><ul><li>Autre article</li></ul></aside>
<div style="display: none">caché</div>
<footer>© 2024 Le Site</footer>
</body></html>"""


def test_reader_text_and_regions() -> None:
    page = read_html(PAGE)
    lines = page.text.split("\n")
    assert "Premier paragraphe de l'article, avec du gras et un lien." in lines
    assert "caché" not in page.text
    removed = {page.text[s:e].strip(): r for s, e, r in page.regions}
    assert removed["Le Site\nAccueil\nMonde"] == "html_header"
    assert removed["Politique Économie"] == "html_nav"
    assert removed["Partager sur Facebook"] == "html_furniture"
    assert removed["Les plus lus\nAutre article"] == "html_aside"
    assert removed["© 2024 Le Site"] == "html_footer"
    assert not any("Un paragraphe" in k for k in removed)


def test_metadata_from_json_ld_and_meta_tags() -> None:
    meta = read_html(PAGE).metadata
    assert meta["title"] == "Le vrai titre"
    assert meta["published"] == "2024-05-31T08:15:00+00:00"
    assert meta["authors"] == ["Jeanne Dupont"]
    assert meta["language"] == "fr" and meta["site"] == "Le Site"


def test_pipeline_records_furniture_removals_against_the_reader_text() -> None:
    pipeline = cleankit.Pipeline.build(["html_structure", "layout"], extractor="bs4")
    result = pipeline.clean(PAGE.encode("utf-8"), path="a.html")
    assert result.text.startswith("Le vrai titre\nPremier paragraphe")
    assert "Politique" not in result.text and "© 2024" not in result.text
    for edit in result.edits:
        assert result.original[edit.start : edit.end] == edit.removed
    assert {e.reason for e in result.edits} >= {"html_nav", "html_footer", "html_aside", "html_header"}


def test_declared_charset_is_used_for_html_bytes() -> None:
    page = "<html><head><meta charset='iso-8859-1'></head><body><p>Déjà vu à Noël</p></body></html>"
    assert declared_charset(page.encode("latin-1")) == "windows-1252"
    result = cleankit.Pipeline.build(["layout"]).clean(page.encode("latin-1"), path="p.html")
    assert result.text == "Déjà vu à Noël"
    assert result.metadata["encoding"] == "windows-1252"


def test_deeply_nested_html_is_linear() -> None:
    depth = 50_000
    html = "<html><body>" + "<div>" * depth + "deep text" + "</div>" * depth + "</body></html>"
    started = time.process_time()
    result = cleankit.Pipeline.build(["layout"]).clean(html, html=True)
    assert result.text == "deep text"
    assert time.process_time() - started < 20
