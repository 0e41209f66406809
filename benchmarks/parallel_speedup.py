"""Does `-j 2` use both cores? Wall and CPU time of `cleankit clean DIR --format jsonl -j N > /dev/null`.

The corpus is the 506 dev page dumps of ../shared/eval/trafilatura/text copied until it reaches --mb MB
(about 1,900 files for 20 MB). CPU time is the children's user+system time (resource.getrusage).
The goal (issue 14): -j 2 takes at most 1/1.8 of the wall time of -j 1.

    nice python benchmarks/parallel_speedup.py [--mb 20] [--runs 1] [--workers 1,2] [--shard-sizes 8M,2M]

With the default 8M shards, 20 MB is only 3 shards: two workers get 2 and 1, so -j 2 can at best
take 2/3 of the wall time of -j 1; smaller shards balance better at the cost of more markers.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parent.parent / "shared" / "eval" / "trafilatura" / "text"


def build_corpus(source: Path, target: Path, mb: float) -> tuple[int, int]:
    files = sorted(p for p in source.iterdir() if p.is_file())
    limit = int(mb * 1024 * 1024)
    total = count = copy = 0
    while total < limit:
        folder = target / f"copy{copy:02d}"
        folder.mkdir(parents=True)
        for p in files:
            if total >= limit:
                break
            shutil.copyfile(p, folder / p.name)
            total += p.stat().st_size
            count += 1
        copy += 1
    return count, total


def timed(cmd: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        proc = subprocess.run(cmd, stdout=sink, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 3):
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--runs", type=int, default=1, help="runs per worker count (the best is kept)")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--shard-sizes", default="8M", help="comma-separated --shard-size values to compare (e.g. 8M,2M)")
    ap.add_argument("--cleankit", default=str(Path(sys.executable).with_name("cleankit")))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cleankit-speedup-") as tmp:
        count, size = build_corpus(args.source, Path(tmp) / "corpus", args.mb)
        print(f"corpus: {count} files, {size / 1e6:.1f} MB; cores here: {len(os.sched_getaffinity(0))}; "
              f"load average {os.getloadavg()[0]:.1f}")
        print(f"{'shard':>6} {'workers':>7} {'wall s':>8} {'cpu s':>8} {'MB/s':>7} {'speed-up':>9}")
        for shard_size in args.shard_sizes.split(","):
            base = None
            for n in [int(w) for w in args.workers.split(",")]:
                cmd = [args.cleankit, "clean", str(Path(tmp) / "corpus"), "--format", "jsonl", "-j", str(n), "-q",
                       "--shard-size", shard_size]
                wall, cpu = min(timed(cmd) for _ in range(args.runs))
                base = base or wall
                print(f"{shard_size:>6} {n:>7} {wall:>8.2f} {cpu:>8.2f} {size / 1e6 / wall:>7.2f} {base / wall:>8.2f}x")


if __name__ == "__main__":
    main()
