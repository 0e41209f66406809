"""Learning a site's furniture: mining, filtering, the package it writes, re-learning, the command."""
from __future__ import annotations

import importlib
import importlib.util
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cleankit import DocumentView, Origin
from cleankit.document import empty_metadata
from cleankit.learn import MineOptions, content_like, learn_site, mine, read_pages
from cleankit.learn.package import rules_path, write_package
from cleankit.rules import load_rules, rules_cleaner

from _shared import shared_dir

CLEANKIT = str(Path(sys.executable).with_name("cleankit"))


SENTENCES = [
    "Le conseil municipal a présenté mardi son projet de budget aux habitants.",
    "Trois écoles du quartier nord seront rénovées avant la rentrée.",
    "La nouvelle ligne de bus desservira la gare dès le mois prochain.",
    "Les commerçants du marché couvert réclament un parking plus grand.",
    "Un incendie a détruit un entrepôt agricole dans la nuit de dimanche.",
    "Le club de football local accède pour la première fois à la division supérieure.",
    "Une exposition consacrée aux peintres de la vallée ouvre samedi au musée.",
    "Les travaux sur le pont principal devraient durer jusqu'à l'automne.",
    "La médiathèque prolonge ses horaires d'ouverture pendant les vacances.",
    "Des bénévoles ont nettoyé les berges de la rivière ce week-end.",
    "Le festival de musique a accueilli plus de dix mille spectateurs.",
    "La préfecture annonce des restrictions d'eau pour tout le département.",
    "Un nouveau médecin s'installe dans la maison de santé du village.",
    "Les élèves du lycée ont remporté le concours régional de robotique.",
    "La fromagerie familiale fête ses cent ans avec une journée portes ouvertes.",
    "Le maire a inauguré la piste cyclable qui relie les deux communes.",
    "Les pompiers rappellent les consignes de prudence face aux fortes chaleurs.",
    "Une pétition contre la fermeture de la poste a réuni mille signatures.",
    "Le centre aquatique rouvre après deux ans de travaux.",
    "Les vendanges commencent avec une semaine d'avance cette année.",
]


def article(i: int) -> str:
    """A different article body for page ``i``: no body line recurs across pages."""
    n = len(SENTENCES)
    return f"{SENTENCES[(2 * i) % n]}\n\n{SENTENCES[(2 * i + 1) % n]}\n"


def site_page(i: int) -> str:
    return (
        "Le Courrier du Val\n"
        "Accueil\nPolitique\nSport\nCulture\nÉconomie\n\n"
        f"Titre de l'article {i}\n"
        f"{i % 28 + 1} Mars 2024 {i % 24:02d}:{i % 60:02d}\n"
        f"Publié dans Rubrique {['Ville', 'Région', 'Monde'][i % 3]} par la rédaction\n\n"
        + article(i)
        + "\nLe Courrier du Val, 12 rue des Lilas\nMentions légales\nPlan du site\nNous contacter\n"
    )


def pages_of(n: int):
    from cleankit.learn import Page

    return [Page(f"p{i}.txt", site_page(i), f"https://www.courrier-val.example/a/{i}") for i in range(n)]


def rule_for(rules, pattern):
    return next((r for r in rules if r.pattern == pattern or (isinstance(r.pattern, list) and pattern in r.pattern)), None)


# -- mining and filtering ---------------------------------------------------------------------


def test_mining_finds_lines_normalised_lines_patterns_and_sequences():
    rules = mine(pages_of(8))
    kinds = {r.kind for r in rules}
    assert {"exact", "normalised", "pattern", "header", "footer"} <= kinds
    site = rule_for(rules, "Le Courrier du Val")
    assert site.metadata == {"site": "Le Courrier du Val"} and site.pages == 8
    assert rule_for(rules, "{n} {month} {n} {n}:{n}").kind == "normalised"
    assert rule_for(rules, "Publié dans Rubrique {*} par la rédaction").kind == "pattern"
    assert rule_for(rules, "Accueil").kind == "header"
    assert rule_for(rules, "Plan du site").kind == "footer"
    for r in rules:  # two examples from distinct pages, never article text
        assert len(r.examples) == 2 and not any(e in SENTENCES for e in r.examples)


