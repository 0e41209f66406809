"""Measure byte decoding and the ``encoding`` cleaner on the shared evaluation data.

Usage: python benchmarks/eval_encoding.py DATA_DIR [--seeds SEEDS_DIR] [--repeat N]

DATA_DIR holds ``ftfy/test_cases.json``, ``chardet/<encoding>/`` and ``trafilatura/text/``
(e.g. /work/shared/eval). Prints the tables: ftfy's mojibake cases (whole and inside a correct
sentence), chardet's labelled files, and speed in MB/s of input bytes per CPU second.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter
from pathlib import Path

import ftfy

from cleankit import Pipeline
from cleankit.cleaners.encoding import EncodingRepair
from cleankit.document import DocumentView, Origin
from cleankit.errors import InputError
from cleankit.io.decode import decode_bytes

#: chardet folders we aim to get right: Western European Latin scripts, Unicode, ASCII.
GOAL_FOLDERS = (
    "ascii", "utf-8", "utf-8-sig", "UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "UTF-32LE",
    "UTF-32BE", "windows-1252", "iso-8859-1", "MacRoman",
)
# Folder names that are not Python codec names as they stand.
FOLDER_CODEC = {"UTF-16": "utf-16", "UTF-32": "utf-32", "EUC-TW": "euc_tw"}


def folder_codec(folder: str) -> str:
    """The Python codec for a chardet folder such as ``windows-1250-czech``."""
    if folder in FOLDER_CODEC:
        return FOLDER_CODEC[folder]
    parts = folder.split("-")
    for n in range(len(parts), 0, -1):
        name = "-".join(parts[:n])
        try:
            "".encode(name)
            return name
        except LookupError:
            continue
    return folder


def eval_ftfy(data_dir: Path) -> Counter[str]:
    """Compare ftfy's own results and the cleaner's with the labelled fixes; print and return the counts."""
    cases = json.loads((data_dir / "ftfy" / "test_cases.json").read_text(encoding="utf-8"))
    full = Pipeline.build(["encoding"], entry_points=True)
    only = Pipeline.build(
        ["encoding"],
        options={"encoding": {"controls": False, "spaces": False, "nfc": False}},
    )
    c: Counter[str] = Counter()
    misses: list[str] = []
    for case in cases:
        if case["expect"] != "pass":
            target = case.get("fixed-encoding", case["fixed"])
            c["expect=fail cases (not scored)"] += 1
            c["  expect=fail: ftfy.fix_encoding == fixed-encoding|fixed"] += ftfy.fix_encoding(case["original"]) == target
            c["  expect=fail: cleaner == fixed-encoding|fixed"] += full.clean(case["original"]).text == target
            continue
        orig, fixed = case["original"], case["fixed"]
        target = case.get("fixed-encoding", fixed)
        ours = full.clean(orig).text
        ours_moji = only.clean(orig).text
        ftfy_default = ftfy.fix_text(orig) == fixed
        ftfy_enc = ftfy.fix_encoding(orig) == target
        c["cases expect=pass"] += 1
        c["ftfy.fix_text == fixed"] += ftfy_default
        c["ftfy.fix_encoding == fixed-encoding|fixed"] += ftfy_enc
        c["cleaner == fixed"] += ours == fixed
        c["cleaner == fixed-encoding|fixed"] += ours == target
        c["cleaner (mojibake only) == fixed-encoding|fixed"] += ours_moji == target
        if ftfy_default:
            c["  of which ftfy.fix_text passes"] += 1
            c["  ... cleaner == fixed-encoding|fixed"] += ours == target
            if ours != target:
                misses.append(f"{case['label'][:60]!r}: got {ours[:50]!r}, want {target[:50]!r}")
        # ftfy's own test adds one more layer (UTF-8 read as Latin-1) and expects the same fix.
        extra_bad = orig.encode("utf-8").decode("latin-1")
        c["extra layer (utf-8 read as latin-1): ftfy.fix_encoding == fixed-encoding|fixed"] += (
            ftfy.fix_encoding(extra_bad) == target
        )
        c["extra layer (utf-8 read as latin-1): cleaner == fixed-encoding|fixed"] += full.clean(extra_bad).text == target
        if orig == fixed == target:
            c["negatives (must stay unchanged)"] += 1
            c["  negatives changed by cleaner"] += ours != orig
            if ours != orig:
                misses.append(f"NEGATIVE CHANGED {case['label'][:50]!r}: {orig[:40]!r} -> {ours[:40]!r}")
    print("## ftfy/test_cases.json  (cleankit.Pipeline, chain ['encoding'], on `original`)")
    print("| count | value |\n|---|---|")
    for k, v in c.items():
        print(f"| {k} | {v} |")
    for m in misses:
        print("  -", m)
    print()
    return c


#: The sentence of issue 15 that each ftfy case is put inside: correct text with non-ASCII letters.
EMBED_SENTENCE = "Le rapport publié hier cite ce passage : {} et poursuit son analyse sur plusieurs pages."


def eval_ftfy_embedded(data_dir: Path) -> Counter[str]:
    """ftfy's passing cases inside a correct sentence: is the case's fixed text in the output?

    A case counts when its ``fixed`` (or ``fixed-encoding``) text is found in the output.
    Negatives (cases whose original is already right) count as changed when the output
    differs from the input.
    """
    cases = json.loads((data_dir / "ftfy" / "test_cases.json").read_text(encoding="utf-8"))
    full = Pipeline.build(["encoding"])
    only = Pipeline.build(
        ["encoding"],
        options={"encoding": {"controls": False, "spaces": False, "nfc": False}},
    )
    systems = {
        "ftfy.fix_text": ftfy.fix_text,
        "ftfy.fix_encoding": ftfy.fix_encoding,
        "cleaner (default options)": lambda t: full.clean(t).text,
        "cleaner (mojibake only)": lambda t: only.clean(t).text,
    }
    c: Counter[str] = Counter()
    misses: list[str] = []
    for case in cases:
        if case["expect"] != "pass":
            continue
        orig, fixed = case["original"], case["fixed"]
        target = case.get("fixed-encoding", fixed)
        sentence = EMBED_SENTENCE.format(orig)
        c["cases"] += 1
        negative = orig == fixed == target
        c["negatives"] += negative
        for name, fn in systems.items():
            out = fn(sentence)
            c[f"{name}: fixed text found"] += target in out or fixed in out
            if negative:
                c[f"{name}: negatives changed"] += out != sentence
            if name == "cleaner (default options)" and not (target in out or fixed in out):
                misses.append(f"{case['label'][:60]!r}: want {target[:40]!r}")
    print("## ftfy cases inside a sentence  (" + EMBED_SENTENCE.format("{case}") + ")")
    print("| system | fixed text found (of %d) | negatives changed (of %d) |\n|---|---|---|" % (c["cases"], c["negatives"]))
    for name in systems:
        print(f"| {name} | {c[f'{name}: fixed text found']} | {c[f'{name}: negatives changed']} |")
    for m in misses:
        print("  -", m)
    print()
    return c


def eval_chardet(data_dir: Path) -> dict[bool, Counter[str]]:
    """Decode every labelled file and compare with the labelled encoding's reading.

    Prints the tables and returns the totals, keyed by "is a goal folder".
    """
    root = data_dir / "chardet"
    rows = []
    for folder in sorted(os.listdir(root)):
        codec = folder_codec(folder)
        ok = refused = total = unlabelled = 0
        wrong: list[str] = []
        for f in sorted(os.listdir(root / folder)):
            data = (root / folder / f).read_bytes()
            total += 1
            try:
                expected = data.decode(codec).replace("\r\n", "\n").replace("\r", "\n")
            except (LookupError, UnicodeDecodeError):
                unlabelled += 1
                continue
            if codec in ("utf-16", "utf-32", "utf-8-sig"):
                expected = expected.lstrip("\ufeff")
            try:
                got = decode_bytes(data, source=f)
            except InputError as exc:
                refused += 1
                wrong.append(f"{f}: refused ({exc.reason})")
                continue
            if got.text == expected:
                ok += 1
            else:
                wrong.append(f"{f}: read as {got.encoding}")
        rows.append((folder in GOAL_FOLDERS, folder, ok, total, refused, unlabelled, wrong))
    totals: dict[bool, Counter[str]] = {}
    for goal in (True, False):
        title = "goal: Western European, Unicode, ASCII" if goal else "other encodings (informative)"
        totals[goal] = tot = Counter()
        print(f"## chardet/ — {title}")
        print("| folder | right | files | refused as binary | label not decodable by Python |")
        print("|---|---|---|---|---|")
        for g, folder, ok, total, refused, unl, wrong in rows:
            if g != goal:
                continue
            print(f"| {folder} | {ok} | {total} | {refused} | {unl} |")
            tot["ok"] += ok
            tot["total"] += total
            tot["refused"] += refused
            tot["unl"] += unl
        print(f"| **total** | {tot['ok']} | {tot['total']} | {tot['refused']} | {tot['unl']} |")
        for g, folder, ok, total, refused, unl, wrong in rows:
            if g == goal:
                for w in wrong:
                    print(f"  - {folder}/{w}")
        print()
    return totals


def _cpu(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.process_time()
    fn()
    return time.process_time() - start


def eval_speed(name: str, blobs: list[bytes], repeat: int) -> None:
    """MB/s of decode + cleaner, per document and over the concatenation."""
    cleaner = EncodingRepair()
    origin = Origin()
    size = sum(len(b) for b in blobs)
    concat = b"\n".join(blobs)

    def per_doc() -> None:
        for b in blobs:
            text = decode_bytes(b).text
            cleaner.clean(DocumentView.of(text, {}, origin))

    def decode_only() -> None:
        for b in blobs:
            decode_bytes(b)

    def whole() -> None:
        text = decode_bytes(concat).text
        cleaner.clean(DocumentView.of(text, {}, origin))

    pipe = Pipeline.build(["encoding"])

    def pipeline() -> None:
        for b in blobs:
            pipe.clean(b, html=False)

    for label, fn, n in (
        ("decode only, per document", decode_only, size),
        ("decode + encoding cleaner, per document", per_doc, size),
        ("decode + encoding cleaner, one concatenated text", whole, len(concat)),
        ("Pipeline.clean(bytes) chain ['encoding'], per document", pipeline, size),
    ):
        best = min(_cpu(fn) for _ in range(repeat))
        print(f"| {name} | {label} | {n / 1e6:.2f} MB | {n / 1e6 / best:.1f} MB/s |")


def eval_speed_by_kind(name: str, blobs: list[bytes], repeat: int) -> None:
    """Decode + cleaner MB/s on documents it leaves alone, edits without mojibake, repairs mojibake."""
    cleaner = EncodingRepair()
    origin = Origin()
    kinds: dict[str, list[bytes]] = {"no edits": [], "edits, no mojibake": [], "mojibake repaired": []}
    for b in blobs:
        changes = cleaner.clean(DocumentView.of(decode_bytes(b).text, {}, origin)).changes
        kind = "mojibake repaired" if any(c.reason == "mojibake" for c in changes) else (
            "edits, no mojibake" if changes else "no edits")
        kinds[kind].append(b)
    for kind, group in kinds.items():
        if not group:
            continue

        def run(group: list[bytes] = group) -> None:
            for b in group:
                cleaner.clean(DocumentView.of(decode_bytes(b).text, {}, origin))

        size = sum(len(b) for b in group)
        best = min(_cpu(run) for _ in range(repeat))
        print(f"| {name}: {len(group)} docs with {kind} | decode + encoding cleaner | {size / 1e6:.2f} MB | "
              f"{size / 1e6 / best:.1f} MB/s |")


def eval_changes(name: str, texts: list[str]) -> None:
    """How many documents the cleaner changes, by reason (damage check on clean text)."""
    cleaner = EncodingRepair()
    docs = Counter()
    reasons = Counter()
    for t in texts:
        out = cleaner.clean(DocumentView.of(t, {}, Origin()))
        if out.changes:
            docs["changed"] += 1
        for ch in out.changes:
            reasons[ch.reason] += 1
    print(f"| {name} | {len(texts)} | {docs['changed']} | {dict(sorted(reasons.items()))} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--seeds", type=Path, default=None, help="seeds folder (default: DATA_DIR/../seeds)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    data_dir: Path = args.data_dir
    seeds = args.seeds or data_dir.parent / "seeds"
    eval_ftfy(data_dir)
    eval_ftfy_embedded(data_dir)
    eval_chardet(data_dir)

    traf = [p.read_bytes() for p in sorted((data_dir / "trafilatura" / "text").glob("*.txt"))]
    seed_raw = [p.read_bytes() for p in sorted((seeds / "raw").glob("*.txt"))]
    seed_variants = [p.read_bytes() for p in sorted((seeds / "variants").glob("*.txt"))]
    seed_blobs = seed_raw + seed_variants
    turku_path = data_dir / "turku-fr" / "docs.jsonl"
    turku = []
    if turku_path.exists():
        with turku_path.open(encoding="utf-8") as fh:
            turku = ["\n".join(json.loads(line)["lines"]).encode("utf-8") for line in fh]
    print("## speed (CPU time, best of", args.repeat, "runs)")
    print("| corpus | what | size | MB/s |\n|---|---|---|---|")
    eval_speed("trafilatura/text", traf, args.repeat)
    eval_speed_by_kind("trafilatura/text", traf, args.repeat)
    if seed_blobs:
        eval_speed("seeds (5 raw + 3 variants)", seed_blobs, args.repeat)
        eval_speed("seeds (5 raw)", seed_raw, args.repeat * 3)
    if turku:
        eval_speed("turku-fr (lines joined)", turku, args.repeat)
    print()

    print("## documents changed by the cleaner (damage check)")
    print("| corpus | documents | changed | changes by reason |\n|---|---|---|---|")
    eval_changes("trafilatura/text", [decode_bytes(b).text for b in traf])
    if seed_blobs:
        eval_changes("seeds raw", [decode_bytes(b).text for b in seed_raw])
        eval_changes("seeds variants", [decode_bytes(b).text for b in seed_variants])
    if turku:
        eval_changes("turku-fr", [b.decode("utf-8") for b in turku])
    chardet_root = data_dir / "chardet"
    by_folder = []
    for folder in sorted(os.listdir(chardet_root)):
        codec = folder_codec(folder)
        texts = []
        for f in sorted(os.listdir(chardet_root / folder)):
            try:
                texts.append((chardet_root / folder / f).read_bytes().decode(codec))
            except (LookupError, UnicodeDecodeError):
                continue
        by_folder.append((folder, texts))
    eval_changes("chardet/* read with their labels", [t for _, t in by_folder for t in t])
    for folder, texts in by_folder:
        out = Counter()
        for t in texts:
            for ch in EncodingRepair().clean(DocumentView.of(t, {}, Origin())).changes:
                if ch.reason == "mojibake":
                    out[f"{t[ch.start:ch.end][:20]!r}->{ch.replacement[:20]!r}"] += 1
        if out:
            print(f"  - {folder}: mojibake edits {sum(out.values())}: {out.most_common(5)}")


if __name__ == "__main__":
    main()
