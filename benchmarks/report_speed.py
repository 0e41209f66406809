"""How fast a review report is built and how quickly it answers in headless Chromium.

Usage: python benchmarks/report_speed.py [FOLDER ...] [--limit N] [--repeat N] [--out DIR]

Default folders: ../shared/eval/wcxb/text (about 1,500 page dumps) and
../shared/eval/trafilatura/text (506 dev dumps). For each folder it cleans every file with
the default chain, writes the report (CPU seconds of this process for both), then opens the
page in /usr/bin/chromium (headless, through Playwright) ``--repeat`` times and prints:

* ready: from navigation start to the summary and first document rendered, measured in the
  page (``performance.now()`` once the app is ready and two animation frames have passed);
* wall: the same as seen from outside (goto until the page says it is ready);
* filter: from a click on a cleaner filter until the page has re-rendered (two frames),
  measured in the page;
* console errors.

The goal (issue 17) is under 2 s for both, for about 1,000 documents. These are wall times
in the browser: on a shared machine they vary with load, so the median of the runs is shown.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import cleankit
from cleankit.review import write_report

ROOT = Path(__file__).resolve().parents[1]
DEFAULTS = [ROOT.parent / "shared/eval/wcxb/text", ROOT.parent / "shared/eval/trafilatura/text"]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

READY_JS = """async () => {
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return [window.cleankitReview.readyAt, performance.now()];
}"""
# the cleaner filter that keeps the fewest documents, then back to all: both re-render the list
FILTER_JS = """async () => {
    const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const buttons = Array.from(document.querySelectorAll('#f-cleaner button'));
    const count = b => parseInt(b.textContent.trim().split(' ').pop(), 10);
    buttons.sort((a, b) => count(a) - count(b));
    const t0 = performance.now();
    buttons[0].click();
    await frames();
    const t1 = performance.now();
    const shown = document.querySelectorAll('#doclist li').length;
    document.getElementById('f-clear').click();
    await frames();
    return [t1 - t0, performance.now() - t1, shown, buttons[0].dataset.value];
}"""


def build(folder: Path, limit: int | None, out: Path) -> tuple[int, float, float, int]:
    """Clean the folder's files and write the report; (documents, clean CPU s, report CPU s, bytes)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())[:limit]
    pipeline = cleankit.Pipeline.build()
    t0 = time.process_time()
    results = [pipeline.clean_file(p) for p in files]
    t1 = time.process_time()
    write_report(results, out, registry=pipeline.registry)
    t2 = time.process_time()
    return len(results), t1 - t0, t2 - t1, out.stat().st_size


def measure(browser, path: Path) -> tuple[float, float, float, float, int, str, list[str]]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready]")
    wall = time.perf_counter() - start
    ready_at, painted = page.evaluate(READY_JS)
    filter_ms, clear_ms, shown, cleaner = page.evaluate(FILTER_JS)
    context.close()
    return painted / 1000, wall, filter_ms / 1000, clear_ms / 1000, shown, cleaner, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULTS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N files of each folder")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="keep the reports in this folder")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    out_dir = args.out or Path(tempfile.mkdtemp(prefix="cleankit-report-speed-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for folder in args.folders:
                if not folder.is_dir():
                    print(f"{folder}: not a folder, skipped", file=sys.stderr)
                    continue
                path = out_dir / f"{folder.parent.name}-{folder.name}.html"
                docs, clean_s, report_s, size = build(folder, args.limit, path)
                runs = [measure(browser, path) for _ in range(args.repeat)]
                med = lambda i: statistics.median(r[i] for r in runs)  # noqa: E731
                errors = sorted({e for r in runs for e in r[6]})
                rows.append((f"{folder.parent.name}/{folder.name}", docs, clean_s, report_s, size / 1e6,
                             med(0), med(1), med(2), med(3), runs[0][4], runs[0][5], len(errors)))
                for e in errors:
                    print(f"console error: {e}", file=sys.stderr)
        finally:
            browser.close()
    head = ("input", "docs", "clean CPU s", "report CPU s", "MB", "ready s", "wall s", "filter s", "clear s",
            "docs after filter", "filter", "console errors")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]:.2f} | {r[3]:.2f} | {r[4]:.1f} | {r[5]:.2f} | {r[6]:.2f} | {r[7]:.3f} | "
              f"{r[8]:.3f} | {r[9]} | {r[10]} | {r[11]} |")
    print(f"(median of {args.repeat} page loads each; reports in {out_dir})")


if __name__ == "__main__":
    main()