def test_a_line_repeated_within_one_page_is_not_learned():
    from cleankit.learn import Page

    pages = [Page(f"p{i}", f"Top\n{article(i)}Bottom\n") for i in range(4)]
    pages[0] = Page("p0", "Top\n" + "Une phrase répétée dans un seul article.\n" * 5 + "Bottom\n")
    keys = {r.pattern if isinstance(r.pattern, str) else tuple(r.pattern) for r in mine(pages)}
    assert all("répétée" not in str(k) for k in keys)


def test_thresholds_are_options():
    pages = pages_of(10)
    pages[:6] = [p.__class__(p.source, p.text.replace("Mentions légales\n", ""), p.url) for p in pages[:6]]
    assert rule_for(mine(pages, MineOptions(min_share=0.3)), "Mentions légales") is not None
    assert rule_for(mine(pages, MineOptions(min_share=0.5)), "Mentions légales") is None


def test_content_like_lines_are_left_out_or_marked_for_review():
    assert content_like("Le conseil municipal a voté mardi le budget de la ville pour l'année prochaine.")
    assert not content_like("Politique")
    assert not content_like("Real Time Brussels HOME PAGE")
    quote = "« Nous ne laisserons personne de côté dans cette crise », a déclaré le ministre ce matin."
    from cleankit.learn import Page

    shared = [Page(f"q{i}", site_page(i).replace("Mentions légales", quote) if i < 3 else site_page(i)) for i in range(10)]
    learned = learn_site(shared, "val", mine_options=MineOptions(min_share=0.3), use_chain=False)
    assert all(quote not in str(r.pattern) for r in learned.ruleset.rules)  # on 3 of 10 pages: left out
    assert any(quote in str(r.pattern) and "article text" in r.note for r in learned.left_out)
    everywhere = [Page(f"q{i}", site_page(i).replace("Mentions légales", quote)) for i in range(10)]
    learned = learn_site(everywhere, "val", use_chain=False)
    flagged = [r for r in learned.ruleset.rules if quote in str(r.pattern)]
    assert flagged and all(r.review for r in flagged)  # on every page: learned, but for a person to check


def test_what_the_chain_already_removes_is_left_out():
    from cleankit.learn import Page

    pages = [Page(f"p{i}", site_page(i) + "Loading...\nPartager sur Facebook\n") for i in range(6)]
    learned = learn_site(pages, "courrier_val")  # no URL: the name tells which line names the site
    patterns = {str(r.pattern) for r in learned.ruleset.rules}
    assert "Loading..." not in patterns and "Partager sur Facebook" not in patterns
    assert any(r.pattern == "Loading..." and "chain" in r.note for r in learned.left_out)
    assert "Le Courrier du Val" in patterns


# -- Lagazette: the learned plugin replaces the hand-written one ---------------------------------


def _seeds():
    shared = shared_dir()
    if shared is None:
        pytest.skip("../shared is not next to this checkout")
    raw = shared / "seeds" / "raw"
    seeds = {s: next(raw.glob(f"{s}_*.txt")) for s in ("001", "002", "004")}
    spec = importlib.util.spec_from_file_location("check_seeds", shared / "tools" / "check_seeds.py")
    check_seeds = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check_seeds)
    return seeds, json.loads((shared / "seeds" / "expectations.json").read_text(encoding="utf-8")), check_seeds


def _learned_module(tmp_path: Path, seeds: list[Path], name: str, monkeypatch):
    """Learn from ``seeds``, write the package, and import it from its folder (no install)."""
    learned = learn_site(read_pages(seeds), name)
    target = write_package(learned, read_pages(seeds), tmp_path).target
    monkeypatch.syspath_prepend(str(target / "src"))
    for mod in [m for m in sys.modules if m.startswith(f"cleankit_{name}")]:
        monkeypatch.delitem(sys.modules, mod)
    return importlib.import_module(f"cleankit_{name}")


def _pipeline(module):
    from cleankit import Pipeline

    return Pipeline.build(plugins=[module], disable_plugins=["lagazette"])


FULL = ("keep", "remove", "remove_lines", "once", "metadata", "no_metadata")


def test_lagazette_learned_from_three_seeds_meets_every_expectation(tmp_path, monkeypatch):
    seeds, expectations, check_seeds = _seeds()
    module = _learned_module(tmp_path, list(seeds.values()), "gazette_learned", monkeypatch)
    pipeline = _pipeline(module)
    assert "lagazette" not in pipeline.chain.names and "gazette_learned" in pipeline.chain.names
    for path in seeds.values():
        result = pipeline.clean_file(path)
        exp = {k: v for k, v in expectations[path.name].items() if k in FULL}
        assert check_seeds.check(exp, result.to_dict()) == [], path.name
        assert any(e.cleaner == "gazette_learned" for e in result.edits)


