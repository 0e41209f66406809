"""Split a run into shards, run one shard, and record which shards are complete.

A shard is a unit of work that writes whole output files: a group of plain input files,
or one record file (JSONL, Parquet), or one byte range / row-group range of a large one.
The plan depends only on the inputs and the shard size, never on the number of workers,
so any executor (one process, a process pool, dask, a job array) writes the same bytes.
A shard's outputs are written to temporary files and renamed when complete; its
completion marker is written last, so a rerun skips exactly the shards that finished.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from .errors import CleanerError, CleankitError
from .io.files import InputFile
from .io.output import fsync_path

#: Default amount of input per shard: large enough that a shard's fixed costs vanish,
#: small enough that two workers stay balanced on a few hundred MB.
DEFAULT_SHARD_BYTES = 8 * 1024 * 1024
#: Never more plain files than this in one shard (bounds a shard's work on tiny files).
MAX_FILES_PER_SHARD = 2000
STATE_DIR = ".cleankit"
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})


@dataclass(frozen=True)
class RecordFields:
    """Where records keep their text, id and URL, and where results are written back."""

    text: str = "text"
    id: str = "id"
    url: str | None = "url"
    text_out: str | None = None
    meta_out: str = "cleankit"

    @property
    def text_target(self) -> str:
        """The field the cleaned text goes to (the text field itself unless told otherwise)."""
        return self.text_out or self.text


@dataclass(frozen=True)
class JobSpec:
    """Everything a worker needs to run shards, as plain picklable data."""

    chain: tuple[tuple[tuple[str, Any], ...], ...]
    disabled_plugins: tuple[str, ...] = ()
    max_removal: float = 0.8
    on_error: str = "skip"
    output: str | None = None
    flagged: str | None = None
    in_place: bool = False
    overwrite: bool = False
    fmt: str = "text"
    html: bool | None = None
    url: str | None = None
    max_bytes: int = 64 * 1024 * 1024
    fields: RecordFields = field(default_factory=RecordFields)
    time_limit: float | None = None  # per document, when the pipeline has one
    extractor: tuple[tuple[str, Any], ...] = ()  # the HTML extractor: (("name", …), ("options", …)); () = default

    @classmethod
    def make(cls, chain: list[dict[str, Any]], **kwargs: Any) -> "JobSpec":
        """Build a job from ``Chain.describe()`` output and the run's options."""
        frozen = tuple(tuple(sorted((k, _freeze(v)) for k, v in step.items())) for step in chain)
        return cls(chain=frozen, **kwargs)

    def chain_description(self) -> list[dict[str, Any]]:
        """The chain as ``Chain.describe()`` gave it."""
        return [{k: _thaw(v) for k, v in step} for step in self.chain]

    def fingerprint(self) -> str:
        """A hash of everything that decides the output bytes (not where they go)."""
        data = {
            "chain": self.chain_description(),
            "max_removal": self.max_removal,
            "on_error": self.on_error,
            "fmt": self.fmt,
            "html": self.html,
            "fields": asdict(self.fields),
            "flagged": bool(self.flagged),
            **({"extractor": self.extractor} if self.extractor else {}),
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return ("__dict__", tuple(sorted((k, _freeze(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("__list__", tuple(_freeze(v) for v in value))
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "__dict__":
        return {k: _thaw(v) for k, v in value[1]}
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "__list__":
        return [_thaw(v) for v in value[1]]
    return value


@dataclass(frozen=True)
class Shard:
    """One unit of work: plain files, or a part of a record file."""

    index: int
    kind: str  # "files", "jsonl" or "parquet"
    items: tuple[InputFile, ...]
    sizes: tuple[int, ...]
    start: int = 0
    end: int | None = None  # byte offset (jsonl) or row group (parquet), exclusive
    part: int = 0
    parts: int = 1

    @cached_property
    def id(self) -> str:
        """Stable name of the shard: what it reads, not where it sits in the plan."""
        key = json.dumps([self.kind, [i.source for i in self.items], list(self.sizes), self.start, self.end])
        return hashlib.sha1(key.encode()).hexdigest()[:20]

    @property
    def total_bytes(self) -> int:
        """Input bytes this shard reads (approximately, for a part)."""
        if self.parts > 1 and self.end is not None and self.kind == "jsonl":
            return self.end - self.start
        return sum(self.sizes) // max(1, self.parts)

    def label(self) -> str:
        """A short name for messages."""
        first = self.items[0].source if self.items else "?"
        more = f" and {len(self.items) - 1} more" if len(self.items) > 1 else ""
        part = f" part {self.part + 1}/{self.parts}" if self.parts > 1 else ""
        return f"shard {self.index} ({first}{more}{part})"


@dataclass
class ShardReport:
    """What running a shard did: counts, per-document messages, spooled standard output."""

    index: int
    shard_id: str
    counts: dict[str, int] = field(default_factory=lambda: {"cleaned": 0, "skipped": 0, "failed": 0})
    messages: list[str] = field(default_factory=list)
    fatal: str | None = None
    spool: str | None = None
    stdout_docs: int = 0
    resumed: bool = False
    items: int = 0
    kind: str = "files"


# -- planning ----------------------------------------------------------------------

RECORD_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}


def record_kind(path: str, input_format: str = "auto") -> str:
    """``files``, ``jsonl`` or ``parquet`` for ``path``: as told, else by its name."""
    if input_format != "auto":
        return input_format
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for suffix, kind in RECORD_SUFFIXES.items():
        if name.endswith(suffix):
            return kind
    return "files"


def plan_shards(
    items: Iterable[InputFile], *, input_format: str = "auto", shard_bytes: int = DEFAULT_SHARD_BYTES
) -> list[Shard]:
    """Split the inputs into shards, in input order, independent of the number of workers."""
    return list(iter_shards(items, input_format=input_format, shard_bytes=shard_bytes))


def iter_shards(
    items: Iterable[InputFile], *, input_format: str = "auto", shard_bytes: int = DEFAULT_SHARD_BYTES
) -> Iterator[Shard]:
    """Yield the shards of ``items`` lazily, so a run over millions of files never lists them all."""
    index = 0
    group: list[InputFile] = []
    sizes: list[int] = []
    for item in items:
        size = _size(item)
        kind = record_kind(item.source, input_format) if item.path is not None else "files"
        if kind == "files":
            if group and (sum(sizes) + size > shard_bytes or len(group) >= MAX_FILES_PER_SHARD):
                yield Shard(index, "files", tuple(group), tuple(sizes))
                index += 1
                group, sizes = [], []
            group.append(item)
            sizes.append(size)
            continue
        if group:
            yield Shard(index, "files", tuple(group), tuple(sizes))
            index += 1
            group, sizes = [], []
        for start, end, part, parts in _record_parts(item, kind, size, shard_bytes):
            yield Shard(index, kind, (item,), (size,), start, end, part, parts)
            index += 1
    if group:
        yield Shard(index, "files", tuple(group), tuple(sizes))


def _size(item: InputFile) -> int:
    if item.path is None:
        return 0
    try:
        return item.path.stat().st_size
    except OSError:
        return 0


def _record_parts(item: InputFile, kind: str, size: int, shard_bytes: int) -> list[tuple[int, int | None, int, int]]:
    assert item.path is not None
    if kind == "jsonl" and not item.source.lower().endswith(".gz") and size > shard_bytes:
        # split an uncompressed file by bytes: a line belongs to the range it starts in
        n = -(-size // shard_bytes)
        bounds = [size * i // n for i in range(n + 1)]
        return [(bounds[i], bounds[i + 1], i, n) for i in range(n)]
    if kind == "parquet" and size > shard_bytes:
        try:
            from .io.parquet import row_group_count

            groups = row_group_count(item.path)
        except Exception:  # unreadable: one shard reports the error
            return [(0, None, 0, 1)]
        n = max(1, min(groups, -(-size // shard_bytes)))
        if n > 1:
            bounds = [groups * i // n for i in range(n + 1)]
            return [(bounds[i], bounds[i + 1], i, n) for i in range(n)]
    return [(0, None, 0, 1)]


# -- run state: completion markers and the chain that made them ---------------------


class StateError(CleankitError):
    """The output folder holds a run made with another chain (or options)."""


class RunState:
    """The ``.cleankit`` folder in an output folder: run fingerprint, markers, temp files."""

    def __init__(self, output: str | Path) -> None:
        self.root = Path(output) / STATE_DIR
        self.done = self.root / "done"
        self.tmp = self.root / "tmp"
        self.parts = self.root / "parts"

    def claim(self, job: JobSpec, *, force: bool = False) -> None:
        """Record this run's fingerprint; refuse one made differently unless ``force``."""
        run_file = self.root / "run.json"
        mine = {"fingerprint": job.fingerprint(), "chain": job.chain_description()}
        if run_file.exists():
            try:
                theirs = json.loads(run_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                theirs = {}
            if theirs.get("fingerprint") != mine["fingerprint"]:
                if not force:
                    before = ", ".join(s.get("cleaner", "?") for s in theirs.get("chain", [])) or "unknown"
                    raise StateError(
                        f"{self.root.parent}: holds a run made with another chain or options "
                        f"(chain: {before}); use --force to redo it with this one "
                        f"(and --overwrite to replace its outputs)"
                    )
                shutil.rmtree(self.done, ignore_errors=True)
                shutil.rmtree(self.parts, ignore_errors=True)
        for d in (self.done, self.tmp, self.parts):
            d.mkdir(parents=True, exist_ok=True)
        if not run_file.exists() or force:
            _write_small(run_file, json.dumps(mine, indent=2).encode("utf-8"), self.tmp)

    def completed(self, shard: Shard) -> dict[str, Any] | None:
        """The marker of ``shard`` if it completed, else None."""
        try:
            return json.loads((self.done / f"{shard.id}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def mark(self, shard: Shard, report: ShardReport) -> None:
        """Write the completion marker of ``shard`` (last, after its outputs)."""
        data = {"index": shard.index, "label": shard.label(), "counts": report.counts, "items": report.items}
        tmp = self.temp_for(shard, "marker")  # also removes one a killed run left
        self.done.mkdir(parents=True, exist_ok=True)
        try:
            tmp.write_bytes(json.dumps(data).encode("utf-8"))
            fsync_path(tmp)
            os.replace(tmp, self.done / f"{shard.id}.json")
        finally:
            tmp.unlink(missing_ok=True)

    def temp_for(self, shard: Shard, name: str) -> Path:
        """A temporary path for one output of ``shard``; leftovers of a killed run are removed."""
        self.tmp.mkdir(parents=True, exist_ok=True)
        prefix = f"{shard.id}.{name}."
        for stale in self.tmp.glob(prefix + "*"):
            stale.unlink(missing_ok=True)
        return self.tmp / f"{prefix}{os.getpid()}.tmp"

    def write(self, shard: Shard, target: Path, data: bytes, *, overwrite: bool) -> None:
        """Write one output of ``shard`` through a temporary file in the state folder, then rename."""
        # No fsync per file (it cost ~1 ms a file, more than cleaning one): the rename
        # already protects against a killed process, and run_shard syncs once before the
        # marker, so a marker never outlives its outputs across a power cut.
        tmp = self.tmp / f"{shard.id}.file.{os.getpid()}.tmp"
        try:
            with tmp.open("wb") as fh:
                fh.write(data)
                if not hasattr(os, "sync"):  # no system-wide flush here (Windows): sync each file
                    fh.flush()
                    os.fsync(fh.fileno())
            publish(tmp, target, overwrite=overwrite)
        finally:
            tmp.unlink(missing_ok=True)


def _sync_filesystem(folder: Path) -> None:
    """Flush the file system holding ``folder`` (Linux ``syncfs``), else every file system."""
    try:
        import ctypes

        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
        fd = os.open(folder, os.O_RDONLY)
        try:
            if syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    except (OSError, AttributeError):
        pass
    os.sync()



def _write_small(path: Path, data: bytes, tmp_dir: Path) -> None:
    tmp_dir.mkdir(parents=True, exist_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=tmp_dir, prefix=f"{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_MADE_DIRS: set[str] = set()


def publish(tmp: Path, target: Path, *, overwrite: bool) -> bool:
    """Rename a finished temporary file onto ``target``, never over a different file unless told.

    Returns False (and removes ``tmp``) when ``target`` already holds the same bytes.
    """
    from .io.output import OutputExists

    parent = str(target.parent)
    if parent not in _MADE_DIRS:  # one mkdir per folder, not per file
        target.parent.mkdir(parents=True, exist_ok=True)
        if len(_MADE_DIRS) > 10_000:
            _MADE_DIRS.clear()
        _MADE_DIRS.add(parent)
    if target.exists():
        if _same_file(tmp, target):
            tmp.unlink(missing_ok=True)
            return False
        if not overwrite:
            tmp.unlink(missing_ok=True)
            raise OutputExists(f"{target}: exists and differs (use --overwrite to replace it)")
    os.chmod(tmp, 0o644)
    try:
        os.replace(tmp, target)
    except FileNotFoundError:  # the folder was removed since this process made it
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, target)
    return True


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        with a.open("rb") as fa, b.open("rb") as fb:
            while True:
                x, y = fa.read(1 << 20), fb.read(1 << 20)
                if x != y:
                    return False
                if not x:
                    return True
    except OSError:
        return False


# -- standard output ----------------------------------------------------------------

_SEPARATORS = {"text": b"\n", "json": b",\n", "jsonl": b""}


class DocSink:
    """Writes documents to a binary stream with the separators of the output format."""

    def __init__(self, fh: IO[bytes], fmt: str, *, outer: bool) -> None:
        self.fh = fh
        self.fmt = fmt
        self.outer = outer  # the real standard output: opens and closes the JSON array
        self.count = 0

    def write_doc(self, data: bytes, *, sep: bool = True) -> None:
        """Write one document's bytes (a record line takes no separator)."""
        self._before(1, sep)
        self.fh.write(data)

    def copy_spool(self, path: str, docs: int, *, sep: bool = True) -> None:
        """Append the documents a worker spooled to ``path`` (then remove it)."""
        try:
            if docs:
                self._before(docs, sep)
                with open(path, "rb") as src:
                    shutil.copyfileobj(src, self.fh, 1 << 20)
        finally:
            Path(path).unlink(missing_ok=True)

    def _before(self, n: int, sep: bool) -> None:
        if self.count and sep:
            self.fh.write(_SEPARATORS[self.fmt])
        elif self.outer and self.fmt == "json":
            self.fh.write(b"[\n")
        self.count += n

    def finish(self) -> None:
        """Close the JSON array, if one was opened."""
        if self.outer and self.fmt == "json":
            self.fh.write(b"\n]\n" if self.count else b"[]\n")
        self.fh.flush()


# -- running a shard ----------------------------------------------------------------


def run_shard(
    shard: Shard, job: JobSpec, pipeline: Any, *, sink: DocSink | None = None, resume: bool = True
) -> ShardReport:
    """Run ``shard`` with ``pipeline``; never raises for a bad document.

    Outputs go to the job's output folder; without one, documents go to ``sink`` or, in a
    worker, to a spool file the caller copies to standard output in shard order.
    """
    report = ShardReport(shard.index, shard.id, items=len(shard.items), kind=shard.kind)
    state = RunState(job.output) if job.output else None
    if state is not None and resume:
        marker = state.completed(shard)
        if marker is not None:
            report.counts = dict(marker.get("counts", report.counts))
            report.resumed = True
            return report
    spool_fh = None
    if sink is None and not job.output and not (job.in_place and shard.kind == "files"):
        fd, report.spool = tempfile.mkstemp(prefix="cleankit-", suffix=".spool")
        spool_fh = os.fdopen(fd, "wb")
        sink = DocSink(spool_fh, job.fmt if shard.kind == "files" else "jsonl", outer=False)
    try:
        if shard.kind == "files":
            if state is not None:
                state.temp_for(shard, "file")  # removes what a killed run left
            _run_files(shard, job, pipeline, report, sink, state)
        else:
            from .io.records import run_record_shard

            run_record_shard(shard, job, pipeline, report, sink, state)
    except CleanerError as exc:  # only with --on-error raise
        report.fatal = f"{exc}; stopping (--on-error raise)"
    finally:
        if spool_fh is not None:
            spool_fh.close()
            assert sink is not None
            report.stdout_docs = sink.count
    if state is not None and report.fatal is None and report.counts["failed"] == 0:
        if shard.kind == "files" and report.counts["cleaned"] and hasattr(os, "sync"):
            _sync_filesystem(state.root)  # one flush for the whole shard's files, before its marker
        state.mark(shard, report)
    return report


def _run_files(
    shard: Shard, job: JobSpec, pipeline: Any, report: ShardReport, sink: DocSink | None, state: RunState | None
) -> None:
    from .batch import clean_input
    from .io.output import OutputExists, write_atomic

    single_url = job.url
    for item in shard.items:
        outcome = clean_input(pipeline, item, url=single_url, html=job.html, max_bytes=job.max_bytes)
        if outcome.result is None:
            report.counts[outcome.status] += 1
            report.messages.append(f"{item.source}: {outcome.reason} ({outcome.status})")
            continue
        result = outcome.result
        flagged = bool(job.flagged and result.flags)
        try:
            if job.in_place and not flagged:
                assert item.path is not None
                data = text_bytes(result.text)
                if item.path.name.lower().endswith(".gz"):
                    import gzip

                    data = gzip.compress(data, mtime=0)  # page.html.gz stays a gzip file
                write_atomic(item.path, data, overwrite=True)
            else:
                root = job.flagged if flagged else job.output
                if root is None:
                    assert sink is not None
                    sink.write_doc(stdout_bytes(job.fmt, item.source, result))
                else:
                    rel, data = file_output(job.fmt, item, result)
                    if state is not None and root == job.output:
                        state.write(shard, Path(root) / rel, data, overwrite=job.overwrite)
                    else:
                        write_atomic(Path(root) / rel, data, overwrite=job.overwrite)
            report.counts["cleaned"] += 1
        except OutputExists as exc:
            report.counts["failed"] += 1
            report.messages.append(str(exc))
        except OSError as exc:
            report.counts["failed"] += 1
            report.messages.append(f"{item.source}: cannot write output: {exc}")


def text_bytes(text: str) -> bytes:
    """The bytes of a text output file: UTF-8 with a final newline."""
    return (text if text.endswith("\n") or not text else text + "\n").encode("utf-8")


def file_output(fmt: str, item: InputFile, result: Any) -> tuple[Path, bytes]:
    """The relative output path and bytes of one cleaned file."""
    rel = item.relative
    if fmt == "text":
        if rel.suffix.lower() == ".gz" and rel.with_suffix("").suffix.lower() in HTML_SUFFIXES:
            rel = rel.with_suffix("")  # page.html.gz is written as page.txt, like page.html
        rel = rel.with_suffix(".txt") if rel.suffix.lower() in HTML_SUFFIXES else rel
        return rel, text_bytes(result.text)
    rel = rel.with_name(rel.name + (".json" if fmt == "json" else ".jsonl"))
    record = result.to_dict(item.source)
    if fmt == "json":
        return rel, (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return rel, (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def stdout_bytes(fmt: str, source: str, result: Any) -> bytes:
    """One document as written to standard output in format ``fmt``."""
    if fmt == "jsonl":
        return (json.dumps(result.to_dict(source), ensure_ascii=False) + "\n").encode("utf-8")
    if fmt == "json":
        return json.dumps(result.to_dict(source), ensure_ascii=False, indent=2).encode("utf-8")
    text = result.text if result.text.endswith("\n") else result.text + "\n"
    return f"==> {source} <==\n{text}".encode("utf-8")


def iter_reports_serial(shards: Iterable[Shard], job: JobSpec, pipeline: Any, sink: DocSink | None,
                        *, resume: bool = True) -> Iterator[ShardReport]:
    """Run shards one after another in this process."""
    for shard in shards:
        yield run_shard(shard, job, pipeline, sink=sink, resume=resume)


def stdin_item() -> InputFile:
    """The input item standing for standard input."""
    return InputFile("-", None, Path("stdin.txt"))


__all__ = [
    "DEFAULT_SHARD_BYTES", "DocSink", "JobSpec", "RecordFields", "RunState", "Shard", "ShardReport",
    "StateError", "iter_shards", "plan_shards", "publish", "record_kind", "run_shard",
]

