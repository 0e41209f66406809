"""Every way cleankit puts bytes on disk: a temporary file, then a rename, never a half-written output.

``write_atomic`` writes one file next to its target; ``publish`` renames a finished temporary file
onto its target; ``replace_in_place`` replaces an input with its cleaned text (following symlinks,
keeping owner, mode and hard links). Each raises :class:`~cleankit.errors.WriteError` (or
:class:`~cleankit.errors.OutputExists`) naming the path.
"""
from __future__ import annotations

import ctypes
import hashlib
import os
import tempfile
from pathlib import Path

from ..errors import OutputExists, WriteError

_MADE_DIRS: set[str] = set()


def sha256_of(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or None when it cannot be read."""
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def _ensure_parent(target: Path) -> None:
    parent = str(target.parent)
    if parent in _MADE_DIRS:  # one mkdir per folder, not per file
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(str(target), f"cannot create its folder: {exc.strerror or exc}") from exc
    if len(_MADE_DIRS) > 10_000:
        _MADE_DIRS.clear()
    _MADE_DIRS.add(parent)


def same_bytes(a: Path, b: Path) -> bool:
    """True when both files can be read and hold the same bytes."""
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        with a.open("rb") as fa, b.open("rb") as fb:
            while True:
                x, y = fa.read(1 << 20), fb.read(1 << 20)
                if x != y:
                    return False
                if not x:
                    return True
    except OSError:
        return False


def publish(tmp: Path, target: Path, *, overwrite: bool) -> bool:
    """Rename a finished temporary file onto ``target``, never over a different file unless told.

    Returns False (and removes ``tmp``) when ``target`` already holds the same bytes.
    """
    _ensure_parent(target)
    try:
        if target.exists() or target.is_symlink():
            if same_bytes(tmp, target):
                tmp.unlink(missing_ok=True)
                return False
            if not overwrite:
                tmp.unlink(missing_ok=True)
                raise OutputExists(str(target), "exists and differs (use --overwrite to replace it)")
        os.chmod(tmp, 0o644)
        try:
            os.replace(tmp, target)
        except FileNotFoundError:  # the folder was removed since this process made it
            _MADE_DIRS.discard(str(target.parent))
            _ensure_parent(target)
            os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WriteError(str(target), f"cannot write output: {exc.strerror or exc}") from exc
    return True


def write_atomic(path: Path, data: bytes, *, overwrite: bool = True, tmp_dir: Path | None = None) -> bool:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one.

    Returns False when the file already holds exactly ``data``. With ``overwrite=False``
    an existing file that differs raises :class:`OutputExists`. The temporary file is made
    in ``tmp_dir`` (same file system) or next to ``path``.
    """
    _ensure_parent(path)
    try:
        fd, name = tempfile.mkstemp(dir=tmp_dir or path.parent, prefix=f".{path.name[:100]}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(str(path), f"cannot write output: {exc.strerror or exc}") from exc
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if not hasattr(os, "sync"):  # no file-system flush later (Windows): sync each file
                fh.flush()
                os.fsync(fh.fileno())
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WriteError(str(path), f"cannot write output: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return publish(tmp, path, overwrite=overwrite)


def replace_in_place(path: Path, data: bytes) -> bool:
    """Replace the input at ``path`` with ``data``, atomically where the file system allows.

    A symlink is followed (the file it points to is replaced, the link stays). Owner, group and
    mode are kept. A file with several hard links is rewritten through its own inode so every
    link sees the new text: first a full copy is made beside it, so a crash leaves that copy.
    Returns False when the file already holds ``data``.
    """
    real = Path(os.path.realpath(path))
    try:
        st = real.stat()
        if st.st_size == len(data) and real.read_bytes() == data:
            return False
    except OSError as exc:
        raise WriteError(str(path), f"cannot replace in place: {exc.strerror or exc}") from exc
    try:
        fd, name = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name[:100]}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(str(path), f"cannot replace in place: {exc.strerror or exc}") from exc
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if st.st_nlink > 1:
            with real.open("r+b") as fh:  # same inode: every hard link keeps seeing the file
                fh.write(data)
                fh.truncate()
                fh.flush()
                os.fsync(fh.fileno())
            tmp.unlink()
            return True
        os.chmod(tmp, st.st_mode & 0o7777)
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except PermissionError:
            pass  # only root may give a file away; the file stays ours, as any editor would leave it
        os.replace(tmp, real)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WriteError(str(path), f"cannot replace in place: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


def write_small(path: Path, data: bytes, tmp_dir: Path) -> None:
    """Write a small state file durably (fsync, then rename)."""
    tmp_dir.mkdir(parents=True, exist_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=tmp_dir, prefix=f"{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fsync_path(path: Path) -> None:
    """Flush a written file's data to disk (before its completion is recorded)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_filesystem(folder: Path) -> None:
    """Flush the file system holding ``folder`` (Linux ``syncfs``), else every file system."""
    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
        fd = os.open(folder, os.O_RDONLY)
        try:
            if syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    except (OSError, AttributeError):
        pass
    if hasattr(os, "sync"):
        os.sync()