@pytest.mark.parametrize("held_out", ["001", "002", "004"])
def test_lagazette_leave_one_out(tmp_path, held_out, monkeypatch):
    seeds, expectations, check_seeds = _seeds()
    learn = [p for s, p in seeds.items() if s != held_out]
    pipeline = _pipeline(_learned_module(tmp_path, learn, "gazette_loo", monkeypatch))
    path = seeds[held_out]
    exp = {k: v for k, v in expectations[path.name].items() if k in ("keep", "remove", "remove_lines")}
    assert check_seeds.check(exp, pipeline.clean_file(path).to_dict()) == []


# -- isolation: a learned plugin leaves other sites' pages alone ----------------------------------


def _other_site_dumps() -> list[Path]:
    shared = shared_dir()
    if shared is None:
        return []
    out = []
    for folder in ("trafilatura", "wcxb"):
        d = shared / "eval" / folder / "text"
        out += sorted(p for p in d.glob("*") if p.is_file()) if d.is_dir() else []
    return out


def test_learned_plugins_never_touch_other_sites_pages(tmp_path):
    dumps = _other_site_dumps()
    shared = shared_dir()
    if not dumps or not (shared / "eval" / "portal" / "text").is_dir():
        pytest.skip("../shared/eval (trafilatura, wcxb, portal) is not here")
    portal = shared / "eval" / "portal" / "text"
    sites = {
        "lagazette": sorted((shared / "seeds" / "raw").glob("00[124]_*.txt")),
        "bbc": sorted(portal.glob("bbc.co.uk_news_*.txt")),
        "wsj": sorted(portal.glob("blogs.wsj.com_brussels_*.txt")),
    }
    texts = [(p, p.read_text(encoding="utf-8", errors="replace")) for p in dumps]
    for name, files in sites.items():
        learned = learn_site(read_pages(files), name)
        (tmp_path / f"{name}.toml").write_text(__import__("cleankit.learn", fromlist=["dump_rules"]).dump_rules(learned.ruleset), encoding="utf-8")
        cleaner = rules_cleaner(name, tmp_path / f"{name}.toml")()
        assert learned.ruleset.active, name
        touched = [
            p.name for p, text in texts
            if (o := cleaner.clean(DocumentView.of(text, empty_metadata(), Origin()))).changes or o.metadata
        ]
        assert touched == [], f"{name} changed pages of other sites: {touched[:10]}"


# -- the package, re-learning, the command ---------------------------------------------------------


def test_generated_package_tests_pass(tmp_path):
    target = write_package(learn_site(pages_of(8), "val"), pages_of(8), tmp_path).target
    rules = tomllib.loads(rules_path(target, "val").read_text(encoding="utf-8"))
    assert rules["site"]["hosts"] == ["courrier-val.example"]
    for rule in rules["rule"]:
        assert {"id", "kind", "pattern", "pages", "examples"} <= set(rule)
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert all(f"`{r['id']}`" in readme for r in rules["rule"])
    assert list((target / "tests" / "samples").glob("*.expected.json"))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=target,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout


def test_relearning_keeps_edits_and_deletions(tmp_path):
    pages = pages_of(8)
    target = write_package(learn_site(pages, "val"), pages, tmp_path).target
    path = rules_path(target, "val")
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    by_pattern = {str(r["pattern"]): r["id"] for r in data["rule"]}
    deleted_id = by_pattern["Mentions légales"] if "Mentions légales" in by_pattern else next(
        r["id"] for r in data["rule"] if r["kind"] == "footer")
    # the person deletes one rule, disables another and edits a third
    blocks = text.split("\n[[rule]]\n")
    blocks = [b for b in blocks if f'id = "{deleted_id}"' not in b]
    edited = "\n[[rule]]\n".join(blocks)
    edited = edited.replace('pattern = "Le Courrier du Val"', 'pattern = "Le Courrier du Val"\ndisabled = true')
    edited = edited.replace('pattern = "Publié dans Rubrique {*} par la rédaction"', 'pattern = "Publié dans Rubrique {*}"')
    path.write_text(edited, encoding="utf-8")
    report = write_package(learn_site(pages, "val"), pages, tmp_path).merge
    after = load_rules(path)
    ids = {r.id for r in after.rules}
    assert deleted_id not in ids and deleted_id in after.deleted
    assert report.newly_deleted == [deleted_id]
    site = next(r for r in after.rules if r.metadata.get("site"))
    assert site.disabled
    assert any(r.pattern == "Publié dans Rubrique {*}" for r in after.rules)
    assert not any(r.pattern == "Publié dans Rubrique {*} par la rédaction" for r in after.rules)
    # a third run still does not bring the deleted rule back
    report = write_package(learn_site(pages, "val"), pages, tmp_path).merge
    assert deleted_id in report.skipped_deleted and deleted_id not in {r.id for r in load_rules(path).rules}
    # rules that match none of the new pages are reported (and kept)
    other = [p.__class__(p.source, "\n".join(l for l in p.text.split("\n") if not l.startswith("Publié")), p.url)
             for p in pages]
    report = write_package(learn_site(other, "val"), other, tmp_path).merge
    assert [r.pattern for r in report.no_longer_match] == ["Publié dans Rubrique {*}"]
    assert any(r.pattern == "Publié dans Rubrique {*}" for r in load_rules(path).rules)


