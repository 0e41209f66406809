"""Record formats: JSONL (plain and gzip) and Parquet, read and written a shard at a time."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleankit import Cleaner, Outcome, Pipeline, hookimpl
from cleankit.cli import cli
from cleankit.io.files import InputFile
from cleankit.exec.plan import JobSpec, plan_shards
from cleankit.exec.run import run_shard
from cleankit.io.readers import RecordFields

ARTICLE = (
    "Accueil > Actualités > Économie   \n\n\n\n"
    "La Banque centrale européenne a maintenu ses taux directeurs inchangés jeudi.  \n"
    "Les marchés attendaient ce statu quo.\n"
)
NEWS = "Breaking News   \n\n\n\nThe council approved the new budget on Tuesday evening.\n"


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def records(n: int) -> list[dict]:
    out = []
    for i in range(n):
        out.append({
            "id": f"doc-{i}", "text": ARTICLE if i % 2 else NEWS, "url": f"https://example.org/{i}",
            "lang": "fr" if i % 2 else "en", "score": i / 3, "tags": ["a", {"nested": [1, None, True]}],
        })
    return out


def write_jsonl(path: Path, recs: list[dict], gz: bool = False) -> None:
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs).encode("utf-8")
    path.write_bytes(gzip.compress(data) if gz else data)


def test_jsonl_round_trip_keeps_other_fields(tmp_path: Path) -> None:
    recs = records(6)
    write_jsonl(tmp_path / "in.jsonl", recs)
    res = run("clean", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out"), "--chain", "layout", "-q")
    assert res.exit_code == 0, res.output
    out = [json.loads(line) for line in (tmp_path / "out" / "in.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(out) == 6
    for before, after in zip(recs, out):
        assert list(after)[: len(before)] == list(before)  # field order kept, new field last
        for key in ("id", "url", "lang", "score", "tags"):
            assert after[key] == before[key]
        assert after["text"] == before["text"].replace("   \n\n\n\n", "\n\n").replace(".  \n", ".\n").strip()
        assert set(after["cleankit"]) == {"metadata", "flags", "errors"}
    assert (tmp_path / "in.jsonl").read_bytes().count(b"\n") == 6  # input untouched


def test_field_names_are_configurable(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in.jsonl", [{"key": 7, "body": NEWS, "text": "keep me"}])
    res = run("clean", str(tmp_path / "in.jsonl"), "--text-field", "body", "--id-field", "key",
              "--text-out", "clean_body", "--meta-field", "meta", "--format", "jsonl", "--chain", "layout")
    row = json.loads(res.stdout)
    assert row["body"] == NEWS and row["text"] == "keep me"
    assert row["clean_body"].startswith("Breaking News\n\nThe council")
    assert row["meta"]["flags"] == []


def test_gzip_jsonl_in_and_out_is_reproducible(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in.jsonl.gz", records(5), gz=True)
    for name in ("a", "b"):
        assert run("clean", str(tmp_path / "in.jsonl.gz"), "-o", str(tmp_path / name), "-q").exit_code == 0
    first = (tmp_path / "a" / "in.jsonl.gz").read_bytes()
    assert first[:2] == b"\x1f\x8b"
    assert first == (tmp_path / "b" / "in.jsonl.gz").read_bytes()  # no time or name in the header
    rows = [json.loads(line) for line in gzip.decompress(first).splitlines()]
    assert [r["id"] for r in rows] == [f"doc-{i}" for i in range(5)]


def test_bad_records_are_named_and_the_run_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "ok-1", "text": NEWS}) + "\n{not json\n\n"
                    + json.dumps({"id": "no-text", "title": "x"}) + "\n"
                    + json.dumps({"id": "ok-2", "text": ARTICLE}) + "\n", encoding="utf-8")
    res = run("clean", str(path), "-o", str(tmp_path / "out"))
    assert res.exit_code == 1
    assert f"{path}:2: invalid JSON" in res.stderr
    assert f"{path}:4 (id no-text): no text in field 'text'" in res.stderr
    assert "2 cleaned, 2 skipped, 0 failed" in res.stderr
    ids = [json.loads(line)["id"] for line in (tmp_path / "out" / "in.jsonl").read_text().splitlines()]
    assert ids == ["ok-1", "ok-2"]


class SiteFromUrl(Cleaner):
    """Sets ``site`` from the document's URL (what a site plugin would read)."""

    name = "site_from_url"
    order = 150
    reasons = {}

    def clean(self, doc):  # type: ignore[no-untyped-def]
        host = (doc.origin.url or "").split("/")[2] if doc.origin.url else None
        return Outcome(metadata={"site": host} if host else {})


