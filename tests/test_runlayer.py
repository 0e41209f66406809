"""The run layer's defects, each reproduced through the command line (a real subprocess) or the API."""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import cleankit
from cleankit import ConfigError, DecodeError, Pipeline
from cleankit.exec.state import RunState

PAGE = "<html><head><title>T</title></head><body><p>Para one is here.</p><p>Para two is here.</p></body></html>"


def cli(*args: str, input: bytes | None = None, timeout: float = 120, **kw: object) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "cleankit", *args], input=input, capture_output=True,
                          timeout=timeout, **kw)  # type: ignore[call-overload]
    out = subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                                      proc.stderr.decode("utf-8", "replace"))
    assert "Traceback" not in out.stderr, out.stderr
    return out


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


# -- output collisions ------------------------------------------------------------------------

def test_html_and_txt_with_one_output_name_are_not_lost(tmp_path: Path) -> None:
    write(tmp_path / "in" / "page.html", PAGE)
    write(tmp_path / "in" / "page.txt", "The text file.   \n")
    proc = cli("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--overwrite", "-j", "1")
    assert proc.returncode == 1
    assert "page.txt: its output page.txt is also the output of" in proc.stderr
    assert (tmp_path / "out" / "page.txt").read_text(encoding="utf-8") == "Para one is here.\nPara two is here.\n"


def test_two_folders_with_the_same_relative_paths(tmp_path: Path) -> None:
    write(tmp_path / "a" / "x.txt", "from a\n")
    write(tmp_path / "b" / "x.txt", "from b\n")
    proc = cli("clean", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "out"), "--overwrite")
    assert proc.returncode == 1 and "also the output of" in proc.stderr
    assert (tmp_path / "out" / "x.txt").read_text(encoding="utf-8") == "from a\n"


@pytest.mark.parametrize("where", ["same", "inside"])
def test_output_folder_equal_to_or_inside_an_input_is_refused(tmp_path: Path, where: str) -> None:
    write(tmp_path / "in" / "a.txt", "keep me   \n")
    out = tmp_path / "in" if where == "same" else tmp_path / "in" / "out"
    proc = cli("clean", str(tmp_path / "in"), "-o", str(out), "--overwrite")
    assert proc.returncode == 2 and "input folder" in proc.stderr
    assert (tmp_path / "in" / "a.txt").read_text(encoding="utf-8") == "keep me   \n"


# -- resume ------------------------------------------------------------------------------------

def test_resume_redoes_what_no_longer_matches(tmp_path: Path) -> None:
    a = write(tmp_path / "in" / "a.txt", "alpha   \n")
    out = tmp_path / "out"
    assert cli("clean", str(tmp_path / "in"), "-o", str(out), "-q").returncode == 0
    a.write_text("gamma   \n", encoding="utf-8")  # same size, new content
    os.utime(a, ns=(a.stat().st_atime_ns, a.stat().st_mtime_ns + 10_000_000))
    assert cli("clean", str(tmp_path / "in"), "-o", str(out), "-q").returncode == 0
    assert (out / "a.txt").read_text(encoding="utf-8") == "gamma\n"
    (out / "a.txt").write_text("tampered\n", encoding="utf-8")
    assert cli("clean", str(tmp_path / "in"), "-o", str(out), "-q").returncode == 0
    assert (out / "a.txt").read_text(encoding="utf-8") == "gamma\n"
    (out / "a.txt").unlink()
    assert cli("clean", str(tmp_path / "in"), "-o", str(out), "-q").returncode == 0
    assert (out / "a.txt").read_text(encoding="utf-8") == "gamma\n"
    proc = cli("clean", str(tmp_path / "in"), "-o", str(out), "--force")
    assert proc.returncode == 0 and "already complete" not in proc.stderr


