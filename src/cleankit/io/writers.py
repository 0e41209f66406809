"""Writers: the bytes of a cleaned document as text, JSON, JSONL or a Parquet row, and the streams they go to.

Nothing here decides *where* a run writes (that is :mod:`cleankit.exec.run`); every file goes
through :mod:`cleankit.io.output`, or into a temporary file a shard renames when complete.
"""
from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path
from typing import IO, Any

from ..document import Result
from .readers import RecordFields, pyarrow_modules

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
#: gzip level of compressed outputs: 3 writes ~51 MB/s here (6: 18 MB/s, slower than the chain;
#: 1: 93 MB/s) for outputs 7% larger than level 6 (1: 15% larger).
GZIP_LEVEL = 3
#: Parquet rows written at once.
PARQUET_ROWS = 1024


def text_bytes(text: str) -> bytes:
    """The bytes of a text output file: UTF-8 with a final newline."""
    return (text if text.endswith("\n") or not text else text + "\n").encode("utf-8")


def json_line(obj: Any, *, indent: int | None = None) -> bytes:
    """``obj`` as UTF-8 JSON; text no UTF-8 can hold (lone surrogates) is kept as ``\\ud800`` escapes."""
    try:
        return json.dumps(obj, ensure_ascii=False, indent=indent, default=str).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(obj, ensure_ascii=True, indent=indent, default=str).encode("ascii")


def relative_output(fmt: str, relative: Path) -> Path:
    """Where the output of an input at ``relative`` goes inside the output folder."""
    if fmt == "text":
        if relative.suffix.lower() == ".gz" and relative.with_suffix("").suffix.lower() in HTML_SUFFIXES:
            relative = relative.with_suffix("")  # page.html.gz is written as page.txt, like page.html
        return relative.with_suffix(".txt") if relative.suffix.lower() in HTML_SUFFIXES else relative
    return relative.with_name(relative.name + (".json" if fmt == "json" else ".jsonl"))


def file_bytes(fmt: str, source: str, result: Result) -> bytes:
    """The bytes of one cleaned file in format ``fmt``."""
    if fmt == "text":
        return text_bytes(result.text)
    if fmt == "json":
        return json_line(result.to_dict(source), indent=2) + b"\n"
    return json_line(result.to_dict(source)) + b"\n"


def stdout_bytes(fmt: str, source: str, result: Result, *, header: bool) -> bytes:
    """One document as written to standard output (a ``==> source <==`` header before text only
    when several documents share the stream)."""
    if fmt == "jsonl":
        return json_line(result.to_dict(source)) + b"\n"
    if fmt == "json":
        return json_line(result.to_dict(source), indent=2)
    body = text_bytes(result.text)
    return f"==> {source} <==\n".encode("utf-8") + body if header else body


def result_fields(result: Result) -> dict[str, Any]:
    """What a record's metadata field receives."""
    return {"metadata": result.metadata, "flags": result.flags, "errors": result.errors}


def record_with_result(rec: dict[str, Any], result: Result, fields: RecordFields, text: str) -> dict[str, Any]:
    """``rec`` with ``text`` in the text target and the result in the metadata field."""
    rec[fields.text_target] = text
    rec[fields.meta_out] = result_fields(result)
    return rec


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
        elif self.outer and self.fmt == "json" and not self.count:
            self.fh.write(b"[\n")
        self.count += n

    def finish(self) -> None:
        """Close the JSON array, if one was opened."""
        if self.outer and self.fmt == "json":
            self.fh.write(b"\n]\n" if self.count else b"[]\n")
        self.fh.flush()


class _GzipOut(gzip.GzipFile):
    """A reproducible GzipFile (no name, no time) that also closes the file under it."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__(filename="", mode="wb", fileobj=raw, compresslevel=GZIP_LEVEL, mtime=0)
        self._raw = raw

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._raw.close()


class JsonlOut:
    """Record lines to a file (gzip by ``gz``) or to a :class:`DocSink`."""

    def __init__(self, path: Path | None, *, gz: bool = False, sink: DocSink | None = None) -> None:
        self.sink = sink
        self.raw: IO[bytes] | None = path.open("wb") if path is not None else None
        self.out: IO[bytes] | gzip.GzipFile | None = _GzipOut(self.raw) if (self.raw is not None and gz) else self.raw

    def write(self, rec: dict[str, Any]) -> None:
        """Write one record."""
        line = json_line(rec) + b"\n"
        if self.out is not None:
            self.out.write(line)
        else:
            assert self.sink is not None
            self.sink.write_doc(line, sep=False)

    def close(self, *, sync: bool = True) -> None:
        """Finish the file (gzip trailer), flush it to disk, close it."""
        if self.out is None or self.raw is None:
            return
        if isinstance(self.out, _GzipOut):
            gzip.GzipFile.close(self.out)  # writes the trailer into the raw file
        self.raw.flush()
        if sync:
            os.fsync(self.raw.fileno())
        self.raw.close()
        self.out = None


def output_schema(schema: Any, fields: RecordFields) -> Any:
    """The input schema with the cleaned-text and metadata columns (strings) in place."""
    pa, _ = pyarrow_modules()
    for name in (fields.text_target, fields.meta_out):
        if name == fields.text_target and name == fields.text:
            continue
        i = schema.get_field_index(name)
        if i >= 0:
            schema = schema.set(i, pa.field(name, pa.string()))
        else:
            schema = schema.append(pa.field(name, pa.string()))
    return schema


class ParquetOut:
    """Record rows to a Parquet file with the input's schema plus the output columns, or to a sink as JSONL."""

    def __init__(self, path: Path | None, schema: Any, fields: RecordFields, *, sink: DocSink | None = None) -> None:
        self.fields = fields
        self.sink = sink
        self.rows: list[dict[str, Any]] = []
        self.schema = output_schema(schema, fields) if path is not None else None
        self.writer: Any = None
        if path is not None:
            _, pq = pyarrow_modules()
            self.writer = pq.ParquetWriter(str(path), self.schema)

    def write(self, rec: dict[str, Any]) -> None:
        """Write one row (buffered)."""
        if self.writer is None:
            assert self.sink is not None
            self.sink.write_doc(json_line(rec) + b"\n", sep=False)
            return
        rec = dict(rec)
        rec[self.fields.meta_out] = json.dumps(rec[self.fields.meta_out], ensure_ascii=False)
        self.rows.append(rec)
        if len(self.rows) >= PARQUET_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            pa, _ = pyarrow_modules()
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self, *, sync: bool = True) -> None:
        """Write what is buffered and close the file."""
        if self.writer is None:
            return
        try:
            self._flush()
        finally:
            self.writer.close()
            self.writer = None


def concat_parquet(parts: list[Path], target: Path) -> None:
    """Write the row groups of ``parts`` one after another into ``target``."""
    _, pq = pyarrow_modules()
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
