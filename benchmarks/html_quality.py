"""HTML extraction quality and speed: cleankit's extractor + chain beside trafilatura and resiliparse.

Usage::

    python benchmarks/html_quality.py DATA_DIR [--sets trafilatura,wcxb,htmldate] [--limit N]
        [--systems cleankit,trafilatura,resiliparse,plugin,extractor] [--extractor fast] [--every K]

DATA_DIR is the shared ``eval`` folder. Every system gets the same decoded page text and is
timed with ``time.process_time`` around its own call only (CPU seconds, one core); speed is
MB of HTML (UTF-8) per CPU second. trafilatura and resiliparse come from the ``bench`` extra.

Scores (see ``eval/README.md``):

- ``trafilatura/``: each ``with`` string found in the collapsed output is a TP, each missing one
  an FN, each ``without`` string found an FP, summed over pages; date = ``published[:10]`` equals
  the gold day; author = one extracted author equals a gold author (case and spaces ignored).
- ``wcxb/``: word-level precision/recall/F1 per page (lower-cased ``\\w+`` tokens as multisets,
  WCXB's ``evaluate.py``), averaged over pages, overall and per page type.
- ``htmldate/``: date accuracy = right / pages.

trafilatura's text is ``extract(html, url=...)`` (its defaults: comments and tables kept); its
date and author come from ``extract_metadata`` (timed separately, not in its MB/s); resiliparse
is ``extract_plain_text(html, main_content=True)`` with no metadata. ``plugin`` is the
``cleankit-trafilatura`` extractor followed by cleankit's chain; ``extractor`` is cleankit's
extractor without the chain.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable

from cleankit import Pipeline
from cleankit.io.decode import decode_bytes
from cleankit.io.html import declared_charset

Output = tuple[str, str | None, list[str]]  # text, published, authors
System = Callable[[str, str | None], Output]


def decode_page(data: bytes, source: str) -> str:
    """The page as text: the charset it declares, else cleankit's detection."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    enc = declared_charset(data)
    try:
        return decode_bytes(data, source=source, encoding=enc).text
    except Exception:
        return decode_bytes(data, source=source).text


def systems(names: list[str], extractor: str | None) -> dict[str, System]:
    """The systems to measure, each a function (html, url) -> (text, published, authors)."""
    out: dict[str, System] = {}
    for name in names:
        if name == "cleankit":
            pipe = Pipeline.build(extractor=extractor)

            def run_cleankit(html: str, url: str | None, _p: Pipeline = pipe) -> Output:
                r = _p.clean(html, url=url, html=True)
                return r.text, r.metadata.get("published"), list(r.metadata.get("authors") or [])

            out[f"cleankit ({pipe.extractor.name} + chain)"] = run_cleankit
        elif name == "extractor":
            pipe = Pipeline.build(extractor=extractor)

            def run_extractor(html: str, url: str | None, _p: Pipeline = pipe) -> Output:
                page = _p.extract_html(html, url)
                return page.text, page.metadata.get("published"), list(page.metadata.get("authors") or [])

            out[f"cleankit {pipe.extractor.name} alone"] = run_extractor
        elif name == "plugin":
            pipe = Pipeline.build(extractor="trafilatura")  # plugins/trafilatura must be installed

            def run_plugin(html: str, url: str | None, _p: Pipeline = pipe) -> Output:
                r = _p.clean(html, url=url, html=True)
                return r.text, r.metadata.get("published"), list(r.metadata.get("authors") or [])

            out["cleankit-trafilatura plugin + chain"] = run_plugin
        elif name == "trafilatura":
            import trafilatura

            def run_trafilatura(html: str, url: str | None) -> Output:
                return trafilatura.extract(html, url=url) or "", None, []

            out["trafilatura"] = run_trafilatura
        elif name == "resiliparse":
            from resiliparse.extract.html2text import extract_plain_text

            def run_resiliparse(html: str, url: str | None) -> Output:
                return extract_plain_text(html, main_content=True), None, []

            out["resiliparse"] = run_resiliparse
        else:
            raise SystemExit(f"unknown system {name!r}")
    return out


