"""The command line, through click's runner and as a real subprocess."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleankit.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, input: bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("Hello world.   \n\n\n\nBye.\n", encoding="utf-8")
    (root / "sub" / "b.txt").write_text("Deeper   \n", encoding="utf-8")
    (root / "sub" / "page.html").write_text("<html><body><p>Para one.</p><p>Para two.</p></body></html>", encoding="utf-8")
    (root / "skip.log").write_text("log line\n", encoding="utf-8")
    return root


def test_clean_folder_to_mirrored_output(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = run("clean", str(tree), "-o", str(out), "--exclude", "*.log", "-q")
    assert res.exit_code == 0, res.output
    assert (out / "a.txt").read_text(encoding="utf-8") == "Hello world.\n\nBye.\n"
    assert (out / "sub" / "b.txt").read_text(encoding="utf-8") == "Deeper\n"
    assert (out / "sub" / "page.txt").read_text(encoding="utf-8") == "Para one.\nPara two.\n"
    assert not (out / "skip.log").exists()
    assert (tree / "a.txt").read_text(encoding="utf-8") == "Hello world.   \n\n\n\nBye.\n"


def test_jsonl_keys_and_sources(tree: Path) -> None:
    res = run("clean", str(tree), "--format", "jsonl", "--include", "*.txt")
    assert res.exit_code == 0
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["source"] for r in rows] == [os.path.join(str(tree), "a.txt"), os.path.join(str(tree), "sub/b.txt")]
    for row in rows:
        assert {"source", "text", "metadata", "edits"} <= set(row)
        assert {"start", "end", "cleaner", "reason", "removed", "replacement"} <= set(row["edits"][0])


def test_json_format_is_one_array(tree: Path) -> None:
    res = run("clean", str(tree / "a.txt"), str(tree / "sub" / "b.txt"), "--format", "json")
    data = json.loads(res.stdout)
    assert [d["text"] for d in data] == ["Hello world.\n\nBye.", "Deeper"]


def test_stdin(tree: Path) -> None:
    res = run("clean", "-", "--format", "jsonl", input=b"from stdin   \n")
    row = json.loads(res.stdout)
    assert row["source"] == "-" and row["text"] == "from stdin"


def test_bad_inputs_are_reported_and_run_goes_on(tree: Path, tmp_path: Path) -> None:
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 50)
    missing = tmp_path / "missing.txt"
    res = run("clean", str(binary), str(missing), str(tree / "a.txt"), "--format", "jsonl")
    assert res.exit_code == 1
    assert f"{binary}: binary file" in res.stderr
    assert f"{missing}: no such file" in res.stderr
    assert "1 cleaned, 1 skipped, 1 failed" in res.stderr
    assert json.loads(res.stdout)["text"] == "Hello world.\n\nBye."


def test_in_place_replaces_atomically_and_only_when_asked(tree: Path) -> None:
    target = tree / "a.txt"
    res = run("clean", str(target), "--in-place", "-q")
    assert res.exit_code == 0
    assert target.read_text(encoding="utf-8") == "Hello world.\n\nBye.\n"
    assert [p.name for p in tree.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_existing_different_output_needs_overwrite(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("precious\n", encoding="utf-8")
    res = run("clean", str(tree / "a.txt"), "-o", str(out))
    assert res.exit_code == 1 and "exists and differs" in res.stderr
    assert (out / "a.txt").read_text(encoding="utf-8") == "precious\n"
    assert run("clean", str(tree / "a.txt"), "-o", str(out), "--overwrite").exit_code == 0
    assert (out / "a.txt").read_text(encoding="utf-8") == "Hello world.\n\nBye.\n"


def test_chain_and_plugins_commands() -> None:
    res = run("plugins", "--json")
    rows = json.loads(res.stdout)
    builtin = [r for r in rows if r["name"] == "cleankit"][0]
    assert "layout" in builtin["cleaners"] and builtin["version"]
    chain = json.loads(run("chain", "--json").stdout)
    assert chain[-1]["cleaner"] == "layout" and chain[-1]["plugin"] == "cleankit"
    text = run("chain").stdout
    assert "layout" in text and "cleankit" in text


def test_unknown_chain_name_is_a_clear_error() -> None:
    res = CliRunner().invoke(cli, ["chain", "--chain", "layuot"])
    assert res.exit_code != 0 and "did you mean layout" in res.output


def test_config_file_in_current_folder(tmp_path: Path, tree: Path) -> None:
    (tmp_path / "cleankit.toml").write_text('disable = ["layout"]\n', encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        res = run("clean", str(tree / "sub" / "b.txt"))
    finally:
        os.chdir(cwd)
    assert "Deeper   " in res.stdout


def test_real_subprocess_and_fast_help(tree: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-m", "cleankit", "clean", str(tree / "a.txt"), "--format", "jsonl"],
                          capture_output=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["text"] == "Hello world.\n\nBye."
    probe = ("import sys, cleankit.cli; "
             "print(sorted(m for m in ('bs4', 'ftfy', 'chardet') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert loaded.stdout.strip() == "[]", "heavy modules imported at start-up"
