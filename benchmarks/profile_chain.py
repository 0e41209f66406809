"""Per-cleaner speed of the default chain on a folder of text page dumps.

Usage: ``python benchmarks/profile_chain.py DATA_DIR [--repeat 3] [--glob '*.txt']``

Each cleaner is timed (CPU time, ``time.process_time``, best of ``--repeat``) on the
text as it reaches that step in a real run, including the settling re-runs the runner
does at the end of the chain; MB/s is over the UTF-8 size of all inputs. The last rows
time the whole chain through ``Pipeline.clean`` and the "floor": read, decode, split
lines and one regex search per line.
"""
from __future__ import annotations

import argparse
import re
import time
from collections import defaultdict
from pathlib import Path

from cleankit.document import DocumentView
from cleankit.runner import Pipeline


def _timed_pipeline(pipeline: Pipeline, spent: dict[str, float]) -> None:
    """Wrap every step's ``clean`` so the time it takes adds up in ``spent`` by name."""
    for step in pipeline.chain.steps:
        cleaner = step.cleaner
        inner = cleaner.clean

        def clean(view: DocumentView, _inner=inner, _name=step.name):  # type: ignore[no-untyped-def]
            t = time.process_time()
            try:
                return _inner(view)
            finally:
                spent[_name] += time.process_time() - t

        object.__setattr__(cleaner, "clean", clean)


def _floor(paths: list[Path]) -> float:
    pattern = re.compile(r"^(?:Home|Accueil|Menu|Share|Partager)\b", re.I)
    t = time.process_time()
    for p in paths:
        for line in p.read_bytes().decode("utf-8").split("\n"):
            pattern.search(line)
    return time.process_time() - t


def main() -> None:
    """Print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path, help="folder of page dumps (or a folder holding trafilatura/text)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--glob", default="*.txt")
    args = ap.parse_args()
    folder = args.data_dir
    if (folder / "trafilatura" / "text").is_dir():
        folder = folder / "trafilatura" / "text"
    paths = sorted(folder.glob(args.glob))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(texts)} documents, {mb:.2f} MB")

    best: dict[str, float] = {}
    calls: dict[str, int] = defaultdict(int)
    for _ in range(args.repeat):
        spent: dict[str, float] = defaultdict(float)
        pipeline = Pipeline.build()
        _timed_pipeline(pipeline, spent)
        for text in texts:
            pipeline.clean(text)
        for name, s in spent.items():
            best[name] = min(best.get(name, s), s)

    counter = Pipeline.build()
    for step in counter.chain.steps:
        inner = step.cleaner.clean

        def count(view: DocumentView, _inner=inner, _name=step.name):  # type: ignore[no-untyped-def]
            calls[_name] += 1
            return _inner(view)

        object.__setattr__(step.cleaner, "clean", count)
    for text in texts:
        counter.clean(text)

    whole = min(_whole(texts) for _ in range(args.repeat))
    floor = min(_floor(paths) for _ in range(args.repeat))
    print(f"{'cleaner':<16}{'calls':>7}{'seconds':>10}{'MB/s':>10}")
    total = 0.0
    for step in Pipeline.build().chain.steps:
        s = best.get(step.name, 0.0)
        total += s
        rate = mb / s if s else float("inf")
        print(f"{step.name:<16}{calls[step.name]:>7}{s:>10.3f}{rate:>10.1f}")
    print(f"{'sum of cleaners':<23}{total:>10.3f}{mb / total:>10.1f}")
    print(f"{'Pipeline.clean':<23}{whole:>10.3f}{mb / whole:>10.1f}")
    print(f"{'floor':<23}{floor:>10.3f}{mb / floor:>10.1f}")


def _whole(texts: list[str]) -> float:
    pipeline = Pipeline.build()
    t = time.process_time()
    for text in texts:
        pipeline.clean(text)
    return time.process_time() - t


if __name__ == "__main__":
    main()
