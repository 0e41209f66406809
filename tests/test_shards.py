"""Shards: a stable plan, completion markers, resuming a killed run, refusing another chain, job arrays."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleankit.cli import cli
from cleankit.io.files import iter_inputs
from cleankit.exec.plan import plan_shards

ROOT = Path(__file__).resolve().parents[1]
LINES = (
    "Accueil  \n\n\n\nLe conseil municipal a voté le budget primitif mardi soir.   \n"
    "The committee will meet again next week.\n\n\n\nPartager sur Facebook\n"
)


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def make_corpus(root: Path, files: int, jsonl: int = 0) -> Path:
    for i in range(files):
        sub = root / f"d{i % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"page{i:05d}.txt").write_text(f"Page {i}\n" + LINES * (1 + i % 5), encoding="utf-8")
    for k in range(jsonl):
        rows = [{"id": f"{k}-{i}", "text": LINES * (1 + i % 3), "n": i} for i in range(200)]
        (root / f"rec{k}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return root


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".cleankit" not in p.parts}


def test_plan_depends_on_inputs_not_workers(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 40, jsonl=2)
    a = plan_shards(iter_inputs([str(corpus)]), shard_bytes=2000)
    b = plan_shards(iter_inputs([str(corpus)]), shard_bytes=2000)
    assert [s.id for s in a] == [s.id for s in b] and len(a) > 10
    assert [s.index for s in a] == list(range(len(a)))
    assert sum(len(s.items) for s in a if s.kind == "files") == 40
    assert {s.kind for s in a} == {"files", "jsonl"}


def test_rerun_skips_completed_shards_and_keeps_the_summary(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 30, jsonl=1)
    first = run("clean", str(corpus), "-o", str(tmp_path / "out"), "--shard-size", "2K", "--workers", "1")
    assert first.exit_code == 0 and "230 cleaned, 0 skipped, 0 failed" in first.stderr
    done = sorted((tmp_path / "out" / ".cleankit" / "done").iterdir())
    again = run("clean", str(corpus), "-o", str(tmp_path / "out"), "--shard-size", "2K", "--workers", "1")
    assert again.exit_code == 0
    assert f"{len(done)} shard(s) already complete" in again.stderr
    assert "230 cleaned, 0 skipped, 0 failed" in again.stderr


def test_a_changed_chain_is_refused_unless_forced(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 5)
    out = tmp_path / "out"
    assert run("clean", str(corpus), "-o", str(out), "-q").exit_code == 0
    before = tree_bytes(out)
    res = run("clean", str(corpus), "-o", str(out), "--disable", "layout")
    assert res.exit_code != 0 and "another chain" in res.output and "--force" in res.output
    assert tree_bytes(out) == before
    res = run("clean", str(corpus), "-o", str(out), "--disable", "layout", "--force")
    assert res.exit_code == 1 and "exists and differs" in res.stderr  # outputs still need --overwrite
    res = run("clean", str(corpus), "-o", str(out), "--disable", "layout", "--force", "--overwrite", "-q")
    assert res.exit_code == 0
    fresh = tmp_path / "fresh"
    assert run("clean", str(corpus), "-o", str(fresh), "--disable", "layout", "-q").exit_code == 0
    assert tree_bytes(out) == tree_bytes(fresh) != before


def test_killed_run_resumes_to_the_same_output(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 1500, jsonl=3)
    reference = tmp_path / "reference"
    assert run("clean", str(corpus), "-o", str(reference), "--shard-size", "4K", "--workers", "1", "-q").exit_code == 0
    out = tmp_path / "out"
    done = out / ".cleankit" / "done"
    cmd = [sys.executable, "-m", "cleankit", "clean", str(corpus), "-o", str(out), "--shard-size", "4K",
           "--workers", "1", "-q"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        if done.is_dir() and len(list(done.iterdir())) >= 5:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    total = len(list((reference / ".cleankit" / "done").iterdir()))
    finished = len(list(done.iterdir()))
    assert 5 <= finished < total, "the run was not killed midway"
    resume = [a for a in cmd if a != "-q"]
    resume[resume.index("--workers") + 1] = "2"
    res = subprocess.run(resume, env=env, capture_output=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert f"{finished} shard(s) already complete" in res.stderr.decode()
    assert tree_bytes(out) == tree_bytes(reference)
    assert not [p for p in out.rglob("*.tmp")]  # no half-written file anywhere
    assert len(list(done.iterdir())) == total


def test_job_array_tasks_together_equal_one_run(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 60, jsonl=2)
    whole = tmp_path / "whole"
    assert run("clean", str(corpus), "-o", str(whole), "--shard-size", "3K", "-q").exit_code == 0
    arr = tmp_path / "array"
    for i in range(3):
        res = run("clean", str(corpus), "-o", str(arr), "--shard-size", "3K", "--shard-index", str(i),
                  "--num-shards", "3", "-q")
        assert res.exit_code == 0, res.output
    assert tree_bytes(arr) == tree_bytes(whole)


def test_job_array_needs_an_output_folder(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["clean", str(tmp_path), "--shard-index", "0", "--num-shards", "2"])
    assert res.exit_code == 2 and "--output" in res.output


@pytest.mark.parametrize("size,expected", [("8M", 8 << 20), ("512k", 512 << 10), ("1000", 1000)])
def test_shard_size_parsing(size: str, expected: int) -> None:
    from cleankit.api import parse_size

    assert parse_size(size) == expected
