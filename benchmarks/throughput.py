"""Throughput of the default chain against a floor and datatrove, peak memory, and worker speed-up.

Usage::

    python benchmarks/throughput.py ../shared/eval [--size-mb 200] [--cache DIR] [--profile]

It builds (once, into a cache folder outside the repository) a corpus of page dumps
from ``samples/`` and ``<eval>/trafilatura/text/``: lines dropped at random so documents
vary, a few per cent turned into mojibake (UTF-8 read as Windows-1252) and a few per cent
written as Windows-1252 bytes. Then, from one run, it prints side by side:

- the default chain in this process: MB/s per core (CPU time) and documents/s;
- the floor: read, decode, split lines, one regular-expression search per line;
- datatrove's ``C4QualityFilter`` (line rules, no sentence counting) then ``FTFYFormatter``
  (``pip install 'cleankit[bench]'``; n/a when not installed);
- peak memory (RSS) of ``cleankit clean CORPUS -o OUT --workers 1``;
- the wall-time speed-up of ``--workers 2`` over ``--workers 1`` (JSONL to /dev/null, so
  the disk's flushes do not blur the CPU scaling).

Wall times need an otherwise idle machine. On a VM whose disk makes creating a file cost
~1 ms, ``-o`` with many small files is bound by the disk: ``--cache /dev/shm/cleankit-bench``
keeps it out of the measurement.
"""
from __future__ import annotations

import argparse
import codecs
import cProfile
import io
import os
import pstats
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES_PER_FOLDER = 1000
MOJIBAKE_SHARE = 0.03
CP1252_SHARE = 0.03
SEED = 20240531
FLOOR_REGEX = re.compile(r"(?i)\b(?:cookies?|newsletter|abonnez|partager|share)\b")


def _sloppy_cp1252(err: UnicodeDecodeError) -> tuple[str, int]:
    # the five bytes Windows-1252 leaves undefined are read as Latin-1, as browsers do
    return "".join(chr(b) for b in err.object[err.start : err.end]), err.end


codecs.register_error("sloppy", _sloppy_cp1252)


def sources(eval_dir: Path) -> list[str]:
    """The page dumps the corpus is made from."""
    paths = sorted((ROOT / "samples").glob("*.txt")) + sorted((eval_dir / "trafilatura" / "text").glob("*.txt"))
    if len(paths) < 10:
        sys.exit(f"no page dumps found under {eval_dir}/trafilatura/text")
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def build_corpus(eval_dir: Path, target: Path, size_mb: int) -> tuple[int, int]:
    """Write the corpus into ``target`` unless it is already there; return (documents, bytes)."""
    stamp = target / "MANIFEST"
    if stamp.exists():
        docs, size, mb = (int(x) for x in stamp.read_text().split())
        if mb == size_mb:
            return docs, size
        shutil.rmtree(target)
    texts = sources(eval_dir)
    rng = random.Random(SEED)
    tmp = target.with_name(target.name + ".building")
    shutil.rmtree(tmp, ignore_errors=True)
    total = docs = 0
    while total < size_mb * 1_000_000:
        base = texts[docs % len(texts)]
        lines = base.split("\n")
        keep = rng.uniform(0.75, 1.0)
        text = "\n".join(line for line in lines if rng.random() < keep or not line.strip())
        r = rng.random()
        if r < MOJIBAKE_SHARE:
            data = text.encode("utf-8").decode("windows-1252", errors="sloppy").encode("utf-8")
        elif r < MOJIBAKE_SHARE + CP1252_SHARE:
            data = text.encode("windows-1252", errors="replace")
        else:
            data = text.encode("utf-8")
        folder = tmp / f"{docs // FILES_PER_FOLDER:04d}"
        if docs % FILES_PER_FOLDER == 0:
            folder.mkdir(parents=True)
        (folder / f"doc{docs:07d}.txt").write_bytes(data)
        total += len(data)
        docs += 1
    (tmp / "MANIFEST").write_text(f"{docs} {total} {size_mb}\n")
    tmp.rename(target)
    return docs, total


def corpus_files(corpus: Path) -> list[Path]:
    """Every document of the corpus, in a stable order."""
    return sorted(p for p in corpus.rglob("*.txt"))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("windows-1252", errors="replace")


def measure_floor(files: list[Path]) -> tuple[float, int]:
    """CPU seconds of read + decode + split lines + one regex search per line."""
    start = time.process_time()
    size = hits = 0
    search = FLOOR_REGEX.search
    for p in files:
        data = p.read_bytes()
        size += len(data)
        for line in _decode(data).split("\n"):
            if search(line):
                hits += 1
    return time.process_time() - start, size


def measure_chain(files: list[Path]) -> tuple[float, int, list[str]]:
    """CPU seconds of the default chain (read, decode, clean) in this process."""
    from cleankit import Pipeline

    pipeline = Pipeline.build()
    start = time.process_time()
    size = 0
    for p in files:
        data = p.read_bytes()
        size += len(data)
        pipeline.clean(data, path=str(p))
    return time.process_time() - start, size, pipeline.chain.names


def measure_datatrove(files: list[Path]) -> tuple[float, int] | None:
    """CPU seconds of datatrove's C4 line rules then its FTFY formatter, or None if absent."""
    try:
        from datatrove.data import Document
        from datatrove.pipeline.filters import C4QualityFilter
        from datatrove.pipeline.formatters import FTFYFormatter
    except ImportError:
        return None
    c4 = C4QualityFilter(min_num_sentences=-1)  # line rules only: with spaCy sentence counting it is ~70x slower
    ftfy = FTFYFormatter()
    start = time.process_time()
    size = 0
    for i, p in enumerate(files):
        data = p.read_bytes()
        size += len(data)
        doc = Document(text=_decode(data), id=str(i))
        kept = c4.filter(doc)
        if kept is True:
            doc.text = ftfy.format(doc.text)
    return time.process_time() - start, size


