"""Run-level fuzzing: random file trees, record files and options, sometimes interrupted by a signal.

Each case runs `cleankit clean` as a subprocess and checks: no traceback; an exit status of 0, 1, 2 or 3;
nothing lost (every input file has an output, or a message on standard error names it); after SIGINT or
SIGTERM, rerunning the same command completes the run and no temporary file is left next to the outputs.

    nice python benchmarks/fuzz_runs.py --seconds 600 --seed 1
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = "le the der el council budget vote réunion 会议 собрание Share Menu Login © 2024 news".split()
EXIT_OK = {0, 1, 2, 3}


def text(rng: random.Random) -> str:
    lines = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 14))) + rng.choice(["", "   ", "."])
             for _ in range(rng.randint(0, 12))]
    return "\n".join(lines)


def blob(rng: random.Random) -> bytes:
    kind = rng.randrange(8)
    body = text(rng)
    if kind == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 400)))
    if kind == 1:
        return f"<html><meta charset=\"{rng.choice(['utf-8', 'undefined', 'utf-16', 'latin1', 'x'])}\"><p>{body}</p>".encode("utf-8")
    if kind == 2:
        return body.encode(rng.choice(["utf-8", "cp1252", "utf-16"]), "replace")
    if kind == 3:
        return ("<div>" * rng.randint(1, 3000) + body).encode()
    return body.encode("utf-8")


def records(rng: random.Random, n: int) -> bytes:
    out = []
    for i in range(n):
        r = rng.randrange(10)
        if r == 0:
            out.append(b"{not json")
        elif r == 1:
            out.append(b"[" * rng.randint(10, 50_000))
        elif r == 2:
            out.append(b'{"id": %d, "text": "lone \\ud800 x"}' % i)
        elif r == 3:
            out.append(json.dumps({"id": i}).encode())
        else:
            out.append(json.dumps({"id": i, "text": text(rng), "url": "https://example.org/%d" % i}).encode())
    return b"\n".join(out) + b"\n"


def make_tree(rng: random.Random, root: Path) -> list[Path]:
    made = []
    for i in range(rng.randint(1, 25)):
        sub = root / rng.choice(["", "a", "a/b", "c"])
        sub.mkdir(parents=True, exist_ok=True)
        kind = rng.randrange(10)
        if kind == 0:
            p = sub / f"r{i}.jsonl"
            p.write_bytes(records(rng, rng.randint(0, 40)))
        elif kind == 1:
            p = sub / f"r{i}.jsonl.gz"
            data = gzip.compress(records(rng, rng.randint(0, 40)))
            p.write_bytes(data if rng.random() < 0.7 else data[: len(data) // 2])
        else:
            p = sub / rng.choice([f"f{i}.txt", f"f{i}.html", f"page{i % 3}.html", f"page{i % 3}.txt"])
            p.write_bytes(blob(rng))
        made.append(p)
    return made


def options(rng: random.Random) -> list[str]:
    opts = ["-j", rng.choice(["1", "2"])]
    if rng.random() < 0.3:
        opts += ["--shard-size", rng.choice(["1K", "4K", "1M"])]
    if rng.random() < 0.3:
        opts += ["--max-bytes", str(rng.choice([50, 1000, 100_000]))]
    if rng.random() < 0.3:
        opts += ["--on-flag", rng.choice(["original", "cleaned", "drop"]), "--max-removal", rng.choice(["0.1", "0.5"])]
    if rng.random() < 0.2:
        opts += ["--format", rng.choice(["json", "jsonl"])]
    if rng.random() < 0.1:
        opts += ["--time-limit", rng.choice(["0.5", "nan", "inf"])]
    return opts


def check(proc: subprocess.CompletedProcess[bytes], inputs: list[Path], out: Path, drop: bool) -> list[str]:
    err = proc.stderr.decode("utf-8", "replace")
    problems = []
    if "Traceback" in err:
        problems.append("traceback: " + err[-800:])
    if proc.returncode not in EXIT_OK:
        problems.append(f"exit status {proc.returncode}")
    if proc.returncode == 2:
        return problems
    for p in inputs:
        rel = p.relative_to(out.parent / "in")
        names = {rel, rel.with_suffix(".txt"), rel.with_name(rel.name + ".json"), rel.with_name(rel.name + ".jsonl")}
        if not any((out / n).exists() for n in names) and str(rel) not in err and not drop:
            problems.append(f"lost: {rel}")
    leftovers = [q for q in out.rglob("*.tmp") if ".cleankit" not in q.parts] if out.exists() else []
    if leftovers:
        problems.append(f"temporary files left: {leftovers[:3]}")
    return problems


def one_case(rng: random.Random, work: Path, cleankit: list[str], *, execute: bool = True) -> list[str]:
    # every random choice is drawn before anything runs, so --case N replays case N exactly
    shutil.rmtree(work, ignore_errors=True)
    inputs = make_tree(rng, work / "in")
    out = work / "out"
    opts = options(rng)
    interrupt, delay, sig = rng.random() < 0.3, rng.uniform(0.2, 2.0), rng.choice([signal.SIGINT, signal.SIGTERM])
    if not execute:
        return []
    cmd = [*cleankit, "clean", str(work / "in"), "-o", str(out), *opts]
    drop = "drop" in opts
    if interrupt:  # interrupt, then rerun the same command
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.send_signal(sig)
        try:
            _, err = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            return ["did not stop within 120 s of a signal"]
        if b"Traceback" in err and b"KeyboardInterrupt" not in err:
            return ["traceback after signal: " + err.decode("utf-8", "replace")[-800:]]
    done = subprocess.run(cmd, capture_output=True, timeout=600)
    return [f"{' '.join(opts)}: {p}" for p in check(done, inputs, out, drop)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--case", type=int, default=0, help="replay only case N of this seed (files kept in --keep)")
    ap.add_argument("--keep", type=Path, help="folder for --case (default: a temporary one)")
    args = ap.parse_args()
    if args.case:
        rng = random.Random(args.seed)
        work = args.keep or Path(tempfile.mkdtemp(prefix="cleankit-fuzz-case-"))
        for _ in range(args.case - 1):
            one_case(rng, work / "case", [], execute=False)
        problems = one_case(rng, work / "case", [sys.executable, "-m", "cleankit"])
        print(f"case {args.case} in {work / 'case'}:", *(problems or ["no problem"]), sep="\n  ")
        sys.exit(1 if problems else 0)
    rng = random.Random(args.seed)
    cleankit = [sys.executable, "-m", "cleankit"]
    cases = failures = 0
    deadline = time.monotonic() + args.seconds
    with tempfile.TemporaryDirectory(prefix="cleankit-fuzz-") as tmp:
        while time.monotonic() < deadline:
            problems = one_case(rng, Path(tmp) / "case", cleankit)
            cases += 1
            if problems:
                failures += 1
                print(f"case {cases} (replay: --seed {args.seed} --case {cases}):", *problems, sep="\n  ")
    print(f"{cases} case(s) in {args.seconds:g} s, {failures} with problems (seed {args.seed})")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
