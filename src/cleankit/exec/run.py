"""The one per-document loop: documents from a reader, through the chain, to a writer.

Every executor (this process, the pool, Dask, job arrays) and every input kind (files, JSONL,
Parquet, standard input) goes through :func:`clean_stream`. A bad document becomes a
:class:`~cleankit.errors.Failure` for that document alone; a flagged document (over-removal,
quarantine) is counted, copied to ``--flagged`` with its original text and proposed edits, and
written to the normal output as ``--on-flag`` says.
"""
from __future__ import annotations

import dataclasses
import gzip
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ..errors import STATUS_OF_KIND, CleanerError, Failure, InputError, WriteError
from ..io.files import InputFile
from ..io.output import publish, replace_in_place, sync_filesystem, write_atomic
from ..io.readers import Document, RecordOptions, is_gzip, iter_documents, parquet_schema
from ..io.writers import (
    DocSink, JsonlOut, ParquetOut, file_bytes, json_line, record_with_result, relative_output,
    stdout_bytes, text_bytes,
)
from .plan import JobSpec, Shard
from .state import RunState

if TYPE_CHECKING:
    from ..document import Result
    from ..runner import Pipeline

COUNT_KEYS = ("cleaned", "skipped", "failed", "flagged", "errors")


@dataclass
class ShardReport:
    """What running a shard did: counts, failures, notes, spooled standard output, outputs written."""

    index: int
    shard_id: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fatal: str | None = None
    spool: str | None = None
    stdout_docs: int = 0
    resumed: bool = False
    items: int = 0
    kind: str = "files"
    outputs: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    removed_chars: int = 0
    original_chars: int = 0
    would_write: int = 0  # documents a dry run would have written

    @property
    def messages(self) -> list[str]:
        """One line per failure, then the notes (flagged documents, cleaner errors)."""
        return [f.message() for f in self.failures] + self.notes

    def fail(self, failure: Failure) -> None:
        """Count one document that could not be cleaned or written."""
        self.counts[failure.status] += 1
        self.failures.append(failure)


def shown_result(result: "Result", on_flag: str) -> "Result | None":
    """What the normal output gets: the result, the original text (``original``), or nothing (``drop``)."""
    if not result.flags or on_flag == "cleaned":
        return result
    if on_flag == "drop":
        return None
    return dataclasses.replace(result, text=result.original)


_UNSAFE = re.compile(r"[^\w.-]+")


def _flagged_name(doc: Document, item: InputFile | None) -> Path:
    if doc.record is None and item is not None:
        rel = item.relative  # page.html -> page.html.txt: never the name of another input's copy
        return rel if rel.suffix == ".txt" else rel.with_name(rel.name + ".txt")
    label = doc.origin.label()
    base = item.source if item is not None else ""
    tail = _UNSAFE.sub("_", label[len(base):] if label.startswith(base) else label).strip("_.") or "record"
    parent = Path(item.relative.name + ".flagged") if item is not None else Path("records.flagged")
    return parent / f"{tail[:120]}.txt"


def write_flagged(root: str, doc: Document, result: "Result", item: InputFile | None) -> None:
    """``root/NAME`` gets the original text, ``root/NAME.flags.json`` the flags and proposed edits
    (NAME: the input's relative path, ``.txt`` added unless it has it; for a record, its line or row)."""
    rel = _flagged_name(doc, item)
    record = result.to_dict(doc.source)
    record.pop("text", None)
    record["removed_share"] = round(result.removed_share, 4)
    # never over a different file: two inputs with one name, or an earlier run's copy, are reported
    write_atomic(Path(root) / rel, text_bytes(result.original), overwrite=False)
    write_atomic(Path(root) / rel.with_name(rel.name + ".flags.json"), json_line(record, indent=2) + b"\n", overwrite=False)


def _account(doc: Document, result: "Result", job: JobSpec, report: ShardReport, item: InputFile | None) -> "Result | None":
    """Count flags and cleaner errors, copy a flagged document aside; return what the output gets."""
    report.original_chars += len(result.original)
    report.removed_chars += sum(len(e.removed) for e in result.edits)
    for error in result.errors:
        report.notes.append(f"{doc.source}: cleaner {error['cleaner']!r} ({error['plugin']}) failed: {error['reason']}")
    if result.errors:
        report.counts["errors"] += 1
    if not result.flags:
        return result
    report.counts["flagged"] += 1
    shown = shown_result(result, job.on_flag)
    what = {"original": "the original text", "cleaned": "the cleaned text", "drop": "nothing"}[job.on_flag]
    report.notes.append(f"{doc.source}: flagged ({', '.join(result.flags)}, {result.removed_share:.0%} removed); "
                        f"output gets {what} (--on-flag {job.on_flag})")
    if job.flagged and not job.dry_run:
        write_flagged(job.flagged, doc, result, item)
    return shown


