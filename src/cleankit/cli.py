"""The ``cleankit`` command line: a thin layer over the Python API.

Only click is imported at start-up; everything else loads when a command runs.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from .batch import FileOutcome
    from .runner import Pipeline

PROGRESS_MIN_FILES = 5


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _build_pipeline(
    chain: str | None, config: str | None, enable: tuple[str, ...], disable: tuple[str, ...],
    disable_plugin: tuple[str, ...], on_error: str = "skip", max_removal: float | None = None,
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
            max_removal=max_removal,
        )
    except CleankitError as exc:
        raise click.ClickException(str(exc)) from exc


_chain_options = [
    click.option("--chain", "chain", metavar="A,B,C", help="Explicit ordered list of cleaners."),
    click.option("--config", "config", type=click.Path(dir_okay=False), help="Config file (default: ./cleankit.toml or [tool.cleankit] in ./pyproject.toml)."),
    click.option("--enable", multiple=True, metavar="NAME", help="Add a cleaner to the default chain (repeatable, or comma-separated)."),
    click.option("--disable", multiple=True, metavar="NAME", help="Remove a cleaner from the chain."),
    click.option("--disable-plugin", multiple=True, metavar="NAME", help="Do not load this plugin (entry-point or distribution name)."),
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
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text", show_default=True)
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
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary unless something failed.")
@chain_options
def clean_cmd(
    inputs: tuple[str, ...], output: str | None, fmt: str, include: tuple[str, ...], exclude: tuple[str, ...],
    in_place: bool, overwrite: bool, url: str | None, html: bool | None, on_error: str,
    max_removal: float | None, flagged_dir: str | None, max_bytes: int | None, quiet: bool,
    chain: str | None, config: str | None, enable: tuple[str, ...], disable: tuple[str, ...],
    disable_plugin: tuple[str, ...],
) -> None:
    """Clean INPUT files, folders (recursively) or - (standard input)."""
    from .batch import DEFAULT_MAX_BYTES, clean_input
    from .errors import CleanerError
    from .io.files import iter_inputs

    if in_place and output:
        raise click.UsageError("--in-place and --output exclude each other")
    if in_place and "-" in inputs:
        raise click.UsageError("--in-place cannot replace standard input")
    pipeline = _build_pipeline(chain, config, enable, disable, disable_plugin, on_error, max_removal)
    items = list(iter_inputs(inputs, include=include, exclude=exclude))
    writer = _Writer(fmt, Path(output) if output else None, Path(flagged_dir) if flagged_dir else None, in_place, overwrite)
    counts = {"cleaned": 0, "skipped": 0, "failed": 0}
    show_bar = not quiet and sys.stderr.isatty() and len(items) > PROGRESS_MIN_FILES
    bar = click.progressbar(items, label="cleaning", file=sys.stderr) if show_bar else None
    iterable = bar if bar is not None else items
    try:
        if bar is not None:
            bar.__enter__()
        for item in iterable:
            try:
                outcome = clean_input(pipeline, item, url=url if len(items) == 1 else None, html=html,
                                      max_bytes=max_bytes or DEFAULT_MAX_BYTES)
            except CleanerError as exc:
                writer.finish()
                click.echo(f"cleankit: {exc}; stopping (--on-error raise)", err=True)
                _summary(counts, failed_extra=1, quiet=False)
                sys.exit(1)
            if outcome.result is None:
                counts[outcome.status] += 1
                click.echo(f"cleankit: {item.source}: {outcome.reason} ({outcome.status})", err=True)
                continue
            try:
                writer.write(outcome)
                counts["cleaned"] += 1
            except OSError as exc:
                counts["failed"] += 1
                click.echo(f"cleankit: {item.source}: cannot write output: {exc}", err=True)
            except _Refused as exc:
                counts["failed"] += 1
                click.echo(f"cleankit: {exc}", err=True)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    writer.finish()
    _summary(counts, quiet=quiet)
    if counts["skipped"] or counts["failed"]:
        sys.exit(1)


def _summary(counts: dict[str, int], *, failed_extra: int = 0, quiet: bool) -> None:
    failed = counts["failed"] + failed_extra
    if quiet and not (failed or counts["skipped"]):
        return
    click.echo(f"cleankit: {counts['cleaned']} cleaned, {counts['skipped']} skipped, {failed} failed", err=True)


class _Refused(Exception):
    """An output the writer will not replace."""


class _Writer:
    """Sends each result to standard output, a mirrored folder, the flagged folder or in place."""

    def __init__(self, fmt: str, output: Path | None, flagged: Path | None, in_place: bool, overwrite: bool) -> None:
        self.fmt = fmt
        self.output = output
        self.flagged = flagged
        self.in_place = in_place
        self.overwrite = overwrite
        self._stdout_count = 0
        self._json_open = False

    def write(self, outcome: "FileOutcome") -> None:
        from .io.output import OutputExists, write_atomic

        result = outcome.result
        assert result is not None
        item = outcome.input
        target_root = self.flagged if (self.flagged and result.flags) else self.output
        if self.in_place and not (self.flagged and result.flags):
            assert item.path is not None
            write_atomic(item.path, _text_bytes(result.text), overwrite=True)
            return
        if target_root is None:
            self._to_stdout(item.source, result)
            return
        rel = item.relative
        if self.fmt == "text":
            rel = rel.with_suffix(".txt") if rel.suffix.lower() in {".html", ".htm", ".xhtml", ".shtml"} else rel
            data = _text_bytes(result.text)
        else:
            rel = rel.with_name(rel.name + (".json" if self.fmt == "json" else ".jsonl"))
            record = result.to_dict(item.source)
            if self.fmt == "json":
                data = (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
            else:
                data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            write_atomic(target_root / rel, data, overwrite=self.overwrite)
        except OutputExists as exc:
            raise _Refused(str(exc)) from exc

    def _to_stdout(self, source: str, result: Any) -> None:
        out = sys.stdout
        if self.fmt == "jsonl":
            out.write(json.dumps(result.to_dict(source), ensure_ascii=False) + "\n")
        elif self.fmt == "json":
            out.write("[\n" if not self._json_open else ",\n")
            self._json_open = True
            out.write(json.dumps(result.to_dict(source), ensure_ascii=False, indent=2))
        else:
            if self._stdout_count:
                out.write("\n")
            out.write(f"==> {source} <==\n")
            out.write(result.text)
            if not result.text.endswith("\n"):
                out.write("\n")
        self._stdout_count += 1
        out.flush()

    def finish(self) -> None:
        if self.fmt == "json" and self.output is None:
            sys.stdout.write("\n]\n" if self._json_open else "[]\n")
            self._json_open = False


def _text_bytes(text: str) -> bytes:
    return (text if text.endswith("\n") or not text else text + "\n").encode("utf-8")


@cli.command("chain")
@click.option("--json", "as_json", is_flag=True, help="Print the chain as JSON.")
@chain_options
def chain_cmd(as_json: bool, chain: str | None, config: str | None, enable: tuple[str, ...],
              disable: tuple[str, ...], disable_plugin: tuple[str, ...]) -> None:
    """Print the resolved chain: each cleaner with its plugin and version."""
    pipeline = _build_pipeline(chain, config, enable, disable, disable_plugin)
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
    """List installed plugins with their versions and the cleaners they register."""
    from .errors import CleankitError
    from .plugins import disabled_plugins, load_registry

    try:
        registry = load_registry(disabled=set(_split(disable_plugin)) | disabled_plugins())
    except CleankitError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = [
        {"name": p.distribution, "entry_point": p.name, "version": p.version, "cleaners": registry.cleaners_of(p)}
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


@cli.command("explain")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--width", default=100, show_default=True, help="Truncate removed text to this many characters.")
@chain_options
def explain_cmd(inputs: tuple[str, ...], width: int, chain: str | None, config: str | None,
                enable: tuple[str, ...], disable: tuple[str, ...], disable_plugin: tuple[str, ...]) -> None:
    """Show what the chain removes or rewrites in each input, and the metadata it finds."""
    from .batch import clean_input
    from .io.files import iter_inputs

    pipeline = _build_pipeline(chain, config, enable, disable, disable_plugin)
    failed = 0
    for item in iter_inputs(inputs):
        outcome = clean_input(pipeline, item)
        if outcome.result is None:
            failed += 1
            click.echo(f"cleankit: {item.source}: {outcome.reason}", err=True)
            continue
        result = outcome.result
        removed = sum(len(e.removed) for e in result.edits)
        click.secho(f"== {item.source}: {len(result.edits)} edit(s), {removed} characters removed "
                    f"of {len(result.original)}" + (f", flags: {', '.join(result.flags)}" if result.flags else ""), bold=True)
        for e in result.edits:
            shown = " ".join(e.removed.split())
            shown = shown if len(shown) <= width else shown[: width - 1] + "…"
            rep = f" -> {e.replacement!r}" if e.replacement else ""
            click.echo(f"  [{e.start:>6}:{e.end:<6}] {e.cleaner}/{e.reason}: {shown!r}{rep}")
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
