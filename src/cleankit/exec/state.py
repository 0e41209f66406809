"""The run state kept in ``OUTPUT/.cleankit``: the run's fingerprint, a lock, and one marker per finished shard.

A marker records what it vouches for: the identity of each input (size, modification time,
inode) and the SHA-256 of each output. A rerun trusts a marker only when all of them still
match; otherwise the shard is run again and may replace the outputs the marker listed.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import IO, Any

from ..errors import Failure, StateError
from ..io.files import InputFile
from ..io.output import fsync_path, publish, sha256_of, write_small
from .plan import JobSpec, Shard

STATE_DIR = ".cleankit"


def _cached_sha256(path: Path) -> str | None:
    """SHA-256 of ``path``, computed once per (path, size, mtime) in this process: every part of a
    split file checks the same assembled output."""
    try:
        st = path.stat()
    except OSError:
        return None
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _DIGESTS:
        if len(_DIGESTS) > 1000:
            _DIGESTS.clear()
        _DIGESTS[key] = sha256_of(path)
    return _DIGESTS[key]


_DIGESTS: dict[tuple[str, int, int], str | None] = {}


def input_identity(item: InputFile) -> list[Any]:
    """What identifies an input's content without reading it: size, mtime in ns, inode."""
    if item.path is None:
        return [item.source, None]
    try:
        st = item.path.stat()
    except OSError:
        return [item.source, None]
    return [item.source, st.st_size, st.st_mtime_ns, st.st_ino]