Deliver = Callable[[Document, "Result | None"], None]


def clean_stream(
    pipeline: "Pipeline", docs: Iterable[Document | Failure], job: JobSpec, report: ShardReport,
    deliver: Deliver, item: InputFile | None = None,
) -> None:
    """Clean each document and hand what the output gets to ``deliver``; failures are recorded, never raised.

    A :class:`~cleankit.errors.CleanerError` propagates only with ``on_error="raise"``.
    """
    for doc in docs:
        if isinstance(doc, Failure):
            report.fail(doc)
            continue
        result = pipeline.run(doc.text, doc.origin, doc.metadata, doc.hints, reader_metadata=doc.reader_metadata)
        try:
            shown = _account(doc, result, job, report, doc.item or item)
            deliver(doc, shown)
        except WriteError as exc:
            report.fail(Failure.of(exc))
            continue
        report.counts["cleaned"] += 1


def _options(job: JobSpec, pipeline: "Pipeline") -> RecordOptions:
    return RecordOptions(job.fields, job.max_bytes, job.html, job.time_limit, pipeline.html_extractor())


def _file_documents(shard: Shard, job: JobSpec, pipeline: "Pipeline") -> Iterator[Document | Failure]:
    refused = dict(shard.refused)
    opts = _options(job, pipeline)
    for i, item in enumerate(shard.items):
        if i in refused:
            yield Failure(item.source, "write", refused[i])
            continue
        yield from iter_documents(item, "files", opts, url=job.url)


class _FileTarget:
    """Where the cleaned files of a shard go: the output folder, the input itself, or a stream."""

    def __init__(self, shard: Shard, job: JobSpec, state: RunState | None, sink: DocSink | None,
                 owned: set[str], report: ShardReport) -> None:
        self.shard, self.job, self.state, self.sink, self.owned, self.report = shard, job, state, sink, owned, report

    def __call__(self, doc: Document, shown: "Result | None") -> None:
        job, item = self.job, doc.item
        assert item is not None
        if job.in_place and doc.html and not job.in_place_html:
            raise WriteError(item.source, "is HTML: --in-place would replace the page with its text "
                                          "(use -o, or --in-place-html to replace it anyway)")
        if shown is None:
            return
        if job.dry_run:
            self.report.would_write += 1
            return
        if job.in_place:
            assert item.path is not None
            data = text_bytes(shown.text)
            if item.path.name.lower().endswith(".gz"):
                data = gzip.compress(data, mtime=0)  # page.html.gz stays a gzip file
            replace_in_place(item.path, data)
        elif job.output is None:
            assert self.sink is not None
            self.sink.write_doc(stdout_bytes(job.fmt, item.source, shown, header=job.headers))
        else:
            rel = relative_output(job.fmt, item.relative)
            data = file_bytes(job.fmt, item.source, shown)
            key = rel.as_posix()
            overwrite = job.overwrite or key in self.owned
            target = Path(job.output) / rel
            if self.state is not None:
                self.state.write(self.shard, target, data, overwrite=overwrite)
            else:
                write_atomic(target, data, overwrite=overwrite)
            self.report.outputs[key] = hashlib.sha256(data).hexdigest()


class _RecordTarget:
    """A record file's cleaned copy: a temporary file renamed when the shard completes, or a stream."""

    def __init__(self, shard: Shard, job: JobSpec, state: RunState | None, sink: DocSink | None,
                 owned: set[str], schema: Any, report: ShardReport) -> None:
        self.shard, self.job, self.state, self.owned, self.report = shard, job, state, owned, report
        self.item = shard.items[0]
        self.tmp = state.temp_for(shard, "out") if state is not None else None
        if shard.kind == "parquet":
            self.out: JsonlOut | ParquetOut = ParquetOut(self.tmp, schema, job.fields, sink=sink)
        else:
            self.out = JsonlOut(self.tmp, gz=is_gzip(self.item.source), sink=sink)

    def __call__(self, doc: Document, shown: "Result | None") -> None:
        if shown is None or doc.record is None:
            return
        if self.job.dry_run:
            self.report.would_write += 1
            return
        self.out.write(record_with_result(doc.record, shown, self.job.fields, shown.text))

    def abandon(self) -> None:
        """Drop the unfinished output."""
        try:
            self.out.close(sync=False)
        except Exception:  # noqa: BLE001 (already failing: the first error is the one to report)
            pass
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)

    def finish(self, report: ShardReport) -> None:
        """Close the output and publish it (or keep it as a part of a split file)."""
        self.out.close()
        if self.state is None or self.tmp is None:
            return
        if self.shard.parts > 1:
            os.replace(self.tmp, self.state.part_path(self.shard, self.shard.part))
            return
        assert self.job.output is not None
        rel = self.item.relative
        key = rel.as_posix()
        target = Path(self.job.output) / rel
        publish(self.tmp, target, overwrite=self.job.overwrite or key in self.owned)
        digest = hashlib.sha256()
        with target.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        report.outputs[key] = digest.hexdigest()


