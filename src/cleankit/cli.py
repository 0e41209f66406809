"""The ``cleankit`` command line: a thin layer over the Python API.

Only click is imported at start-up; everything else loads when a command runs.
"""
from __future__ import annotations

import itertools
import json
import os
import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from .runner import Pipeline

PROGRESS_MIN_FILES = 5
#: Seconds one cleaner may spend on one document before it is stopped (command line default).
DEFAULT_TIME_LIMIT = 60.0


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _build_pipeline(
    chain: str | None, config: str | None, enable: tuple[str, ...], disable: tuple[str, ...],
    disable_plugin: tuple[str, ...], on_error: str = "skip", max_removal: float | None = None,
    time_limit: float | None = None, extractor: str | None = None,
) -> "Pipeline":
    from .config import load_config
    from .errors import CleankitError
    from .runner import Pipeline

    try:
        cfg = load_config(config)
        names = _split((chain,)) if chain else None
        return Pipeline.build(
            names, config=cfg, enable=_split(enable), disable=_split(disable),
            disable_plugins=_split(disable_plugin), on_error=on_error,  # type: ignore[arg-type]
            max_removal=max_removal, time_limit=time_limit, extractor=extractor,
        )
    except CleankitError as exc:
        raise click.ClickException(str(exc)) from exc


_chain_options = [
    click.option("--chain", "chain", metavar="A,B,C", help="Explicit ordered list of cleaners."),
    click.option("--config", "config", type=click.Path(dir_okay=False), help="Config file (default: ./cleankit.toml or [tool.cleankit] in ./pyproject.toml)."),
    click.option("--enable", multiple=True, metavar="NAME", help="Add a cleaner to the default chain (repeatable, or comma-separated)."),
    click.option("--disable", multiple=True, metavar="NAME", help="Remove a cleaner from the chain."),
    click.option("--disable-plugin", multiple=True, metavar="NAME", help="Do not load this plugin (entry-point or distribution name)."),
    click.option("--extractor", "extractor", metavar="NAME", default=None,
                 help="HTML extractor (see `cleankit plugins`; default: fast, or `extractor` in the config)."),
]


def chain_options(func: Any) -> Any:
    for option in reversed(_chain_options):
        func = option(func)
    return func