class RunState:
    """The ``.cleankit`` folder in an output folder: run fingerprint, lock, markers, temp files."""

    def __init__(self, output: str | Path) -> None:
        self.root = Path(output) / STATE_DIR
        self.done = self.root / "done"
        self.tmp = self.root / "tmp"
        self.parts = self.root / "parts"
        self._lock: IO[bytes] | None = None

    def lock(self, *, shared: bool = False) -> None:
        """Hold the output folder for this run; refuse when another run holds it.

        Tasks of one job array (``--shard-index``) share the folder (``shared``); any other
        run excludes every other one, so no run deletes another's temporary files.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        fh = (self.root / "lock").open("a+b")
        try:
            fcntl.flock(fh.fileno(), (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            fh.close()
            raise StateError(f"{self.root.parent}: another cleankit run is writing to this folder; "
                             "wait for it to finish (job-array tasks share a folder with --shard-index)") from exc
        self._lock = fh

    def unlock(self) -> None:
        """Let other runs in."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def claim(self, job: JobSpec, *, force: bool = False) -> None:
        """Record this run's fingerprint; refuse one made differently unless ``force``, which redoes every shard."""
        run_file = self.root / "run.json"
        mine = {"fingerprint": job.fingerprint(), "chain": job.chain_description()}
        theirs: dict[str, Any] = {}
        if run_file.exists():
            try:
                theirs = json.loads(run_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                theirs = {}
            if theirs.get("fingerprint") != mine["fingerprint"] and not force:
                before = ", ".join(s.get("cleaner", "?") for s in theirs.get("chain", [])) or "unknown"
                raise StateError(
                    f"{self.root.parent}: holds a run made with another chain or options "
                    f"(chain: {before}); use --force to redo it with this one "
                    f"(and --overwrite to replace its outputs)"
                )
        if force:
            shutil.rmtree(self.done, ignore_errors=True)
            shutil.rmtree(self.parts, ignore_errors=True)
        for d in (self.done, self.tmp, self.parts):
            d.mkdir(parents=True, exist_ok=True)
        if theirs.get("fingerprint") != mine["fingerprint"]:
            write_small(run_file, json.dumps(mine, indent=2).encode("utf-8"), self.tmp)

    def marker(self, shard: Shard) -> dict[str, Any] | None:
        """The marker of ``shard``, whether or not it still holds."""
        try:
            data = json.loads((self.done / f"{shard.id}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def completed(self, shard: Shard) -> dict[str, Any] | None:
        """The marker of ``shard`` if it completed and its inputs and outputs are as it recorded them.

        A part of a split record file vouches for its part file until the file is assembled,
        then for the assembled output (see :meth:`record_assembled`).
        """
        data = self.marker(shard)
        if data is None:
            return None
        if data.get("inputs") != [input_identity(i) for i in shard.items]:
            return None
        root = self.root.parent
        for rel, digest in data.get("outputs", {}).items():
            if _cached_sha256(root / rel) != digest:
                return None
        if shard.parts > 1 and not self.part_path(shard, shard.part).exists():
            assembled = self._assembled(shard)
            if assembled is None or _cached_sha256(root / assembled["output"]) != assembled["sha256"]:
                return None
        return data

    def _assembled_file(self, shard: Shard) -> Path:
        return self.root / "assembled" / (self.part_path(shard, 0).name.split(".")[0] + ".json")

    def _assembled(self, shard: Shard) -> dict[str, Any] | None:
        try:
            data = json.loads(self._assembled_file(shard).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def was_assembled(self, shard: Shard) -> bool:
        """True when an earlier run assembled this split file (its output is ours to replace)."""
        return self._assembled(shard) is not None

    def record_assembled(self, shard: Shard, output: str, digest: str) -> None:
        """Remember the output a split record file was assembled into, and its SHA-256."""
        target = self._assembled_file(shard)
        write_small(target, json.dumps({"output": output, "sha256": digest}).encode("utf-8"), self.tmp)

    def owned(self, shard: Shard) -> set[str]:
        """Outputs an earlier run of ``shard`` wrote (relative paths): a rerun may replace them."""
        data = self.marker(shard)
        return set(data.get("outputs", {})) if data else set()

    def mark(self, shard: Shard, counts: dict[str, int], outputs: dict[str, str],
             failures: list[Failure] | None = None) -> None:
        """Write the completion marker of ``shard`` (last, after its outputs).

        The failures it had (inputs without text) are kept so a resumed run names them again.
        """
        data = {"index": shard.index, "label": shard.label(), "counts": counts,
                "inputs": [input_identity(i) for i in shard.items], "outputs": outputs,
                "failures": [[f.source, f.kind, f.reason] for f in failures or ()]}
        tmp = self.temp_for(shard, "marker")  # also removes one a killed run left
        self.done.mkdir(parents=True, exist_ok=True)
        try:
            tmp.write_bytes(json.dumps(data).encode("utf-8"))
            fsync_path(tmp)
            os.replace(tmp, self.done / f"{shard.id}.json")
        finally:
            tmp.unlink(missing_ok=True)

    def temp_for(self, shard: Shard, name: str) -> Path:
        """A temporary path for one output of ``shard``; leftovers of a killed run are removed."""
        self.tmp.mkdir(parents=True, exist_ok=True)
        prefix = f"{shard.id}.{name}."
        for stale in self.tmp.glob(prefix + "*"):
            stale.unlink(missing_ok=True)
        return self.tmp / f"{prefix}{os.getpid()}.tmp"

    def write(self, shard: Shard, target: Path, data: bytes, *, overwrite: bool) -> bool:
        """Write one output of ``shard`` through a temporary file in the state folder, then rename."""
        # No fsync per file (it cost ~1 ms a file, more than cleaning one): the rename
        # already protects against a killed process, and the shard syncs once before the
        # marker, so a marker never outlives its outputs across a power cut.
        tmp = self.tmp / f"{shard.id}.file.{os.getpid()}.tmp"
        try:
            with tmp.open("wb") as fh:
                fh.write(data)
            return publish(tmp, target, overwrite=overwrite)
        finally:
            tmp.unlink(missing_ok=True)

    def part_path(self, shard: Shard, part: int) -> Path:
        """The file holding part ``part`` of the record file ``shard`` reads."""
        key = hashlib.sha1(shard.items[0].source.encode("utf-8", "backslashreplace")).hexdigest()[:16]
        return self.parts / f"{key}.{part:05d}"
