"""Run shards on every core: a process pool whose workers rebuild the chain from its description.

A plugin manager does not pickle, so workers receive the chain as data
(``Chain.describe()``: cleaner names, plugins, versions, options) and rebuild it from the
entry points installed where they run. A cleaner missing there, or of another plugin
version, is an error that names it. Results come back in shard order, so the output is
the same bytes as a single-process run whatever the number of workers. Workers die with
the process that started them (Linux ``PR_SET_PDEATHSIG``, and a watchdog elsewhere).
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Iterable, Iterator

from ..chain import Chain, ChainStep
from ..errors import PluginError
from ..extractors import make_extractor
from ..plugins import disabled_plugins, load_registry
from ..runner import Pipeline
from .plan import JobSpec, Shard
from .run import ShardReport, run_shard

#: Below this much input the default (all cores) runs in one process: a pool costs more than it saves.
POOL_MIN_BYTES = 4 * 1024 * 1024
#: Shards in flight per worker: keeps workers busy while bounding memory and lost work on a stop.
IN_FLIGHT_PER_WORKER = 2
_PR_SET_PDEATHSIG = 1

_PIPELINES: dict[str, Pipeline] = {}


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def rebuild_pipeline(job: JobSpec) -> Pipeline:
    """Build the job's pipeline from entry points; a missing or different plugin is an error."""
    registry = load_registry(disabled=set(job.disabled_plugins) | disabled_plugins())
    steps = []
    where = socket.gethostname()
    for step in job.chain_description():
        name, plugin, version = step["cleaner"], step["plugin"], step["version"]
        reg = registry.cleaners.get(name)
        if reg is None:
            installed = ", ".join(f"{p.distribution} {p.version}" for p in registry.plugins) or "none"
            raise PluginError(
                f"worker on {where}: cleaner {name!r} from plugin {plugin} {version} is not installed "
                f"there (plugins installed: {installed}); install the same plugins on every worker"
            )
        if reg.plugin.distribution != plugin or reg.plugin.version != version:
            raise PluginError(
                f"worker on {where}: cleaner {name!r} comes from plugin {reg.plugin.distribution} "
                f"{reg.plugin.version} there but from {plugin} {version} where the run started; "
                f"install the same plugin versions on every worker"
            )
        steps.append(ChainStep(reg, reg.cls(**step["options"])))
    extractor = None
    if job.extractor:
        spec = dict(job.extractor)
        extractor = make_extractor(registry, spec["name"], dict(spec.get("options", ())))
    return Pipeline(Chain(tuple(steps)), registry=registry, max_removal=job.max_removal,
                    on_error=job.on_error, time_limit=job.time_limit, extractor=extractor)  # type: ignore[arg-type]


def _pipeline_key(job: JobSpec) -> str:
    return job.fingerprint() + "|" + ",".join(job.disabled_plugins) + f"|{job.time_limit}|{job.extractor}"


def pipeline_for(job: JobSpec) -> Pipeline:
    """The job's pipeline, rebuilt once per process."""
    key = _pipeline_key(job)
    pipeline = _PIPELINES.get(key)
    if pipeline is None:
        pipeline = _PIPELINES[key] = rebuild_pipeline(job)
    return pipeline


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)  # the parent died: stop now, whatever this worker was writing


def _worker_init(parent: int) -> None:
    # Ctrl-C reaches the whole process group: workers finish their shard (and write its
    # marker) while the parent cancels the rest and shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # died before the line above took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def run_shard_in_worker(shard: Shard, job: JobSpec, resume: bool = True) -> ShardReport:
    """Run one shard with the job's rebuilt pipeline (the task a worker executes)."""
    return run_shard(shard, job, pipeline_for(job), resume=resume)


def use_pool(shards: list[Shard], workers: int, *, explicit: bool) -> bool:
    """Whether a pool pays: several shards, and (unless asked for) enough input."""
    if workers < 2 or len(shards) < 2:
        return False
    return explicit or sum(s.total_bytes for s in shards) >= POOL_MIN_BYTES


def iter_reports_pool(
    shards: Iterable[Shard], job: JobSpec, workers: int, *, resume: bool = True, pipeline: Pipeline | None = None,
) -> Iterator[ShardReport]:
    """Run shards in a pool of ``workers`` processes; yield reports in shard order.

    On Linux, with the run's ``pipeline`` given, workers are forked from this process and
    start with that pipeline already built (building one, with its plugins and language
    models, takes about a second: on a 20 MB run that was a tenth of the work per worker).
    Elsewhere, or without it, they are spawned and rebuild the chain from entry points.
    """
    method = "spawn"
    if pipeline is not None and sys.platform.startswith("linux") and threading.active_count() == 1:
        # fork is only safe while this process has a single thread; the chain's pipeline is
        # the one the workers would rebuild from the job, so they inherit it
        _PIPELINES[_pipeline_key(job)] = pipeline
        method = "fork"
    ctx = multiprocessing.get_context(method)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init, initargs=(os.getpid(),))
    pending: deque[Future[ShardReport]] = deque()
    limit = workers * IN_FLIGHT_PER_WORKER
    try:
        for shard in shards:
            pending.append(pool.submit(run_shard_in_worker, shard, job, resume))
            while len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for f in pending:
            f.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def worker_count(requested: int | None, cores: int | None = None) -> tuple[int, str | None]:
    """Workers to start for ``requested`` (None: all cores): never more than the cores, which
    CPU-bound cleaning cannot use; returns the number and a note when it was capped."""
    cores = cores or default_workers()
    if requested is None:
        return cores, None
    if requested > cores:
        return cores, f"-j {requested} capped at {cores}, the cores this process may use"
    return requested, None


__all__ = ["default_workers", "iter_reports_pool", "pipeline_for", "rebuild_pipeline", "run_shard_in_worker",
           "use_pool", "worker_count"]