def run_cli(corpus: Path, out: Path | None, workers: int) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) of the command's own process, and its exit status.

    With ``out``, files are written under it (``-o``); without, JSONL goes to /dev/null,
    which measures the cleaning and the shard machinery without the disk's noise.
    """
    cmd = [sys.executable, "-m", "cleankit", "clean", str(corpus), "--workers", str(workers),
           "--exclude", "MANIFEST", "-q"]
    if out is not None:
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run(["sync"], check=False)
        cmd += ["-o", str(out)]
    else:
        cmd += ["--format", "jsonl"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        print(err.decode(errors="replace")[-2000:], file=sys.stderr)
    return wall, usage.ru_maxrss / 1024, code


def profile_chain(files: list[Path], limit_mb: int = 20) -> str:
    """cProfile of the default chain over the first ``limit_mb`` MB: the top functions by own time."""
    from cleankit import Pipeline

    pipeline = Pipeline.build()
    chosen, size = [], 0
    for p in files:
        chosen.append(p)
        size += p.stat().st_size
        if size > limit_mb * 1_000_000:
            break
    prof = cProfile.Profile()
    prof.enable()
    for p in chosen:
        pipeline.clean(p.read_bytes(), path=str(p))
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(25)
    return buf.getvalue()


def compare(label: str, files: list[Path], dt_files: list[Path]) -> list[str]:
    """Print the chain, the floor and datatrove side by side on ``files``; return the chain's names."""
    floor_s, floor_b = measure_floor(files)
    chain_s, chain_b, names = measure_chain(files)
    dt = measure_datatrove(dt_files)

    def row(name: str, secs: float, nbytes: int, ndocs: int) -> str:
        return f"| {name:<34} | {nbytes / 1e6 / secs:>9.1f} | {ndocs / secs:>9.0f} | {secs:>7.1f} |"

    print(f"\n{label}:\n")
    print(f"| {'':<34} | {'MB/s/core':>9} | {'docs/s':>9} | {'CPU s':>7} |\n|---|---|---|---|")
    print(row("cleankit default chain", chain_s, chain_b, len(files)))
    print(row("floor (read+decode+split+1 regex)", floor_s, floor_b, len(files)))
    if dt is None:
        print(f"| {'datatrove C4QualityFilter+FTFY':<34} | n/a (pip install cleankit[bench]) | | |")
    else:
        print(row("datatrove C4QualityFilter+FTFY", dt[0], dt[1], len(dt_files)))
    chain_rate = chain_b / chain_s
    print(f"\nchain / floor: {chain_rate / (floor_b / floor_s):.3f} (goal >= 0.33)")
    if dt is not None:
        print(f"chain / datatrove: {chain_rate / (dt[1] / dt[0]):.2f}x (goal >= 3x)")
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("eval_dir", type=Path, help="the shared eval folder (holding trafilatura/text)")
    parser.add_argument("--size-mb", type=int, default=200, help="corpus size in MB (default 200)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "cleankit-bench",
                        help="where the corpus and outputs go (default: the temp folder)")
    parser.add_argument("--datatrove-mb", type=int, default=0,
                        help="run datatrove on the first N MB only (default 0: the whole corpus)")
    parser.add_argument("--no-cli", action="store_true", help="skip the memory and worker runs")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of the chain (20 MB)")
    args = parser.parse_args()

    corpus = args.cache / f"corpus-{args.size_mb}mb"
    args.cache.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    docs, size = build_corpus(args.eval_dir, corpus, args.size_mb)
    files = corpus_files(corpus)
    print(f"corpus: {corpus} — {docs} documents, {size / 1e6:.1f} MB (ready in {time.perf_counter() - t0:.0f} s)")

    dt_files = files
    if args.datatrove_mb:
        dt_files, acc = [], 0
        for p in files:
            dt_files.append(p)
            acc += p.stat().st_size
            if acc > args.datatrove_mb * 1_000_000:
                break
    names = compare(f"the throughput corpus ({size / 1e6:.0f} MB)", files, dt_files)
    dumps = sorted((args.eval_dir / "trafilatura" / "text").glob("*.txt"))
    if dumps:
        compare(f"the {len(dumps)} dev page dumps of trafilatura/text", dumps, dumps)
    print(f"\nchain: {', '.join(names)}")

    if not args.no_cli:
        wo, rsso, rco = run_cli(corpus, args.cache / "out", 1)
        w1, rss1, rc1 = run_cli(corpus, None, 1)
        w2, rss2, rc2 = run_cli(corpus, None, 2)
        print(f"\ncleankit clean CORPUS -o OUT, 1 worker:   {wo:6.1f} s wall, {size / 1e6 / wo:6.1f} MB/s, "
              f"peak RSS {rsso:.0f} MB (exit {rco})")
        print(f"cleankit clean --format jsonl, 1 worker:  {w1:6.1f} s wall, {size / 1e6 / w1:6.1f} MB/s, "
              f"peak RSS {rss1:.0f} MB (exit {rc1})")
        print(f"cleankit clean --format jsonl, 2 workers: {w2:6.1f} s wall, {size / 1e6 / w2:6.1f} MB/s, "
              f"main RSS {rss2:.0f} MB (exit {rc2})")
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"speed-up 1 -> 2 workers: {w1 / w2:.2f}x (goal >= 1.8x; {os.cpu_count()} cores here, "
              f"load average {load}: other processes skew wall times)")
        print(f"peak memory goal < 300 MB: {'met' if max(rsso, rss1) < 300 else 'NOT met'}")
    if args.profile:
        print("\n" + profile_chain(files))


if __name__ == "__main__":
    main()
