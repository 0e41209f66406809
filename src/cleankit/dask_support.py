"""Run cleankit on dask.distributed (the ``dask`` extra): shards on a cluster, bags and dataframes.

Workers rebuild the chain from its description, as in the process pool, so every worker
must have the same plugins installed; shards write their outputs to a folder every worker
reaches, and the completion markers there make an interrupted run resumable.
"""
from __future__ import annotations

import json
from itertools import repeat
from typing import Any, Iterable, Iterator

from .parallel import pipeline_for, run_shard_in_worker
from .shards import JobSpec, RecordFields, Shard, ShardReport


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        from .errors import ConfigError

        raise ConfigError("--executor dask needs dask.distributed: pip install 'cleankit[dask]'") from exc
    return distributed


def iter_reports_dask(
    shards: Iterable[Shard], job: JobSpec, *, workers: int = 1, scheduler: str | None = None
) -> Iterator[ShardReport]:
    """Submit every shard to a dask cluster and yield reports in shard order.

    Without ``scheduler``, a local cluster of ``workers`` single-threaded processes.
    """
    distributed = _distributed()
    cluster = None
    if scheduler:
        client = distributed.Client(scheduler)
    else:
        cluster = distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = distributed.Client(cluster)
    try:
        from collections import deque

        nthreads = sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values())
        limit = max(4, 3 * nthreads)  # enough queued to keep every worker busy, not the whole plan
        pending: deque[Any] = deque()
        for shard in shards:
            key = f"cleankit-{job.fingerprint()}-{shard.id}"
            pending.append(client.submit(run_shard_in_worker, shard, job, key=key, pure=False))
            while len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def job_for(pipeline: Any, fields: RecordFields | None = None, *, html: bool | None = None) -> JobSpec:
    """The job that describes ``pipeline`` (a :class:`~cleankit.Pipeline`) for workers."""
    return JobSpec.make(
        pipeline.chain.describe(), max_removal=pipeline.max_removal, on_error=pipeline.on_error,
        html=html, fields=fields or RecordFields(), time_limit=getattr(pipeline, "time_limit", None),
        extractor=pipeline.extractor_spec() if hasattr(pipeline, "extractor_spec") else (),
    )


def clean_bag(bag: Any, pipeline: Any, *, fields: RecordFields | None = None, html: bool | None = None) -> Any:
    """Clean a dask bag of texts (or bytes) or of records (dicts); returns a bag.

    A text becomes ``Result.to_dict()``; a record keeps its fields, gets its text cleaned
    and its metadata field set (with the reason in ``errors`` when it could not be cleaned).
    """
    return bag.map_partitions(_clean_partition, job_for(pipeline, fields, html=html))


def _clean_partition(items: Any, job: JobSpec) -> list[Any]:
    from .io.records import clean_record

    pipeline = pipeline_for(job)
    out: list[Any] = []
    for n, item in enumerate(items):
        if isinstance(item, (str, bytes)):
            out.append(pipeline.clean(item, html=job.html).to_dict())
            continue
        rec = dict(item) if isinstance(item, dict) else item
        cleaned, reason = clean_record(pipeline, rec, f"<bag item {n}>", job)
        if cleaned is None:
            if isinstance(rec, dict):
                rec[job.fields.meta_out] = {"metadata": None, "flags": ["skipped"], "errors": [{"reason": reason}]}
            cleaned = rec
        out.append(cleaned)
    return out


def clean_dataframe(df: Any, pipeline: Any, *, fields: RecordFields | None = None, html: bool | None = None) -> Any:
    """Clean the text column of a dask dataframe; the metadata column holds JSON strings."""
    job = job_for(pipeline, fields, html=html)
    meta = df._meta.copy()
    meta[job.fields.text_target] = meta[job.fields.text].astype(object)
    meta[job.fields.meta_out] = meta[job.fields.text].astype(object)
    return df.map_partitions(_clean_frame, job, meta=meta)


def _clean_frame(frame: Any, job: JobSpec) -> Any:
    pipeline = pipeline_for(job)
    f = job.fields
    texts: list[Any] = []
    metas: list[Any] = []
    urls = frame[f.url] if f.url and f.url in frame.columns else repeat(None)
    ids = frame[f.id] if f.id in frame.columns else repeat(None)
    for text, url, rid in zip(frame[f.text], urls, ids):
        if not isinstance(text, str):
            texts.append(text)
            metas.append(json.dumps({"metadata": None, "flags": ["skipped"], "errors": [{"reason": "no text"}]}))
            continue
        result = pipeline.clean(text, url=url if isinstance(url, str) and url else None,
                                id=None if rid is None else str(rid), html=job.html)
        texts.append(result.text)
        metas.append(json.dumps({"metadata": result.metadata, "flags": result.flags, "errors": result.errors},
                                ensure_ascii=False))
    out = frame.copy()
    out[f.text_target] = texts
    out[f.meta_out] = metas
    return out
