"""Clean the inputs of ``cleankit report`` through the same readers as ``cleankit clean``.

Files, folders, HTML and JSONL/Parquet record files are read by the run layer's shard runner;
this module only stands in for the pipeline inside it to keep each document's result (or,
when sampling, to keep the document until the sample is drawn) instead of writing output.
"""
from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from ..document import Origin, Result
from ..errors import InputError


@dataclass
class InputCounts:
    """What happened to the inputs: documents reported, and inputs skipped or failed."""

    reported: int = 0
    skipped: int = 0
    failed: int = 0
    messages: list[str] = field(default_factory=list)


class _Collector:
    """Looks like a pipeline to the shard runner; keeps results, or a seeded sample of documents."""

    def __init__(self, pipeline: Any, sample: int | None, seed: int | None) -> None:
        self.pipeline = pipeline
        self.sample = sample
        self.rng = random.Random(seed)
        self.seen = 0
        self.results: list[Result] = []
        self.reservoir: list[tuple[int, Any, dict[str, Any]]] = []
        # what the shard runner asks of a pipeline besides clean()
        self.max_removal = getattr(pipeline, "max_removal", 0.8)
        self.on_error = getattr(pipeline, "on_error", "skip")

    def clean(self, data: Any, **kwargs: Any) -> Result:
        if self.sample is None:
            result = self.pipeline.clean(data, **kwargs)
            self.results.append(result)
            return result
        # reservoir sampling: keep `sample` documents, each equally likely, clean them later
        i = self.seen
        self.seen += 1
        if i < self.sample:
            self.reservoir.append((i, data, kwargs))
        else:
            j = self.rng.randint(0, i)
            if j < self.sample:
                self.reservoir[j] = (i, data, kwargs)
        return Result("", {}, [], Origin(kwargs.get("path")))

    def take(self) -> list[Result]:
        taken, self.results = self.results, []
        return taken


def iter_input_results(
    inputs: Iterable[str], pipeline: Any, *, url: str | None = None, html: bool | None = None,
    input_format: str = "auto", text_field: str = "text", id_field: str = "id", url_field: str | None = "url",
    sample: int | None = None, seed: int | None = None,
    counts: InputCounts | None = None, on_message: Callable[[str], None] = lambda m: None,
) -> Iterator[Result]:
    """Yield the result of every document in ``inputs``, in input order (a sample of them with ``sample``).

    The one place the report touches the run layer: its input walk and shard runner.
    """
    from ..io.files import iter_inputs
    from ..shards import DocSink, JobSpec, RecordFields, iter_shards, run_shard

    counts = counts if counts is not None else InputCounts()
    names = list(inputs)
    single = len(list(iter_inputs(names))) == 1
    job = JobSpec(chain=(), fmt="jsonl", html=html, url=url if single else None,
                  fields=RecordFields(text_field, id_field, url_field), max_removal=getattr(pipeline, "max_removal", 0.8))
    collector = _Collector(pipeline, sample, seed)
    with open(os.devnull, "wb") as devnull:
        sink = DocSink(devnull, "jsonl", outer=False)
        for shard in iter_shards(iter_inputs(names), input_format=input_format):
            shard_report = run_shard(shard, job, collector, sink=sink, resume=False)
            for message in shard_report.messages:
                counts.messages.append(message)
                on_message(message)
            counts.skipped += shard_report.counts.get("skipped", 0)
            counts.failed += shard_report.counts.get("failed", 0)
            if shard_report.fatal:
                counts.failed += 1
                on_message(shard_report.fatal)
            for result in collector.take():
                counts.reported += 1
                yield result
    for _, data, kwargs in sorted(collector.reservoir, key=lambda item: item[0]):
        try:
            result = pipeline.clean(data, **kwargs)
        except InputError as exc:
            counts.skipped += 1
            message = f"{kwargs.get('path') or '<input>'}: {exc.reason} (skipped)"
            counts.messages.append(message)
            on_message(message)
            continue
        counts.reported += 1
        yield result
