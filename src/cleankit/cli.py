"""The ``cleankit`` command line: a thin layer over the Python API (``clean`` is :func:`cleankit.run`)."""
from __future__ import annotations

import importlib
import json
import os
import sys
from typing import Any

import click

from .api import parse_size, run
from .config import load_config
from .errors import CleankitError, ConfigError, Failure, StateError
from .extractors import DEFAULT_EXTRACTOR
from .io.files import iter_inputs
from .io.readers import RecordFields, RecordOptions, iter_documents, record_kind
from .plugins import build_plugin_manager, disabled_plugins, installed_plugin_names, load_registry
from .runner import Pipeline
from .scaffold import create_plugin


PROGRESS_MIN_FILES = 5
#: Largest document read by default (``--max-bytes``).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: Seconds one cleaner may spend on one document before it is stopped (command line default).
DEFAULT_TIME_LIMIT = 60.0


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _build_pipeline(
    chain: str | None, config: str | None, enable: tuple[str, ...], disable: tuple[str, ...],
    disable_plugin: tuple[str, ...], on_error: str = "skip", max_removal: float | None = None,
    time_limit: float | None = None, extractor: str | None = None,
) -> Pipeline:
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


#: Commands whose modules load the built-in cleaners (ftfy, language models): imported when asked for.
_LAZY_COMMANDS = {"learn-site": ("cleankit.learn.command", "learn_site_cmd")}


class _Group(click.Group):
    """Adds commands that plugins register, loaded only when an unknown command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _LAZY_COMMANDS and cmd_name not in self.commands:
            module, attr = _LAZY_COMMANDS[cmd_name]
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        found = super().get_command(ctx, cmd_name)
        if found is None and not getattr(self, "_plugins_loaded", False):
            self._plugins_loaded = True
            _add_plugin_commands(self)
            found = super().get_command(ctx, cmd_name)
        return found


def _add_plugin_commands(group: click.Group) -> None:

    try:
        pm, _ = build_plugin_manager()
    except CleankitError:
        return
    pm.hook.register_commands(cli=group)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cleankit")
def cli() -> None:
    """Clean scraped web documents with a chain of pluggable cleaners."""


def _check_disabled_plugins(names: list[str]) -> None:

    if not names:
        return
    known = installed_plugin_names()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise click.BadParameter(f"no installed plugin is named {', '.join(map(repr, unknown))} "
                                 f"(installed: {', '.join(sorted(known))})", param_hint="--disable-plugin")


def _time_limit(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    if value is None:
        return None
    if value != value or value <= 0:  # NaN compares false with everything
        raise click.BadParameter(f"must be a positive number of seconds, not {value}")
    return None if value == float("inf") else value


def _size_option(ctx: click.Context, param: click.Parameter, value: str) -> int:

    try:
        return parse_size(value)
    except ConfigError as exc:
        raise click.BadParameter(str(exc)) from exc


class _Progress:
    """Prints each shard's failures and notes, and a progress bar on a terminal."""

    def __init__(self, inputs: tuple[str, ...], include: tuple[str, ...], exclude: tuple[str, ...], quiet: bool) -> None:

        self.quiet = quiet
        self.bar: Any = None
        if not quiet and sys.stderr.isatty():
            total = sum(1 for _ in iter_inputs(inputs, include=include, exclude=exclude))
            if total > PROGRESS_MIN_FILES:
                self.bar = click.progressbar(length=total, label="cleaning", file=sys.stderr)
                self.bar.__enter__()

    def __call__(self, report: Any) -> None:
        for failure in report.failures:
            click.echo(f"cleankit: {failure.message()}", err=True)
        if not self.quiet:
            for note in report.notes:
                click.echo(f"cleankit: {note}", err=True)
        if self.bar is not None:
            self.bar.update(report.items)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@cli.command("clean", epilog="Exit status: 0 all cleaned; 1 some inputs skipped or failed (or the run stopped); "
                             "2 bad options; 3 all written, but some documents were flagged or had cleaner errors.")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "output", type=click.Path(file_okay=False), help="Write to this folder, mirroring the input tree.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text", show_default=True,
              help="Output format of plain files (record files keep their own format).")
