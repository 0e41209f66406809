"""Reliability: bad input, faulty plugins, runaway cleaners, interruptions, nothing lost.

Everything runs the real command line in a subprocess on real files. The faulty plugin is a real
distribution (package + ``.dist-info`` with an entry point) put on the subprocess's path, so it is
found through entry-point discovery like any installed plugin.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FAULTY_PLUGIN = '''
import re
from cleankit import Change, Cleaner, Outcome, hookimpl


class Raises(Cleaner):
    name = "faulty_raises"
    enabled_by_default = False
    reasons = {"x": "x"}

    def clean(self, doc):
        if "TRIGGER" in doc.text:
            raise RuntimeError("plugin bug")
        return Outcome()


class WrongType(Cleaner):
    name = "faulty_type"
    enabled_by_default = False
    reasons = {"x": "x"}

    def clean(self, doc):
        return "not an outcome" if "TRIGGER" in doc.text else Outcome()


class BadPositions(Cleaner):
    name = "faulty_positions"
    enabled_by_default = False
    reasons = {"x": "x"}

    def clean(self, doc):
        if "TRIGGER" in doc.text:
            return Outcome([Change(5, len(doc.text) + 100, "x")])
        return Outcome()


class Backtracks(Cleaner):
    name = "faulty_backtracks"
    enabled_by_default = False
    reasons = {"x": "x"}

    def clean(self, doc):
        re.search(r"(a+)+$", doc.text)
        return Outcome()


@hookimpl
def register_cleaners(register):
    for cls in (Raises, WrongType, BadPositions, Backtracks):
        register(cls)
'''


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    (site / "cleankit_faulty").mkdir()
    (site / "cleankit_faulty" / "__init__.py").write_text(FAULTY_PLUGIN, encoding="utf-8")
    info = site / "cleankit_faulty-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: cleankit-faulty\nVersion: 0.1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[cleankit]\nfaulty = cleankit_faulty\n", encoding="utf-8")
    (info / "top_level.txt").write_text("cleankit_faulty\n", encoding="utf-8")
    return site


def cleankit(*args: str, site: Path | None = None, timeout: float = 120, cwd: Path | None = None
             ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CLEANKIT_DISABLE_PLUGINS"}
    paths = [str(ROOT / "src")] + ([str(site)] if site else [])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return subprocess.run([sys.executable, "-m", "cleankit", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=cwd)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    (root / "good.txt").write_text("Un article tout à fait normal.\n\nAvec deux paragraphes.\n", encoding="utf-8")
    (root / "trigger.txt").write_text("Ce document TRIGGER le bogue du greffon.\n", encoding="utf-8")
    return root


# -- bad input ---------------------------------------------------------------------------------

def test_bad_inputs_each_get_a_named_reason_and_the_run_goes_on(tmp_path: Path) -> None:
    files = {
        "binary.bin": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20,
        "nul.txt": b"text\x00\x00\x00" * 500,
        "empty.txt": b"",
        "big.txt": b"x" * 5000,
        "cp1252.txt": "Le ministère a déclaré mardi qu'il était prêt.".encode("cp1252"),
        "mixed.txt": ("Déjà été là, à Noël. " * 20).encode("utf-8") + " café crème.".encode("cp1252"),
        "utf16.txt": "Un texte en UTF-16 avec un accent é.".encode("utf-16"),
        "oneline.txt": ("mot " * 1_000_000).encode("ascii"),
        "deep.html": ("<html><body>" + "<div>" * 20000 + "profond" + "</div>" * 20000).encode("ascii"),
        "broken.html": b"<html><body><p>ouvert <b>jamais <i>ferm\xc3\xa9 <table><tr><td>cellule</p></div></span>",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    missing = tmp_path / "missing.txt"
    args = [str(tmp_path / n) for n in files] + [str(missing)]
    proc = cleankit("clean", *args, "--format", "jsonl", "--max-bytes", "3000000", "-j", "1")
    assert proc.returncode == 1
    err = proc.stderr
    assert f"{tmp_path / 'binary.bin'}: binary" in err
    assert f"{tmp_path / 'nul.txt'}: binary" in err
    assert f"{tmp_path / 'oneline.txt'}: file of 4000000 bytes is over the limit" in err
    assert f"{missing}: no such file" in err
    out = {Path(r["source"]).name: r for r in map(json.loads, proc.stdout.splitlines())}
    assert out["empty.txt"]["text"] == ""
    assert out["cp1252.txt"]["text"] == "Le ministère a déclaré mardi qu'il était prêt."
    assert out["mixed.txt"]["text"].endswith("café crème.")
    assert out["mixed.txt"]["metadata"]["encoding_notes"]  # the record says it was a best effort
    assert out["utf16.txt"]["text"] == "Un texte en UTF-16 avec un accent é."
    assert out["deep.html"]["text"] == "profond"
    assert "cellule" in out["broken.html"]["text"] and "fermé" in out["broken.html"]["text"]
    assert "cleaned" in err.splitlines()[-1] and "skipped" in err.splitlines()[-1]


def test_a_line_of_many_megabytes_is_cleaned(tmp_path: Path) -> None:
    big = tmp_path / "long.txt"
    big.write_bytes(("Un mot, puis un autre. " * 400_000).encode("utf-8"))  # ~9 MB on one line
    started = time.monotonic()
    proc = cleankit("clean", str(big), "--format", "jsonl", "-j", "1", timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["text"]) > 9_000_000
    assert time.monotonic() - started < 240


# -- faulty plugins ----------------------------------------------------------------------------

@pytest.mark.parametrize("cleaner,reason", [
    ("faulty_raises", "raised RuntimeError: plugin bug"),
    ("faulty_type", "returned str, expected Outcome"),
    ("faulty_positions", "impossible position"),
])
def test_faulty_cleaner_is_named_and_skipped(plugin_path: Path, corpus: Path, cleaner: str, reason: str) -> None:
    proc = cleankit("clean", str(corpus), "--enable", cleaner, "--format", "jsonl", "-j", "1", site=plugin_path)
    rows = {Path(r["source"]).name: r for r in map(json.loads, proc.stdout.splitlines())}
    error = rows["trigger.txt"]["errors"][0]
    assert error["cleaner"] == cleaner and error["plugin"] == "cleankit-faulty"
    assert reason in error["reason"]
    assert rows["trigger.txt"]["text"] == "Ce document TRIGGER le bogue du greffon."
    assert rows["good.txt"]["errors"] == []


def test_quarantine_sends_the_document_aside(plugin_path: Path, corpus: Path, tmp_path: Path) -> None:
    out, aside = tmp_path / "out", tmp_path / "aside"
    proc = cleankit("clean", str(corpus), "--enable", "faulty_raises", "--on-error", "quarantine",
                    "-o", str(out), "--flagged", str(aside), "--on-flag", "drop", "-j", "1", site=plugin_path)
    assert proc.returncode == 3, proc.stderr  # written, but some documents need a look
    assert "1 flagged" in proc.stderr
    assert (out / "good.txt").is_file() and not (out / "trigger.txt").exists()
    assert (aside / "trigger.txt").read_text(encoding="utf-8") == "Ce document TRIGGER le bogue du greffon.\n"
    record = json.loads((aside / "trigger.txt.flags.json").read_text(encoding="utf-8"))
    assert record["flags"] == ["quarantine"] and record["errors"][0]["cleaner"] == "faulty_raises"
    assert not (aside / "good.txt").exists()


def test_stop_policy_names_the_plugin_and_leaves_no_partial_output(plugin_path: Path, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = cleankit("clean", str(corpus), "--enable", "faulty_raises", "--on-error", "raise", "-o", str(out),
                    "-j", "1", site=plugin_path)
    assert proc.returncode != 0
    assert "faulty_raises" in proc.stderr and "cleankit-faulty" in proc.stderr and "trigger.txt" in proc.stderr
    leftovers = [p for p in out.rglob("*") if p.is_file() and ".tmp" in p.name] if out.exists() else []
    assert leftovers == []


def test_runaway_cleaner_is_stopped_by_the_time_limit(plugin_path: Path, tmp_path: Path) -> None:
    doc = tmp_path / "aaaa.txt"
    doc.write_text("a" * 40 + "!\n", encoding="utf-8")
    ok = tmp_path / "ok.txt"
    ok.write_text("Rien à signaler.\n", encoding="utf-8")
    started = time.monotonic()
    proc = cleankit("clean", str(doc), str(ok), "--enable", "faulty_backtracks", "--time-limit", "0.5",
                    "--format", "jsonl", "-j", "1", site=plugin_path)
    assert time.monotonic() - started < 60
    rows = {Path(r["source"]).name: r for r in map(json.loads, proc.stdout.splitlines())}
    assert rows["aaaa.txt"]["errors"][0]["cleaner"] == "faulty_backtracks"
    assert "time limit" in rows["aaaa.txt"]["errors"][0]["reason"]
    assert rows["ok.txt"]["text"] == "Rien à signaler."


def test_a_plugin_that_fails_to_load_is_named_and_can_be_disabled(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "cleankit_broken").mkdir(parents=True)
    (site / "cleankit_broken" / "__init__.py").write_text("raise ImportError('missing dependency foo')\n")
    info = site / "cleankit_broken-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: cleankit-broken\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[cleankit]\nbroken = cleankit_broken\n")
    proc = cleankit("chain", site=site)
    assert proc.returncode != 0
    assert "broken" in proc.stderr and "cleankit-broken" in proc.stderr and "missing dependency foo" in proc.stderr
    assert cleankit("chain", "--disable-plugin", "broken", site=site).returncode == 0


# -- nothing lost ------------------------------------------------------------------------------

def test_in_place_only_when_asked(corpus: Path) -> None:
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    cleankit("clean", str(corpus), "--format", "jsonl", "-j", "1")
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == before
    proc = cleankit("clean", str(corpus / "good.txt"), "--in-place", "-j", "1")
    assert proc.returncode == 0, proc.stderr
    assert (corpus / "good.txt").read_text(encoding="utf-8") == "Un article tout à fait normal.\n\nAvec deux paragraphes.\n"
    assert sorted(p.name for p in corpus.iterdir()) == ["good.txt", "trigger.txt"]


# -- interruptions -----------------------------------------------------------------------------

def _make_corpus(root: Path, n: int) -> None:
    text = (ROOT / "samples" / "003_b871dbd73d675898.txt").read_text(encoding="utf-8")
    for i in range(n):
        sub = root / f"d{i % 10}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"doc{i:05d}.txt").write_text(text.replace("Haut-Karabakh", f"Haut-Karabakh {i}"), encoding="utf-8")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_run_leaves_no_partial_file_and_rerun_completes(tmp_path: Path, sig: signal.Signals) -> None:
    src, out, ref = tmp_path / "in", tmp_path / "out", tmp_path / "ref"
    _make_corpus(src, 1500)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "cleankit", "clean", str(src), "-o", str(out), "-j", "1",
                             "--shard-size", "64K", "-q"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.rglob("*.txt"))) < 50:
        time.sleep(0.05)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    written = list(out.rglob("*.txt"))
    assert 0 < len(written) < 1500, "the run was not interrupted midway"
    # every output file present is complete: identical to what an uninterrupted run writes
    assert cleankit("clean", str(src), "-o", str(ref), "-j", "1", "-q", timeout=300).returncode == 0
    for f in written:
        assert f.read_bytes() == (ref / f.relative_to(out)).read_bytes(), f
    rerun = cleankit("clean", str(src), "-o", str(out), "-j", "1", "-q", timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    got = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file() and ".cleankit" not in p.parts)
    want = sorted(p.relative_to(ref) for p in ref.rglob("*") if p.is_file() and ".cleankit" not in p.parts)
    assert got == want
    for rel in want:
        assert (out / rel).read_bytes() == (ref / rel).read_bytes()
