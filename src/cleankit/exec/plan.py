"""Split a run into shards and say where each input's output goes.

A shard is a unit of work that writes whole output files: a group of plain input files,
or one record file (JSONL, Parquet), or one byte range / row-group range of a large one.
The plan depends only on the inputs and the shard size, never on the number of workers,
so any executor (one process, a process pool, dask, a job array) writes the same bytes.
Two inputs whose outputs would land on the same path are found here: the later one is
refused with a message naming both, so no output is silently replaced.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import ReadError
from ..io.files import InputFile
from ..io.readers import DEFAULT_MAX_BYTES, RecordFields, record_kind, row_group_count
from ..io.writers import relative_output

#: Default amount of input per shard: large enough that a shard's fixed costs vanish,
#: small enough that two workers stay balanced on a few hundred MB.
# small enough that two workers share even a 20 MB run evenly (3 shards of 8M gave them 2 and 1)
DEFAULT_SHARD_BYTES = 2 * 1024 * 1024
#: Never more plain files than this in one shard (bounds a shard's work on tiny files).
MAX_FILES_PER_SHARD = 2000
ON_FLAG_CHOICES = ("original", "cleaned", "drop")


@dataclass(frozen=True)
class JobSpec:
    """Everything a worker needs to run shards, as plain picklable data."""

    chain: tuple[tuple[tuple[str, Any], ...], ...]
    disabled_plugins: tuple[str, ...] = ()
    max_removal: float = 0.8
    on_error: str = "skip"
    output: str | None = None
    flagged: str | None = None
    on_flag: str = "cleaned"
    in_place: bool = False
    in_place_html: bool = False
    overwrite: bool = False
    fmt: str = "text"
    html: bool | None = None
    url: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    fields: RecordFields = field(default_factory=RecordFields)
    time_limit: float | None = None  # per document, when the pipeline has one
    headers: bool = True  # "==> source <==" before each text on standard output
    dry_run: bool = False
    extractor: tuple[tuple[str, Any], ...] = ()  # the HTML extractor: (("name", …), ("options", …)); () = default

    @classmethod
    def make(cls, chain: list[dict[str, Any]], **kwargs: Any) -> "JobSpec":
        """Build a job from ``Chain.describe()`` output and the run's options."""
        frozen = tuple(tuple(sorted((k, _freeze(v)) for k, v in step.items())) for step in chain)
        return cls(chain=frozen, **kwargs)

    def chain_description(self) -> list[dict[str, Any]]:
        """The chain as ``Chain.describe()`` gave it."""
        return [{k: _thaw(v) for k, v in step} for step in self.chain]

    def fingerprint(self) -> str:
        """A hash of everything that decides the output bytes (not where they go)."""
        data = {
            "chain": self.chain_description(),
            "max_removal": self.max_removal,
            "on_error": self.on_error,
            "on_flag": self.on_flag,
            "fmt": self.fmt,
            "html": self.html,
            "fields": asdict(self.fields),
            "flagged": bool(self.flagged),
            **({"extractor": self.extractor} if self.extractor else {}),
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return ("__dict__", tuple(sorted((k, _freeze(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("__list__", tuple(_freeze(v) for v in value))
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "__dict__":
        return {k: _thaw(v) for k, v in value[1]}
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "__list__":
        return [_thaw(v) for v in value[1]]
    return value


@dataclass(frozen=True)
class Shard:
    """One unit of work: plain files, or a part of a record file.

    ``refused`` maps the position of an item in ``items`` to the reason it is not run
    (its output would collide with an earlier input's).
    """

    index: int
    kind: str  # "files", "jsonl" or "parquet"
    items: tuple[InputFile, ...]
    sizes: tuple[int, ...]
    start: int = 0
    end: int | None = None  # byte offset (jsonl) or row group (parquet), exclusive
    part: int = 0
    parts: int = 1
    refused: tuple[tuple[int, str], ...] = ()

    @cached_property
    def id(self) -> str:
        """Stable name of the shard: what it reads, not where it sits in the plan."""
        key = json.dumps([self.kind, [i.source for i in self.items], list(self.sizes), self.start, self.end])
        return hashlib.sha1(key.encode()).hexdigest()[:20]

    @property
    def total_bytes(self) -> int:
        """Input bytes this shard reads (approximately, for a part)."""
        if self.parts > 1 and self.end is not None and self.kind == "jsonl":
            return self.end - self.start
        return sum(self.sizes) // max(1, self.parts)

    def label(self) -> str:
        """A short name for messages."""
        first = self.items[0].source if self.items else "?"
        more = f" and {len(self.items) - 1} more" if len(self.items) > 1 else ""
        part = f" part {self.part + 1}/{self.parts}" if self.parts > 1 else ""
        return f"shard {self.index} ({first}{more}{part})"


class OutputNames:
    """The output paths planned so far; says which earlier input holds a path already."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self._seen: dict[bytes, str] = {}

    def claim(self, item: InputFile, kind: str) -> str | None:
        """Reserve ``item``'s output; return a reason when another input has it."""
        rel = item.relative if kind != "files" else relative_output(self.fmt, item.relative)
        key = hashlib.blake2b(os.fsencode(os.path.normpath(str(rel))), digest_size=12).digest()
        first = self._seen.get(key)
        if first is not None and first != item.source:
            return f"its output {rel} is also the output of {first}; clean them into separate folders or rename one"
        self._seen[key] = item.source
        return None


def plan_shards(
    items: Iterable[InputFile], *, input_format: str = "auto", shard_bytes: int = DEFAULT_SHARD_BYTES,
    names: OutputNames | None = None,
) -> list[Shard]:
    """Split the inputs into shards, in input order, independent of the number of workers."""
    return list(iter_shards(items, input_format=input_format, shard_bytes=shard_bytes, names=names))


def iter_shards(
    items: Iterable[InputFile], *, input_format: str = "auto", shard_bytes: int = DEFAULT_SHARD_BYTES,
    names: OutputNames | None = None,
) -> Iterator[Shard]:
    """Yield the shards of ``items`` lazily, so a run over millions of files never lists them all.

    With ``names``, an item whose output path an earlier item has is marked refused.
    """
    index = 0
    group: list[InputFile] = []
    sizes: list[int] = []
    refused: list[tuple[int, str]] = []
    for item in items:
        size = _size(item)
        kind = record_kind(item.source, input_format)
        reason = names.claim(item, kind) if names is not None else None
        if kind == "files" or reason is not None:
            if group and (sum(sizes) + size > shard_bytes or len(group) >= MAX_FILES_PER_SHARD):
                yield Shard(index, "files", tuple(group), tuple(sizes), refused=tuple(refused))
                index += 1
                group, sizes, refused = [], [], []
            if reason is not None:
                refused.append((len(group), reason))
            group.append(item)
            sizes.append(size)
            continue
        if group:
            yield Shard(index, "files", tuple(group), tuple(sizes), refused=tuple(refused))
            index += 1
            group, sizes, refused = [], [], []
        for start, end, part, parts in _record_parts(item, kind, size, shard_bytes):
            yield Shard(index, kind, (item,), (size,), start, end, part, parts)
            index += 1
    if group:
        yield Shard(index, "files", tuple(group), tuple(sizes), refused=tuple(refused))


def _size(item: InputFile) -> int:
    if item.path is None:
        return 0
    try:
        st = item.path.stat()
    except OSError:
        return 0
    return st.st_size if not Path(item.path).is_fifo() else 0


def _record_parts(item: InputFile, kind: str, size: int, shard_bytes: int) -> list[tuple[int, int | None, int, int]]:
    if item.path is None:
        return [(0, None, 0, 1)]
    if kind == "jsonl" and not item.source.lower().endswith(".gz") and size > shard_bytes:
        # split an uncompressed file by bytes: a line belongs to the range it starts in
        n = -(-size // shard_bytes)
        bounds = [size * i // n for i in range(n + 1)]
        return [(bounds[i], bounds[i + 1], i, n) for i in range(n)]
    if kind == "parquet" and size > shard_bytes:
        try:
            groups = row_group_count(item.path)
        except (ReadError, OSError, ValueError):  # unreadable: one shard reports the error
            return [(0, None, 0, 1)]
        n = max(1, min(groups, -(-size // shard_bytes)))
        if n > 1:
            bounds = [groups * i // n for i in range(n + 1)]
            return [(bounds[i], bounds[i + 1], i, n) for i in range(n)]
    return [(0, None, 0, 1)]
