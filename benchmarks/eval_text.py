"""Text-quality benchmark: trafilatura page dumps (with/without strings) and turku-fr labelled lines.

Usage: ``python benchmarks/eval_text.py DATA_DIR`` where DATA_DIR holds ``trafilatura/`` and
``turku-fr/`` (e.g. ``/work/shared/eval``). The scoring functions are importable so other
benchmarks can combine them into one table.

turku-fr lines are scored two ways:

- *by line presence* (strict): a labelled line is kept when it is still a whole line of the
  output (white space collapsed, aligned in order). A line the encoding cleaner repaired
  ("Ã©" -> "é", no-break spaces) counts as removed, so repairs look like false removals.
- *by edit records* (provenance): a labelled line is removed when removal edits (empty
  replacement) of the chain cover at least half of its non-space characters, positions
  taken in ``result.original`` (the input text itself for plain text). Rewrites do not
  count as removals, and the edits also tell which cleaner removed a line.
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

CleanFn = Callable[[str], str]


def collapse(text: str) -> str:
    """Collapse every run of white space to one space and trim (the trafilatura scorer's view)."""
    return " ".join(text.split())


# -- trafilatura dumps ---------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One trafilatura evaluation page: its text dump and gold strings."""

    key: str
    lang: str
    text: str
    with_: tuple[str, ...]
    without: tuple[str, ...]


def load_trafilatura(data_dir: str | Path) -> list[Page]:
    """Read ``trafilatura/gold.jsonl`` and the text dumps beside it."""
    base = Path(data_dir) / "trafilatura"
    pages = []
    with open(base / "gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            text = (base / d["text"]).read_text(encoding="utf-8")
            pages.append(Page(d["key"], d.get("lang", ""), text, tuple(d["with"]), tuple(d["without"])))
    return pages


@dataclass
class PRF:
    """Counts and ratios of the trafilatura scoring."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """TP / (TP + FP)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """TP / (TP + FN)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """2TP / (2TP + FP + FN)."""
        d = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / d if d else 0.0


def score_page(output: str, page: Page) -> PRF:
    """Score one cleaned output: each `with` found is TP else FN, each `without` found is FP."""
    out = collapse(output)
    r = PRF()
    if not out:
        r.fn = len(page.with_)
        return r
    for s in page.with_:
        if collapse(s) in out:
            r.tp += 1
        else:
            r.fn += 1
    for s in page.without:
        if collapse(s) in out:
            r.fp += 1
    return r


def score_trafilatura(outputs: Iterable[str], pages: list[Page]) -> dict[str, PRF]:
    """Sum page scores over all pages (``all``) and per language (``fr``, ``de``…)."""
    totals: dict[str, PRF] = {"all": PRF()}
    for out, page in zip(outputs, pages):
        r = score_page(out, page)
        for key in ("all", page.lang):
            t = totals.setdefault(key, PRF())
            t.tp += r.tp
            t.fp += r.fp
            t.fn += r.fn
    return totals


# -- turku-fr labelled lines ---------------------------------------------------------------


@dataclass(frozen=True)
class LabelledDoc:
    """One turku-fr document: its lines and a 1 (keep) / 0 (noise) label per line."""

    id: str
    lines: tuple[str, ...]
    labels: tuple[int, ...]
    lang: str = "fr"

    @property
    def text(self) -> str:
        """The document as a cleaner sees it: one line per labelled line."""
        return "\n".join(self.lines) + "\n"


def load_turku(data_dir: str | Path) -> list[LabelledDoc]:
    """Read ``turku-fr/docs.jsonl``."""
    docs = []
    with open(Path(data_dir) / "turku-fr" / "docs.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            docs.append(LabelledDoc(d["id"], tuple(d["lines"]), tuple(int(x) for x in d["labels"])))
    return docs


def load_turku_all(data_dir: str | Path) -> list[LabelledDoc]:
    """turku-fr and turku-more (de, en, es, fi, sv) documents, each with its language."""
    docs = load_turku(data_dir)
    more = Path(data_dir) / "turku-more" / "docs.jsonl"
    if more.exists():
        with open(more, encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                docs.append(LabelledDoc(d["id"], tuple(d["lines"]), tuple(int(x) for x in d["labels"]), d["lang"]))
    return docs


_NOT_ALNUM = re.compile(r"[\W_]+")


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def present_lines(lines: tuple[str, ...], output: str) -> list[bool]:
    """Which input lines are in ``output``, as ``../shared/eval/README.md`` scores turku.

    A line is kept when it is a line of the output (white space collapsed, aligned as in
    :func:`kept_lines`), or is a line of the output once its encoding is repaired (ftfy),
    or, for lines of 30+ letters, is found in the output with only spacing and punctuation
    changed (repaired or not).
    """
    import ftfy

    kept = kept_lines(lines, output)
    out_lines = {collapse(y) for y in output.split("\n")}
    squashed = None
    for i, line in enumerate(lines):
        if kept[i]:
            continue
        repaired = {collapse(ftfy.fix_encoding(line)), collapse(ftfy.fix_text(line))}
        if repaired & out_lines:
            kept[i] = True
            continue
        if _letters(line) >= 30:
            if squashed is None:
                squashed = _NOT_ALNUM.sub("", output).lower()
            kept[i] = any(_NOT_ALNUM.sub("", v).lower() in squashed for v in (line, *repaired))
    return kept


@dataclass
class LanguageScores:
    """Per language: line scores, documents over the loss limit, language identified."""

    lines: "LineScores"
    docs: int = 0
    over_loss: int = 0
    worst_loss: float = 0.0
    language_right: int = 0


def score_turku_by_language(
    outputs: Iterable[str], languages: Iterable[str | None], docs: list[LabelledDoc], max_loss: float = 0.3
) -> dict[str, LanguageScores]:
    """Line scores per document language (and ``"all"``), by line presence (:func:`present_lines`)."""
    by: dict[str, LanguageScores] = {}
    for out, lang, doc in zip(outputs, languages, docs):
        kept = present_lines(doc.lines, out)
        pairs = [(not k, label) for k, label in zip(kept, doc.labels)]
        content = sum(doc.labels)
        lost = sum(1 for removed, label in pairs if removed and label)
        share = lost / content if content else 0.0
        for key in (doc.lang, "all"):
            row = by.setdefault(key, LanguageScores(LineScores()))
            t = _tally(pairs)
            row.lines.keep_kept += t.keep_kept
            row.lines.keep_removed += t.keep_removed
            row.lines.noise_kept += t.noise_kept
            row.lines.noise_removed += t.noise_removed
            row.docs += 1
            row.over_loss += share > max_loss
            row.worst_loss = max(row.worst_loss, share)
            row.language_right += lang == doc.lang
    return by


def print_turku_by_language(by: dict[str, LanguageScores]) -> None:
    """One row per language: keep recall, noise P/R, documents losing > 30%, language right."""
    print("| turku | docs | keep recall | noise precision | noise recall | docs losing > 30% of content (worst) "
          "| metadata.language right |")
    print("|---|---|---|---|---|---|---|")
    for key in sorted(by, key=lambda k: (k == "all", k)):
        r = by[key]
        print(f"| {key} | {r.docs} | {r.lines.keep_recall:.3f} | {r.lines.noise_precision:.3f} | "
              f"{r.lines.noise_recall:.3f} | {r.over_loss} ({r.worst_loss:.2f}) | {r.language_right / r.docs:.3f} |")


def kept_lines(lines: tuple[str, ...], output: str) -> list[bool]:
    """Which input lines are still present as whole lines of ``output`` (white space collapsed).

    The output lines are aligned with the input lines as sequences (difflib, no junk
    heuristic), so a line repeated in the document counts as kept only for the copies
    the alignment matches: removing one of two identical lines keeps exactly one. A line
    a cleaner rewrote (not removed) counts as not kept.
    """
    src = [collapse(x) for x in lines]
    out = [x for x in (collapse(y) for y in output.split("\n")) if x]
    kept = [False] * len(src)
    sm = difflib.SequenceMatcher(None, src, out, autojunk=False)
    for a, _b, size in sm.get_matching_blocks():
        for i in range(a, a + size):
            kept[i] = True
    # blank input lines cannot be "kept" or removed visibly: count them as kept
    for i, s in enumerate(src):
        if not s:
            kept[i] = True
    return kept


@dataclass
class LineScores:
    """Line-level counts over turku-fr (noise is the positive class)."""

    keep_kept: int = 0
    keep_removed: int = 0
    noise_kept: int = 0
    noise_removed: int = 0

    @property
    def keep_recall(self) -> float:
        """Share of content lines still in the output."""
        n = self.keep_kept + self.keep_removed
        return self.keep_kept / n if n else 1.0

    @property
    def noise_precision(self) -> float:
        """Share of removed lines that were noise."""
        n = self.noise_removed + self.keep_removed
        return self.noise_removed / n if n else 1.0

    @property
    def noise_recall(self) -> float:
        """Share of noise lines removed."""
        n = self.noise_removed + self.noise_kept
        return self.noise_removed / n if n else 0.0

    @property
    def noise_f1(self) -> float:
        """Harmonic mean of noise precision and recall."""
        p, r = self.noise_precision, self.noise_recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _tally(pairs: Iterable[tuple[bool, int]]) -> LineScores:
    """Count (removed, label) pairs into line scores."""
    s = LineScores()
    for removed, label in pairs:
        if label:
            if removed:
                s.keep_removed += 1
            else:
                s.keep_kept += 1
        elif removed:
            s.noise_removed += 1
        else:
            s.noise_kept += 1
    return s


def score_turku(outputs: Iterable[str], docs: list[LabelledDoc]) -> LineScores:
    """Score line removal on turku-fr: keep recall, noise precision/recall/F1."""
    return _tally(
        (not kept, label)
        for out, doc in zip(outputs, docs)
        for kept, label in zip(kept_lines(doc.lines, out), doc.labels)
    )


def removed_by_edits(lines: tuple[str, ...], result: Any, cleaner: str | None = None) -> list[bool]:
    """Which input lines removal edits cover for at least half of their non-space characters.

    ``result`` is a cleankit ``Result`` of the text ``"\\n".join(lines) + "\\n"``; only
    edits with an empty replacement count, and only those of ``cleaner`` when given.
    """
    covered = bytearray(len(result.original) + 1)
    for e in result.edits:
        if e.replacement == "" and (cleaner is None or e.cleaner == cleaner):
            covered[e.start : e.end] = b"\x01" * (e.end - e.start)
    out = []
    pos = 0
    for line in lines:
        end = pos + len(line)
        solid = [i for i in range(pos, end) if not result.original[i].isspace()]
        out.append(bool(solid) and sum(covered[i] for i in solid) * 2 >= len(solid))
        pos = end + 1
    return out


def score_turku_edits(results: Iterable[Any], docs: list[LabelledDoc]) -> LineScores:
    """Score line removal on turku-fr from the edit records (see the module docstring)."""
    return _tally(
        (removed, label)
        for res, doc in zip(results, docs)
        for removed, label in zip(removed_by_edits(doc.lines, res), doc.labels)
    )


def removals_by_cleaner(results: list[Any], docs: list[LabelledDoc]) -> dict[str, tuple[int, int]]:
    """Per cleaner, the keep lines and the noise lines its removal edits take out (edit-based)."""
    names = sorted({e.cleaner for r in results for e in r.edits if e.replacement == ""})
    out = {}
    for name in names:
        keep = noise = 0
        for res, doc in zip(results, docs):
            for removed, label in zip(removed_by_edits(doc.lines, res, name), doc.labels):
                if removed:
                    if label:
                        keep += 1
                    else:
                        noise += 1
        out[name] = (keep, noise)
    return out


# -- running systems -----------------------------------------------------------------------


def run_system(clean: CleanFn, texts: list[str]) -> tuple[list[str], float]:
    """Apply ``clean`` to every text; return the outputs and the CPU seconds it took."""
    outs = []
    started = time.process_time()
    for t in texts:
        try:
            outs.append(clean(t))
        except Exception:  # a crash counts as nothing found
            outs.append("")
    return outs, time.process_time() - started


def pipeline_fn(names: list[str] | None) -> CleanFn:
    """A clean function over cleankit's chain ``names`` (None: the default chain)."""
    from cleankit import Pipeline

    pipe = Pipeline.build(names)

    def clean(text: str) -> str:
        return pipe.clean(text, html=False).text

    return clean


def systems() -> list[tuple[str, CleanFn, list[str] | None]]:
    """The rows of the table: no cleaning, the default chain, boilerplate alone (with their chains)."""
    return [
        ("no cleaning", lambda t: t, []),
        ("default chain", pipeline_fn(None), None),
        ("boilerplate+layout", pipeline_fn(["boilerplate", "layout"]), ["boilerplate", "layout"]),
    ]


def turku_results(names: list[str] | None, docs: list[LabelledDoc]) -> list[Any]:
    """The full cleankit results (with edit records) of chain ``names`` on the turku-fr documents."""
    from cleankit import Pipeline

    pipe = Pipeline.build(names)
    return [pipe.clean(d.text, html=False) for d in docs]


def cleaner_speed(texts: list[str], name: str = "boilerplate", repeats: int = 3) -> float:
    """MB/s of one cleaner's ``clean`` alone (no runner): bytes / CPU seconds, best of ``repeats``."""
    from cleankit.document import DocumentView, Origin, empty_metadata
    from cleankit.plugins import load_registry

    registry = load_registry()
    cleaner = registry.cleaners[name].cls()
    views = [DocumentView.of(t, empty_metadata(), Origin()) for t in texts]
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        for v in views:
            cleaner.clean(v)
        best = min(best, time.process_time() - started)
    return nbytes / 1e6 / best if best > 0 else float("inf")


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("data_dir")
    args = ap.parse_args(argv)
    pages = load_trafilatura(args.data_dir)
    docs = load_turku(args.data_dir)
    texts = [p.text for p in pages]
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    print(f"trafilatura text dumps: {len(pages)} pages, {nbytes / 1e6:.2f} MB; turku-fr: {len(docs)} docs")
    head = (
        f"{'system':<20} {'P':>6} {'R':>6} {'F1':>6} | {'fr P':>6} {'fr R':>6} {'fr F1':>6} | "
        f"{'MB/s':>6} | {'tk keepR':>8} {'noiseP':>6} {'noiseR':>6} {'noiseF1':>7} | "
        f"{'ed keepR':>8} {'noiseP':>6} {'noiseR':>6} {'noiseF1':>7}"
    )
    print(head)
    print("-" * len(head))
    chain_removals: dict[str, tuple[int, int]] = {}
    for name, fn, names in systems():
        outs, cpu = run_system(fn, texts)
        tr = score_trafilatura(outs, pages)
        a, fr = tr["all"], tr.get("fr", PRF())
        mbs = nbytes / 1e6 / cpu if cpu > 0 else float("inf")
        touts, _ = run_system(fn, [d.text for d in docs])
        tk = score_turku(touts, docs)
        if names == []:
            ed = LineScores(keep_kept=tk.keep_kept, noise_kept=tk.noise_kept)
        else:
            results = turku_results(names, docs)
            ed = score_turku_edits(results, docs)
            if names is None:
                chain_removals = removals_by_cleaner(results, docs)
        print(
            f"{name:<20} {a.precision:6.3f} {a.recall:6.3f} {a.f1:6.3f} | {fr.precision:6.3f} {fr.recall:6.3f} "
            f"{fr.f1:6.3f} | {mbs:6.1f} | {tk.keep_recall:8.3f} {tk.noise_precision:6.3f} "
            f"{tk.noise_recall:6.3f} {tk.noise_f1:7.3f} | {ed.keep_recall:8.3f} {ed.noise_precision:6.3f} "
            f"{ed.noise_recall:6.3f} {ed.noise_f1:7.3f}"
        )
    print("turku-fr lines removed by each cleaner of the default chain (edit records): keep / noise")
    for cname, (keep, noise) in chain_removals.items():
        print(f"  {cname:<14} {keep:5d} / {noise:5d}")
    print(f"boilerplate cleaner alone (clean() only, best of 3): {cleaner_speed(texts):.1f} MB/s")
    print("MB/s: bytes of the dumps / CPU seconds (time.process_time); table rows include the runner.")
    print("turku-fr 'tk': by line presence: a line is kept when it is still a whole line of the output")
    print("(white space collapsed, aligned in order with difflib; a repaired line counts as removed).")
    print("turku-fr 'ed': by edit records: a line is removed when removal edits cover >= half of its")
    print("non-space characters (repairs and other rewrites are not removals).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
