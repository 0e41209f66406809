"""Readers: turn files, record files (JSONL, gzip JSONL, Parquet), standard input and HTML into documents.

A :class:`Document` is what the chain takes (``Pipeline.run(text, origin, metadata, hints)``),
plus where it came from. Every reader enforces ``max_bytes`` on what it reads (a file, a
record, a decompressed line, standard input, a device or FIFO), never blocks on a FIFO, and
reports a bad input as an :class:`~cleankit.errors.InputError` of the right kind, or, inside a
record file, as a :class:`~cleankit.errors.Failure` for that record while the rest is read.
"""
from __future__ import annotations

import codecs
import gzip
import json
import os
import re
import select
import stat
import sys
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Iterator

from ..deadline import Deadline
from ..document import Origin, empty_metadata
from ..errors import DecodeError, DeadlineExceeded, Failure, InputError, LimitError, ReadError
from .decode import decode_bytes
from .files import InputFile
from ..extractors import Extractor, make_extractor
from .compressed import gunzip, inner_path
from .compressed import is_gzip as is_gzip_data
from .html import bytes_look_like_html, declared_charset, looks_like_html

#: Files larger than this are refused by default (``--max-bytes``); it also bounds one record.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: Seconds a FIFO or device named on the command line may stay silent before it is given up.
STREAM_WAIT = 30.0
RECORD_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class RecordFields:
    """Where records keep their text, id and URL, and where results are written back."""

    text: str = "text"
    id: str = "id"
    url: str | None = "url"
    text_out: str | None = None
    meta_out: str = "cleankit"

    @property
    def text_target(self) -> str:
        """The field the cleaned text goes to (the text field itself unless told otherwise)."""
        return self.text_out or self.text


@dataclass(slots=True)
class Document:
    """A document ready for the chain, and where it came from.

    ``record`` is the whole record for documents read from a record file (the writer puts the
    result back into it); ``item`` is the input file (None for a record or a text given in Python).
    """

    text: str
    metadata: dict[str, Any]
    origin: Origin
    hints: dict[str, Any] = field(default_factory=dict)
    record: dict[str, Any] | None = None
    item: InputFile | None = None
    html: bool = False
    #: what the reader found in the bytes and the markup (encoding, <title>, <html lang>, ...):
    #: evidence the chain may correct, unlike ``metadata``, which the caller gave
    reader_metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """The name used in messages and in the ``source`` of JSON outputs."""
        if self.item is not None:
            return self.item.source
        return self.origin.label()


def record_kind(path: str, input_format: str = "auto") -> str:
    """``files``, ``jsonl`` or ``parquet`` for ``path``: as told, else by its name."""
    if input_format != "auto":
        return input_format
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for suffix, kind in RECORD_SUFFIXES.items():
        if name.endswith(suffix):
            return kind
    return "files"


# -- bytes ------------------------------------------------------------------------------


def stdin_stream() -> IO[bytes]:
    """Standard input as a binary stream; :class:`ReadError` when it is closed."""
    stream = sys.stdin
    if stream is None:
        raise ReadError("-", "standard input is closed")
    try:
        stream.fileno()
    except (OSError, ValueError) as exc:
        if not hasattr(stream, "buffer"):
            raise ReadError("-", "standard input is closed") from exc
    buffer: IO[bytes] = stream.buffer if hasattr(stream, "buffer") else stream  # type: ignore[assignment]
    return buffer


