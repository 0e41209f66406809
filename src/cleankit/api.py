"""The Python batch API: ``cleankit.run(inputs, output=..., **options) -> RunSummary``.

It is what ``cleankit clean`` runs: validate the options, plan shards, run them with the chosen
executor, join split record files, and return counts, failures and notes. Nothing is printed;
``progress`` is called with each shard's report as it completes.
"""
from __future__ import annotations

import itertools
import math
import os
import sys
from dataclasses import dataclass, field, fields
from typing import IO, Any, Callable, Iterable, Iterator

from .errors import ConfigError, Failure
from .exec.assemble import assemble
from .exec.executors import iter_reports
from .exec.plan import DEFAULT_SHARD_BYTES, ON_FLAG_CHOICES, JobSpec, OutputNames, Shard, iter_shards
from .exec.pool import worker_count
from .exec.run import COUNT_KEYS, ShardReport
from .exec.state import RunState
from .io.files import InputFile, iter_inputs
from .io.readers import DEFAULT_MAX_BYTES, RecordFields, record_kind
from .io.writers import DocSink
from .plugins import disabled_plugins
from .runner import ERROR_POLICIES, Pipeline

#: Exit status of a run where some documents were flagged or had cleaner errors (outputs written).
EXIT_FLAGGED = 3
FORMATS = ("text", "json", "jsonl")
INPUT_FORMATS = ("auto", "files", "jsonl", "parquet")
EXECUTORS = ("local", "dask")


@dataclass
class RunOptions:
    """Every option of :func:`run` (the command line's ``clean`` options, by the same names)."""

    fmt: str = "text"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    in_place: bool = False
    in_place_html: bool = False
    overwrite: bool = False
    url: str | None = None
    html: bool | None = None
    on_error: str = "skip"
    max_removal: float | None = None
    flagged: str | None = None
    #: None: "cleaned", or "original" with ``in_place`` (a flagged file is then left as it was)
    on_flag: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    time_limit: float | None = None
    input_format: str = "auto"
    text_field: str = "text"
    id_field: str = "id"
    url_field: str | None = "url"
    text_out: str | None = None
    meta_field: str = "cleankit"
    extractor: str | None = None
    workers: int | None = None
    executor: str = "local"
    scheduler: str | None = None
    shard_size: int = DEFAULT_SHARD_BYTES
    shard_index: int | None = None
    num_shards: int | None = None
    force: bool = False
    dry_run: bool = False
    cleaners: list[str] | None = None
    config: Any = None
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    disable_plugins: tuple[str, ...] = ()
    pipeline: Pipeline | None = None
    stdout: IO[bytes] | None = None
    progress: Callable[[ShardReport], None] | None = None


@dataclass
class RunSummary:
    """What a run did: counts, every failure, notes on flagged documents and cleaner errors."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the run itself (e.g. workers capped)
    resumed_shards: int = 0
    fatal: str | None = None
    removed_chars: int = 0
    original_chars: int = 0
    would_write: int = 0
    dry_run: bool = False

    def add(self, report: ShardReport) -> None:
        """Fold one shard's report in."""
        for key in COUNT_KEYS:
            self.counts[key] += report.counts.get(key, 0)
        self.failures.extend(report.failures)
        self.notes.extend(report.notes)
        self.resumed_shards += report.resumed
        self.removed_chars += report.removed_chars
        self.original_chars += report.original_chars
        self.would_write += report.would_write
        if report.fatal:
            self.fatal = report.fatal

    @property
    def exit_status(self) -> int:
        """0: all cleaned; 1: some inputs skipped or failed, or the run stopped; 3: some flagged or with cleaner errors."""
        if self.fatal or self.counts["skipped"] or self.counts["failed"]:
            return 1
        if self.counts["flagged"] or self.counts["errors"]:
            return EXIT_FLAGGED
        return 0

    def line(self) -> str:
        """The one-line summary the command line prints."""
        c = self.counts
        failed = c["failed"] + (1 if self.fatal else 0)
        text = f"{c['cleaned']} cleaned, {c['skipped']} skipped, {failed} failed"
        if c["flagged"] or c["errors"]:
            text += f", {c['flagged']} flagged, {c['errors']} with cleaner errors"
        if self.dry_run:
            share = self.removed_chars / self.original_chars if self.original_chars else 0.0
            text += (f" (dry run, nothing written: would write {self.would_write} document(s), remove "
                     f"{self.removed_chars} of {self.original_chars} characters ({share:.1%}), flag {c['flagged']})")
        return text