@click.option("--include", multiple=True, metavar="GLOB", help="Only files in folders matching this glob.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files in folders matching this glob.")
@click.option("--in-place", is_flag=True, help="Replace each input file with its cleaned text (atomically; not HTML files).")
@click.option("--in-place-html", is_flag=True, help="With --in-place, also replace HTML files with their cleaned text.")
@click.option("--overwrite", is_flag=True, help="Replace existing output files that differ.")
@click.option("--url", help="The document's URL (for a single input), used by site plugins.")
@click.option("--html/--text", "html", default=None, help="Force the HTML reader on or off (default: by extension or content).")
@click.option("--on-error", type=click.Choice(["skip", "quarantine", "raise"]), default="skip", show_default=True,
              help="When a cleaner fails: pass the document on without its change, flag it (quarantine), or stop.")
@click.option("--max-removal", type=click.FloatRange(0, 1, min_open=True), help="Flag documents losing more than this share of characters (default 0.8).")
@click.option("--on-flag", type=click.Choice(["cleaned", "original", "drop"]), default=None,
              help="What the normal output gets for a flagged document: the cleaned text (default), its original "
                   "text (the default with --in-place: the file is left as it was), or nothing.")
@click.option("--flagged", "flagged_dir", type=click.Path(file_okay=False),
              help="Also write each flagged document's original text and a JSON record of its proposed edits here.")
@click.option("--max-bytes", type=click.IntRange(1), default=None, help="Refuse any document (file, record, standard input) larger than this (default 64 MiB).")
@click.option("--time-limit", type=float, default=DEFAULT_TIME_LIMIT, show_default=True, callback=_time_limit,
              metavar="SECONDS", help="Time allowed for one document (HTML reading, then the chain); the error names the cleaner running when it ran out.")
@click.option("--input-format", type=click.Choice(["auto", "files", "jsonl", "parquet"]), default="auto", show_default=True,
              help="How to read inputs (also -): auto takes *.jsonl[.gz]/*.ndjson[.gz] as JSONL and *.parquet as Parquet.")
@click.option("--text-field", default="text", show_default=True, help="Record field holding the text to clean.")
@click.option("--id-field", default="id", show_default=True, help="Record field holding the document id (for messages).")
@click.option("--url-field", default="url", show_default=True, help="Record field holding the URL, given to site plugins ('' for none).")
@click.option("--text-out", default=None, metavar="FIELD", help="Write the cleaned text to this field (default: the text field).")
@click.option("--meta-field", default="cleankit", show_default=True, help="Record field receiving metadata, flags and errors.")
@click.option("-j", "--workers", type=click.IntRange(1), default=None, help="Worker processes (default: all cores; one for small inputs; never more than the cores).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this process or a process pool; dask: a dask.distributed cluster (needs -o).")
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Dask scheduler address (default: a local cluster of --workers processes).")
@click.option("--shard-size", default="2M", show_default=True, metavar="SIZE", callback=_size_option, help="Input per shard (K, M, G suffixes).")
@click.option("--shard-index", type=click.IntRange(0), default=None, help="Run only shards i with i mod NUM == INDEX (job arrays; needs -o).")
@click.option("--num-shards", type=click.IntRange(1), default=None, help="Number of job-array tasks sharing the run.")
@click.option("--force", is_flag=True, help="Redo every shard, even those a previous run completed (and a run made with another chain).")
@click.option("--dry-run", is_flag=True, help="Clean and report what would be written, removed and flagged; write nothing.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary unless something failed.")
@chain_options
def clean_cmd(inputs: tuple[str, ...], quiet: bool, chain: str | None, config: str | None, enable: tuple[str, ...],
              disable: tuple[str, ...], disable_plugin: tuple[str, ...], extractor: str | None, **options: Any) -> None:
    """Clean INPUT files, folders (recursively), record files (JSONL, Parquet) or - (standard input).

    Work is split into shards; with -o, each finished shard is recorded in OUTPUT/.cleankit
    so that rerunning an interrupted run redoes only the unfinished shards.
    """

    _check_disabled_plugins(_split(disable_plugin))
    pipeline = _build_pipeline(chain, config, enable, disable, disable_plugin, options["on_error"],
                               options["max_removal"], options["time_limit"], extractor)
    options["flagged"] = options.pop("flagged_dir")
    options["max_bytes"] = options["max_bytes"] or DEFAULT_MAX_BYTES
    progress = _Progress(inputs, options["include"], options["exclude"], quiet)
    try:
        summary = run(inputs, pipeline=pipeline, disable_plugins=tuple(_split(disable_plugin)), progress=progress,
                      **options)
    except KeyboardInterrupt:
        click.echo("cleankit: interrupted; finished shards are kept, rerun the same command to complete the run", err=True)
        sys.exit(130)
    except StateError as exc:
        raise click.ClickException(str(exc)) from exc
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc
    finally:
        progress.close()
    for warning in summary.warnings:
        click.echo(f"cleankit: {warning}", err=True)
    if summary.fatal:
        click.echo(f"cleankit: {summary.fatal}", err=True)
    if summary.resumed_shards and not quiet:
        click.echo(f"cleankit: {summary.resumed_shards} shard(s) already complete, skipped", err=True)
    if not quiet or summary.exit_status:
        click.echo(f"cleankit: {summary.line()}", err=True)
    sys.exit(summary.exit_status)