class UrlPlugin:
    __name__ = "urlplugin"

    @hookimpl
    def register_cleaners(self, register):  # type: ignore[no-untyped-def]
        register(SiteFromUrl)


def test_url_field_reaches_origin_url(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in.jsonl", [{"id": 1, "text": NEWS, "link": "https://www.lemonde.fr/economie/x"}])
    pipeline = Pipeline.build(["site_from_url", "layout"], plugins=[UrlPlugin()])
    item = InputFile(str(tmp_path / "in.jsonl"), tmp_path / "in.jsonl", Path("in.jsonl"))
    for url_field, expected in (("link", "www.lemonde.fr"), (None, None)):
        job = JobSpec.make(pipeline.chain.describe(), output=str(tmp_path / f"out-{url_field}"),
                           fields=RecordFields(url=url_field))
        [shard] = plan_shards([item])
        report = run_shard(shard, job, pipeline)
        assert report.counts["cleaned"] == 1
        row = json.loads((tmp_path / f"out-{url_field}" / "in.jsonl").read_text())
        assert row["cleankit"]["metadata"]["site"] == expected


def test_large_jsonl_is_split_into_parts_with_the_same_output(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in.jsonl", records(400))
    assert run("clean", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "whole"), "-q").exit_code == 0
    res = run("clean", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "parts"), "--shard-size", "7K",
              "--workers", "1", "-q")
    assert res.exit_code == 0, res.output
    item = InputFile(str(tmp_path / "in.jsonl"), tmp_path / "in.jsonl", Path("in.jsonl"))
    assert len(plan_shards([item], shard_bytes=7 * 1024)) > 10
    assert (tmp_path / "parts" / "in.jsonl").read_bytes() == (tmp_path / "whole" / "in.jsonl").read_bytes()
    assert list((tmp_path / "parts" / ".cleankit" / "parts").iterdir()) == []


def test_parquet_round_trip(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    recs = records(50)
    table = pa.table({
        "id": [r["id"] for r in recs], "text": [r["text"] for r in recs], "url": [r["url"] for r in recs],
        "score": [r["score"] for r in recs], "n": list(range(50)),
    })
    table = table.set_column(1, "text", pa.array([None if i == 3 else t for i, t in enumerate(table["text"].to_pylist())]))
    pq.write_table(table, tmp_path / "in.parquet", row_group_size=10)
    res = run("clean", str(tmp_path / "in.parquet"), "-o", str(tmp_path / "out"), "--chain", "layout", "-q")
    assert res.exit_code == 1 and "in.parquet: row 4 (id doc-3): no text in field 'text'" in res.stderr
    out = pq.read_table(tmp_path / "out" / "in.parquet")
    assert out.column_names == ["id", "text", "url", "score", "n", "cleankit"]
    assert out["n"].to_pylist() == [i for i in range(50) if i != 3]
    assert out["score"].to_pylist() == [r["score"] for i, r in enumerate(recs) if i != 3]
    assert out["text"][0].as_py().startswith("Breaking News\n\nThe council")
    assert json.loads(out["cleankit"][0].as_py())["flags"] == []
    # split by row groups: the same file
    res = run("clean", str(tmp_path / "in.parquet"), "-o", str(tmp_path / "split"), "--shard-size", "1K",
              "--workers", "1", "--chain", "layout", "-q")
    assert pq.read_table(tmp_path / "split" / "in.parquet").equals(out)
