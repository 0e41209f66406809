"""Fuzz the whole default chain: mutated real documents, random bytes, Unicode and HTML.

    python benchmarks/fuzz.py [--seconds 300] [--seed 1] [--extra-dir ../shared/eval/trafilatura/text]

Prints how many inputs were tried and what was found: crashes (exceptions other than a clear
InputError), cleaner errors recorded in results, invalid edit positions, non-idempotent results and
slow documents. Exit status 1 when anything but slow documents was found.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from cleankit import InputError, Pipeline, Result

ROOT = Path(__file__).resolve().parents[1]
JUNK = ["Loading...", "Voir Plus", "\u00a0\u00a0\u00a0\u00a0", "Publié dans X le 31 - 05 - 2024", "<div>", "</p>",
        "\x00", "\ufeff", "Ã©", "\r", "\u202e", "15 Octobre 2021 17:52 (UTC+01:00)", "Par ", "By ", "\n\n\n", "|"]


def seeds(extra: Path | None) -> list[bytes]:
    files = sorted(p for p in (ROOT / "samples").rglob("*") if p.is_file())
    if extra and extra.is_dir():
        files += sorted(extra.glob("*"))[:200]
    return [p.read_bytes() for p in files]


def mutate(rng: random.Random, docs: list[bytes]) -> tuple[str, bytes | str, bool | None]:
    kind = rng.choice(["bytes-flip", "splice", "unicode", "html", "encode", "truncate", "random-bytes"])
    base = rng.choice(docs)
    if kind == "bytes-flip":
        data = bytearray(base)
        for _ in range(rng.randint(1, 20)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        return kind, bytes(data), None
    if kind == "splice":
        text = base.decode("utf-8", "replace")
        lines = text.split("\n")
        for _ in range(rng.randint(1, 10)):
            lines.insert(rng.randint(0, len(lines)), rng.choice(JUNK) * rng.randint(1, 3))
        rng.shuffle(lines) if rng.random() < 0.2 else None
        return kind, "\n".join(lines), None
    if kind == "unicode":
        return kind, "".join(chr(rng.choice([rng.randrange(0x20, 0x7F), rng.randrange(0x80, 0x2FFF),
                                             rng.randrange(0x3000, 0x10FFFF)])) for _ in range(rng.randint(0, 3000))), None
    if kind == "html":
        tags = ["p", "div", "script", "style", "a", "li", "h1", "nav", "table", "br"]
        parts = [rng.choice([f"<{rng.choice(tags)}>", f"</{rng.choice(tags)}>", rng.choice(JUNK),
                             base[: rng.randint(0, 400)].decode("utf-8", "replace")]) for _ in range(rng.randint(1, 200))]
        return kind, "<html><body>" + "".join(parts), True
    if kind == "encode":
        text = base.decode("utf-8", "replace")
        enc = rng.choice(["cp1252", "latin-1", "utf-16", "utf-16-le", "utf-32", "utf-8-sig", "mac_roman"])
        return kind, text.encode(enc, "replace"), None
    if kind == "truncate":
        return kind, base[: rng.randint(0, len(base))], None
    return kind, bytes(rng.randrange(256) for _ in range(rng.randint(0, 4000))), None


def valid_edits(result: Result) -> bool:
    for i, e in enumerate(result.edits):
        if not 0 <= e.start <= e.end <= len(result.original):
            return False
        if not any(o.start < e.end and e.start < o.end for o in result.edits[:i]):
            if result.original[e.start : e.end] != e.removed:
                return False
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--extra-dir", type=Path, default=ROOT.parent / "shared" / "eval" / "trafilatura" / "text")
    ap.add_argument("--slow", type=float, default=2.0, help="report documents slower than this many seconds")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    pipe = Pipeline.build(time_limit=10)
    docs = seeds(a.extra_dir)
    tried: Counter[str] = Counter()
    found: Counter[str] = Counter()
    examples: dict[str, str] = {}
    end = time.monotonic() + a.seconds
    while time.monotonic() < end:
        kind, data, html = mutate(rng, docs)
        tried[kind] += 1
        started = time.monotonic()
        try:
            result = pipe.clean(data, html=html, path="fuzz")
        except InputError:
            tried["(clear InputError)"] += 1
            continue
        except Exception:
            found[f"crash/{kind}"] += 1
            examples.setdefault(f"crash/{kind}", traceback.format_exc(limit=3))
            continue
        took = time.monotonic() - started
        if took > a.slow:
            found["slow"] += 1
        if result.errors:
            found[f"cleaner-error/{result.errors[0]['cleaner']}"] += 1
            examples.setdefault(f"cleaner-error/{result.errors[0]['cleaner']}", str(result.errors[0]))
        if not valid_edits(result):
            found[f"bad-edit/{kind}"] += 1
        again = pipe.clean(result.text)
        if again.text != result.text:
            key = f"not-idempotent/{','.join(sorted({e.cleaner for e in again.edits}))}"
            found[key] += 1
            examples.setdefault(key, repr([(e.cleaner, e.reason, e.removed[:60]) for e in again.edits[:3]]))
    total = sum(v for k, v in tried.items() if not k.startswith("("))
    print(f"| inputs tried | {total} in {a.seconds:.0f} s (seed {a.seed}) |")
    print("|---|---|")
    for kind, n in sorted(tried.items()):
        print(f"| {kind} | {n} |")
    print(f"| findings | {sum(found.values())} |")
    for key, n in sorted(found.items()):
        print(f"| {key} | {n} |")
    for key, text in examples.items():
        print(f"\n{key}:\n{text}")
    serious = sum(n for k, n in found.items() if k != "slow")
    return 1 if serious else 0


if __name__ == "__main__":
    sys.exit(main())
