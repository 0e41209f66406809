"""Join the parts of a record file that was split across shards, once every part is complete."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..errors import Failure, WriteError
from ..io.output import publish, sha256_of
from ..io.writers import concat_parquet
from .plan import JobSpec, Shard
from .state import RunState


def assemble(shards: list[Shard], job: JobSpec, state: RunState) -> list[Failure]:
    """Join the parts of every split record file whose parts are all complete; return what failed."""
    failures: list[Failure] = []
    by_file: dict[str, list[Shard]] = {}
    for s in shards:
        if s.parts > 1:
            by_file.setdefault(s.items[0].source, []).append(s)
    assert job.output is not None
    for parts in by_file.values():
        if len(parts) != parts[0].parts or any(state.completed(p) is None for p in parts):
            continue
        paths = [state.part_path(p, p.part) for p in sorted(parts, key=lambda p: p.part)]
        if not all(p.exists() for p in paths):
            continue  # assembled earlier (the part markers checked the assembled output) and parts removed
        # a unique name: two job-array tasks may assemble the same file at once
        fd, tmp_name = tempfile.mkstemp(dir=state.tmp, prefix="assembled.", suffix=".tmp")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            if parts[0].kind == "jsonl":
                with tmp.open("wb") as out:
                    for p in paths:
                        with p.open("rb") as src:
                            shutil.copyfileobj(src, out, 1 << 20)
                    out.flush()
                    os.fsync(out.fileno())
            else:
                concat_parquet(paths, tmp)
            rel = parts[0].items[0].relative
            owned = any(state.owned(p) for p in parts) or state.was_assembled(parts[0])
            publish(tmp, Path(job.output) / rel, overwrite=job.overwrite or owned)
            state.record_assembled(parts[0], rel.as_posix(), sha256_of(Path(job.output) / rel) or "")
        except WriteError as exc:
            failures.append(Failure.of(exc))
            continue
        finally:
            tmp.unlink(missing_ok=True)
        for p in paths:
            p.unlink(missing_ok=True)
    return failures
