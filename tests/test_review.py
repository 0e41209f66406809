"""The review report's data: edit layout, safe embedding, sampling, and the report command."""
from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import cleankit
from cleankit.cleaner import Change
from cleankit.cli import cli
from cleankit.document import Edit
from cleankit.offsets import OffsetMap, apply_changes
from cleankit.review.data import script_json
from cleankit.review.layout import MOVED, REMOVAL, REWRITE, kept_text, layout, removal_texts
from cleankit.review.page import sample_in_order

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "samples").rglob("*") if p.is_file())


def _edit_indexes(segments: list) -> Counter:  # type: ignore[type-arg]
    found: Counter = Counter()  # type: ignore[type-arg]
    for seg in segments:
        if isinstance(seg, str) or len(seg) < 2:
            continue
        if seg[0] == REMOVAL:
            found[seg[1]] += 1
            found.update(_edit_indexes(seg[2]))
        elif seg[0] == REWRITE:
            found[seg[1]] += 1
        elif seg[0] == MOVED:
            found.update(_edit_indexes(seg[1]))
    return found


def _check(original: str, final: str, edits: list[Edit]) -> None:
    laid = layout(original, edits)
    assert _edit_indexes(laid.segments) == Counter(range(len(edits))), "every edit exactly once"
    assert removal_texts(laid.segments) == {i: e.removed for i, e in enumerate(edits) if not e.replacement}
    if not laid.approximate:
        assert kept_text(laid.segments) == final


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_layout_of_samples_is_exact(path: Path) -> None:
    result = cleankit.Pipeline.build().clean_file(path)
    assert any(not e.replacement for e in result.edits)
    laid = layout(result.original, result.edits)
    assert laid.approximate == 0
    _check(result.original, result.text, result.edits)


def test_later_removal_around_an_earlier_one_moves_it_out() -> None:
    # step 1 removes "B"; step 2 removes "AC", now adjacent: in original coordinates it spans "ABC"
    edits = [Edit("one", "x", 1, 2, "B"), Edit("two", "y", 0, 3, "AC")]
    laid = layout("ABCD", edits)
    assert laid.segments == [[MOVED, [[REMOVAL, 0, ["B"]]]], [REMOVAL, 1, ["A", [2], "C"]], "D"]
    _check("ABCD", "D", edits)


def test_removal_covering_a_rewrite_keeps_the_rewrite_inside() -> None:
    edits = [Edit("fix", "mojibake", 2, 4, "Ã©", "é"), Edit("junk", "line", 0, 5, "a é\n")]
    laid = layout("a Ã©\nb", edits)
    assert laid.segments == [[REMOVAL, 1, ["a ", [REWRITE, 0, "Ã©", "é"], "\n"]], "b"]
    _check("a Ã©\nb", "b", edits)


def _random_chain(rng: random.Random) -> tuple[str, str, list[Edit]]:
    """A small text and a few steps of random changes, applied and recorded exactly as the runner does."""
    original = text = "".join(rng.choice("ab\n ") for _ in range(rng.randint(0, 30)))
    offsets, edits = OffsetMap(), []
    for step in range(rng.randint(1, 4)):
        if not text:
            break
        cuts = sorted(rng.randint(0, len(text)) for _ in range(rng.randint(2, 8)))
        changes: list[Change] = []
        for a, b in zip(cuts[::2], cuts[1::2]):
            if b > a and (not changes or a >= changes[-1].end):
                changes.append(Change(a, b, "r", rng.choice(["", "", "x", "yz"])))
        for ch in changes:
            s, e = offsets.to_original(ch.start, ch.end)
            edits.append(Edit(f"c{step}", ch.reason, s, e, text[ch.start : ch.end], ch.replacement))
        text = apply_changes(text, changes)
        offsets.push(changes)
    return original, text, edits


def test_layout_of_random_chains_keeps_the_contract() -> None:
    # rewrites of rewrites on a two-letter alphabet: far more tangled than real chains, so some
    # edits are placed approximately; the removal texts must be exact all the same
    rng = random.Random(17)
    approximate = 0
    for _ in range(3000):
        original, final, edits = _random_chain(rng)
        _check(original, final, edits)
        approximate += layout(original, edits).approximate
    assert approximate < 300


