"""Find input files: paths as given, folders walked recursively with include/exclude globs."""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

DEFAULT_EXCLUDES: tuple[str, ...] = (".*", "*.pyc", "__pycache__")


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to clean: ``source`` as reported, ``path`` to read, ``relative`` inside its root."""

    source: str
    path: Path | None
    relative: Path
    #: False for a file found by walking a folder: only then are FIFOs and devices skipped unread
    named: bool = True


def printable(name: str) -> str:
    """``name`` as it can be shown and written as UTF-8: undecodable bytes of a file name
    (kept by Python as lone surrogates) become ``\\xNN`` escapes."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")


def _matches(rel: str, name: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


def iter_inputs(
    inputs: Iterable[str], *, include: Iterable[str] = (), exclude: Iterable[str] = ()
) -> Iterator[InputFile]:
    """Yield the files named by ``inputs`` in a stable order.

    A folder is walked recursively in sorted order; its files are reported as the folder
    as given joined with the path inside it. ``-`` stands for standard input. Files named
    directly are always yielded (even if missing: reading them reports the error).
    """
    include = list(include)
    exclude = list(exclude)
    for given in inputs:
        if given == "-":
            yield InputFile("-", None, Path("stdin.txt"))
            continue
        root = Path(given)
        if not root.is_dir():
            yield InputFile(printable(given), root, Path(root.name))
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not _matches(d, d, DEFAULT_EXCLUDES))
            for name in sorted(filenames):
                full = Path(dirpath) / name
                rel = full.relative_to(root)
                rel_s = rel.as_posix()
                if _matches(rel_s, name, DEFAULT_EXCLUDES) or _matches(rel_s, name, exclude):
                    continue
                if include and not _matches(rel_s, name, include):
                    continue
                yield InputFile(printable(os.path.join(given, rel_s)), full, rel, named=False)
