"""HTML extractors: the slot, the built-in ``fast`` extractor on real-page shapes, markup metadata, .html.gz."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner

import cleankit
from cleankit.cli import cli
from cleankit.errors import ConfigError, PluginError
from cleankit.extractors import Bs4Extractor, Extraction, Extractor, FastExtractor
from cleankit.hookspecs import hookimpl
from cleankit.plugins import load_registry
from cleankit.testing import assert_extractor_contract, extraction_problems

PAGES = Path(__file__).parent / "html_pages"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


# what each page must keep, and what must not survive (furniture of the page around the content)
KEEP = {
    "news_sidebar.html": ["The harbour bridge reopened to traffic", "damage under the deck was worse",
                          "The bridge at dawn on its first day", "Surface and railings", "Costs ran over budget"],
    "blog_comments.html": ["Sauerteig ohne Stress", "Viele geben beim Sauerteig", "50 g lauwarmes Wasser",
                           "Tag 2: die Hälfte wegnehmen", "Danke für den Tipp mit dem Backofenlicht",
                           "Funktioniert das auch mit Dinkelmehl"],
    "forum_thread.html": ["Swapping to summer tyres next week", "Stack them flat if they are on rims",
                          "Mine are on rims, so flat it is"],
    "product_jsonld.html": ["Trail Runner 3", "keeps its weight under 260 grams", "gusseted tongue", "Lug depth"],
    "japanese_news.html": ["市は六月から、中央図書館の開館時間", "分館の開館時間は当面変わらない"],
}
DROP = {
    "news_sidebar.html": ["Sport", "Share on Facebook", "Storm warning", "morning newsletter", "All rights reserved",
                          "Ferry timetable", "Wednesday, 15 March"],
    "blog_comments.html": ["Rezepte", "Teilen mit", "Neueste Beiträge", "Dinkelbrötchen", "WordPress",
                           "Schreibe einen Kommentar", "wird nicht veröffentlicht"],
    "forum_thread.html": ["What's new", "Terms and rules", "Similar threads", "Snow chains", "Tyres and wheels"],
    "product_jsonld.html": ["Free shipping", "Women", "You may also like", "Ridge Sock", "Add to cart"],
    "japanese_news.html": ["スポーツ", "アクセスランキング", "夏祭り", "交通情報", "Copyright"],
}


@pytest.mark.parametrize("name", sorted(KEEP))
def test_fast_extractor_keeps_the_content_and_leaves_the_furniture(name: str) -> None:
    got = flat(FastExtractor().extract(page(name)).text)
    for s in KEEP[name]:
        assert s in got, s
    for s in DROP[name]:
        assert s not in got, s


@pytest.mark.parametrize("name", sorted(KEEP))
def test_default_pipeline_on_html_uses_the_fast_extractor(name: str) -> None:
    result = cleankit.Pipeline.build().clean((PAGES / name).read_bytes(), path=name)
    got = flat(result.text)
    for s in KEEP[name]:
        assert s in got, s
    for edit in result.edits:
        assert result.original[edit.start : edit.end] == edit.removed


def test_metadata_prefers_the_articles_own_date_and_keeps_all_authors_in_order() -> None:
    meta = FastExtractor().extract(page("news_sidebar.html")).metadata
    assert meta["published"].startswith("2023-03-14")  # not the header's "today" box (15 March)
    assert meta["authors"] == ["Maria Lopez", "Tom Becker"]
    assert meta["site"] == "The Coastal Gazette" and "The Coastal Gazette" not in meta["authors"]
    assert meta["title"] == "Harbour bridge reopens after repairs"
    assert meta["language"] == "en"


def test_blog_date_is_the_posts_not_a_comments() -> None:
    meta = FastExtractor().extract(page("blog_comments.html")).metadata
    assert meta["published"].startswith("2021-10-03")
    assert meta["authors"] == ["Lena Krüger"]


def test_dates_from_time_elements_and_meta_names() -> None:
    assert FastExtractor().extract(page("forum_thread.html")).metadata["published"].startswith("2024-10-02")
    assert FastExtractor().extract(page("japanese_news.html")).metadata["published"] == "2022-06-01"
    html = ("<html><head><meta name='dc.date' content='2019-04-02'></head><body><header><div class='today'>"
            "<time datetime='2024-01-01'>Today</time></div></header><p>Text.</p></body></html>")
    assert FastExtractor().extract(html).metadata["published"] == "2019-04-02"


def test_authors_never_a_site_or_publisher_name() -> None:
    html = """<html><head><meta property="og:site_name" content="Daily Planet">
    <script type="application/ld+json">{"@type": "NewsArticle", "author": [{"@type": "Organization",
    "name": "Daily Planet"}, {"@type": "Person", "name": "Lois Lane"}, {"name": "Daily Planet"}],
    "publisher": {"@type": "Organization", "name": "Daily Planet"}}</script></head>
    <body><p class="byline">By Lois Lane and Clark Kent</p><p>Text.</p></body></html>"""
    assert FastExtractor().extract(html, "https://dailyplanet.example/x").metadata["authors"] == ["Lois Lane", "Clark Kent"]


def test_comments_are_content_by_default_and_one_option_drops_them() -> None:
    kept = flat(FastExtractor().extract(page("blog_comments.html")).text)
    dropped = flat(FastExtractor(comments=False).extract(page("blog_comments.html")).text)
    assert "Danke für den Tipp" in kept and "Danke für den Tipp" not in dropped
    assert "Viele geben beim Sauerteig" in dropped


def test_code_blocks_keep_their_lines_and_indentation() -> None:
    html = ("<html><body><p>A paragraph that is long enough to be the content of this small page.</p>"
            "<pre><code>def f():\n    return 1\n</code></pre></body></html>")
    assert "def f():\n    return 1" in FastExtractor().extract(html).text


def test_scope_page_reports_the_rest_as_regions_the_chain_removes_with_records() -> None:
    html = page("news_sidebar.html")
    whole = FastExtractor(scope="page").extract(html)
    assert "Storm warning" in whole.text and any(r == "html_outside_main" for _, _, r in whole.regions)
    pipeline = cleankit.Pipeline.build(["html_structure", "layout"], extractor="fast",
                                       extractor_options={"scope": "page"})
    result = pipeline.clean(html, html=True)
    assert "Storm warning" not in result.text and "The harbour bridge reopened" in result.text
    assert {e.reason for e in result.edits} >= {"html_outside_main"}
    for edit in result.edits:
        assert result.original[edit.start : edit.end] == edit.removed


def test_line_evidence_points_into_the_text() -> None:
    x = FastExtractor().extract(page("news_sidebar.html"))
    assert extraction_problems(x) == []
    assert [x.text[ev.start : ev.end] for ev in x.lines] == x.text.split("\n")
    assert all(ev.tag_path for ev in x.lines)
    assert x.hints()["html_main_content"] is True


def test_sparse_pages_keep_their_items() -> None:
    items = "".join(f"<li class='product'><a href='/p/{i}'>Blend number {i}</a> <span>$1{i}.99</span></li>" for i in range(12))
    html = f"<html><body><nav><a href='/'>Home</a></nav><ul class='grid'>{items}</ul><footer>© Shop</footer></body></html>"
    got = FastExtractor().extract(html).text
    assert "Blend number 3" in got and "$15.99" in got and "© Shop" not in got


def test_noscript_content_is_read_when_the_page_shows_nothing_else() -> None:
    body = "<p>" + "A post that only readers without scripts see, as forum software serves it. " * 3 + "</p>"
    html = f"<html><body><div id='app'></div><noscript>{body}</noscript></body></html>"
    assert "only readers without scripts" in FastExtractor().extract(html).text
    html = f"<html><body><p>{'Real content of the page in a paragraph. ' * 10}</p><noscript>Enable JavaScript</noscript></body></html>"
    assert "Enable JavaScript" not in FastExtractor().extract(html).text


@pytest.mark.parametrize("cls", [FastExtractor, Bs4Extractor])
def test_builtin_extractors_meet_the_contract(cls: type[Extractor]) -> None:
    pages = [(name, page(name), KEEP[name][:2]) for name in sorted(KEEP)]
    assert_extractor_contract(cls, pages)


def test_unknown_extractor_and_options_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="unknown extractor 'nope'"):
        cleankit.Pipeline.build(extractor="nope")
    with pytest.raises(ConfigError, match="unknown option"):
        cleankit.Pipeline.build(extractor="fast", extractor_options={"colour": "red"})


def test_config_chooses_the_extractor_and_its_options(tmp_path: Path) -> None:
    cfg = tmp_path / "cleankit.toml"
    cfg.write_text('extractor = "bs4"\n[extractors.fast]\ncomments = false\n', encoding="utf-8")
    assert cleankit.Pipeline.build(config=cfg).extractor.name == "bs4"
    cfg.write_text('extractor = "fast"\n[extractors.fast]\ncomments = false\n', encoding="utf-8")
    pipe = cleankit.Pipeline.build(config=cfg)
    assert pipe.extractor.options["comments"] is False
    cfg.write_text("extractor = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="extractor"):
        cleankit.Pipeline.build(config=cfg)


class _OneExtractor:
    """A plugin object registering one extractor through the hook."""

    def __init__(self, *classes: type) -> None:
        self.classes = classes

    @hookimpl
    def register_extractors(self, register):  # type: ignore[no-untyped-def]
        for cls in self.classes:
            register(cls)


class _AnotherPlugin(_OneExtractor):
    """A second plugin (plugins are told apart by their type's name)."""


class _Upper(Extractor):
    name = "upper"

    def extract(self, html: str, url: str | None = None) -> Extraction:
        return Extraction(html.upper(), {}, main_content=True)


def test_plugins_register_extractors_through_the_hook() -> None:
    registry = load_registry(plugins=[_OneExtractor(_Upper)])
    assert {"fast", "bs4", "upper"} <= set(registry.extractors)
    pipe = cleankit.Pipeline.build(["layout"], plugins=[_OneExtractor(_Upper)], extractor="upper")
    assert pipe.clean("<p>x</p>", html=True).text == "<P>X</P>"
    with pytest.raises(PluginError, match="registered twice"):
        load_registry(plugins=[_OneExtractor(_Upper), _AnotherPlugin(type("Other", (_Upper,), {}))])
    with pytest.raises(PluginError, match="not a named"):
        load_registry(plugins=[_OneExtractor(dict)])


def test_html_gz_files_are_read_and_written_as_text(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "page.html.gz").write_bytes(gzip.compress((PAGES / "news_sidebar.html").read_bytes()))
    result = cleankit.Pipeline.build().clean_file(src / "page.html.gz")
    assert "The harbour bridge reopened" in result.text
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["clean", str(src), "-o", str(out), "-q"], catch_exceptions=False)
    assert run.exit_code == 0, run.output
    assert "The harbour bridge reopened" in (out / "page.txt").read_text(encoding="utf-8")
    run = CliRunner().invoke(cli, ["clean", str(src / "page.html.gz"), "--in-place", "-q"], catch_exceptions=False)
    assert run.exit_code == 1 and "--in-place-html" in run.output  # an HTML page is not replaced by text unasked
    run = CliRunner().invoke(cli, ["clean", str(src / "page.html.gz"), "--in-place", "--in-place-html", "-q"],
                             catch_exceptions=False)
    assert run.exit_code == 0, run.output
    assert "The harbour bridge reopened" in gzip.decompress((src / "page.html.gz").read_bytes()).decode("utf-8")


def test_broken_gzip_is_a_clear_error_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html.gz"
    bad.write_bytes(b"\x1f\x8b" + b"not gzip at all")
    run = CliRunner().invoke(cli, ["clean", str(bad)], catch_exceptions=False)
    assert run.exit_code != 0 and "bad.html.gz" in run.output and "gzip" in run.output


def test_cli_extractor_option_and_plugins_listing(tmp_path: Path) -> None:
    f = tmp_path / "news.html"
    f.write_text(page("news_sidebar.html"), encoding="utf-8")
    run = CliRunner().invoke(cli, ["explain", "--extractor", "bs4", str(f)], catch_exceptions=False)
    assert run.exit_code == 0 and '"published": "2023-03-14' in run.output
    run = CliRunner().invoke(cli, ["clean", "--extractor", "fast", str(f)], catch_exceptions=False)
    assert "Storm warning" not in run.output and "The harbour bridge reopened" in run.output
    run = CliRunner().invoke(cli, ["clean", "--extractor", "nope", str(f)])
    assert run.exit_code != 0 and "unknown extractor 'nope'" in run.output
    listing = CliRunner().invoke(cli, ["plugins"], catch_exceptions=False).output
    assert "fast" in listing and "HTML extractor  (default)" in listing