def read_stream(stream: IO[bytes], source: str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` from ``stream``; :class:`LimitError` when there is more."""
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise ReadError(source, f"cannot read: {exc.strerror or exc}") from exc
    except ValueError as exc:  # read from a closed file
        raise ReadError(source, "standard input is closed") from exc
    if data is None:
        data = b""
    if len(data) > max_bytes:
        raise LimitError(source, f"more than the limit of {max_bytes} bytes (--max-bytes)")
    return data


def read_bytes(item: InputFile, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read the bytes of ``item`` (standard input for ``-``), at most ``max_bytes`` of them."""
    if item.path is None:
        return read_stream(stdin_stream(), item.source, max_bytes)
    try:
        fd = os.open(item.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as exc:
        raise ReadError(item.source, "no such file") from exc
    except IsADirectoryError as exc:
        raise ReadError(item.source, "is a folder") from exc
    except PermissionError as exc:
        raise ReadError(item.source, "permission denied") from exc
    except OSError as exc:
        raise ReadError(item.source, f"cannot read: {exc.strerror or exc}") from exc
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ReadError(item.source, "is a folder")
        if stat.S_ISREG(st.st_mode):
            if st.st_size > max_bytes:
                raise LimitError(item.source, f"file of {st.st_size} bytes is over the limit of {max_bytes} bytes (--max-bytes)")
            os.set_blocking(fd, True)
            return _read_fd(fd, item.source, max_bytes, wait=None)
        what = "FIFO" if stat.S_ISFIFO(st.st_mode) else "device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "socket or special file"
        if not item.named:
            raise DecodeError(item.source, f"not a regular file (a {what}); name it on the command line to read it")
        return _read_fd(fd, item.source, max_bytes, wait=STREAM_WAIT)
    except OSError as exc:
        raise ReadError(item.source, f"cannot read: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)


def _read_fd(fd: int, source: str, max_bytes: int, *, wait: float | None) -> bytes:
    """Read to the end, at most ``max_bytes``; with ``wait``, give up after that many silent seconds."""
    parts: list[bytes] = []
    total = 0
    while True:
        if wait is not None:
            ready, _, _ = select.select([fd], [], [], wait)
            if not ready:
                raise LimitError(source, f"no data for {wait:g} s (a FIFO without a writer?)")
        try:
            block = os.read(fd, min(_CHUNK, max_bytes + 1 - total))
        except BlockingIOError:
            continue
        if not block:
            return b"".join(parts)
        parts.append(block)
        total += len(block)
        if total > max_bytes:
            raise LimitError(source, f"more than the limit of {max_bytes} bytes (--max-bytes)")


# -- documents ---------------------------------------------------------------------------


def document_from_bytes(
    data: bytes, *, path: str | None = None, url: str | None = None, id: str | None = None,
    html: bool | None = None, metadata: dict[str, Any] | None = None, encoding: str | None = None,
    time_limit: float | None = None, item: InputFile | None = None, extractor: Any = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Decode ``data`` (byte-order mark, a caller's or the page's encoding, UTF-8, else detection)
    and read it as HTML when it is HTML (with ``extractor``, else the default one). A caller's
    ``encoding`` is kept or fails; a page's declared charset that does not fit its bytes is
    dropped for detection. Gzip data (``page.html.gz``) is unpacked first, within ``max_bytes``."""
    meta = empty_metadata()
    source = path or url or id or "<bytes>"
    if is_gzip_data(data):  # page.html.gz: read what is packed inside
        data, path = gunzip(data, source, max_bytes), inner_path(path)
    if encoding is not None:
        decoded = decode_bytes(data, source=source, encoding=encoding)
    else:
        declared = declared_charset(data) if html is not False and bytes_look_like_html(data, path) else None
        try:
            decoded = decode_bytes(data, source=source, encoding=declared)
        except DecodeError:
            if declared is None:
                raise
            decoded = decode_bytes(data, source=source)  # the page's declaration was wrong
    meta["encoding"] = decoded.encoding
    if decoded.best_effort:
        # the bytes were not one encoding read cleanly: say so in the record
        meta["encoding_notes"] = list(decoded.notes)
    return _document(decoded.text, meta, path=path, url=url, id=id, html=html, metadata=metadata,
                     time_limit=time_limit, item=item, extractor=extractor, source=source)


def document_from_text(
    text: str, *, path: str | None = None, url: str | None = None, id: str | None = None,
    html: bool | None = None, metadata: dict[str, Any] | None = None, time_limit: float | None = None,
    record: dict[str, Any] | None = None, extractor: Any = None,
) -> Document:
    """A document from text already decoded: line endings made ``\\n``, lone surrogates
    (which no file can hold) replaced by U+FFFD and noted, HTML read when it is HTML."""
    meta = empty_metadata()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _LONE_SURROGATE.search(text):
        count = len(_LONE_SURROGATE.findall(text))
        text = _LONE_SURROGATE.sub("\ufffd", text)
        meta["encoding_notes"] = [f"{count} lone surrogate(s) replaced by U+FFFD"]
    doc = _document(text, meta, path=path, url=url, id=id, html=html, metadata=metadata, time_limit=time_limit,
                    extractor=extractor)
    doc.record = record
    return doc


def _document(
    text: str, meta: dict[str, Any], *, path: str | None, url: str | None, id: str | None,
    html: bool | None, metadata: dict[str, Any] | None, time_limit: float | None, item: InputFile | None = None,
    extractor: Any = None, source: str | None = None,
) -> Document:
    is_html = looks_like_html(text, path) if html is None else html
    hints: dict[str, Any] = {}
    if is_html:
        page = _extract_in_time(text, source or path or url or id or "<html>", time_limit, extractor, url)
        text = page.text
        hints.update(page.hints())
        url = url or page.metadata.pop("url", None)
        for k, v in page.metadata.items():
            if v and not meta.get(k):
                meta[k] = v
    given = {k: v for k, v in (metadata or {}).items() if v is not None}
    found = {k: v for k, v in meta.items() if v not in (None, "", [])}
    return Document(text, given, Origin(path=path, url=url, id=id), hints, item=item, html=is_html,
                    reader_metadata=found)


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """The built-in default HTML extractor, for readers used without a pipeline."""
    return make_extractor(None)


def _extract_in_time(text: str, source: str, time_limit: float | None, extractor: Any, url: str | None) -> Any:
    deadline = Deadline(time_limit)
    deadline.arm()
    try:
        deadline.enter()
        try:
            return (extractor or default_extractor()).extract(text, url)
        finally:
            deadline.leave()
    except DeadlineExceeded as exc:
        raise LimitError(source, f"reading the HTML took longer than the time limit of {time_limit:g} s") from exc
    except RecursionError as exc:
        raise DecodeError(source, "HTML nested too deeply to read") from exc
    finally:
        deadline.disarm()


def read_document(
    item: InputFile, *, url: str | None = None, html: bool | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES, time_limit: float | None = None, extractor: Any = None,
) -> Document:
    """Read, decode and (for HTML) extract one input file or standard input."""
    data = read_bytes(item, max_bytes)
    path = item.source if item.path is not None else None
    return document_from_bytes(data, path=path, url=url, html=html, time_limit=time_limit, item=item,
                               extractor=extractor, max_bytes=max_bytes)


# -- record files ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecordOptions:
    """How to read records: field names, the per-record limit, HTML, time limit."""

    fields: RecordFields
    max_bytes: int = DEFAULT_MAX_BYTES
    html: bool | None = None
    time_limit: float | None = None
    extractor: Any = None  # the pipeline's HTML extractor; None: the default one


def record_document(rec: Any, where: str, opts: RecordOptions) -> Document:
    """The document of one record: its text field, with its id and URL; :class:`DecodeError` if it has none."""
    fields = opts.fields
    if not isinstance(rec, dict):
        raise DecodeError(where, f"not a JSON object but {type(rec).__name__}")
    text = rec.get(fields.text)
    if not isinstance(text, str):
        reason = f"no text in field {fields.text!r}" if text is None else f"field {fields.text!r} is not a string"
        raise DecodeError(where, reason)
    if len(text) > opts.max_bytes:
        raise LimitError(where, f"text of {len(text)} characters is over the limit of {opts.max_bytes} (--max-bytes)")
    rid = rec.get(fields.id)
    url = rec.get(fields.url) if fields.url else None
    return document_from_text(
        text, path=where, url=url if isinstance(url, str) and url else None,
        id=None if rid is None else str(rid), html=opts.html, time_limit=opts.time_limit, record=rec,
        extractor=opts.extractor,
    )


def _where(source: str, lineno: int | None, offset: int, rec: Any, fields: RecordFields) -> str:
    base = f"{source}:{lineno}" if lineno is not None else f"{source}@{offset}"
    if isinstance(rec, dict) and rec.get(fields.id) is not None:
        return f"{base} (id {rec[fields.id]})"
    return base


def is_gzip(path: str | Path) -> bool:
    """True when the name says gzip."""
    return str(path).lower().endswith(".gz")


class _TooLong:
    """Stands for a line over the limit (its bytes were read and dropped)."""

    __slots__ = ("length",)

    def __init__(self, length: int) -> None:
        self.length = length


def _bounded_lines(fh: IO[bytes] | gzip.GzipFile, limit: int) -> Iterator[bytes | _TooLong]:
    """The lines of ``fh``; a line longer than ``limit`` is drained in blocks and yielded as :class:`_TooLong`."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        length = len(line)
        while True:
            more = fh.readline(_CHUNK)
            length += len(more)
            if not more or more.endswith(b"\n"):
                break
        yield _TooLong(length)


def iter_jsonl(
    item: InputFile, opts: RecordOptions, start: int = 0, end: int | None = None,
) -> Iterator[Document | Failure]:
    """The records of a JSONL file (gzip by name) or of standard input, lines starting in ``[start, end)``."""
    limit = opts.max_bytes + 1024  # the record's JSON around a text of max_bytes
    try:
        if item.path is None:
            yield from _jsonl_lines(item.source, _bounded_lines(stdin_stream(), limit), 0, None, opts, True)
            return
        if is_gzip(item.source):
            with gzip.open(item.path, "rb") as gz:
                yield from _jsonl_lines(item.source, _bounded_lines(gz, limit), 0, None, opts, True)
            return
        with item.path.open("rb") as fh:
            pos = start
            if start > 0:
                fh.seek(start - 1)
                pos = start - 1 + len(fh.readline())  # the line under `start` belongs to the previous part
            yield from _jsonl_lines(item.source, _bounded_lines(fh, limit), pos, end, opts, start == 0)
    except ReadError as exc:
        yield Failure.of(exc)
    except (OSError, EOFError, zlib.error, ValueError) as exc:  # ValueError: a closed stream
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        yield Failure(item.source, "read", f"cannot read the rest of the file: {reason}")


def _jsonl_lines(
    source: str, lines: Iterator[bytes | _TooLong], pos: int, end: int | None, opts: RecordOptions, numbered: bool,
) -> Iterator[Document | Failure]:
    lineno: int | None = 1 if numbered else None
    for raw in lines:
        if end is not None and pos >= end:
            return
        size = raw.length if isinstance(raw, _TooLong) else len(raw)
        here = f"{source}:{lineno}" if lineno is not None else f"{source}@{pos}"
        if isinstance(raw, _TooLong):
            yield Failure(here, "limit", f"record of {size} bytes is over the limit of {opts.max_bytes} bytes (--max-bytes)")
        elif raw.strip():
            yield _parse_record(raw, here, source, lineno, pos, opts)
        pos += size
        if lineno is not None:
            lineno += 1


def _parse_record(raw: bytes, here: str, source: str, lineno: int | None, pos: int, opts: RecordOptions) -> Document | Failure:
    try:
        rec = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        reason = "JSON nested too deeply" if isinstance(exc, RecursionError) else f"invalid JSON: {exc}"
        return Failure(here, "decode", reason)
    where = _where(source, lineno, pos, rec, opts.fields)
    try:
        return record_document(rec, where, opts)
    except InputError as exc:
        return Failure.of(exc)


def pyarrow_modules() -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet, imported on first use (an optional extra, slow to import)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # the optional extra is missing
        raise ReadError("parquet", "reading Parquet needs pyarrow: pip install 'cleankit[parquet]'") from exc
    return pa, pq


#: Rows read at once from Parquet: bounds memory whatever the row-group size.
BATCH_ROWS = 1024


def row_group_count(path: Path) -> int:
    """Number of row groups in the Parquet file at ``path``."""
    _, pq = pyarrow_modules()
    return int(pq.ParquetFile(path).num_row_groups)


def parquet_schema(item: InputFile) -> Any:
    """The Arrow schema of a Parquet input; :class:`ReadError` when it cannot be opened."""
    assert item.path is not None
    _, pq = pyarrow_modules()
    try:
        return pq.ParquetFile(item.path).schema_arrow
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise ReadError(item.source, f"cannot read Parquet: {exc}") from exc


def iter_parquet(item: InputFile, opts: RecordOptions, start: int = 0, end: int | None = None) -> Iterator[Document | Failure]:
    """The rows of row groups ``[start, end)`` of a Parquet file, as documents."""
    assert item.path is not None
    _, pq = pyarrow_modules()
    try:
        pf = pq.ParquetFile(item.path)
        stop = end if end is not None else pf.num_row_groups
        groups = list(range(start, stop))
        row = sum(pf.metadata.row_group(i).num_rows for i in range(start))
        batches = pf.iter_batches(batch_size=BATCH_ROWS, row_groups=groups) if groups else iter(())
        for batch in batches:
            for rec in batch.to_pylist():
                row += 1
                where = f"{item.source}: row {row}"
                if rec.get(opts.fields.id) is not None:
                    where += f" (id {rec[opts.fields.id]})"
                try:
                    yield record_document(rec, where, opts)
                except InputError as exc:
                    yield Failure.of(exc)
    except (OSError, ValueError) as exc:
        yield Failure(item.source, "read", f"cannot read Parquet: {exc}")


def iter_documents(
    item: InputFile, kind: str, opts: RecordOptions, *, url: str | None = None,
    start: int = 0, end: int | None = None,
) -> Iterator[Document | Failure]:
    """Every document of one input: a file is one, a record file one per record."""
    if kind == "jsonl":
        yield from iter_jsonl(item, opts, start, end)
    elif kind == "parquet":
        yield from iter_parquet(item, opts, start, end)
    else:
        try:
            yield read_document(item, url=url, html=opts.html, max_bytes=opts.max_bytes, time_limit=opts.time_limit,
                                extractor=opts.extractor)
        except InputError as exc:
            yield Failure.of(exc)


def check_encoding(encoding: str | None) -> str | None:
    """``encoding`` if Python knows it as a text encoding, else :class:`LookupError`."""
    if encoding is None:
        return None
    info = codecs.lookup(encoding)
    if not getattr(info, "_is_text_encoding", True):
        raise LookupError(f"{encoding!r} is not a text encoding")
    return encoding