class _Group(click.Group):
    """Adds commands that plugins register, loaded only when an unknown command is asked for."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None and not getattr(self, "_plugins_loaded", False):
            self._plugins_loaded = True
            _add_plugin_commands(self)
            found = super().get_command(ctx, cmd_name)
        return found


def _add_plugin_commands(group: click.Group) -> None:
    from .errors import CleankitError
    from .plugins import build_plugin_manager

    try:
        pm, _ = build_plugin_manager()
    except CleankitError:
        return
    pm.hook.register_commands(cli=group)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cleankit")
def cli() -> None:
    """Clean scraped web documents with a chain of pluggable cleaners."""


@cli.command("clean")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "output", type=click.Path(file_okay=False), help="Write to this folder, mirroring the input tree.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text", show_default=True,
              help="Output format of plain files (record files keep their own format).")
@click.option("--include", multiple=True, metavar="GLOB", help="Only files in folders matching this glob.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files in folders matching this glob.")
@click.option("--in-place", is_flag=True, help="Replace each input file with its cleaned text (atomically).")
@click.option("--overwrite", is_flag=True, help="Replace existing output files that differ.")
@click.option("--url", help="The document's URL (for a single input), used by site plugins.")
@click.option("--html/--text", "html", default=None, help="Force the HTML reader on or off (default: by extension or content).")
@click.option("--on-error", type=click.Choice(["skip", "quarantine", "raise"]), default="skip", show_default=True,
              help="When a cleaner fails: pass the document on without its change, quarantine the document, or stop.")
@click.option("--max-removal", type=click.FloatRange(0, 1, min_open=True), help="Flag documents losing more than this share of characters (default 0.8).")
@click.option("--flagged", "flagged_dir", type=click.Path(file_okay=False), help="Send flagged documents (over-removal, quarantine) to this folder instead.")
@click.option("--max-bytes", type=click.IntRange(1), default=None, help="Refuse input files larger than this (default 64 MiB).")
@click.option("--time-limit", type=click.FloatRange(0, min_open=True), default=DEFAULT_TIME_LIMIT, show_default=True,
              metavar="SECONDS", help="Stop a cleaner that runs longer than this on one document; the error names it.")
@click.option("--input-format", type=click.Choice(["auto", "files", "jsonl", "parquet"]), default="auto", show_default=True,
              help="How to read inputs: auto takes *.jsonl[.gz]/*.ndjson[.gz] as JSONL and *.parquet as Parquet.")
@click.option("--text-field", default="text", show_default=True, help="Record field holding the text to clean.")
@click.option("--id-field", default="id", show_default=True, help="Record field holding the document id (for messages).")
@click.option("--url-field", default="url", show_default=True, help="Record field holding the URL, given to site plugins ('' for none).")
@click.option("--text-out", default=None, metavar="FIELD", help="Write the cleaned text to this field (default: the text field).")
@click.option("--meta-field", default="cleankit", show_default=True, help="Record field receiving metadata, flags and errors.")
@click.option("-j", "--workers", type=click.IntRange(1), default=None, help="Worker processes (default: all cores; one for small inputs).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this process or a process pool; dask: a dask.distributed cluster (needs -o).")
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Dask scheduler address (default: a local cluster of --workers processes).")
@click.option("--shard-size", default="8M", show_default=True, metavar="SIZE", help="Input per shard (K, M, G suffixes).")
@click.option("--shard-index", type=click.IntRange(0), default=None, help="Run only shards i with i %% NUM == INDEX (job arrays; needs -o).")
@click.option("--num-shards", type=click.IntRange(1), default=None, help="Number of job-array tasks sharing the run.")
@click.option("--force", is_flag=True, help="Redo a run whose output folder holds shards made with another chain.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary unless something failed.")
@chain_options
def clean_cmd(
    inputs: tuple[str, ...], output: str | None, fmt: str, include: tuple[str, ...], exclude: tuple[str, ...],
    in_place: bool, overwrite: bool, url: str | None, html: bool | None, on_error: str,
    max_removal: float | None, flagged_dir: str | None, max_bytes: int | None, time_limit: float, input_format: str,
    text_field: str, id_field: str, url_field: str, text_out: str | None, meta_field: str,
    workers: int | None, executor: str, scheduler: str | None, shard_size: str, shard_index: int | None,
    num_shards: int | None, force: bool, quiet: bool,
    chain: str | None, config: str | None, enable: tuple[str, ...], disable: tuple[str, ...],
    disable_plugin: tuple[str, ...], extractor: str | None,
) -> None:
    """Clean INPUT files, folders (recursively), record files (JSONL, Parquet) or - (standard input).

    Work is split into shards; with -o, each finished shard is recorded in OUTPUT/.cleankit
    so that rerunning an interrupted run redoes only the unfinished shards.
    """
    from .batch import DEFAULT_MAX_BYTES, iter_reports
    from .errors import CleankitError
    from .io.files import iter_inputs
    from .parallel import default_workers
    from .shards import DocSink, JobSpec, RecordFields, RunState, iter_shards, record_kind

    if in_place and output:
        raise click.UsageError("--in-place and --output exclude each other")
    if in_place and "-" in inputs:
        raise click.UsageError("--in-place cannot replace standard input")
    if (shard_index is None) != (num_shards is None):
        raise click.UsageError("--shard-index and --num-shards go together")
    if num_shards is not None and shard_index is not None and shard_index >= num_shards:
        raise click.UsageError("--shard-index must be below --num-shards")
    if (executor == "dask" or num_shards is not None) and not output:
        raise click.UsageError("--executor dask and --shard-index need --output (a folder every worker can reach)")
    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler goes with --executor dask")
    pipeline = _build_pipeline(chain, config, enable, disable, disable_plugin, on_error, max_removal, time_limit,
                               extractor)
    # inputs are walked lazily (twice at most, names only) so millions of files are never held
    def inputs_iter() -> Any:
        return iter_inputs(inputs, include=include, exclude=exclude)

    single = len(list(itertools.islice(inputs_iter(), 2))) == 1
    if in_place or flagged_dir or (not output and fmt == "json"):
        if any(record_kind(i.source, input_format) != "files" for i in inputs_iter() if i.path is not None):
            if in_place or flagged_dir:
                raise click.UsageError("--in-place and --flagged apply to plain files; records keep their flags in the metadata field")
            raise click.UsageError("records go to standard output as JSONL lines: use --format jsonl, or -o")
    from .plugins import disabled_plugins

    cfg_disabled = list(pipeline.config.disable_plugins if pipeline.config else []) + sorted(disabled_plugins())
    job = JobSpec.make(
        pipeline.chain.describe(), disabled_plugins=tuple(sorted(set(_split(disable_plugin)) | set(cfg_disabled))),
        max_removal=pipeline.max_removal, on_error=on_error, output=output, flagged=flagged_dir,
        in_place=in_place, overwrite=overwrite, fmt=fmt, html=html, url=url if single else None,
        max_bytes=max_bytes or DEFAULT_MAX_BYTES,
        fields=RecordFields(text_field, id_field, url_field or None, text_out, meta_field),
        time_limit=getattr(pipeline, "time_limit", None), extractor=pipeline.extractor_spec(),
    )
    state = RunState(output) if output else None
    if state is not None:
        try:
            state.claim(job, force=force)
        except CleankitError as exc:
            raise click.ClickException(str(exc)) from exc
        except OSError as exc:
            raise click.ClickException(f"{output}: cannot write to the output folder: {exc.strerror or exc}") from exc
    split: list[Any] = []  # parts of large record files, joined at the end

    def planned() -> Any:
        for shard in iter_shards(inputs_iter(), input_format=input_format, shard_bytes=_parse_size(shard_size)):
            if shard.parts > 1:
                split.append(shard)
            if num_shards is None or shard.index % num_shards == shard_index:
                yield shard

    n_workers = workers or default_workers()
    if "-" in inputs:
        n_workers = 1  # standard input is read by this process
    sink = DocSink(sys.stdout.buffer, fmt, outer=True) if not output else None
    counts = {"cleaned": 0, "skipped": 0, "failed": 0}
    show_bar = not quiet and sys.stderr.isatty()
    total = sum(1 for _ in inputs_iter()) if show_bar else 0
    show_bar = show_bar and total > PROGRESS_MIN_FILES
    bar = click.progressbar(length=total, label="cleaning", file=sys.stderr) if show_bar else None
    fatal = None
    resumed = 0
    reports = None
    try:
        if bar is not None:
            bar.__enter__()
        reports = iter_reports(planned(), job, pipeline, executor=executor, workers=n_workers,
                               explicit_workers=workers is not None, scheduler=scheduler, sink=sink)
        for report in reports:
            for message in report.messages:
                click.echo(f"cleankit: {message}", err=True)
            for key in counts:
                counts[key] += report.counts.get(key, 0)
            resumed += report.resumed
            if report.spool is not None and sink is not None:
                sink.copy_spool(report.spool, report.stdout_docs, sep=report.kind == "files")
            if bar is not None:
                bar.update(report.items)
            if report.fatal:
                fatal = report.fatal
                break
    except KeyboardInterrupt:
        close = getattr(reports, "close", None)
        if close is not None:
            close()  # cancels queued shards; running ones finish and record their marker
        click.echo("cleankit: interrupted; finished shards are kept, rerun the same command to complete the run", err=True)
        sys.exit(130)
    except CleankitError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        close = getattr(reports, "close", None)
        if close is not None:
            close()  # stops a pool or cluster even when the loop ended early
        if bar is not None:
            bar.__exit__(None, None, None)
    if state is not None and fatal is None:
        from .io.records import assemble

        for message in assemble(split, job, state):
            counts["failed"] += 1
            click.echo(f"cleankit: {message}", err=True)
    if sink is not None:
        sink.finish()
    if fatal:
        click.echo(f"cleankit: {fatal}", err=True)
        _summary(counts, failed_extra=1, quiet=False)
        sys.exit(1)
    if resumed and not quiet:
        click.echo(f"cleankit: {resumed} shard(s) already complete, skipped", err=True)
    _summary(counts, quiet=quiet)
    if counts["skipped"] or counts["failed"]:
        sys.exit(1)


def _parse_size(text: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    t = text.strip().lower().rstrip("b")
    try:
        if t and t[-1] in units:
            return max(1, int(float(t[:-1]) * units[t[-1]]))
        return max(1, int(t))
    except ValueError as exc:
        raise click.BadParameter(f"not a size: {text!r}", param_hint="--shard-size") from exc


def _summary(counts: dict[str, int], *, failed_extra: int = 0, quiet: bool) -> None:
    failed = counts["failed"] + failed_extra
    if quiet and not (failed or counts["skipped"]):
        return
    click.echo(f"cleankit: {counts['cleaned']} cleaned, {counts['skipped']} skipped, {failed} failed", err=True)


@cli.command("chain")
@click.option("--json", "as_json", is_flag=True, help="Print the chain as JSON.")
@chain_options
def chain_cmd(as_json: bool, chain: str | None, config: str | None, enable: tuple[str, ...],
              disable: tuple[str, ...], disable_plugin: tuple[str, ...], extractor: str | None) -> None:
    """Print the resolved chain: each cleaner with its plugin and version."""
    pipeline = _build_pipeline(chain, config, enable, disable, disable_plugin, extractor=extractor)
    steps = pipeline.chain.describe()
    if as_json:
        click.echo(json.dumps(steps, indent=2))
        return
    for i, step in enumerate(steps, 1):
        opts = ", ".join(f"{k}={v!r}" for k, v in step["options"].items())
        click.echo(f"{i:2d}. {step['cleaner']:<22} {step['plugin']} {step['version']}" + (f"  [{opts}]" if opts else ""))


@cli.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {name, version, cleaners}.")
@click.option("--disable-plugin", multiple=True, metavar="NAME", help="Do not load this plugin.")
def plugins_cmd(as_json: bool, disable_plugin: tuple[str, ...]) -> None:
    """List installed plugins with their versions and the cleaners and HTML extractors they register."""
    from .errors import CleankitError
    from .extractors import DEFAULT_EXTRACTOR
    from .plugins import disabled_plugins, load_registry

    try:
        registry = load_registry(disabled=set(_split(disable_plugin)) | disabled_plugins())
    except CleankitError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = [
        {"name": p.distribution, "entry_point": p.name, "version": p.version, "cleaners": registry.cleaners_of(p),
         "extractors": registry.extractors_of(p)}
        for p in registry.plugins
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['name']} {row['version']} (entry point {row['entry_point']})")
        for name in row["cleaners"]:
            reg = registry.cleaners[name]
            flag = "" if reg.cls.enabled_by_default else "  (off by default)"
            click.echo(f"    {name:<22} order {reg.cls.order}{flag}")
        for name in row["extractors"]:
            cls = registry.extractors[name].cls
            default = "  (default)" if name == DEFAULT_EXTRACTOR else ""
            click.echo(f"    {name:<22} HTML extractor{default}: {cls.description}")


@cli.command("explain")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--width", default=100, show_default=True, help="Truncate removed text to this many characters.")
@chain_options
def explain_cmd(inputs: tuple[str, ...], width: int, chain: str | None, config: str | None,
                enable: tuple[str, ...], disable: tuple[str, ...], disable_plugin: tuple[str, ...],
                extractor: str | None) -> None:
    """Show what the chain removes or rewrites in each input, and the metadata it finds."""
    from .batch import clean_input
    from .io.files import iter_inputs

    pipeline = _build_pipeline(chain, config, enable, disable, disable_plugin, extractor=extractor)
    failed = 0
    for item in iter_inputs(inputs):
        outcome = clean_input(pipeline, item)
        if outcome.result is None:
            failed += 1
            click.echo(f"cleankit: {item.source}: {outcome.reason}", err=True)
            continue
        result = outcome.result
        removals = sorted((e for e in result.edits if not e.replacement), key=lambda e: (e.start, e.end))
        rewrites = [e for e in result.edits if e.replacement]
        removed = sum(len(e.removed) for e in removals)
        click.secho(f"== {item.source}: {len(removals)} removal(s), {removed} of {len(result.original)} characters; "
                    f"{len(rewrites)} rewrite(s)" + (f"; flags: {', '.join(result.flags)}" if result.flags else ""),
                    bold=True)
        for e in removals:
            shown = " ".join(e.removed.split())
            shown = shown if len(shown) <= width else shown[: width - 1] + "…"
            click.echo(f"  [{e.start:>6}:{e.end:<6}] {e.cleaner}/{e.reason}: {shown!r}")
        groups: dict[tuple[str, str], list[Any]] = {}
        for e in rewrites:
            groups.setdefault((e.cleaner, e.reason), []).append(e)
        for (cleaner, reason), group in groups.items():
            first = group[0]
            more = f" (and {len(group) - 1} more like it)" if len(group) > 1 else ""
            click.echo(f"  [{first.start:>6}:{first.end:<6}] {cleaner}/{reason}: "
                       f"{first.removed[:width]!r} -> {first.replacement[:width]!r}{more}")
        for error in result.errors:
            click.echo(f"  error: {error['cleaner']} ({error['plugin']}): {error['reason']}")
        meta = {k: v for k, v in result.metadata.items() if v not in (None, [], "")}
        click.echo(f"  metadata: {json.dumps(meta, ensure_ascii=False)}")
    if failed:
        sys.exit(1)


@cli.command("new-plugin")
@click.argument("name")
@click.option("--dir", "dest", default=".", show_default=True, type=click.Path(file_okay=False),
              help="Folder to create the package in.")
def new_plugin_cmd(name: str, dest: str) -> None:
    """Write a working plugin package cleankit-NAME (cleaner, tests, golden sample) to start from."""
    from .errors import CleankitError
    from .scaffold import create_plugin

    try:
        target = create_plugin(name, dest)
    except CleankitError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {target}\nnext: pip install -e {target} && (cd {target} && pytest)"
               "\nguide: docs/writing-a-plugin.md")


def main() -> None:
    """Console-script entry point."""
    try:
        cli(prog_name="cleankit")
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)