def test_a_shard_with_a_file_over_the_limit_is_not_marked_complete(tmp_path: Path) -> None:
    write(tmp_path / "in" / "big.txt", "word " * 100)
    out = tmp_path / "out"
    assert cli("clean", str(tmp_path / "in"), "-o", str(out), "--max-bytes", "100").returncode == 1
    assert cli("clean", str(tmp_path / "in"), "-o", str(out), "-q").returncode == 0
    assert (out / "big.txt").exists()


def test_a_second_run_into_a_held_output_folder_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", "alpha\n")
    state = RunState(tmp_path / "out")
    state.lock()
    try:
        proc = cli("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    finally:
        state.unlock()
    assert proc.returncode == 1 and "another cleankit run" in proc.stderr


# -- field collisions ---------------------------------------------------------------------------

@pytest.mark.parametrize("args", [("--meta-field", "text"), ("--meta-field", "id"), ("--text-out", "id"),
                                  ("--text-out", "cleankit")])
def test_field_collisions_are_refused(tmp_path: Path, args: tuple[str, str]) -> None:
    src = write(tmp_path / "r.jsonl", json.dumps({"id": "1", "text": "hello"}) + "\n")
    proc = cli("clean", str(src), "-o", str(tmp_path / "out"), *args)
    assert proc.returncode == 2 and args[0] in proc.stderr


# -- one bad record or file never stops the run ---------------------------------------------------

def test_bad_records_are_named_and_the_rest_is_cleaned(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "fine   text"}),
        '{"id": "s", "text": "lone \\ud800 surrogate", "other": "\\udc00"}',
        "[" * 100_000,
        json.dumps({"id": "z", "text": "last   one"}),
    ]
    src = write(tmp_path / "r.jsonl", "\n".join(lines) + "\n")
    proc = cli("clean", str(src), "--format", "jsonl")
    assert proc.returncode == 1 and "r.jsonl:3: JSON nested too deeply (skipped)" in proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "s", "z"]
    assert rows[1]["text"] == "lone \ufffd surrogate" and rows[1]["other"] == "\udc00"