def _write_pages(folder: Path, n: int) -> Path:
    folder.mkdir()
    with (folder / "pages.jsonl").open("w", encoding="utf-8") as fh:
        for p in pages_of(n):
            fh.write(json.dumps({"url": p.url, "text": p.text}, ensure_ascii=False) + "\n")
    return folder / "pages.jsonl"


def test_dry_run_writes_nothing(tmp_path):
    src = _write_pages(tmp_path / "in", 6)
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.run([CLEANKIT, "learn-site", str(src), "--name", "val", "-o", str(out), "--dry-run"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "removes" in proc.stdout and "Le Courrier du Val" in proc.stdout and "nothing was written" in proc.stdout
    assert list(out.iterdir()) == []


def test_command_writes_the_package_and_reports_bad_input(tmp_path):
    src = _write_pages(tmp_path / "in", 6)
    bad = tmp_path / "in" / "broken.jsonl"
    bad.write_text('{"url": "x"}\nnot json\n', encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run(
        [CLEANKIT, "learn-site", str(src), str(bad), str(tmp_path / "missing.txt"), "--name", "val", "-o", str(out),
         "--hosts", "courrier-val.example"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 1  # the run went on, but said some input was bad
    assert "broken.jsonl:1: no text field" in proc.stderr and "broken.jsonl:2: not a JSON object" in proc.stderr
    assert "missing.txt: no such file or folder" in proc.stderr
    assert "created" in proc.stdout
    assert load_rules(rules_path(out / "cleankit-val", "val")).hosts == ["courrier-val.example"]
    proc = subprocess.run([CLEANKIT, "learn-site", str(src), "--name", "val", "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "updated" in proc.stdout, proc.stderr
    proc = subprocess.run([CLEANKIT, "learn-site", str(src), "--name", "Not A Name"], capture_output=True, text=True)
    assert proc.returncode != 0 and "not usable" in proc.stderr


def test_the_site_name_line_must_spell_the_sites_name():
    from cleankit.learn.mine import names_site

    assert names_site("Lagazette", ["lagazette.az"]) and names_site("Le Courrier du Val", ["courrier_val"])
    assert not names_site("Accessibility links", ["bbc", "bbc.co.uk"])
    rules = mine([p.__class__(p.source, p.text) for p in pages_of(6)], names=["other"])  # no URL, another name
    assert not any(r.metadata for r in rules)


def test_pages_are_read_from_html_text_and_jsonl(tmp_path):
    html = tmp_path / "a.html"
    html.write_text('<html><head><link rel="canonical" href="https://www.site.example/a"></head>'
                    "<body><p>Le Courrier du Val</p><p>Bonjour</p></body></html>", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Le Courrier du Val\nSalut\n", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"url": "https://site.example/c", "html": "<p>Un</p><p>Deux</p>"}) + "\n",
                                      encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a page", encoding="utf-8")  # other suffixes in folders are skipped
    pages = {Path(p.source.split(":")[0]).name: p for p in read_pages([tmp_path])}
    assert sorted(pages) == ["a.html", "b.txt", "c.jsonl"]
    assert pages["a.html"].url == "https://www.site.example/a" and "Bonjour" in pages["a.html"].text
    assert "<p>" not in pages["a.html"].text and pages["b.txt"].url is None
    assert pages["c.jsonl"].url == "https://site.example/c" and "Deux" in pages["c.jsonl"].text