def test_script_json_cannot_end_the_script_element() -> None:
    value = {"t": "</script><script>alert(1)</script> <!-- \u2028\u2029 & \ud800"}
    text = script_json(value)
    assert "</" not in text and "<!--" not in text and "\u2028" not in text and "\u2029" not in text
    text.encode("utf-8")  # a lone surrogate is escaped, so the page stays valid UTF-8
    assert json.loads(text) == value


def test_sample_is_seeded_and_keeps_input_order() -> None:
    one = sample_in_order(range(1000), 10, seed=7)
    assert one == sample_in_order(range(1000), 10, seed=7)
    assert one == sorted(one) and len(set(one)) == 10
    assert sample_in_order(range(5), 10, seed=1) == [0, 1, 2, 3, 4]


def test_report_from_python_is_one_self_contained_file(tmp_path: Path) -> None:
    pipeline = cleankit.Pipeline.build()
    results = [pipeline.clean_file(p) for p in SAMPLES]
    path = cleankit.report(results, tmp_path / "r.html", title="samples </title>")
    page = path.read_text(encoding="utf-8")
    assert list(tmp_path.iterdir()) == [path], "no temporary file left"
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page), "no external resource"
    assert "<title>samples &lt;/title&gt;</title>" in page
    assert page.count('type="application/json" id="d') == len(SAMPLES)
    index = json.loads(re.search(r'id="cleankit-index">(.*?)</script>', page, re.S).group(1))
    registry = cleankit.load_registry()
    for c in index["cleaners"]:  # plugin and reason descriptions come from the registry
        assert c["reasons"] == dict(registry.cleaners[c["name"]].cls.reasons)
        assert c["plugin"] == registry.cleaners[c["name"]].plugin.distribution
    assert [d["share"] for d in index["docs"]] == sorted((d["share"] for d in index["docs"]), reverse=True)


def test_report_command_reads_records_and_files_and_names_bad_inputs(tmp_path: Path) -> None:
    records = tmp_path / "docs.jsonl"
    records.write_text(
        json.dumps({"id": "r1", "text": "Loading...\nA real paragraph of text that stays.\n"}) + "\n{bad\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    res = CliRunner().invoke(cli, ["report", str(records), str(SAMPLES[0]), str(tmp_path / "missing.txt"), "-o", str(out)])
    assert res.exit_code == 1, res.output
    assert "docs.jsonl:2: invalid JSON" in res.output
    assert "missing.txt: no such file" in res.output
    page = out.read_text(encoding="utf-8")
    assert page.count('type="application/json" id="d') == 2
    assert "docs.jsonl:1 (id r1)" in page


def test_report_command_samples_with_a_seed(tmp_path: Path) -> None:
    pages = []
    for name in ("a", "b"):
        out = tmp_path / f"{name}.html"
        res = CliRunner().invoke(cli, ["report", str(ROOT / "samples"), "-o", str(out), "--sample", "3", "--seed", "5"])
        assert res.exit_code == 0, res.output
        pages.append(re.findall(r'"src":"([^"]+)"', out.read_text(encoding="utf-8")))
    assert pages[0] == pages[1] and len(set(pages[0])) == 3


def test_report_command_reads_parquet_records(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    texts = ["Loading...\nFirst article body, long enough to stay.\n", "Second article body.\nShare this\n"]
    pq.write_table(pa.table({"id": ["p1", "p2"], "body": texts}), tmp_path / "docs.parquet")
    out = tmp_path / "r.html"
    res = CliRunner().invoke(cli, ["report", str(tmp_path / "docs.parquet"), "--text-field", "body", "-o", str(out)])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    index = json.loads(re.search(r'id="cleankit-index">(.*?)</script>', page, re.S).group(1))
    by_source = {d["src"]: d["nrm"] for d in index["docs"]}
    pipeline = cleankit.Pipeline.build()
    expected = [sum(1 for e in pipeline.clean(t).edits if not e.replacement) for t in texts]
    assert by_source == {f"{tmp_path / 'docs.parquet'}: row 1 (id p1)": expected[0],
                         f"{tmp_path / 'docs.parquet'}: row 2 (id p2)": expected[1]}
    assert sum(expected) > 0
