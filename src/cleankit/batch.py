"""Clean a sequence of input files: one outcome per file, errors caught and named."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Literal

from .document import Result
from .errors import CleanerError, InputError
from .io.files import InputFile
from .runner import Pipeline

Status = Literal["cleaned", "skipped", "failed"]
#: Files larger than this are refused by default (configurable with ``--max-bytes``).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(slots=True)
class FileOutcome:
    """What happened to one input: its status, the result, or the reason it has none."""

    input: InputFile
    status: Status
    result: Result | None = None
    reason: str = ""


def read_input(item: InputFile, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read the bytes of ``item`` (standard input for ``-``); raise :class:`InputError`."""
    if item.path is None:
        return sys.stdin.buffer.read()
    try:
        size = item.path.stat().st_size
        if size > max_bytes:
            raise InputError(item.source, f"file of {size} bytes is over the limit of {max_bytes} bytes")
        return item.path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(item.source, "no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(item.source, "is a folder") from exc
    except PermissionError as exc:
        raise InputError(item.source, "permission denied") from exc
    except OSError as exc:
        raise InputError(item.source, f"cannot read: {exc.strerror or exc}") from exc


def clean_input(
    pipeline: Pipeline, item: InputFile, *, url: str | None = None, html: bool | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FileOutcome:
    """Read, decode and clean one input; never raises for a bad input or a failing cleaner
    unless the pipeline's error policy is ``raise``."""
    try:
        data = read_input(item, max_bytes)
    except InputError as exc:
        status: Status = "failed" if "no such file" in exc.reason or "cannot" in exc.reason or "permission" in exc.reason else "skipped"
        return FileOutcome(item, status, reason=exc.reason)
    path = item.source if item.path is not None else None
    try:
        result = pipeline.clean(data, path=path, url=url, html=html)
    except InputError as exc:
        return FileOutcome(item, "skipped", reason=exc.reason)
    except CleanerError:
        raise
    return FileOutcome(item, "cleaned", result)


import itertools  # noqa: E402  (kept below so the header stays as in the core)
from typing import Any, Iterable, Iterator  # noqa: E402


def iter_reports(
    shards: Iterable[Any], job: Any, pipeline: Any, *, executor: str = "local", workers: int = 1,
    explicit_workers: bool = False, scheduler: str | None = None, sink: Any = None,
) -> Iterator[Any]:
    """Run ``shards`` with the chosen executor and yield their reports in shard order.

    ``local`` runs in this process, or in a process pool when several workers pay off;
    ``dask`` submits shards to a dask.distributed scheduler (a local cluster without one).
    Shards are consumed lazily: only the first few are looked at to choose.
    """
    from .shards import iter_reports_serial

    if executor == "dask":
        from .dask_support import iter_reports_dask

        return iter_reports_dask(shards, job, workers=workers, scheduler=scheduler)
    from .parallel import POOL_MIN_BYTES, iter_reports_pool, use_pool

    rest = iter(shards)
    head: list[Any] = []
    size = 0
    for shard in rest:
        head.append(shard)
        size += shard.total_bytes
        if len(head) >= 2 and size >= POOL_MIN_BYTES:
            break
    everything = itertools.chain(head, rest)
    if use_pool(head, workers, explicit=explicit_workers):
        return iter_reports_pool(everything, job, workers)
    return iter_reports_serial(everything, job, pipeline, sink)
