"""Record what the default chain makes of a fixed set of inputs, or compare with a record.

Usage::

    python benchmarks/snapshot.py record SNAPSHOT.jsonl.gz --eval ../shared/eval [--corpus DIR --corpus-docs 3000]
    python benchmarks/snapshot.py compare SNAPSHOT.jsonl.gz --eval ../shared/eval [--corpus DIR ...] [--show 5]

For speed work and refactors that must not change results: ``record`` before, ``compare``
after. Every result (text, metadata, edits, flags, errors) of the seeds, the samples, the
trafilatura text dumps and HTML pages, the htmldate pages, the turku-fr documents and,
with ``--corpus``, the first documents of a throughput corpus (mojibake and Windows-1252
files) is kept; ``compare`` prints how many differ, which fields, and the first few
differences. It exits 1 when any result differs.
"""
from __future__ import annotations

import argparse
import difflib
import gzip
import json
import sys
import time
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[1]


def inputs(eval_dir: Path, corpus: Path | None, corpus_docs: int) -> Iterator[tuple[str, bytes | str]]:
    """Every (key, document) of the set, in a stable order."""
    seeds = eval_dir.parent / "seeds"
    for folder in (seeds / "raw", seeds / "variants", ROOT / "samples"):
        for p in sorted(folder.glob("*.txt")):
            yield f"{folder.name}/{p.name}", p.read_bytes()
    for p in sorted((eval_dir / "trafilatura" / "text").glob("*.txt")):
        yield f"trafilatura-text/{p.name}", p.read_bytes()
    for sub in ("trafilatura", "htmldate"):
        for p in sorted((eval_dir / sub / "html").glob("*")):
            yield f"{sub}-html/{p.name}", p.read_bytes()
    turku = eval_dir / "turku-fr" / "docs.jsonl"
    if turku.exists():
        with turku.open(encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                yield f"turku/{doc['id']}", "\n".join(doc["lines"])
    if corpus is not None:
        for p in sorted(corpus.rglob("*.txt"))[:corpus_docs]:
            yield f"corpus/{p.relative_to(corpus)}", p.read_bytes()


def results(eval_dir: Path, corpus: Path | None, corpus_docs: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """(key, result as a dict without the chain description) for every input."""
    from cleankit import Pipeline

    pipeline = Pipeline.build(time_limit=None)
    for key, data in inputs(eval_dir, corpus, corpus_docs):
        path = key if key.endswith((".html", ".htm")) or "-html/" in key else None
        try:
            res = pipeline.clean(data, path=path).to_dict(source=key)
        except Exception as exc:  # an input error is a result too
            res = {"source": key, "error": f"{type(exc).__name__}: {exc}"}
        res.pop("chain", None)
        yield key, res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=("record", "compare"))
    ap.add_argument("snapshot", type=Path)
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--corpus", type=Path, help="a throughput corpus folder (benchmarks/throughput.py)")
    ap.add_argument("--corpus-docs", type=int, default=3000)
    ap.add_argument("--show", type=int, default=5, help="differences printed in full")
    ap.add_argument("--ignore", action="append", default=[], metavar="FIELD",
                    help="a result field left out of the comparison (repeatable), e.g. metadata_sources")
    args = ap.parse_args()
    started = time.perf_counter()
    if args.mode == "record":
        n = 0
        with gzip.open(args.snapshot, "wt", encoding="utf-8") as fh:
            for key, res in results(args.eval, args.corpus, args.corpus_docs):
                fh.write(json.dumps({"key": key, "result": res}, ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
        print(f"recorded {n} results in {time.perf_counter() - started:.0f} s -> {args.snapshot}")
        return 0
    with gzip.open(args.snapshot, "rt", encoding="utf-8") as fh:
        old = {row["key"]: row["result"] for row in map(json.loads, fh)}
    differ: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    fields: dict[str, int] = {}
    n = 0
    produced: set[str] = set()
    for key, res in results(args.eval, args.corpus, args.corpus_docs):
        n += 1
        produced.add(key)
        res = json.loads(json.dumps(res, ensure_ascii=False, sort_keys=True))
        before = old.get(key)
        for f in args.ignore:
            res.pop(f, None)
            if before is not None:
                before.pop(f, None)
        if before != res:
            differ.append((key, before or {}, res))
            for f in sorted(set(res) | set(before or {})):
                if (before or {}).get(f) != res.get(f):
                    fields[f] = fields.get(f, 0) + 1
    missing = len(set(old) - produced)
    print(f"compared {n} results in {time.perf_counter() - started:.0f} s: {len(differ)} differ"
          + (f" ({', '.join(f'{k} {v}' for k, v in sorted(fields.items()))})" if fields else "")
          + (f"; {missing} recorded keys not produced" if missing > 0 else ""))
    for key, before, after in differ[: args.show]:
        print(f"\n== {key}")
        for f in sorted(set(before) | set(after)):
            if before.get(f) == after.get(f):
                continue
            a = json.dumps(before.get(f), ensure_ascii=False, indent=1, sort_keys=True).splitlines()
            b = json.dumps(after.get(f), ensure_ascii=False, indent=1, sort_keys=True).splitlines()
            if f == "text":
                a, b = str(before.get(f)).splitlines(), str(after.get(f)).splitlines()
            diff = list(difflib.unified_diff(a, b, "before", "after", n=1, lineterm=""))
            print(f"-- {f}:\n" + "\n".join(diff[:40]))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
