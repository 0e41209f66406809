"""Clean the inputs of ``cleankit report`` through the same readers as ``cleankit clean``.

Files, folders, HTML and JSONL/Parquet record files are read by :mod:`cleankit.io.readers`
(``iter_documents``), as ``clean`` and ``explain`` read them; this module cleans each
document (or, when sampling, keeps a seeded sample of documents and cleans those) and
keeps count of what could not be read.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from ..document import Result
from ..errors import Failure
from ..io.files import iter_inputs
from ..io.readers import DEFAULT_MAX_BYTES, Document, RecordFields, RecordOptions, iter_documents, record_kind


@dataclass
class InputCounts:
    """What happened to the inputs: documents reported, and inputs skipped or failed."""

    reported: int = 0
    skipped: int = 0
    failed: int = 0
    messages: list[str] = field(default_factory=list)


def iter_input_results(
    inputs: Iterable[str], pipeline: Any, *, url: str | None = None, html: bool | None = None,
    input_format: str = "auto", text_field: str = "text", id_field: str = "id", url_field: str | None = "url",
    sample: int | None = None, seed: int | None = None,
    counts: InputCounts | None = None, on_message: Callable[[str], None] = lambda m: None,
) -> Iterator[Result]:
    """Yield the result of every document in ``inputs``, in input order (a sample of them with ``sample``)."""
    counts = counts if counts is not None else InputCounts()
    items = list(iter_inputs(list(inputs)))
    extractor = pipeline.html_extractor() if hasattr(pipeline, "html_extractor") else None
    opts = RecordOptions(RecordFields(text_field, id_field, url_field or None), DEFAULT_MAX_BYTES, html,
                         getattr(pipeline, "time_limit", None), extractor)
    rng = random.Random(seed)
    reservoir: list[tuple[int, Document]] = []
    seen = 0

    def failed(failure: Failure) -> None:
        if failure.status == "skipped":
            counts.skipped += 1
        else:
            counts.failed += 1
        message = failure.message()
        counts.messages.append(message)
        on_message(message)

    def clean(doc: Document) -> Result:
        counts.reported += 1
        result: Result = pipeline.run(doc.text, doc.origin, doc.metadata, doc.hints, reader_metadata=doc.reader_metadata)
        return result

    for item in items:
        kind = record_kind(item.source, input_format)
        for doc in iter_documents(item, kind, opts, url=url if len(items) == 1 else None):
            if isinstance(doc, Failure):
                failed(doc)
                continue
            if sample is None:
                yield clean(doc)
                continue
            # reservoir sampling: keep `sample` documents, each equally likely, clean them at the end
            if seen < sample:
                reservoir.append((seen, doc))
            else:
                j = rng.randint(0, seen)
                if j < sample:
                    reservoir[j] = (seen, doc)
            seen += 1
    for _, doc in sorted(reservoir, key=lambda kept: kept[0]):
        yield clean(doc)
