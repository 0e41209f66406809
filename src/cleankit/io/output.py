"""Write output files atomically: a temporary file in the same folder, then a rename."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputExists(Exception):
    """An output file exists with different content and overwriting was not allowed."""


def write_atomic(path: Path, data: bytes, *, overwrite: bool = True) -> bool:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one.

    Returns False when the file already holds exactly ``data``. With ``overwrite=False``
    an existing file that differs raises :class:`OutputExists`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        try:
            same = path.stat().st_size == len(data) and path.read_bytes() == data
        except OSError:
            same = False
        if same:
            return False
        if not overwrite:
            raise OutputExists(f"{path}: exists and differs (use --overwrite to replace it)")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return True


def fsync_path(path: Path) -> None:
    """Flush a written file's data to disk (before its completion is recorded)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
