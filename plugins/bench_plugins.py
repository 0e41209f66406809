"""Measure each bundled site plugin's speed: on other sites' pages (one by one and concatenated) and on its own.

    python plugins/bench_plugins.py ../shared/eval/trafilatura/text
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import cleankit_aggregator
import cleankit_jannah
import cleankit_lagazette
from cleankit import DocumentView, Origin
from cleankit.document import empty_metadata

ROOT = Path(__file__).resolve().parents[1]
OWN = {"lagazette": ("001", "002", "004"), "jannah": ("003",), "aggregator": ("000",)}


def mb_per_s(cleaner, docs: list[str], repeat: int) -> float:
    """Best of three runs over ``docs`` (``repeat`` times each)."""
    size = sum(len(d.encode("utf-8")) for d in docs) * repeat / 1e6
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(repeat):
            for d in docs:
                cleaner.clean(DocumentView.of(d, empty_metadata(), Origin()))
        best = min(best, time.perf_counter() - started)
    return size / best


def main() -> None:
    folder = Path(sys.argv[1])
    docs = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    print(f"{len(docs)} pages, {sum(len(d.encode()) for d in docs) / 1e6:.1f} MB")
    joined = ["\n".join(docs)]
    for cls in (cleankit_lagazette.Lagazette, cleankit_jannah.Jannah, cleankit_aggregator.Aggregator):
        own = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt")) if p.name[:3] in OWN[cls.name]]
        print(
            f"{cls.name:<11} other pages {mb_per_s(cls(), docs, 1):7.0f} MB/s   "
            f"concatenated {mb_per_s(cls(), joined, 3):7.0f} MB/s   "
            f"own pages {mb_per_s(cls(), own, 300):5.0f} MB/s"
        )


if __name__ == "__main__":
    main()
