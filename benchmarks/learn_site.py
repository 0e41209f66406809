"""Learned site plugins on the portal pages: learn from the odd-numbered pages, score the even ones.

    python benchmarks/learn_site.py ../shared/eval/portal [--min-share 0.5 0.6 ...]

For each site (the file-name prefix before ``_NN``), rules are learned from the text dumps of
the odd-numbered pages; the even-numbered dumps are cleaned by the built-in chain alone and by
the chain plus the learned plugin, and scored against ``gold/`` with word precision, recall
and F1 (lower-case ``\\w+`` tokens as multisets, summed over pages; ../shared/eval/README.md).
Goal (issue 18): precision +0.02 over the chain alone, recall down by at most 0.005.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from cleankit import cleaners as builtin_plugin
from cleankit.learn import MineOptions, learn_site, read_pages, write_rules
from cleankit.rules import rules_cleaner
from cleankit.runner import Pipeline
from cleankit.testing import ClassPlugin

WORD = re.compile(r"\w+")
SITE = re.compile(r"(.+)_(\d+)\.txt$")


def words(text: str) -> Counter[str]:
    return Counter(WORD.findall(text.lower()))


def score(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for out, gold in pairs:
        o, g = words(out), words(gold)
        common = sum((o & g).values())
        tp += common
        fp += sum(o.values()) - common
        fn += sum(g.values()) - common
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def sites(root: Path) -> dict[str, list[tuple[int, Path]]]:
    out: dict[str, list[tuple[int, Path]]] = {}
    for p in sorted((root / "text").glob("*.txt")):
        m = SITE.match(p.name)
        if m:
            out.setdefault(m.group(1), []).append((int(m.group(2)), p))
    return out


def run(root: Path, min_share: float, tmp: Path) -> list[tuple]:
    chain = Pipeline.build(entry_points=False, plugins=[builtin_plugin])
    rows = []
    for site, files in sites(root).items():
        learn_from = [p for n, p in files if n % 2 == 1]
        test = [p for n, p in files if n % 2 == 0]
        started = time.process_time()
        learned = learn_site(read_pages(learn_from), site.replace(".", "_"), mine_options=MineOptions(min_share=min_share))
        took = time.process_time() - started
        rules_path = tmp / f"{site}-{min_share}.toml"
        write_rules(learned.ruleset, rules_path)
        cls = rules_cleaner("learned", rules_path)
        with_plugin = Pipeline.build(entry_points=False, plugins=[builtin_plugin, ClassPlugin(cls)])
        base, plus, applied = [], [], 0
        for p in test:
            text = p.read_text(encoding="utf-8")
            gold = (root / "gold" / p.name).read_text(encoding="utf-8")
            base.append((chain.run(text, _origin(p)).text, gold))
            res = with_plugin.run(text, _origin(p))
            applied += any(e.cleaner == "learned" for e in res.edits)
            plus.append((res.text, gold))
        active = len(learned.ruleset.active)
        review = sum(r.review for r in learned.ruleset.active)
        rows.append((site, min_share, len(learn_from), len(test), active, review,
                     applied, score(base), score(plus), took))
    return rows


def _origin(p: Path):
    from cleankit import Origin

    return Origin(path=str(p))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("portal", type=Path, help="the portal folder (text/, gold/)")
    ap.add_argument("--min-share", type=float, nargs="+", default=[MineOptions().min_share])
    a = ap.parse_args()
    if not (a.portal / "text").is_dir() or not (a.portal / "gold").is_dir():
        print(f"{a.portal}: no text/ and gold/ folders here", file=sys.stderr)
        return 2
    print("| site | min share | learn / test pages | rules (active / of them marked review) | test pages changed | "
          "chain P / R / F1 | chain + learned P / R / F1 | ΔP | ΔR | learn CPU s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for share in a.min_share:
            for site, s, nl, nt, act, rev, applied, b, p, took in run(a.portal, share, Path(tmp)):
                print(f"| {site} | {s} | {nl} / {nt} | {act} / {rev} | {applied} of {nt} | "
                      f"{b[0]:.3f} / {b[1]:.3f} / {b[2]:.3f} | {p[0]:.3f} / {p[1]:.3f} / {p[2]:.3f} | "
                      f"{p[0] - b[0]:+.3f} | {p[1] - b[1]:+.3f} | {took:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