def trafilatura_metadata(html: str, url: str | None) -> tuple[str | None, list[str]]:
    """trafilatura's date and authors for a page (its ``extract_metadata``)."""
    from trafilatura import extract_metadata

    doc = extract_metadata(html, default_url=url)
    if doc is None:
        return None, []
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return doc.date, authors


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


def _gold_authors(value: Any) -> set[str]:
    items = value if isinstance(value, list) else str(value).split(";")
    return {_norm(str(a)) for a in items if str(a).strip()}


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def word_prf(predicted: str, reference: str) -> tuple[float, float, float]:
    """WCXB's word-level precision, recall and F1 of one page."""
    pred, ref = _tokens(predicted), _tokens(reference)
    if not ref:
        return (1.0, 1.0, 1.0) if not pred else (0.0, 0.0, 0.0)
    if not pred:
        return 0.0, 0.0, 0.0
    overlap = sum((Counter(pred) & Counter(ref)).values())
    p, r = overlap / len(pred), overlap / len(ref)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class Timer:
    """CPU seconds and bytes per system."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.bytes: dict[str, int] = defaultdict(int)

    def run(self, name: str, fn: System, html: str, url: str | None) -> Output:
        t0 = time.process_time()
        try:
            out = fn(html, url)
        except Exception as exc:  # a crash counts as nothing found
            print(f"  ! {name} failed on {url}: {type(exc).__name__}: {exc}", file=sys.stderr)
            out = ("", None, [])
        self.seconds[name] += time.process_time() - t0
        self.bytes[name] += len(html.encode("utf-8", "surrogatepass"))
        return out

    def speed(self, name: str) -> str:
        s = self.seconds.get(name)
        return f"{self.bytes[name] / 1e6 / s:.1f}" if s else "-"


def _rows(folder: Path, limit: int | None, every: int) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (folder / "gold.jsonl").open(encoding="utf-8")]
    rows = rows[::every]
    return rows[:limit] if limit else rows


def eval_trafilatura(folder: Path, sysmap: dict[str, System], limit: int | None, every: int, meta_for_traf: bool) -> None:
    """Table for trafilatura's evaluation pages."""
    rows = _rows(folder, limit, every)
    timer = Timer()
    tallies = {n: [0, 0, 0, 0, 0, 0, 0] for n in sysmap}  # tp fp fn date_ok date_n author_ok author_n
    for row in rows:
        html = decode_page((folder / row["html"]).read_bytes(), row["html"])
        url = row.get("key") if str(row.get("key", "")).startswith("http") else None
        for name, fn in sysmap.items():
            text, published, authors = timer.run(name, fn, html, url)
            if name == "trafilatura" and meta_for_traf:
                published, authors = trafilatura_metadata(html, url)
            _score_strings(tallies[name], " ".join(text.split()), row)
            _score_meta(tallies[name], published, authors, row)
    print(f"\n## trafilatura's pages ({len(rows)} pages)\n")
    print("| system | precision | recall | F1 | date acc. | author acc. | MB/s per core |")
    print("|---|---|---|---|---|---|---|")
    for name, t in tallies.items():
        tp, fp, fn, dok, dn, aok, an = t
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        has_meta = name != "resiliparse" and (name != "trafilatura" or meta_for_traf)
        d = f"{dok / dn:.3f} ({dok}/{dn})" if dn and has_meta else "–"
        a = f"{aok / an:.3f} ({aok}/{an})" if an and has_meta else "–"
        print(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {d} | {a} | {timer.speed(name)} |")


def _score_strings(t: list[int], out: str, row: dict[str, Any]) -> None:
    for s in row.get("with", []):
        if " ".join(s.split()) in out:
            t[0] += 1
        else:
            t[2] += 1
    for s in row.get("without", []):
        if " ".join(s.split()) in out:
            t[1] += 1


def _score_meta(t: list[int], published: str | None, authors: list[str], row: dict[str, Any]) -> None:
    if row.get("date"):
        t[4] += 1
        t[3] += bool(published) and str(published)[:10] == row["date"]
    if row.get("author"):
        t[6] += 1
        t[5] += bool({_norm(a) for a in authors} & _gold_authors(row["author"]))


def eval_wcxb(folder: Path, sysmap: dict[str, System], limit: int | None, every: int) -> None:
    """Table for WCXB's dev split: mean word F1 overall and per page type."""
    rows = _rows(folder, limit, every)
    timer = Timer()
    scores: dict[str, dict[str, list[tuple[float, float, float]]]] = {n: defaultdict(list) for n in sysmap}
    for row in rows:
        html = decode_page((folder / row["html"]).read_bytes(), row["html"])
        for name, fn in sysmap.items():
            text = timer.run(name, fn, html, row.get("url"))[0]
            prf = word_prf(text, row.get("main_content") or "")
            scores[name]["all"].append(prf)
            scores[name][row.get("page_type", "?")].append(prf)
    types = sorted({row.get("page_type", "?") for row in rows})
    print(f"\n## WCXB dev ({len(rows)} pages): mean word F1 per page (P / R overall)\n")
    print("| system | P | R | F1 | " + " | ".join(f"{t} ({sum(r.get('page_type') == t for r in rows)})" for t in types)
          + " | MB/s per core |")
    print("|---|---|---|---|" + "---|" * len(types) + "---|")
    for name, by_type in scores.items():
        allp = by_type["all"]
        mean = [sum(x[i] for x in allp) / len(allp) for i in range(3)]
        cells = [f"{sum(x[2] for x in by_type[t]) / len(by_type[t]):.3f}" if by_type[t] else "-" for t in types]
        print(f"| {name} | {mean[0]:.3f} | {mean[1]:.3f} | {mean[2]:.3f} | " + " | ".join(cells)
              + f" | {timer.speed(name)} |")


def eval_htmldate(folder: Path, sysmap: dict[str, System], limit: int | None, every: int) -> None:
    """Date accuracy on htmldate's pages (systems with metadata, and htmldate itself)."""
    rows = _rows(folder, limit, every)
    names = [n for n in sysmap if n.startswith("cleankit")]
    tally: dict[str, list[int]] = {n: [0, 0, 0] for n in names}
    use_htmldate = True
    try:
        from htmldate import find_date
    except ImportError:
        use_htmldate = False
    if use_htmldate:
        tally["htmldate (extensive, original)"] = [0, 0, 0]
    for row in rows:
        html = decode_page((folder / row["html"]).read_bytes(), row["html"])
        for name in names:
            published = sysmap[name](html, row.get("url"))[1]
            _date_tally(tally[name], published, row["date"])
        if use_htmldate:
            got = find_date(html, extensive_search=True, original_date=True, url=row.get("url"))
            _date_tally(tally["htmldate (extensive, original)"], got, row["date"])
    print(f"\n## htmldate's pages ({len(rows)} pages): publication date\n")
    print("| system | accuracy | right | wrong | none |")
    print("|---|---|---|---|---|")
    for name, (ok, wrong, none) in tally.items():
        print(f"| {name} | {ok / max(1, len(rows)):.3f} | {ok} | {wrong} | {none} |")


def _date_tally(t: list[int], got: str | None, gold: str) -> None:
    if not got:
        t[2] += 1
    elif str(got)[:10] == gold:
        t[0] += 1
    else:
        t[1] += 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--sets", default="trafilatura,wcxb,htmldate")
    ap.add_argument("--systems", default="cleankit,trafilatura,resiliparse")
    ap.add_argument("--extractor", default=None, help="cleankit extractor name (default: cleankit's default)")
    ap.add_argument("--limit", type=int, default=None, help="at most N pages per set (after --every)")
    ap.add_argument("--every", type=int, default=1, help="take every K-th page (a spread-out subset)")
    ap.add_argument("--no-trafilatura-metadata", action="store_true", help="skip trafilatura's metadata pass")
    args = ap.parse_args(argv)
    sysmap = systems([s.strip() for s in args.systems.split(",") if s.strip()], args.extractor)
    sets = [s.strip() for s in args.sets.split(",")]
    if "trafilatura" in sets:
        eval_trafilatura(args.data / "trafilatura", sysmap, args.limit, args.every, not args.no_trafilatura_metadata)
    if "wcxb" in sets:
        eval_wcxb(args.data / "wcxb", sysmap, args.limit, args.every)
    if "htmldate" in sets:
        eval_htmldate(args.data / "htmldate", sysmap, args.limit, args.every)
    return 0


if __name__ == "__main__":
    sys.exit(main())
