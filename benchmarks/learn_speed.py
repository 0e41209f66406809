"""How long learning a site takes: 1,000 pages of a portal site, each with its own article text.

    python benchmarks/learn_speed.py ../shared/eval/portal [--site bbc.co.uk_news] [--pages 1000]

The pages are built from the site's real text dumps: page k is dump k mod N with every line of
its article (the lines found in gold/) replaced by the same words shuffled with seed k, so the
furniture is the site's own and no two pages share their article text. Prints CPU time
(time.process_time) for reading nothing (pages are in memory), mining, the filters and the
chain check, and the whole learn_site call. Goal (issue 18): under a minute on one core.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from cleankit.learn import FilterOptions, MineOptions, Page, learn_site, mine


def varied_pages(root: Path, site: str, count: int) -> list[Page]:
    dumps = sorted((root / "text").glob(f"{site}_*.txt"))
    if not dumps:
        raise SystemExit(f"{root / 'text'}: no pages of {site}")
    bases = []
    for p in dumps:
        gold = {" ".join(l.split()) for l in (root / "gold" / p.name).read_text(encoding="utf-8").splitlines() if l.strip()}
        bases.append((p.read_text(encoding="utf-8").split("\n"), gold))
    pages = []
    for k in range(count):
        lines, gold = bases[k % len(bases)]
        rng = random.Random(k)
        out = []
        for line in lines:
            if " ".join(line.split()) in gold:
                words = line.split()
                rng.shuffle(words)
                line = " ".join(words)
            out.append(line)
        pages.append(Page(f"{site}-{k}.txt", "\n".join(out)))
    return pages


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("portal", type=Path)
    ap.add_argument("--site", action="append", help="site prefix (default: both portal sites)")
    ap.add_argument("--pages", type=int, default=1000)
    a = ap.parse_args()
    sites = a.site or ["bbc.co.uk_news", "blogs.wsj.com_brussels"]
    print("| site | pages | MB | mining CPU s | learn_site CPU s (mining, filters, chain on 40 pages) | rules | goal < 60 s |")
    print("|---|---|---|---|---|---|---|")
    for site in sites:
        pages = varied_pages(a.portal, site, a.pages)
        mb = sum(len(p.text.encode("utf-8")) for p in pages) / 1e6
        t0 = time.process_time()
        mine(pages, MineOptions())
        t1 = time.process_time()
        learned = learn_site(pages, "bench", filter_options=FilterOptions())
        t2 = time.process_time()
        print(f"| {site} | {len(pages)} | {mb:.1f} | {t1 - t0:.1f} | {t2 - t1:.1f} | {len(learned.ruleset.rules)} | "
              f"{'met' if t2 - t1 < 60 else 'NOT met'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