@cli.command("chain")
@click.option("--json", "as_json", is_flag=True, help="Print the chain as JSON.")
@chain_options
def chain_cmd(as_json: bool, chain: str | None, config: str | None, enable: tuple[str, ...],
              disable: tuple[str, ...], disable_plugin: tuple[str, ...], extractor: str | None) -> None:
    """Print the resolved chain: each cleaner with its phase, plugin and version."""
    pipeline = _build_pipeline(chain, config, enable, disable, disable_plugin, extractor=extractor)
    steps = pipeline.chain.describe()
    if as_json:
        click.echo(json.dumps(steps, indent=2))
        return
    for i, step in enumerate(steps, 1):
        opts = ", ".join(f"{k}={v!r}" for k, v in step["options"].items())
        click.echo(
            f"{i:2d}. {step['phase']:<8} {step['cleaner']:<20} {step['plugin']} {step['version']}"
            + (f"  [{opts}]" if opts else "")
        )


@cli.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {name, version, cleaners}.")
@click.option("--disable-plugin", multiple=True, metavar="NAME", help="Do not load this plugin.")
def plugins_cmd(as_json: bool, disable_plugin: tuple[str, ...]) -> None:
    """List installed plugins with their versions and the cleaners and HTML extractors they register."""

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


def _explain_one(source: str, result: Any, width: int) -> None:
    removals = sorted((e for e in result.edits if not e.replacement), key=lambda e: (e.start, e.end))
    rewrites = [e for e in result.edits if e.replacement]
    removed = sum(len(e.removed) for e in removals)
    click.secho(f"== {source}: {len(removals)} removal(s), {removed} of {len(result.original)} characters; "
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
    click.echo(f"  metadata: {json.dumps(meta, ensure_ascii=False, default=str)}")


@cli.command("explain")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--width", default=100, show_default=True, help="Truncate removed text to this many characters.")
@click.option("--url", help="The document's URL (for a single input), used by site plugins.")
@click.option("--html/--text", "html", default=None, help="Force the HTML reader on or off (default: by extension or content).")
@click.option("--input-format", type=click.Choice(["auto", "files", "jsonl", "parquet"]), default="auto", show_default=True,
              help="How to read inputs, as for clean.")
@click.option("--text-field", default="text", show_default=True, help="Record field holding the text to explain.")
@click.option("--id-field", default="id", show_default=True, help="Record field holding the document id.")
@click.option("--url-field", default="url", show_default=True, help="Record field holding the URL ('' for none).")
@click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, help="Refuse any document larger than this.")
@chain_options
def explain_cmd(inputs: tuple[str, ...], width: int, url: str | None, html: bool | None, input_format: str,
                text_field: str, id_field: str, url_field: str, max_bytes: int, chain: str | None, config: str | None,
                enable: tuple[str, ...], disable: tuple[str, ...], disable_plugin: tuple[str, ...],
                extractor: str | None) -> None:
    """Show what the chain removes or rewrites in each input (or record), and the metadata it finds."""

    pipeline = _build_pipeline(chain, config, enable, disable, disable_plugin, time_limit=DEFAULT_TIME_LIMIT,
                               extractor=extractor)
    opts = RecordOptions(RecordFields(text_field, id_field, url_field or None), max_bytes, html, pipeline.time_limit,
                         pipeline.html_extractor())
    items = list(iter_inputs(inputs))
    failed = 0
    for item in items:
        kind = record_kind(item.source, input_format)
        for doc in iter_documents(item, kind, opts, url=url if len(items) == 1 else None):
            if isinstance(doc, Failure):
                failed += 1
                click.echo(f"cleankit: {doc.message()}", err=True)
                continue
            _explain_one(doc.source, pipeline.run(doc.text, doc.origin, doc.metadata, doc.hints, reader_metadata=doc.reader_metadata), width)
    if failed:
        sys.exit(1)


