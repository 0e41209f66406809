"""Run cleankit on dask.distributed (the ``dask`` extra): shards on a cluster, bags and dataframes.

Workers rebuild the chain from its description, as in the process pool, so every worker
must have the same plugins installed; shards write their outputs to a folder every worker
reaches, and the completion markers there make an interrupted run resumable. Bags and
dataframes go through the same per-document loop as files (:func:`cleankit.exec.run.clean_stream`).
"""
from __future__ import annotations

import json
from collections import deque
from itertools import repeat
from typing import Any, Iterable, Iterator

from ..errors import ConfigError, Failure, InputError
from ..io.readers import Document, RecordFields, RecordOptions, document_from_bytes, document_from_text, record_document
from ..io.writers import record_with_result
from .plan import JobSpec
from .pool import pipeline_for, run_shard_in_worker
from .run import ShardReport, clean_stream

def _distributed() -> Any:
    # dask.distributed takes seconds to import: only when a Dask run is asked for
    try:
        import distributed
    except ImportError as exc:
        raise ConfigError("--executor dask needs dask.distributed: pip install 'cleankit[dask]'") from exc
    return distributed


def iter_reports_dask(
    shards: Iterable[Any], job: JobSpec, *, workers: int = 1, scheduler: str | None = None
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
        on_flag="cleaned", extractor=pipeline.extractor_spec() if hasattr(pipeline, "extractor_spec") else (),
    )


def clean_bag(bag: Any, pipeline: Any, *, fields: RecordFields | None = None, html: bool | None = None) -> Any:
    """Clean a dask bag of texts (or bytes) or of records (dicts); returns a bag.

    A text becomes ``Result.to_dict()``; a record keeps its fields, gets its text cleaned
    and its metadata field set (with the reason in ``errors`` when it could not be cleaned).
    """
    return bag.map_partitions(_clean_partition, job_for(pipeline, fields, html=html))


def _skipped(reason: str) -> dict[str, Any]:
    return {"metadata": None, "flags": ["skipped"], "errors": [{"reason": reason}]}


def _bag_document(n: int, item: Any, opts: RecordOptions) -> Document | Failure:
    where = f"<bag item {n}>"
    try:
        if isinstance(item, bytes):
            return document_from_bytes(item, html=opts.html, time_limit=opts.time_limit)
        if isinstance(item, str):
            return document_from_text(item, html=opts.html, time_limit=opts.time_limit)
        doc = record_document(dict(item) if isinstance(item, dict) else item, where, opts)
        return doc
    except InputError as exc:
        return Failure(where, exc.kind, exc.reason)


def _clean_partition(items: Any, job: JobSpec) -> list[Any]:
    pipeline = pipeline_for(job)
    opts = RecordOptions(job.fields, job.max_bytes, job.html, job.time_limit, pipeline.html_extractor())
    items = list(items)
    out: list[Any] = [None] * len(items)
    index: dict[int, int] = {}

    def docs() -> Iterator[Document | Failure]:
        for n, item in enumerate(items):
            doc = _bag_document(n, item, opts)
            if isinstance(doc, Failure):
                rec = dict(item) if isinstance(item, dict) else {"value": item}
                rec[job.fields.meta_out] = _skipped(doc.reason)
                out[n] = rec
                continue
            index[id(doc)] = n
            yield doc

    def deliver(doc: Document, shown: Any) -> None:
        n = index.pop(id(doc))
        if doc.record is not None:
            out[n] = record_with_result(doc.record, shown, job.fields, shown.text)
        else:
            out[n] = shown.to_dict()

    clean_stream(pipeline, docs(), job, ShardReport(0, "bag"), deliver)
    return out


def clean_dataframe(df: Any, pipeline: Any, *, fields: RecordFields | None = None, html: bool | None = None) -> Any:
    """Clean the text column of a dask dataframe; the metadata column holds JSON strings."""
    job = job_for(pipeline, fields, html=html)
    meta = df._meta.copy()
    meta[job.fields.text_target] = meta[job.fields.text].astype(object)
    meta[job.fields.meta_out] = meta[job.fields.text].astype(object)
    return df.map_partitions(_clean_frame, job, meta=meta)


def _clean_frame(frame: Any, job: JobSpec) -> Any:
    f = job.fields
    urls = frame[f.url] if f.url and f.url in frame.columns else repeat(None)
    ids = frame[f.id] if f.id in frame.columns else repeat(None)
    records = [{f.text: t, f.url or "url": u, f.id: i} for t, u, i in zip(frame[f.text], urls, ids)]
    cleaned = _clean_partition(records, job)
    out = frame.copy()
    out[f.text_target] = [r.get(f.text_target, r.get(f.text)) for r in cleaned]
    out[f.meta_out] = [json.dumps(r[f.meta_out], ensure_ascii=False) for r in cleaned]
    return out


__all__ = ["clean_bag", "clean_dataframe", "iter_reports_dask", "job_for"]
