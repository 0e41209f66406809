"""Measure published-date and author accuracy of the default chain on the eval sets.

Usage: python benchmarks/eval_metadata.py DATA_DIR   (DATA_DIR = the shared ``eval`` folder)

Also prints the speed of the date parser and of the title and byline cleaners (CPU time).

trafilatura/: the ``text`` dump of each page goes through ``Pipeline.build()``; a date is right
when ``published[:10]`` equals the gold ``date``; an author is right when one extracted author
equals one gold author (gold lists as given, gold strings split at ";"), ignoring case and
extra spaces. htmldate/: each page's HTML goes through the HTML reader and the chain.
"""
from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

from cleankit import Pipeline


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


def _gold_authors(value: object) -> set[str]:
    items = value if isinstance(value, list) else str(value).split(";")
    return {_norm(str(a)) for a in items if str(a).strip()}


def eval_trafilatura(pipe: Pipeline, folder: Path) -> list[tuple[str, int, int, int, int]]:
    """Rows (name, date right, date pages, author right, author pages) for all and French pages."""
    rows = [json.loads(line) for line in (folder / "gold.jsonl").open(encoding="utf-8")]
    tallies = {"all": [0, 0, 0, 0], "fr": [0, 0, 0, 0], "en": [0, 0, 0, 0], "de": [0, 0, 0, 0]}
    nbytes, took = 0, 0.0
    for row in rows:
        data = (folder / row["text"]).read_bytes()
        nbytes += len(data)
        t0 = time.process_time()
        meta = pipe.clean(data, path=row["text"]).metadata
        took += time.process_time() - t0
        groups = ["all"] + ([row["lang"]] if row.get("lang") in tallies else [])
        for g in groups:
            tally = tallies[g]
            if row.get("date"):
                tally[1] += 1
                tally[0] += bool(meta.get("published")) and meta["published"][:10] == row["date"]
            if row.get("author"):
                tally[3] += 1
                found = {_norm(a) for a in meta.get("authors") or []}
                tally[2] += bool(found & _gold_authors(row["author"]))
    print(f"  (chain over {nbytes / 1e6:.1f} MB of text dumps: {nbytes / 1e6 / took:.1f} MB/s of CPU time)")
    return [(k, *v) for k, v in tallies.items()]


def eval_htmldate(pipe: Pipeline, folder: Path) -> list[tuple[str, int, int, int]]:
    """(label, right, wrong, none) for htmldate pages: HTML reader + chain, and text alone.

    The second row ignores the page's meta tags, so it measures the text cleaners by
    themselves on pages they were never tuned on.
    """
    from cleankit.document import Origin, empty_metadata
    from cleankit.io.decode import decode_bytes
    from cleankit.io.html import html_to_text

    tallies = {"with page metadata": [0, 0, 0], "text only (meta tags ignored)": [0, 0, 0]}
    for line in (folder / "gold.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        html = decode_bytes(gzip.decompress((folder / row["html"]).read_bytes()), source=row["html"]).text
        text, page = html_to_text(html)
        for label, use_page in (("with page metadata", True), ("text only (meta tags ignored)", False)):
            meta = empty_metadata()
            if use_page:
                meta.update({k: v for k, v in page.items() if v and k in meta})
            got = pipe.run(text, Origin(url=row.get("url")), meta).metadata.get("published")
            t = tallies[label]
            if not got:
                t[2] += 1
            elif got[:10] == row["date"]:
                t[0] += 1
            else:
                t[1] += 1
    return [(k, *v) for k, v in tallies.items()]


def speed(folder: Path) -> None:
    """CPU-time speed of the date parser (strings/s) and of each cleaner on the text dumps."""
    from cleankit.dates import parse_date
    from cleankit.document import Origin

    lines = [
        "15 Octobre 2021 17:52 (UTC+01:00)", "Publié dans L'opinion le 31 - 05 - 2024", "30 septembre 2018",
        "Updated March 3, 2020 at 5:01 p.m. ET", "Veröffentlicht am 19. Dezember 2022",
        "28.04.2021 - 07:18 | Quelle: dpa-AFX", "By Jane Doe, Reuters", "Par Loïc Le Clerc |",
    ] * 2500
    t0 = time.process_time()
    for line in lines:
        parse_date(line)
    print(f"  parse_date: {len(lines) / (time.process_time() - t0):,.0f} strings/s")
    texts = [p.read_text(encoding="utf-8") for p in sorted((folder / "text").glob("*.txt"))]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    for names in (["title"], ["byline"], ["title", "byline"]):
        pipe = Pipeline.build(names)
        best = min(_timed(pipe, texts, Origin) for _ in range(3))
        print(f"  {' -> '.join(names)}: {mb / best:.1f} MB/s over {len(texts)} page dumps ({mb:.1f} MB)")


def _timed(pipe: Pipeline, texts: list[str], origin: type) -> float:
    t0 = time.process_time()
    for text in texts:
        pipe.run(text, origin())
    return time.process_time() - t0


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    data = Path(argv[1])
    pipe = Pipeline.build()
    print("chain:", " -> ".join(pipe.chain.names))
    print(f"{'set':<22} {'date acc':>9} {'(right/N)':>11} {'author acc':>11} {'(right/N)':>11}")
    for name, dr, dn, ar, an in eval_trafilatura(pipe, data / "trafilatura"):
        da = f"{dr / dn:.3f}" if dn else "-"
        aa = f"{ar / an:.3f}" if an else "-"
        print(f"{'trafilatura text ' + name:<22} {da:>9} {f'{dr}/{dn}':>11} {aa:>11} {f'{ar}/{an}':>11}")
    print("speed (CPU time):")
    speed(data / "trafilatura")
    if (data / "htmldate").is_dir():
        for label, r, w, n in eval_htmldate(pipe, data / "htmldate"):
            total = r + w + n
            print(f"htmldate, {label}: accuracy {r / total:.3f} ({r}/{total}; wrong {w}, none {n})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
