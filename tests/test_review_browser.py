"""The review report in a real browser: Debian's chromium, headless, driven by Playwright.

The browser is installed by `make test` (see the Makefile's `browser` step). Without it these
tests skip on a developer machine and fail in CI (CI=true), where it must be there.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import pytest

import cleankit
from _shared import ROOT, shared_dir

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: Set to a path (e.g. docs/report.png) to keep the screenshot the tests take.
SCREENSHOT_ENV = "CLEANKIT_SCREENSHOT"


def _why_no_browser() -> str | None:
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (make test installs it: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = _why_no_browser()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def _cleankit(*args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "cleankit", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert proc.returncode in (0, 3), proc.stderr[-2000:]  # 3: some documents flagged, all written
    return proc


def _expected(inputs: str) -> dict[str, list[dict[str, Any]]]:
    """Edits per source, as `cleankit clean --format jsonl` reports them."""
    # the cleaner's own output for flagged documents too (the report shows what the chain proposes)
    out = _cleankit("clean", inputs, "--format", "jsonl", "--on-flag", "cleaned", "-q").stdout
    return {rec["source"]: rec["edits"] for rec in map(json.loads, filter(None, out.split("\n")))}


class Opened:
    """A report opened in its own browser context, with every request and console error recorded."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready]")

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def shown(self) -> tuple[str, list[list[str]], int]:
        """The shown document: its source, its removal elements (cleaner, reason, text), its rewrite count."""
        return self.page.evaluate("""() => [
            document.querySelector('#dochead h2').textContent,
            Array.from(document.querySelectorAll('#text [data-kind="removal"]'),
                       e => [e.dataset.cleaner, e.dataset.reason, e.textContent]),
            document.querySelectorAll('#text [data-kind="rewrite"]').length]""")

    def check_quiet(self) -> None:
        """No request left the page's own file, and nothing went to the console as an error."""
        assert self.blocked == []
        assert all(u.startswith(("file:", "data:")) for u in self.requests), self.requests
        assert self.errors == []

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def samples_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "samples.html"
    _cleankit("report", "samples", "-o", str(path))
    return path


@pytest.fixture(scope="module")
def samples_expected() -> dict[str, list[dict[str, Any]]]:
    return _expected("samples")


@pytest.fixture
def opened(browser: Any, samples_report: Path) -> Iterator[Opened]:
    page = Opened(browser, samples_report)
    yield page
    page.check_quiet()
    page.close()


def _removals(edits: list[dict[str, Any]]) -> Counter[tuple[str, str, str]]:
    return Counter((e["cleaner"], e["reason"], e["removed"]) for e in edits if not e["replacement"])


def test_removal_elements_match_clean_jsonl_one_for_one(opened: Opened, samples_expected: dict[str, Any]) -> None:
    seen: list[str] = []
    for _ in range(len(samples_expected)):
        source, removals, rewrites = opened.shown()
        assert source not in seen
        seen.append(source)
        edits = samples_expected[source]
        assert Counter(map(tuple, removals)) == _removals(edits), source
        assert rewrites == sum(1 for e in edits if e["replacement"]), source
        opened.page.keyboard.press("j")
    assert sorted(seen) == sorted(samples_expected)
    assert opened.shown()[0] == seen[-1], "j stops at the last document"
    opened.page.keyboard.press("k")
    assert opened.shown()[0] == seen[-2]
    opened.page.keyboard.press("ArrowRight")
    assert opened.shown()[0] == seen[-1]


def test_documents_are_listed_by_share_removed(opened: Opened) -> None:
    shares = opened.page.eval_on_selector_all("#doclist li .sh", "els => els.map(e => parseFloat(e.textContent))")
    assert len(shares) >= 8 and shares == sorted(shares, reverse=True)


def _visibility(opened: Opened) -> list[tuple[str, str, bool]]:
    return [tuple(x) for x in opened.page.eval_on_selector_all(
        '#text [data-kind="removal"]', "els => els.map(e => [e.dataset.cleaner, e.dataset.reason, e.getClientRects().length > 0])")]


def test_a_filter_hides_the_others(opened: Opened, samples_expected: dict[str, Any]) -> None:
    before = _visibility(opened)
    assert before and all(v for _, _, v in before)
    cleaners = Counter(c for c, _, _ in before)
    assert len(cleaners) > 1, "the first document has removals by several cleaners"
    docs_with = Counter(c for edits in samples_expected.values() for c in {e["cleaner"] for e in edits})
    chosen = min(cleaners, key=lambda c: (docs_with[c], c))  # the one that also narrows the list most
    opened.page.click(f'#f-cleaner button[data-value="{chosen}"]')
    after = _visibility(opened)
    assert all(v == (c == chosen) for c, _, v in after)
    assert opened.page.locator("#doclist li").count() == docs_with[chosen] < len(samples_expected)
    opened.page.keyboard.press("Escape")
    assert all(v for _, _, v in _visibility(opened))
    reason = before[0][1]
    opened.page.click(f'#f-reason button[data-value="{reason}"]')
    assert all(v == (r == reason) for _, r, v in _visibility(opened))
    opened.page.click("#f-clear")
    assert opened.page.locator("#doclist li").count() == len(samples_expected)
    opened.page.click(f'#summary g[data-filter="cleaner"][data-value="{chosen}"]')  # a bar of the summary
    assert opened.page.get_attribute(f'#f-cleaner button[data-value="{chosen}"]', "aria-pressed") == "true"
    assert opened.page.locator("#doclist li").count() == docs_with[chosen]


