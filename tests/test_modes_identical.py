"""-j 1, -j 2, split JSONL and Parquet give the same outputs (Dask against -j 1: tests/test_dask.py)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleankit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
NEWS = "Breaking News   \n\n\n\nThe council approved the new budget on Tuesday evening.  \nShare this article\n"


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".cleankit" not in p.parts}


def clean(*args: str) -> None:
    res = CliRunner().invoke(cli, ["clean", *args, "-q"], catch_exceptions=False)
    assert res.exit_code == 0, res.output


def test_every_mode_writes_the_same_bytes(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    for p in sorted((ROOT / "samples").rglob("*")):
        if p.is_file():
            dest = corpus / p.relative_to(ROOT / "samples")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(p.read_bytes())
    rows = [{"id": i, "text": NEWS * (1 + i % 5), "n": i} for i in range(400)]
    (corpus / "rec.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    clean(str(corpus), "-o", str(tmp_path / "one"), "-j", "1")
    clean(str(corpus), "-o", str(tmp_path / "two"), "-j", "2", "--shard-size", "8K")
    clean(str(corpus), "-o", str(tmp_path / "split"), "-j", "1", "--shard-size", "4K")
    one = tree_bytes(tmp_path / "one")
    assert len(one) > 5
    assert tree_bytes(tmp_path / "two") == one
    assert tree_bytes(tmp_path / "split") == one
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "rec.parquet", row_group_size=50)
    clean(str(tmp_path / "rec.parquet"), "-o", str(tmp_path / "pq"), "-j", "2", "--shard-size", "2K")
    table = pq.read_table(tmp_path / "pq" / "rec.parquet").to_pylist()
    from_jsonl = [json.loads(line) for line in one["rec.jsonl"].decode("utf-8").splitlines()]
    assert [r["text"] for r in table] == [r["text"] for r in from_jsonl]
    assert [json.loads(r["cleankit"]) for r in table] == [r["cleankit"] for r in from_jsonl]