@cli.command("report")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False), help="The HTML file to write.")
@click.option("--url", help="The document's URL (for a single input), used by site plugins.")
@click.option("--html/--text", "html", default=None, help="Force the HTML reader on or off (default: by extension or content).")
@click.option("--sample", type=click.IntRange(1), default=None, metavar="N", help="Report N documents drawn at random.")
@click.option("--seed", type=int, default=None, help="Seed of the --sample draw (same seed, same documents).")
@click.option("--title", default=None, help="Title of the report page.")
@click.option("--input-format", type=click.Choice(["auto", "files", "jsonl", "parquet"]), default="auto", show_default=True,
              help="How to read inputs: auto takes *.jsonl[.gz]/*.ndjson[.gz] as JSONL and *.parquet as Parquet.")
@click.option("--text-field", default="text", show_default=True, help="Record field holding the text to clean.")
@click.option("--id-field", default="id", show_default=True, help="Record field holding the document id.")
@click.option("--url-field", default="url", show_default=True, help="Record field holding the URL ('' for none).")
@click.option("--max-removal", type=click.FloatRange(0, 1, min_open=True), help="Flag documents losing more than this share of characters (default 0.8).")
@chain_options
def report_cmd(
    inputs: tuple[str, ...], output: str, url: str | None, html: bool | None, sample: int | None, seed: int | None,
    title: str | None, input_format: str, text_field: str, id_field: str, url_field: str, max_removal: float | None,
    chain: str | None, config: str | None, enable: tuple[str, ...], disable: tuple[str, ...],
    disable_plugin: tuple[str, ...], extractor: str | None,
) -> None:
    """Write a review page of what the chain removes from INPUT... and why: one HTML file, no network needed."""
    from .errors import CleankitError
    from .review import write_report
    from .review.inputs import InputCounts, iter_input_results

    if "-" in inputs:
        raise click.UsageError("report reads files, folders and record files, not standard input")
    pipeline = _build_pipeline(chain, config, enable, disable, disable_plugin, max_removal=max_removal,
                               time_limit=DEFAULT_TIME_LIMIT, extractor=extractor)
    counts = InputCounts()
    results = iter_input_results(
        inputs, pipeline, url=url, html=html, input_format=input_format,
        text_field=text_field, id_field=id_field, url_field=url_field or None, sample=sample, seed=seed, counts=counts,
        on_message=lambda m: click.echo(f"cleankit: {m}", err=True),
    )
    registry = pipeline.registry
    try:
        info = write_report(results, output, title=title, registry=registry)
    except CleankitError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"{output}: cannot write the report: {exc.strerror or exc}") from exc
    click.echo(f"cleankit: wrote {info.path}: {info.documents} document(s), {info.removals} removal(s), "
               f"{info.rewrites} rewrite(s), {info.flagged} flagged"
               + (f"; {counts.skipped} skipped, {counts.failed} failed" if counts.skipped or counts.failed else ""), err=True)
    if counts.skipped or counts.failed:
        sys.exit(1)


@cli.command("new-plugin")
@click.argument("name")
@click.option("--dir", "dest", default=".", show_default=True, type=click.Path(file_okay=False),
              help="Folder to create the package in.")
def new_plugin_cmd(name: str, dest: str) -> None:
    """Write a working plugin package cleankit-NAME (cleaner, tests, golden sample) to start from."""

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
