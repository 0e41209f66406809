"""Read and write Parquet through pyarrow (the ``parquet`` extra), a batch of rows at a time.

The cleaned text replaces the text column (or fills a new one); the metadata column
holds each row's metadata, flags and errors as a JSON string, because its keys vary
from row to row. Every other column is carried through untouched.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .records import clean_record, dumps_record

if TYPE_CHECKING:
    from ..shards import DocSink, JobSpec, Shard, ShardReport

#: Rows read, cleaned and written at once: bounds memory whatever the row-group size.
BATCH_ROWS = 1024


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # the optional extra is missing
        raise InputError("parquet", "reading Parquet needs pyarrow: pip install 'cleankit[parquet]'") from exc
    return pa, pq


def row_group_count(path: Path) -> int:
    """Number of row groups in the Parquet file at ``path``."""
    _, pq = _pyarrow()
    return pq.ParquetFile(path).num_row_groups


def output_schema(schema: Any, job: "JobSpec") -> Any:
    """The input schema with the cleaned-text and metadata columns in place."""
    pa, _ = _pyarrow()
    fields = job.fields
    if schema.get_field_index(fields.text) < 0:
        raise InputError("parquet", f"no column {fields.text!r} (columns: {', '.join(schema.names)})")
    for name in (fields.text_target, fields.meta_out):
        i = schema.get_field_index(name)
        if name == fields.text_target and name == fields.text:
            continue
        if i >= 0:
            schema = schema.set(i, pa.field(name, pa.string()))
        else:
            schema = schema.append(pa.field(name, pa.string()))
    return schema


def run_parquet(
    shard: "Shard", job: "JobSpec", pipeline: Any, report: "ShardReport", sink: "DocSink | None",
    tmp: Path | None,
) -> None:
    """Clean the rows of a Parquet shard into ``tmp`` (or ``sink`` as JSONL), in order."""
    pa, pq = _pyarrow()
    item = shard.items[0]
    assert item.path is not None
    pf = pq.ParquetFile(item.path)
    end = shard.end if shard.end is not None else pf.num_row_groups
    groups = list(range(shard.start, end))
    row = sum(pf.metadata.row_group(i).num_rows for i in range(shard.start))
    schema = output_schema(pf.schema_arrow, job)
    writer = pq.ParquetWriter(str(tmp), schema) if tmp is not None else None
    fields = job.fields
    try:
        for batch in pf.iter_batches(batch_size=BATCH_ROWS, row_groups=groups) if groups else ():
            rows = batch.to_pylist()
            keep: list[bool] = []
            texts: list[str] = []
            metas: list[str] = []
            for rec in rows:
                row += 1
                where = f"{item.source}: row {row}"
                if rec.get(fields.id) is not None:
                    where += f" (id {rec[fields.id]})"
                cleaned, reason = clean_record(pipeline, rec, where, job)
                if cleaned is None:
                    keep.append(False)
                    report.counts["skipped"] += 1
                    report.messages.append(f"{where}: {reason} (skipped)")
                    continue
                keep.append(True)
                report.counts["cleaned"] += 1
                if writer is None:
                    assert sink is not None
                    sink.write_doc(dumps_record(cleaned), sep=False)
                    continue
                texts.append(cleaned[fields.text_target])
                metas.append(json.dumps(cleaned[fields.meta_out], ensure_ascii=False))
            if writer is None:
                continue
            table = pa.Table.from_batches([batch])
            if not all(keep):
                table = table.filter(pa.array(keep))
            table = _put(pa, table, fields.text_target, pa.array(texts, type=schema.field(fields.text_target).type))
            table = _put(pa, table, fields.meta_out, pa.array(metas, type=pa.string()))
            writer.write_table(table.select(schema.names).cast(schema))
    finally:
        if writer is not None:
            writer.close()


def _put(pa: Any, table: Any, name: str, column: Any) -> Any:
    i = table.schema.get_field_index(name)
    if i >= 0:
        return table.set_column(i, name, column)
    return table.append_column(name, column)


def concat_parquet(parts: list[Path], target: Path) -> None:
    """Write the row groups of ``parts`` one after another into ``target``."""
    _, pq = _pyarrow()
    writer = None
    try:
        for part in parts:
            pf = pq.ParquetFile(part)
            if writer is None:
                writer = pq.ParquetWriter(str(target), pf.schema_arrow)
            for i in range(pf.num_row_groups):
                writer.write_table(pf.read_row_group(i))
    finally:
        if writer is not None:
            writer.close()
