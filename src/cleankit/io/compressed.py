"""Gzip-compressed inputs (``page.html.gz``): recognised by their magic bytes and unpacked."""
from __future__ import annotations

import gzip
import zlib

from ..errors import DecodeError, LimitError

GZIP_MAGIC = b"\x1f\x8b"
#: Refuse to unpack more than this (a gzip bomb would otherwise fill memory).
MAX_UNPACKED = 256 * 1024 * 1024


def is_gzip(data: bytes) -> bool:
    """True when ``data`` starts with the gzip magic bytes."""
    return data[:2] == GZIP_MAGIC


def gunzip(data: bytes, source: str, limit: int = MAX_UNPACKED) -> bytes:
    """The unpacked bytes of a gzip member: :class:`DecodeError` when broken, :class:`LimitError`
    when they would be over ``limit`` bytes (a gzip bomb is never unpacked whole)."""
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data, limit + 1)
        if len(out) > limit or d.unconsumed_tail:
            raise LimitError(source, f"gzip content larger than the limit of {limit} bytes (--max-bytes), not read")
        return out + d.flush()
    except (zlib.error, EOFError, gzip.BadGzipFile) as exc:
        raise DecodeError(source, f"broken gzip data ({exc})") from exc


def inner_path(path: str | None) -> str | None:
    """``page.html`` for ``page.html.gz``: the name that tells what the packed file is."""
    if path and path.lower().endswith(".gz"):
        return path[:-3]
    return path