def _as_tuple(value: Any, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if not isinstance(value, Iterable):
        raise ConfigError(f"{name} must be a list of strings, not {type(value).__name__}")
    return tuple(str(v) for v in value)


def _options(options: dict[str, Any]) -> RunOptions:
    known = {f.name for f in fields(RunOptions)}
    unknown = sorted(set(options) - known)
    if unknown:
        raise ConfigError(f"unknown option(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    opts = RunOptions(**options)
    for name in ("include", "exclude", "enable", "disable", "disable_plugins"):
        setattr(opts, name, _as_tuple(getattr(opts, name), name))
    if isinstance(opts.cleaners, str):
        raise ConfigError("cleaners must be a list of names, not a string (one cleaner: cleaners=['junk'])")
    return opts


def _choice(value: Any, choices: tuple[str, ...], name: str) -> None:
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {value!r}")


def _check_numbers(opts: RunOptions) -> None:
    if opts.time_limit is not None and not (isinstance(opts.time_limit, (int, float)) and opts.time_limit > 0 and not math.isnan(opts.time_limit)):
        raise ConfigError(f"time limit must be a positive number of seconds, not {opts.time_limit!r}")
    if opts.max_removal is not None and not (isinstance(opts.max_removal, (int, float)) and 0 < opts.max_removal <= 1):
        raise ConfigError(f"max_removal must be a share in (0, 1], not {opts.max_removal!r}")
    for name in ("max_bytes", "shard_size"):
        value = getattr(opts, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"{name} must be a positive whole number of bytes, not {value!r}")
    if opts.workers is not None and (not isinstance(opts.workers, int) or opts.workers < 1):
        raise ConfigError(f"workers must be a positive whole number, not {opts.workers!r}")
    if (opts.shard_index is None) != (opts.num_shards is None):
        raise ConfigError("shard_index and num_shards go together (--shard-index and --num-shards)")
    if opts.num_shards is not None and opts.shard_index is not None and not 0 <= opts.shard_index < opts.num_shards:
        raise ConfigError("--shard-index must be at least 0 and below --num-shards")


def _check_modes(inputs: list[str], output: str | None, opts: RunOptions) -> None:
    _choice(opts.fmt, FORMATS, "format")
    _choice(opts.on_error, ERROR_POLICIES, "on_error")
    if opts.on_flag is not None:
        _choice(opts.on_flag, ON_FLAG_CHOICES, "on_flag")
    _choice(opts.input_format, INPUT_FORMATS, "input_format")
    _choice(opts.executor, EXECUTORS, "executor")
    if opts.in_place and output:
        raise ConfigError("--in-place and --output exclude each other")
    if opts.in_place and "-" in inputs:
        raise ConfigError("--in-place cannot replace standard input")
    if (opts.executor == "dask" or opts.num_shards is not None) and not output:
        raise ConfigError("--executor dask and --shard-index need --output (a folder every worker can reach)")
    if opts.scheduler and opts.executor != "dask":
        raise ConfigError("--scheduler goes with --executor dask")


def _check_fields(f: RecordFields) -> None:
    """Refuse field names that would overwrite one another in an output record."""
    writes = {"--meta-field": f.meta_out, "--text-out": f.text_target}
    reads = {"--text-field": f.text, "--id-field": f.id, "--url-field": f.url}
    if f.meta_out == f.text_target:
        raise ConfigError(f"--meta-field {f.meta_out!r} is also where the cleaned text goes (--text-field/--text-out): "
                          "choose different names")
    for wname, wvalue in writes.items():
        for rname, rvalue in reads.items():
            if rvalue is None or (wname == "--text-out" and rname == "--text-field"):
                continue
            if wvalue == rvalue:
                raise ConfigError(f"{wname} {wvalue!r} would overwrite the field {rname} reads: choose another name")


def _check_output_location(inputs: list[str], output: str | None) -> None:
    """Refuse an output folder that is an input folder, inside one, or holds an input."""
    if not output:
        return
    out = os.path.realpath(output)
    for given in inputs:
        if given == "-":
            continue
        real = os.path.realpath(given)
        if os.path.isdir(real) and (out == real or out.startswith(real + os.sep)):
            where = "is the input folder" if out == real else "is inside the input folder"
            raise ConfigError(f"-o {output} {where} {given}: its outputs would replace the inputs or be cleaned "
                              "again by the next run; choose a folder outside it")
        if real == out or real.startswith(out + os.sep):
            raise ConfigError(f"input {given} is inside the output folder {output}: an output could replace it; "
                              "choose another output folder")


def _check_records(inputs: Iterable[InputFile], output: str | None, opts: RunOptions) -> None:
    needs_files = opts.in_place or (not output and opts.fmt == "json")
    if not needs_files:
        return
    for item in inputs:
        if record_kind(item.source, opts.input_format) == "files":
            continue
        if opts.in_place:
            raise ConfigError(f"{item.source}: --in-place applies to plain files; clean record files into -o")
        raise ConfigError("records go to standard output as JSONL lines: use --format jsonl, or -o")


def _inputs(inputs: Any) -> list[str]:
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    if inputs is None or not isinstance(inputs, Iterable):
        raise ConfigError(f"inputs must be a path or a list of paths, not {type(inputs).__name__}")
    names = [os.fspath(i) for i in inputs]
    if not names:
        raise ConfigError("no inputs given")
    return names


def _pipeline(opts: RunOptions) -> Pipeline:
    pipeline = opts.pipeline if opts.pipeline is not None else _build(opts)
    if not pipeline.chain.steps:
        raise ConfigError("the chain is empty: every cleaner is disabled, so nothing would be cleaned")
    return pipeline


def _build(opts: RunOptions) -> Pipeline:
    return Pipeline.build(
        opts.cleaners, config=opts.config, enable=opts.enable, disable=opts.disable,
        disable_plugins=opts.disable_plugins, on_error=opts.on_error,  # type: ignore[arg-type]
        max_removal=opts.max_removal, time_limit=opts.time_limit, extractor=opts.extractor,
    )


def _job(pipeline: Pipeline, output: str | None, opts: RunOptions, single: bool) -> JobSpec:
    cfg_disabled = list(pipeline.config.disable_plugins if pipeline.config else []) + sorted(disabled_plugins())
    fields_ = RecordFields(opts.text_field, opts.id_field, opts.url_field or None, opts.text_out, opts.meta_field)
    _check_fields(fields_)
    return JobSpec.make(
        pipeline.chain.describe(), disabled_plugins=tuple(sorted(set(opts.disable_plugins) | set(cfg_disabled))),
        max_removal=pipeline.max_removal, on_error=pipeline.on_error, output=output, flagged=opts.flagged,
        on_flag=opts.on_flag or ('original' if opts.in_place else 'cleaned'), in_place=opts.in_place, in_place_html=opts.in_place_html, overwrite=opts.overwrite,
        fmt=opts.fmt, html=opts.html, url=opts.url if single else None, max_bytes=opts.max_bytes, fields=fields_,
        time_limit=pipeline.time_limit, headers=not single, dry_run=opts.dry_run,
        extractor=pipeline.extractor_spec(),
    )


def run(inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], output: str | os.PathLike[str] | None = None,
        **options: Any) -> RunSummary:
    """Clean files, folders, record files (JSONL, Parquet) or ``-`` into ``output`` (a folder).

    Without ``output`` the documents go to ``stdout`` (a binary stream, default standard
    output) unless ``in_place``. Options are those of ``cleankit clean`` with underscores
    (``fmt``, ``on_flag``, ``max_bytes``, ``workers``, ...; see :class:`RunOptions`).
    Invalid options raise :class:`~cleankit.errors.ConfigError`; a bad input never raises:
    it is a :class:`~cleankit.errors.Failure` in the summary.
    """
    opts = _options(options)
    names = _inputs(inputs)
    out = os.fspath(output) if output is not None else None
    _check_numbers(opts)
    _check_modes(names, out, opts)
    _check_output_location(names, out)
    if opts.flagged:
        _check_output_location(names, opts.flagged)
    pipeline = _pipeline(opts)

    def items() -> Iterator[InputFile]:
        return iter_inputs(names, include=opts.include, exclude=opts.exclude)

    single = len(list(itertools.islice(items(), 2))) == 1
    _check_records(items(), out, opts)
    job = _job(pipeline, out, opts, single)
    state = RunState(out) if out and not opts.dry_run else None
    if state is not None:
        try:
            state.lock(shared=opts.num_shards is not None)
            state.claim(job, force=opts.force)
        except OSError as exc:
            state.unlock()
            raise ConfigError(f"{out}: cannot write to the output folder: {exc.strerror or exc}") from exc
        except BaseException:
            state.unlock()
            raise
    try:
        return _execute(items, job, pipeline, state, opts)
    finally:
        if state is not None:
            state.unlock()


def _execute(items: Callable[[], Iterator[InputFile]], job: JobSpec, pipeline: Pipeline, state: RunState | None,
             opts: RunOptions) -> RunSummary:
    summary = RunSummary(dry_run=opts.dry_run)
    split: list[Shard] = []  # parts of large record files, joined at the end
    names = OutputNames(job.fmt) if job.output else None

    def planned() -> Iterator[Shard]:
        for shard in iter_shards(items(), input_format=opts.input_format, shard_bytes=opts.shard_size, names=names):
            if shard.parts > 1:
                split.append(shard)
            if opts.num_shards is None or shard.index % opts.num_shards == opts.shard_index:
                yield shard

    workers, note = worker_count(opts.workers)
    if note:
        summary.warnings.append(note)
    if any(i.path is None for i in itertools.islice(items(), 10_000)):
        workers = 1  # standard input is read by this process
    stream = opts.stdout if opts.stdout is not None else sys.stdout.buffer
    sink = DocSink(stream, job.fmt, outer=True) if not job.output and not job.in_place and not job.dry_run else None
    reports = iter_reports(planned(), job, pipeline, executor=opts.executor, workers=workers,
                           explicit_workers=opts.workers is not None, scheduler=opts.scheduler, sink=sink)
    try:
        for report in reports:
            summary.add(report)
            if report.spool is not None and sink is not None:
                sink.copy_spool(report.spool, report.stdout_docs, sep=report.kind == "files")
            if opts.progress is not None:
                opts.progress(report)
            if report.fatal:
                break
    finally:
        close = getattr(reports, "close", None)
        if close is not None:
            close()  # stops a pool or cluster even when the loop ended early
    if state is not None and summary.fatal is None:
        for failure in assemble(split, job, state):
            summary.failures.append(failure)
            summary.counts[failure.status] += 1
    if sink is not None:
        sink.finish()
    return summary


def parse_size(text: str) -> int:
    """``8M``, ``512k``, ``1G`` or a number of bytes; :class:`ConfigError` otherwise."""
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    t = text.strip().lower().rstrip("b")
    try:
        if t and t[-1] in units:
            value = int(float(t[:-1]) * units[t[-1]])
        else:
            value = int(t)
    except (ValueError, OverflowError) as exc:
        raise ConfigError(f"not a size: {text!r}") from exc
    return max(1, value)


__all__ = ["EXIT_FLAGGED", "RunOptions", "RunSummary", "parse_size", "run"]