def test_clicking_a_removal_shows_cleaner_plugin_and_reason(opened: Opened) -> None:
    registry = cleankit.load_registry()
    span = opened.page.locator('#text [data-kind="removal"]').first
    cleaner, reason = span.get_attribute("data-cleaner"), span.get_attribute("data-reason")
    span.click()
    details = opened.page.inner_text("#details")
    reg = registry.cleaners[cleaner]
    assert cleaner in details and reason in details
    assert reg.plugin.distribution in details
    assert reg.cls.reasons[reason] in details
    span.hover()
    assert opened.page.is_visible("#tip") and reason in opened.page.inner_text("#tip")


def test_screenshot(opened: Opened, tmp_path: Path) -> None:
    opened.page.locator('#text [data-kind="removal"]').first.click()
    opened.page.evaluate("() => { window.scrollTo(0, 0); document.getElementById('doc').scrollTop = 0; }")
    shot = tmp_path / "report.png"
    opened.page.screenshot(path=str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    keep = os.environ.get(SCREENSHOT_ENV)
    if keep:
        shutil.copyfile(shot, keep)


def test_dev_dumps_render_and_match_clean_jsonl(browser: Any, tmp_path: Path) -> None:
    shared = shared_dir()
    dev = shared / "eval" / "trafilatura" / "text" if shared else None
    if dev is None or not dev.is_dir():
        pytest.skip("the shared eval set is not next to the checkout")
    expected = _expected(str(dev))
    path = tmp_path / "dev.html"
    _cleankit("report", str(dev), "-o", str(path))
    opened = Opened(browser, path)
    try:
        shown = opened.page.evaluate("""() => {
            const out = {};
            for (let r = 0; r < window.cleankitReview.count; r++) {
                window.cleankitReview.open(r);
                out[document.querySelector('#dochead h2').textContent] = Array.from(
                    document.querySelectorAll('#text [data-kind="removal"]'),
                    e => [e.dataset.cleaner, e.dataset.reason, e.textContent]);
            }
            return out;
        }""")
        assert len(shown) == len(expected) == 506
        mismatched = [s for s, edits in expected.items() if Counter(map(tuple, shown[s])) != _removals(edits)]
        assert mismatched == []
        opened.check_quiet()
    finally:
        opened.close()


class Failing(cleankit.Cleaner):
    """A cleaner that always raises, so results carry a cleaner error."""

    name = "failing"
    order = 5
    reasons = {"x": "never used"}

    def clean(self, doc: Any) -> Any:
        raise ValueError("broken on purpose")


class FailingPlugin:
    __name__ = "failing-plugin"

    @cleankit.hookimpl
    def register_cleaners(self, register: Any) -> None:
        register(Failing)


def test_flags_errors_and_metadata_are_shown(browser: Any, tmp_path: Path) -> None:
    from cleankit import cleaners as builtin

    pipeline = cleankit.Pipeline.build(entry_points=False, plugins=[builtin, FailingPlugin()],
                                       enable=["failing"], on_error="quarantine", max_removal=0.3)
    results = [
        pipeline.clean("Loading...\nShare this\nOk.\n", path="mostly-junk.txt"),
        pipeline.clean("A plain paragraph that stays as it is, long enough to keep.\n", path="plain.txt"),
    ]
    assert results[0].errors and "over_removal" in results[0].flags
    path = cleankit.report(results, tmp_path / "r.html", registry=pipeline.registry)
    opened = Opened(browser, path)
    try:
        opened.page.click('#summary ul.flagged a:text("plain.txt")')
        assert opened.shown()[0] == "plain.txt"
        head = opened.page.inner_text("#dochead")
        assert "cleaner error: failing" in head
        assert "broken on purpose" in head and "quarantine" in head
        opened.page.click('#summary ul.flagged a:text("mostly-junk.txt")')
        assert "over_removal" in opened.page.inner_text("#dochead")
        flagged_rows = opened.page.eval_on_selector_all("#doclist li", "els => els.map(e => e.textContent.includes('⚑'))")
        assert flagged_rows == [True, True]
        opened.check_quiet()
    finally:
        opened.close()


def test_document_text_cannot_break_out_of_its_data(browser: Any, tmp_path: Path) -> None:
    hostile = "Loading...\n</script><script>window.pwned = 1</script><!-- \u2028 \u2029 & <b>bold</b>\n"
    result = cleankit.Pipeline.build().clean(hostile, path="</script>.txt")
    assert any(not e.replacement for e in result.edits)
    path = cleankit.report([result], tmp_path / "r.html")
    opened = Opened(browser, path)
    try:
        assert opened.page.evaluate("() => window.pwned") is None
        assert opened.page.locator("#text b").count() == 0
        text = opened.page.evaluate("() => document.getElementById('text').textContent")
        assert "</script><script>window.pwned = 1</script><!-- " in text and " & <b>bold</b>" in text
        # the line separators are rewritten to newlines by `encoding`: shown as rewrites of them
        shows = opened.page.eval_on_selector_all('#text [data-kind="rewrite"]', "els => els.map(e => e.dataset.show)")
        assert "\u2028" in shows and "\u2029" in shows
        assert opened.shown()[0] == "</script>.txt"
        opened.check_quiet()
    finally:
        opened.close()