def test_corrupt_gzip_keeps_what_was_read_and_the_run_goes_on(tmp_path: Path) -> None:
    data = gzip.compress(b"".join(json.dumps({"id": str(i), "text": f"record {i}"}).encode() + b"\n" for i in range(200)))
    write(tmp_path / "in" / "a.jsonl.gz", data[: len(data) // 2])
    write(tmp_path / "in" / "b.txt", "still cleaned   \n")
    proc = cli("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert proc.returncode == 1 and "a.jsonl.gz: cannot read the rest of the file" in proc.stderr
    assert (tmp_path / "out" / "b.txt").read_text(encoding="utf-8") == "still cleaned\n"


def test_undefined_and_utf16_charsets_are_read_as_browsers_do(tmp_path: Path) -> None:
    a = write(tmp_path / "a.html", '<html><meta charset="undefined"><p>café crème</p></html>'.encode("utf-8"))
    b = write(tmp_path / "b.html", b'<html><meta charset="utf-16"><p>plain ascii page</p></html>')
    proc = cli("clean", str(a), str(b), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rows[0]["text"] == "café crème" and rows[1]["text"] == "plain ascii page"


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux")
def test_non_utf8_file_names(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as fh:
        fh.write(b"text   \n")
    proc = cli("clean", str(folder), "--format", "jsonl")
    assert proc.returncode == 0 and json.loads(proc.stdout)["source"].endswith("caf\\xe9.txt")
    proc = cli("clean", str(folder), "-o", str(tmp_path / "out"))
    assert proc.returncode == 0 and os.listdir(os.fsencode(tmp_path / "out")) == [b".cleankit", b"caf\xe9.txt"] or \
        sorted(os.listdir(os.fsencode(tmp_path / "out"))) == [b".cleankit", b"caf\xe9.txt"]


@pytest.mark.parametrize("fmt", ["auto", "jsonl"])
def test_closed_stdin_is_named(tmp_path: Path, fmt: str) -> None:
    proc = subprocess.run(f"'{sys.executable}' -m cleankit clean - --input-format {fmt} <&-", shell=True,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "standard input is closed" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("value", ["nan", "-1", "0"])
def test_bad_time_limits_are_refused(tmp_path: Path, value: str) -> None:
    proc = cli("clean", "-", "--time-limit", value, input=b"x")
    assert proc.returncode == 2 and "--time-limit" in proc.stderr


# -- limits on every input ----------------------------------------------------------------------

def test_max_bytes_applies_to_stdin_records_and_decompressed_lines(tmp_path: Path) -> None:
    proc = cli("clean", "-", "--max-bytes", "10", input=b"x" * 100)
    assert proc.returncode == 1 and "over the limit" in proc.stderr or "more than the limit" in proc.stderr
    big = json.dumps({"id": "big", "text": "y" * 5000}).encode() + b"\n"
    small = json.dumps({"id": "small", "text": "ok"}).encode() + b"\n"
    src = write(tmp_path / "r.jsonl.gz", gzip.compress(big + small))
    proc = cli("clean", str(src), "--format", "jsonl", "--max-bytes", "1000")
    assert proc.returncode == 1 and "r.jsonl.gz:1: record of" in proc.stderr
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == ["small"]


def test_fifos_and_devices_never_hang(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "a.txt", "text\n")
    os.mkfifo(folder / "pipe")
    proc = cli("clean", str(folder), "--format", "jsonl", timeout=60)
    assert proc.returncode == 1 and "not a regular file (a FIFO)" in proc.stderr
    proc = cli("clean", "/dev/zero", "--max-bytes", "1000", timeout=60)
    assert proc.returncode == 1 and "/dev/zero: more than the limit of 1000 bytes" in proc.stderr


# -- in place -----------------------------------------------------------------------------------

def test_in_place_keeps_html_links_and_hard_links(tmp_path: Path) -> None:
    page = write(tmp_path / "page.html", PAGE)
    proc = cli("clean", str(page), "--in-place")
    assert proc.returncode == 1 and "is HTML" in proc.stderr and page.read_text(encoding="utf-8") == PAGE
    real = write(tmp_path / "real.txt", "linked   \n")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    hard = tmp_path / "hard.txt"
    os.link(write(tmp_path / "h.txt", "hard   \n"), hard)
    assert cli("clean", str(link), str(hard), "--in-place").returncode == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "linked\n"
    assert (tmp_path / "h.txt").read_text(encoding="utf-8") == "hard\n" and hard.stat().st_nlink == 2


# -- silent success, small defects ---------------------------------------------------------------

def test_an_empty_chain_is_refused(tmp_path: Path) -> None:
    names = [s["cleaner"] for s in json.loads(cli("chain", "--json").stdout)]
    proc = cli("clean", "-", "--disable", ",".join(names), input=b"text")
    assert proc.returncode == 2 and "chain is empty" in proc.stderr


def test_stdout_header_only_for_several_documents(tmp_path: Path) -> None:
    assert cli("clean", "-", input=b"one   \n").stdout == "one\n"
    a, b = write(tmp_path / "a.txt", "a\n"), write(tmp_path / "b.txt", "b\n")
    assert cli("clean", str(a), str(b)).stdout == f"==> {a} <==\na\n\n==> {b} <==\nb\n"


def test_jsonl_on_stdin(tmp_path: Path) -> None:
    lines = b"".join(json.dumps({"id": i, "text": f"doc {i}   "}).encode() + b"\n" for i in range(3))
    proc = cli("clean", "-", "--input-format", "jsonl", input=lines)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["text"] for line in proc.stdout.splitlines()] == ["doc 0", "doc 1", "doc 2"]


def test_options_are_checked(tmp_path: Path) -> None:
    assert cli("clean", "-", "--disable-plugin", "nosuch", input=b"x").returncode == 2
    assert "%%" not in cli("clean", "--help").stdout
    proc = cli("clean", "-", "-j", "1000", input=b"x")
    assert proc.returncode == 0 and "capped at" in proc.stderr
    assert cli("new-plugin", "junk", "--dir", str(tmp_path)).returncode != 0
    assert cli("new-plugin", "my-site", "--dir", str(tmp_path)).returncode != 0


def test_the_host_sigalrm_handler_is_restored() -> None:
    def mine(signum: int, frame: object) -> None:
        pass

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        Pipeline.build(time_limit=5).clean("Some text.\n")
        assert signal.getsignal(signal.SIGALRM) is mine
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_api_arguments_are_checked() -> None:
    with pytest.raises(ConfigError):
        cleankit.clean(None)  # type: ignore[arg-type]
    with pytest.raises(ConfigError):
        Pipeline.build("junk")  # type: ignore[arg-type]
    with pytest.raises(ConfigError):
        Pipeline.build(max_removal=2)
    with pytest.raises(DecodeError):
        Pipeline.build().clean("café".encode("latin-1"), encoding="utf-8")
    with pytest.raises(ConfigError):
        cleankit.run(None)
    with pytest.raises(ConfigError):
        cleankit.run(["x"], workers=0)
    with pytest.raises(ConfigError):
        cleankit.run(["x"], nosuch=1)


# -- the Python batch API -------------------------------------------------------------------------

def test_run_returns_a_summary(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", "alpha   \n")
    write(tmp_path / "in" / "b.bin", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    summary = cleankit.run(tmp_path / "in", output=tmp_path / "out", workers=1)
    assert summary.counts["cleaned"] == 1 and summary.counts["skipped"] == 1
    assert summary.failures[0].kind == "decode" and summary.exit_status == 1
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == "alpha\n"


# -- over-removal is never silent ------------------------------------------------------------------

GONE = "Gone" + " " * 20 + "\n"


@pytest.mark.parametrize("on_flag,expected", [("original", GONE), ("cleaned", "Gone\n"), (None, "Gone\n"), ("drop", None)])
def test_flagged_documents(tmp_path: Path, on_flag: str | None, expected: str | None) -> None:
    write(tmp_path / "in" / "a.txt", GONE)
    write(tmp_path / "in" / "b.txt", "Fine and well.\n")
    args = ["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--max-removal", "0.5",
            "--flagged", str(tmp_path / "aside")]
    proc = cli(*args, *(["--on-flag", on_flag] if on_flag else []))
    assert proc.returncode == 3 and "1 flagged" in proc.stderr
    out = tmp_path / "out" / "a.txt"
    assert (out.read_text(encoding="utf-8") if out.exists() else None) == expected
    assert (tmp_path / "aside" / "a.txt").read_text(encoding="utf-8") == GONE
    record = json.loads((tmp_path / "aside" / "a.txt.flags.json").read_text(encoding="utf-8"))
    assert record["flags"] == ["over_removal"] and record["edits"] and "text" not in record
    assert not (tmp_path / "aside" / "b.txt").exists()


def test_flagged_records_go_aside_with_their_original(tmp_path: Path) -> None:
    src = write(tmp_path / "r.jsonl", json.dumps({"id": "x", "text": GONE}) + "\n")
    proc = cli("clean", str(src), "-o", str(tmp_path / "out"), "--max-removal", "0.5", "--flagged", str(tmp_path / "aside"))
    assert proc.returncode == 3
    row = json.loads((tmp_path / "out" / "r.jsonl").read_text(encoding="utf-8"))
    assert row["text"] == "Gone" and row["cleankit"]["flags"] == ["over_removal"]  # the cleaned text, flagged
    assert [p.name for p in (tmp_path / "aside" / "r.jsonl.flagged").iterdir()] != []


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", "alpha   \n")
    proc = cli("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--dry-run")
    assert proc.returncode == 0 and "dry run, nothing written: would write 1 document(s), remove 4 of 9 characters" in proc.stderr
    assert not (tmp_path / "out").exists()
    proc = cli("clean", str(tmp_path / "in"), "--in-place", "--dry-run")
    assert (tmp_path / "in" / "a.txt").read_text(encoding="utf-8") == "alpha   \n" and proc.stdout == ""


def test_explain_reads_records_and_takes_url_and_html(tmp_path: Path) -> None:
    src = write(tmp_path / "r.jsonl.gz", gzip.compress(
        (json.dumps({"id": "a", "text": "first   record"}) + "\n" + json.dumps({"id": "b", "text": "second"}) + "\n").encode()))
    proc = cli("explain", str(src))
    assert proc.returncode == 0 and "r.jsonl.gz:1 (id a)" in proc.stdout and "r.jsonl.gz:2 (id b)" in proc.stdout
    page = write(tmp_path / "page.txt", PAGE)
    proc = cli("explain", str(page), "--html", "--url", "https://example.org/x")
    assert proc.returncode == 0 and '"title": "T"' in proc.stdout


def test_in_place_over_removal_keeps_the_file_and_says_so(tmp_path: Path) -> None:
    doc = write(tmp_path / "a.txt", GONE)
    proc = cli("clean", str(doc), "--in-place", "--max-removal", "0.5")
    assert proc.returncode == 3 and "flagged (over_removal" in proc.stderr
    assert doc.read_text(encoding="utf-8") == GONE


def test_html_reading_runs_under_the_time_limit(tmp_path: Path) -> None:
    page = write(tmp_path / "br.html", "<html><body>" + "a<br>" * 800_000)
    write(tmp_path / "ok.txt", "fine\n")
    proc = cli("clean", str(page), str(tmp_path / "ok.txt"), "--time-limit", "0.5", "--format", "jsonl", timeout=300)
    assert proc.returncode == 1 and "reading the HTML took longer than the time limit" in proc.stderr
    assert json.loads(proc.stdout)["text"] == "fine"


@pytest.mark.skipif(sys.platform != "linux", reason="process tree checked through /proc")
def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    import time

    for i in range(40):
        write(tmp_path / "in" / f"f{i}.txt", ("A sentence of the corpus, long enough to clean.   \n" * 6000))
    proc = subprocess.Popen([sys.executable, "-m", "cleankit", "clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                             "-j", "2", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[int] = []
    for _ in range(300):  # wait for the pool's workers
        time.sleep(0.1)
        children = [int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
        if len(children) >= 2 or proc.poll() is not None:
            break
    if proc.poll() is not None:
        pytest.skip("the run finished before its workers could be seen")
    proc.kill()
    proc.wait()
    alive = children
    for _ in range(100):
        time.sleep(0.1)
        alive = [c for c in alive if Path(f"/proc/{c}").exists() and "zombie" not in Path(f"/proc/{c}/status").read_text().lower()]
        if not alive:
            break
    assert alive == []


def test_a_split_record_file_is_repaired_when_its_output_goes(tmp_path: Path) -> None:
    rows = "".join(json.dumps({"id": i, "text": f"record number {i}   "}) + "\n" for i in range(300))
    write(tmp_path / "in" / "big.jsonl", rows)
    out = tmp_path / "out"
    args = ("clean", str(tmp_path / "in"), "-o", str(out), "--shard-size", "2K", "-j", "1", "-q")
    assert cli(*args).returncode == 0
    first = (out / "big.jsonl").read_bytes()
    (out / "big.jsonl").unlink()
    assert cli(*args).returncode == 0 and (out / "big.jsonl").read_bytes() == first
    (out / "big.jsonl").write_bytes(b"tampered\n")
    assert cli(*args).returncode == 0 and (out / "big.jsonl").read_bytes() == first
    proc = cli(*args[:-1])
    assert proc.returncode == 0 and "already complete" in proc.stderr


def test_a_resumed_run_names_the_inputs_it_skipped_before(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", "alpha\n")
    write(tmp_path / "in" / "blob.bin", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    args = ("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    first = cli(*args)
    again = cli(*args)
    assert first.returncode == again.returncode == 1
    assert "blob.bin: binary file" in first.stderr and "blob.bin: binary file" in again.stderr
    assert "already complete" in again.stderr
