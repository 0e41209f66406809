"""A process pool writes the same bytes, in the same order, as one process; workers rebuild the chain."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleankit import Pipeline
from cleankit.cli import cli
from cleankit.errors import PluginError
from cleankit.exec.pool import rebuild_pipeline, use_pool
from cleankit.exec.plan import JobSpec, Shard

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Sample page dumps (and their encoded variants) copied a few times, plus a JSONL file."""
    root = tmp_path / "corpus"
    for k in range(3):
        shutil.copytree(ROOT / "samples", root / f"copy{k}")
    rows = []
    for p in sorted((ROOT / "samples").glob("*.txt")):
        rows.append({"id": p.stem, "text": p.read_text(encoding="utf-8"), "extra": [1, 2]})
    (root / "pages.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows * 4),
                                      encoding="utf-8")
    return root


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".cleankit" not in p.parts}


def test_two_workers_write_the_same_bytes_as_one(corpus: Path, tmp_path: Path) -> None:
    outs = {}
    for n in ("1", "2"):
        res = run("clean", str(corpus), "-o", str(tmp_path / f"out{n}"), "--workers", n, "--shard-size", "20K")
        assert res.exit_code == 0, res.output
        outs[n] = (tree_bytes(tmp_path / f"out{n}"), res.stderr)
    assert outs["1"][0] == outs["2"][0]
    assert len(outs["1"][0]) == 25  # 3 x 8 sample files + the JSONL file
    assert outs["1"][1] == outs["2"][1]


def test_two_workers_same_standard_output(corpus: Path) -> None:
    one = run("clean", str(corpus), "--workers", "1", "--shard-size", "10K")
    two = run("clean", str(corpus), "--workers", "2", "--shard-size", "10K")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout_bytes == two.stdout_bytes and one.stdout.count("==> ") == 24
    assert one.stdout.count('{"id": ') == 20  # the JSONL records, as lines among the text documents
    one = run("clean", str(corpus), "--format", "json", "--exclude", "*.jsonl", "--workers", "1", "--shard-size", "10K")
    two = run("clean", str(corpus), "--format", "json", "--exclude", "*.jsonl", "--workers", "2", "--shard-size", "10K")
    assert one.stdout_bytes == two.stdout_bytes and len(json.loads(one.stdout)) == 24


def test_small_input_does_not_start_a_pool() -> None:
    small = [Shard(i, "files", (), (1000,)) for i in range(3)]
    assert not use_pool(small, 8, explicit=False)
    assert use_pool(small, 2, explicit=True)
    assert not use_pool(small[:1], 8, explicit=True)
    big = [Shard(i, "files", (), (8 << 20,)) for i in range(3)]
    assert use_pool(big, 8, explicit=False)


def test_worker_rebuilds_the_chain_from_its_description() -> None:
    pipeline = Pipeline.build(["layout"])
    job = JobSpec.make(pipeline.chain.describe())
    rebuilt = rebuild_pipeline(job)
    assert rebuilt.chain.describe() == pipeline.chain.describe()
    assert rebuilt.run("a  \n\n\n\nb", pipeline.run("x", _origin()).origin).text == "a\n\nb"


def _origin():  # type: ignore[no-untyped-def]
    from cleankit import Origin

    return Origin(path="x.txt")


def test_missing_or_different_plugin_on_a_worker_is_a_clear_error() -> None:
    step = Pipeline.build(["layout"]).chain.describe()[0]
    missing = JobSpec.make([{**step, "cleaner": "boilerplate_de", "plugin": "cleankit-de", "version": "1.2"}])
    with pytest.raises(PluginError, match=r"cleaner 'boilerplate_de' from plugin cleankit-de 1.2 is not installed"):
        rebuild_pipeline(missing)
    other = JobSpec.make([{**step, "version": "0.0.1"}])
    with pytest.raises(PluginError, match=r"cleaner 'layout' comes from plugin cleankit .* but from cleankit 0.0.1"):
        rebuild_pipeline(other)


def test_pool_reports_a_missing_plugin_instead_of_hanging(corpus: Path, tmp_path: Path) -> None:
    from cleankit.exec.pool import iter_reports_pool
    from cleankit.exec.plan import plan_shards
    from cleankit.io.files import iter_inputs

    step = Pipeline.build(["layout"]).chain.describe()[0]
    job = JobSpec.make([{**step, "version": "9.9"}], output=str(tmp_path / "o"))
    shards = plan_shards(iter_inputs([str(corpus)]), shard_bytes=50_000)
    with pytest.raises(PluginError, match="cleankit 9.9"):
        list(iter_reports_pool(shards, job, 2))