def _null_sink() -> DocSink:
    return DocSink(open(os.devnull, "wb"), "jsonl", outer=False)  # noqa: SIM115 (closed with the report)


def run_shard(
    shard: Shard, job: JobSpec, pipeline: "Pipeline", *, sink: DocSink | None = None, resume: bool = True,
) -> ShardReport:
    """Run ``shard`` with ``pipeline``; never raises for a bad document or output.

    Outputs go to the job's output folder; without one, documents go to ``sink`` or, in a
    worker, to a spool file the caller copies to standard output in shard order.
    """
    report = ShardReport(shard.index, shard.id, items=len(shard.items), kind=shard.kind)
    state = RunState(job.output) if job.output and not job.dry_run else None
    owned: set[str] = set()
    if state is not None and resume:
        marker = state.completed(shard)
        if marker is not None:
            report.counts.update(marker.get("counts", {}))
            report.failures = [Failure(str(src), kind, str(reason)) for src, kind, reason in marker.get("failures", [])
                               if kind in STATUS_OF_KIND]
            report.resumed = True
            return report
        owned = state.owned(shard)
    spool_fh: IO[bytes] | None = None
    if job.dry_run:
        sink = _null_sink()
        spool_fh = sink.fh
    elif sink is None and not job.output and not (job.in_place and shard.kind == "files"):
        fd, report.spool = tempfile.mkstemp(prefix="cleankit-", suffix=".spool")
        spool_fh = os.fdopen(fd, "wb")
        sink = DocSink(spool_fh, job.fmt if shard.kind == "files" else "jsonl", outer=False)
    try:
        _run(shard, job, pipeline, report, sink, state, owned)
    except CleanerError as exc:  # only with --on-error raise
        report.fatal = f"{exc}; stopping (--on-error raise)"
    finally:
        if spool_fh is not None:
            spool_fh.close()
            assert sink is not None
            report.stdout_docs = sink.count if report.spool else 0
    # Input that holds no text is skipped for good (the marker records the input's identity);
    # anything a rerun could change (a read, write or limit failure) keeps the shard open.
    if state is not None and report.fatal is None and all(f.kind == "decode" for f in report.failures):
        if shard.kind == "files" and report.outputs:
            sync_filesystem(state.root)  # one flush for the whole shard's files, before its marker
        state.mark(shard, report.counts, report.outputs, report.failures)
    return report


def _run(shard: Shard, job: JobSpec, pipeline: "Pipeline", report: ShardReport, sink: DocSink | None,
         state: RunState | None, owned: set[str]) -> None:
    if shard.kind == "files":
        if state is not None:
            state.temp_for(shard, "file")  # removes what a killed run left
        clean_stream(pipeline, _file_documents(shard, job, pipeline), job, report, _FileTarget(shard, job, state, sink, owned, report))
        return
    item = shard.items[0]
    schema = None
    if shard.kind == "parquet":
        try:
            schema = parquet_schema(item)
        except InputError as exc:
            report.fail(Failure.of(exc))
            return
        if schema.get_field_index(job.fields.text) < 0:
            report.fail(Failure(item.source, "decode", f"no column {job.fields.text!r} (columns: {', '.join(schema.names)})"))
            return
    target = _RecordTarget(shard, job, state, sink, owned, schema, report)
    try:
        docs = iter_documents(item, shard.kind, _options(job, pipeline), start=shard.start, end=shard.end)
        clean_stream(pipeline, docs, job, report, target, item)
        target.finish(report)
    except WriteError as exc:
        target.abandon()
        report.fail(Failure.of(exc))
    except OSError as exc:
        target.abandon()
        if isinstance(exc, BrokenPipeError):
            raise
        report.fail(Failure(item.source, "write", f"cannot write output: {exc.strerror or exc}"))
    except BaseException:
        target.abandon()
        raise


def iter_reports_serial(shards: Iterable[Shard], job: JobSpec, pipeline: "Pipeline", sink: DocSink | None,
                        *, resume: bool = True) -> Iterator[ShardReport]:
    """Run shards one after another in this process."""
    for shard in shards:
        yield run_shard(shard, job, pipeline, sink=sink, resume=resume)
