"""dask.distributed: a local cluster of two worker processes writes what one process writes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("distributed")

from cleankit import Pipeline  # noqa: E402
from cleankit.cli import cli  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NEWS = "Breaking News   \n\n\n\nThe council approved the new budget on Tuesday evening.  \n"


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".cleankit" not in p.parts}


def test_local_cluster_of_two_workers_equals_one_process(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    for k in range(2):
        for p in sorted((ROOT / "samples").rglob("*.txt")):
            dest = corpus / f"c{k}" / p.relative_to(ROOT / "samples")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(p.read_bytes())
    rows = [{"id": i, "text": NEWS * (1 + i % 4), "keep": {"a": i}} for i in range(300)]
    (corpus / "rec.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(cli, ["clean", str(corpus), "-o", str(tmp_path / "one"), "--workers", "1",
                              "--shard-size", "16K"], catch_exceptions=False)
    assert one.exit_code == 0, one.output
    two = runner.invoke(cli, ["clean", str(corpus), "-o", str(tmp_path / "two"), "--executor", "dask",
                              "--workers", "2", "--shard-size", "16K"], catch_exceptions=False)
    assert two.exit_code == 0, two.output
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")
    assert len(tree_bytes(tmp_path / "one")) == 17
    assert one.stderr == two.stderr


def test_clean_bag_of_texts_and_records() -> None:
    db = pytest.importorskip("dask.bag")
    from cleankit.dask_support import clean_bag

    pipeline = Pipeline.build(["layout"])
    texts = clean_bag(db.from_sequence([NEWS, "  Bonjour  \n"], npartitions=2), pipeline).compute(scheduler="sync")
    assert [t["text"] for t in texts] == [pipeline.clean(NEWS).text, "Bonjour"]
    recs = [{"id": 1, "text": NEWS, "x": [1]}, {"id": 2, "body": "no text"}]
    out = clean_bag(db.from_sequence(recs, npartitions=1), pipeline).compute(scheduler="sync")
    assert out[0]["x"] == [1] and out[0]["text"] == pipeline.clean(NEWS).text
    assert out[1]["cleankit"]["errors"] == [{"reason": "no text in field 'text'"}]
    assert recs[0]["text"] == NEWS  # the caller's records are not modified


def test_clean_dataframe() -> None:
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    from cleankit.dask_support import clean_dataframe

    pipeline = Pipeline.build(["layout"])
    frame = dd.from_pandas(pd.DataFrame({"id": [1, 2], "text": [NEWS, "a  "], "n": [3, 4]}), npartitions=2)
    out = clean_dataframe(frame, pipeline).compute(scheduler="sync")
    assert list(out["text"]) == [pipeline.clean(NEWS).text, "a"] and list(out["n"]) == [3, 4]
    assert json.loads(out["cleankit"].iloc[0])["flags"] == []
