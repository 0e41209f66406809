"""Every quality benchmark of issue 3 in one table.

    python benchmarks/quality.py DATA_DIR [--cleankit PATH]

DATA_DIR is the shared evaluation folder (``../shared/eval``). It runs the default chain of the
installed cleankit (built-ins and whatever plugins are installed) on:
- ``trafilatura/``: the text dumps (scored as in eval_text.py), French only too, date and author
  accuracy from the text alone; the HTML pages through the HTML reader (informative);
- ``htmldate/``: publication date from the HTML pages (informative);
- ``turku-fr/`` and ``turku-more/``: keep-line recall, noise precision and recall, documents
  losing more than 30% of their content lines and ``metadata.language``, per language;
- ``ftfy/`` and ``chardet/``: the encoding checks of eval_encoding.py;
- the seeds (``../shared/seeds`` beside DATA_DIR) through ``check_seeds.py``, with the built-in
  cleaners alone and with the bundled site plugins.
The detailed tables are in eval_text.py, eval_metadata.py and eval_encoding.py.
"""
from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_encoding  # noqa: E402
import eval_metadata  # noqa: E402
import eval_text  # noqa: E402

from cleankit import Pipeline  # noqa: E402

SITE_PLUGINS = "lagazette,jannah,aggregator"


def html_rows(pipe: Pipeline, data: Path) -> tuple[eval_text.PRF, int, int, float]:
    """Score the trafilatura HTML pages through the HTML reader: content PRF, dates right/N, MB/s."""
    base = data / "trafilatura"
    prf = eval_text.PRF()
    right = n = 0
    size = 0
    cpu = 0.0
    with open(base / "gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            raw = gzip.decompress((base / row["html"]).read_bytes())
            size += len(raw)
            started = time.process_time()
            try:
                result = pipe.clean(raw, html=True, path=row["file"])
                text, published = result.text, result.metadata.get("published") or ""
            except Exception:  # a crash counts as nothing found, as in the scorer
                text, published = "", ""
            cpu += time.process_time() - started
            page = eval_text.Page(row["key"], row.get("lang", ""), "", tuple(row["with"]), tuple(row["without"]))
            got = eval_text.score_page(text, page)
            prf.tp += got.tp
            prf.fp += got.fp
            prf.fn += got.fn
            if row.get("date"):
                n += 1
                right += published[:10] == row["date"]
    return prf, right, n, size / cpu / 1e6 if cpu else 0.0


def seeds_score(cleankit: str, seeds_tool: Path, disable: str = "") -> str:
    """Run check_seeds.py and return its last line ("seeds: X of Y checks pass")."""
    env = dict(os.environ)
    if disable:
        env["CLEANKIT_DISABLE_PLUGINS"] = disable
    proc = subprocess.run([sys.executable, str(seeds_tool), "--cleankit", cleankit], capture_output=True,
                          text=True, env=env, timeout=600)
    lines = proc.stdout.strip().splitlines()
    return lines[-1].replace("seeds: ", "") if lines else "not run"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--cleankit", default=shutil.which("cleankit") or "cleankit")
    a = ap.parse_args()
    data: Path = a.data_dir
    pipe = Pipeline.build()
    rows: list[tuple[str, str, str, str, str]] = []

    pages = eval_text.load_trafilatura(data)
    outputs, _ = eval_text.run_system(lambda t: pipe.clean(t).text, [p.text for p in pages])
    scores = eval_text.score_trafilatura(outputs, pages)
    for key, label in (("all", "all pages"), ("fr", "French pages")):
        s = scores[key]
        rows.append(("trafilatura text dumps", f"{label}: P / R / F1", f"{s.precision:.3f} / {s.recall:.3f} / {s.f1:.3f}",
                     "F1 ≥ 0.85" if key == "all" else "",
                     "none 0.682, C4 0.759, trafilatura on HTML 0.927" if key == "all" else ""))
    for name, dr, dn, ar, an in eval_metadata.eval_trafilatura(pipe, data / "trafilatura"):
        if name in ("all", "fr"):
            rows.append(("trafilatura text dumps", f"{'all' if name == 'all' else 'French'}: date / author accuracy",
                         f"{dr / dn:.3f} / {ar / an:.3f}" if dn and an else "-",
                         "date ≥ 0.80" if name == "all" else "",
                         "trafilatura on HTML 0.851 / 0.534" if name == "all" else ""))

    prf, right, n, speed = html_rows(pipe, data)
    rows.append(("trafilatura HTML pages", "P / R / F1, date accuracy",
                 f"{prf.precision:.3f} / {prf.recall:.3f} / {prf.f1:.3f}, {right / n:.3f}", "(informative)",
                 "trafilatura 0.902 / 0.955 / 0.927, 0.851"))
    if (data / "htmldate").is_dir():
        for label, r, w, none in eval_metadata.eval_htmldate(pipe, data / "htmldate"):
            rows.append(("htmldate HTML pages", f"date accuracy ({label})", f"{r / (r + w + none):.3f}",
                         "(informative)", "htmldate 0.905"))
            break

    docs = eval_text.load_turku(data)
    results = [pipe.clean(d.text) for d in docs]
    by_edits = eval_text.score_turku_edits(results, docs)
    rows.append(("turku-fr lines", "keep recall / noise precision (edit records)",
                 f"{by_edits.keep_recall:.3f} / {by_edits.noise_precision:.3f}", "≥ 0.97 / ≥ 0.80", ""))
    # every turku document (turku-fr and turku-more), scored by line presence as
    # ../shared/eval/README.md describes; one row per language in the table after this one
    all_docs = eval_text.load_turku_all(data)
    all_results = [pipe.clean(d.text) for d in all_docs]
    by_lang = eval_text.score_turku_by_language(
        [r.text for r in all_results], [r.metadata.get("language") for r in all_results], all_docs
    )
    t = by_lang["all"]
    rows.append(("turku lines, 6 languages", "keep recall / noise precision / noise recall (line presence)",
                 f"{t.lines.keep_recall:.3f} / {t.lines.noise_precision:.3f} / {t.lines.noise_recall:.3f}",
                 "≥ 0.97 / ≥ 0.80 / ≥ 0.35 per language", "C4 on turku-fr 0.36 / 0.36 / 0.85"))
    rows.append(("turku, 6 languages", "documents losing > 30% of content lines; metadata.language right",
                 f"{t.over_loss} of {t.docs}; {t.language_right / t.docs:.3f}", "0; ≥ 0.95", ""))

    with contextlib.redirect_stdout(io.StringIO()):
        ftfy_counts = eval_encoding.eval_ftfy(data)
        embedded = eval_encoding.eval_ftfy_embedded(data)
        chardet_totals = eval_encoding.eval_chardet(data)
    rows.append(("ftfy cases", "cases ftfy passes that still pass / negatives changed",
                 f"{ftfy_counts['  ... cleaner == fixed-encoding|fixed']} of {ftfy_counts['  of which ftfy.fix_text passes']}"
                 f" / {ftfy_counts['  negatives changed by cleaner']} of {ftfy_counts['negatives (must stay unchanged)']}",
                 "all / 0", ""))
    rows.append(("ftfy cases inside a sentence", "fixed text found / negatives changed (mojibake only)",
                 f"{embedded['cleaner (default options): fixed text found']} of {embedded['cases']} / "
                 f"{embedded['cleaner (mojibake only): negatives changed']} of {embedded['negatives']}",
                 "≥ 140 / 0", f"ftfy.fix_encoding {embedded['ftfy.fix_encoding: fixed text found']}"))
    goal = chardet_totals[True]
    other = chardet_totals[False]
    rows.append(("chardet files", "decoded as labelled: goal encodings / others",
                 f"{goal['ok']} of {goal['total']} / {other['ok']} of {other['total']}", "all goal files", ""))

    tool = data.parent / "tools" / "check_seeds.py"
    if tool.is_file():
        rows.append(("seeds", "checks passed, built-in cleaners alone", seeds_score(a.cleankit, tool, SITE_PLUGINS),
                     "every check needing no site knowledge", ""))
        rows.append(("seeds", "checks passed, with the bundled site plugins", seeds_score(a.cleankit, tool),
                     "all", ""))

    print("| benchmark | measure | cleankit | goal | peers (same data) |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    eval_text.print_turku_by_language(by_lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())
