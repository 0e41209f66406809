"""Choose how shards run: in this process, in a process pool, or on Dask; reports come back in shard order."""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Iterable, Iterator

from ..io.writers import DocSink
from .dask import iter_reports_dask
from .plan import Shard
from .pool import POOL_MIN_BYTES, iter_reports_pool, use_pool
from .run import ShardReport, iter_reports_serial

if TYPE_CHECKING:
    from ..runner import Pipeline
    from .plan import JobSpec


def iter_reports(
    shards: Iterable[Shard], job: "JobSpec", pipeline: "Pipeline", *, executor: str = "local", workers: int = 1,
    explicit_workers: bool = False, scheduler: str | None = None, sink: DocSink | None = None,
) -> Iterator[ShardReport]:
    """Run ``shards`` with the chosen executor and yield their reports in shard order.

    ``local`` runs in this process, or in a process pool when several workers pay off;
    ``dask`` submits shards to a dask.distributed scheduler (a local cluster without one).
    Shards are consumed lazily: only the first few are looked at to choose.
    """
    if executor == "dask":
        return iter_reports_dask(shards, job, workers=workers, scheduler=scheduler)
    rest = iter(shards)
    head: list[Shard] = []
    size = 0
    for shard in rest:
        head.append(shard)
        size += shard.total_bytes
        if len(head) >= 2 and size >= POOL_MIN_BYTES:
            break
    everything = itertools.chain(head, rest)
    if use_pool(head, workers, explicit=explicit_workers):
        return iter_reports_pool(everything, job, workers, pipeline=pipeline)
    return iter_reports_serial(everything, job, pipeline, sink)
