"""Clean record files (JSONL, Parquet) shard by shard: one record in, one record out."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CleanerError, InputError
from .output import fsync_path

if TYPE_CHECKING:
    from ..shards import DocSink, JobSpec, RunState, Shard, ShardReport


def clean_record(pipeline: Any, rec: Any, where: str, job: "JobSpec") -> tuple[dict[str, Any] | None, str]:
    """Clean one record in place of its text field; return (record, "") or (None, reason).

    Every field but the text target and the metadata field is carried through untouched.
    """
    fields = job.fields
    if not isinstance(rec, dict):
        return None, f"not a JSON object but {type(rec).__name__}"
    text = rec.get(fields.text)
    if not isinstance(text, str):
        return None, f"no text in field {fields.text!r}" if text is None else f"field {fields.text!r} is not a string"
    rid = rec.get(fields.id)
    url = rec.get(fields.url) if fields.url else None
    try:
        result = pipeline.clean(
            text, path=where, url=url if isinstance(url, str) and url else None,
            id=None if rid is None else str(rid), html=job.html,
        )
    except InputError as exc:
        return None, exc.reason
    rec[fields.text_target] = result.text
    rec[fields.meta_out] = {"metadata": result.metadata, "flags": result.flags, "errors": result.errors}
    return rec, ""


def _where(source: str, lineno: int | None, offset: int, rec: Any, job: "JobSpec") -> str:
    base = f"{source}:{lineno}" if lineno is not None else f"{source}@{offset}"
    if isinstance(rec, dict) and rec.get(job.fields.id) is not None:
        return f"{base} (id {rec[job.fields.id]})"
    return base


def run_record_shard(
    shard: "Shard", job: "JobSpec", pipeline: Any, report: "ShardReport", sink: "DocSink | None",
    state: "RunState | None",
) -> None:
    """Run a JSONL or Parquet shard: output to a temporary file, renamed when complete."""
    item = shard.items[0]
    if item.path is None or not item.path.is_file():
        report.counts["failed"] += 1
        report.messages.append(f"{item.source}: no such file")
        return
    if shard.kind == "jsonl":
        from .jsonl import run_jsonl

        runner = run_jsonl
    else:
        from .parquet import run_parquet

        runner = run_parquet
    tmp = state.temp_for(shard, "out") if state is not None else None
    try:
        runner(shard, job, pipeline, report, sink, tmp)
        if tmp is not None:
            fsync_path(tmp)
    except CleanerError:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise
    except (OSError, InputError, ValueError) as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        report.counts["failed"] += 1
        reason = exc.reason if isinstance(exc, InputError) else str(exc)
        report.messages.append(f"{item.source}: cannot read: {reason}")
        return
    except BaseException:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise
    if state is None or tmp is None:
        return
    finish_output(shard, job, state, tmp, report)



def output_path(shard: "Shard", job: "JobSpec") -> Path:
    """Where a record file's cleaned copy goes: its relative path inside the output folder."""
    assert job.output is not None
    return Path(job.output) / shard.items[0].relative


def finish_output(shard: "Shard", job: "JobSpec", state: "RunState", tmp: Path, report: "ShardReport") -> None:
    """Publish a finished shard output: the file itself, or a part kept until all parts are done."""
    from .output import OutputExists
    from ..shards import publish

    if shard.parts > 1:
        os.replace(tmp, part_path(state, shard, shard.part))
        return
    target = output_path(shard, job)
    try:
        publish(tmp, target, overwrite=job.overwrite)
    except OutputExists as exc:
        report.counts["failed"] += 1
        report.messages.append(str(exc))
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        report.counts["failed"] += 1
        report.messages.append(f"{target}: cannot write output: {exc.strerror or exc}")


def part_path(state: "RunState", shard: "Shard", part: int) -> Path:
    """The file holding part ``part`` of the record file ``shard`` reads."""
    import hashlib

    key = hashlib.sha1(shard.items[0].source.encode()).hexdigest()[:16]
    return state.parts / f"{key}.{part:05d}"


def assemble(shards: list["Shard"], job: "JobSpec", state: "RunState") -> list[str]:
    """Join the parts of every split record file whose parts are all complete; return errors."""
    from .output import OutputExists
    from ..shards import publish

    messages: list[str] = []
    by_file: dict[str, list["Shard"]] = {}
    for s in shards:
        if s.parts > 1:
            by_file.setdefault(s.items[0].source, []).append(s)
    for source, parts in by_file.items():
        if len(parts) != parts[0].parts or any(state.completed(p) is None for p in parts):
            continue
        paths = [part_path(state, p, p.part) for p in sorted(parts, key=lambda p: p.part)]
        if not all(p.exists() for p in paths):
            continue  # assembled earlier and parts removed
        # a unique name: two job-array tasks may assemble the same file at once
        import tempfile

        fd, tmp_name = tempfile.mkstemp(dir=state.tmp, prefix="assembled.", suffix=".tmp")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            if parts[0].kind == "jsonl":
                import shutil

                with tmp.open("wb") as out:
                    for p in paths:
                        with p.open("rb") as src:
                            shutil.copyfileobj(src, out, 1 << 20)
                    out.flush()
                    os.fsync(out.fileno())
            else:
                from .parquet import concat_parquet

                concat_parquet(paths, tmp)
            publish(tmp, output_path(parts[0], job), overwrite=job.overwrite)
        except OutputExists as exc:
            messages.append(str(exc))
            continue
        finally:
            tmp.unlink(missing_ok=True)
        for p in paths:
            p.unlink(missing_ok=True)
    return messages


def dumps_record(rec: dict[str, Any]) -> bytes:
    """One JSONL line."""
    return json.dumps(rec, ensure_ascii=False, default=str).encode("utf-8") + b"\n"
