"""A test kit for cleaner and plugin authors: pytest fixtures, golden samples and a contract check.

It is a pytest plugin, registered through the ``pytest11`` entry point of cleankit, so it is
active in any test session where cleankit is installed (``-p no:cleankit`` turns it off;
with ``PYTEST_DISABLE_PLUGIN_AUTOLOAD`` set, ask for it with ``-p cleankit.testing``).
Nothing here needs entry points to be installed: pipelines are built from plugin objects.

Fixtures:

- ``cleankit_pipeline(*plugins, chain=None, builtins=False, layout=True)``: build a Pipeline.
- ``cleankit_golden(pipeline, folder_or_case)``: compare outputs with golden files (or
  rewrite them when pytest runs with ``--cleankit-regen`` or ``CLEANKIT_REGEN=1``).
- ``cleankit_contract(cleaner, texts=())``: fail unless the cleaner keeps the contract.

The plain functions behind them (:func:`make_pipeline`, :func:`golden_cases`,
:func:`check_golden`, :func:`contract_problems`, :func:`edit_problems`) work without pytest.
"""
from __future__ import annotations

import difflib
import json
import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

import pytest

from . import contract
from .cleaner import Cleaner, Outcome, phase_of
from .document import METADATA_KEYS, DocumentView, Origin, Result, empty_metadata
from .extractors.checks import assert_extractor_contract, extraction_problems, extractor_problems  # noqa: F401
from .hookspecs import RegisterCleaner, hookimpl

from .runner import FLAG_UNSETTLED, MAX_ROUNDS

if TYPE_CHECKING:
    from .runner import Pipeline

REGEN_OPTION = "--cleankit-regen"
REGEN_ENV = "CLEANKIT_REGEN"
EXPECTED_TEXT = ".expected.txt"
EXPECTED_JSON = ".expected.json"
#: Removed text is kept this short in golden reports so they stay readable.
REPORT_WIDTH = 60

#: Odd inputs every cleaner must survive: (label, text).
CONTRACT_INPUTS: tuple[tuple[str, str], ...] = (
    ("empty", ""),
    ("newline", "\n"),
    ("nul", "\x00"),
    ("blank lines", " \t\n\n\u00a0\n\n"),
    ("long line", "Le conseil municipal a voté le budget. " * 2500),
    ("many short lines", "Accueil\nActualités\n" * 2000),
    ("mixed scripts", "Привет, мир. مرحبا بالعالم. 你好，世界。 Grüße aus Köln — «citation» 😀\nשלום עולם\nनमस्ते दुनिया\n"),
    ("control characters", "Titre\x0b\x0c\nLigne\u2028suivante\u200b\ufeff\n\x1b[0m fin"),
    ("markup", "<p>Bonjour &amp; bienvenue</p>\n<script>var a = 1;</script>\n"),
    # runs of one character class: where nested quantifiers backtrack catastrophically
    ("digit run", "9" * 60 + "\n" + "2024" * 40 + "\n"),
    ("punctuation runs", "." * 3000 + "\n" + "- " * 3000 + "\n" + "|" * 3000 + "\n"),
    ("capitals run", "AZERBAÏDJAN " * 500 + "\n"),
)
#: Longest a single ``clean`` call may take on one contract input.
MAX_SECONDS = 5.0


# -- pipelines from plugin objects -------------------------------------------------------


class ClassPlugin:
    """A plugin object that registers the given cleaner classes (no package, no entry point)."""

    def __init__(self, *classes: type[Cleaner]) -> None:
        self.classes = classes
        self.__name__ = "test:" + ",".join(c.name for c in classes)
        self.__module__ = classes[0].__module__ if classes else __name__

    @hookimpl
    def register_cleaners(self, register: RegisterCleaner) -> None:
        """Register the wrapped classes."""
        for cls in self.classes:
            register(cls)


def _as_plugins(plugins: Iterable[Any]) -> list[Any]:
    objs: list[Any] = []
    classes = [p for p in plugins if isinstance(p, type) and issubclass(p, Cleaner)]
    if classes:
        objs.append(ClassPlugin(*classes))
    objs.extend(p for p in plugins if not (isinstance(p, type) and issubclass(p, Cleaner)))
    return objs


def registered_cleaners(*plugins: Any) -> list[type[Cleaner]]:
    """The cleaner classes the given plugin objects register, sorted by (order, name)."""
    from .plugins import load_registry

    registry = load_registry(entry_points=False, plugins=_as_plugins(plugins), disabled=())
    return sorted((r.cls for r in registry.cleaners.values()), key=lambda c: (c.order, c.name))


def make_pipeline(
    *plugins: Any,
    chain: list[str] | None = None,
    builtins: bool = False,
    layout: bool = True,
    options: dict[str, dict[str, Any]] | None = None,
    on_error: str = "raise",
) -> "Pipeline":
    """Build a Pipeline from plugin objects (modules with hooks) or Cleaner classes.

    By default the chain is the given plugins' cleaners followed by the built-in ``layout``
    cleaner (so outputs are tidy but do not change when other built-ins change).
    ``builtins=True`` uses the full default chain with every built-in cleaner; ``chain``
    names the chain explicitly. Errors raise (``on_error="raise"``) so tests see them.
    """
    from . import cleaners as builtin_plugin
    from .runner import Pipeline

    objs = _as_plugins(plugins)
    names = [c.name for c in registered_cleaners(*objs)]
    extra: list[Any] = []
    if builtins:
        extra = [] if builtin_plugin in objs else [builtin_plugin]
    elif layout and "layout" not in names:
        from .cleaners.layout import Layout

        extra = [ClassPlugin(Layout)]
    if chain is None and not builtins:
        chain = names + (["layout"] if layout and "layout" not in names else [])
    return Pipeline.build(
        chain,
        entry_points=False,
        plugins=[*objs, *extra],
        options=options,
        on_error=on_error,  # type: ignore[arg-type]
    )


# -- golden samples ----------------------------------------------------------------------


@dataclass(frozen=True)
class GoldenCase:
    """One input file and its golden files: ``NAME.expected.txt`` and ``NAME.expected.json``."""

    input: Path

    @property
    def id(self) -> str:
        """The input's file name."""
        return self.input.name

    @property
    def expected_text(self) -> Path:
        """The cleaned text expected."""
        return self.input.with_name(self.input.stem + EXPECTED_TEXT)

    @property
    def expected_json(self) -> Path:
        """The metadata and edits expected."""
        return self.input.with_name(self.input.stem + EXPECTED_JSON)


def golden_cases(folder: str | Path) -> list[GoldenCase]:
    """Every input file in ``folder`` (not recursive): all files but golden files, README and dot files."""
    root = Path(folder)
    out = []
    for p in sorted(root.iterdir()):
        name = p.name
        if not p.is_file() or name.startswith(".") or name.startswith("README"):
            continue
        if name.endswith(EXPECTED_TEXT) or name.endswith(EXPECTED_JSON):
            continue
        out.append(GoldenCase(p))
    return out


def sample_texts(folder: str | Path) -> list[tuple[str, str]]:
    """(file name, text) of every golden input in ``folder``, as the chain is shown it.

    Bytes are decoded as the command line decodes them, and HTML pages are read by the HTML
    reader, so contract checks see the text a cleaner meets in a real run.
    """
    from .io.decode import decode_bytes
    from .io.html import looks_like_html, read_html

    out = []
    for case in golden_cases(folder):
        text = decode_bytes(case.input.read_bytes(), source=str(case.input)).text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if looks_like_html(text, str(case.input)):
            text = read_html(text).text
        out.append((case.id, text))
    return out


#: Left out of golden reports: the reader's encoding guess and layout tidying (the text shows
#: its effect) change with cleankit itself, not with the plugin under test.
REPORT_SKIP_METADATA: tuple[str, ...] = ("encoding",)
REPORT_SKIP_CLEANERS: tuple[str, ...] = ("layout",)


def report(result: Result) -> dict[str, Any]:
    """The golden report of a result: metadata set, and each edit (cleaner, reason, text removed)."""
    edits = []
    for e in result.edits:
        if e.cleaner in REPORT_SKIP_CLEANERS:
            continue
        removed = e.removed if len(e.removed) <= REPORT_WIDTH else e.removed[: REPORT_WIDTH - 1] + "…"
        edit = {"cleaner": e.cleaner, "reason": e.reason, "removed": removed}
        if e.replacement:
            edit["replacement"] = e.replacement
        edits.append(edit)
    meta = {k: v for k, v in result.metadata.items() if v not in (None, [], "") and k not in REPORT_SKIP_METADATA}
    return {"metadata": meta, "edits": edits}


def check_golden(pipeline: "Pipeline", case: GoldenCase, *, regen: bool = False, url: str | None = None) -> list[str]:
    """Clean ``case.input`` and compare with its golden files; with ``regen``, rewrite them instead.

    Returns the differences found (empty when all match or after regenerating).
    """
    result = pipeline.clean_file(case.input, url=url)
    text = result.text if result.text.endswith("\n") or not result.text else result.text + "\n"
    got = report(result)
    if regen:
        case.expected_text.write_text(text, encoding="utf-8")
        case.expected_json.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return []
    problems: list[str] = []
    if not case.expected_text.exists() or not case.expected_json.exists():
        return [f"{case.id}: no golden files; run pytest with {REGEN_OPTION} to write them"]
    want_text = case.expected_text.read_text(encoding="utf-8")
    if want_text != text:
        diff = difflib.unified_diff(want_text.splitlines(), text.splitlines(), "expected", "got", lineterm="", n=1)
        problems.append(f"{case.id}: text differs:\n" + "\n".join(list(diff)[:40]))
    want = json.loads(case.expected_json.read_text(encoding="utf-8"))
    if want.get("metadata") != got["metadata"]:
        problems.append(f"{case.id}: metadata differs: expected {want.get('metadata')}, got {got['metadata']}")
    if want.get("edits") != got["edits"]:
        problems.append(
            f"{case.id}: edits differ:\n  expected {json.dumps(want.get('edits'), ensure_ascii=False)}"
            f"\n  got      {json.dumps(got['edits'], ensure_ascii=False)}"
        )
    return problems


# -- the contract ------------------------------------------------------------------------


def outcome_problems(cleaner: Cleaner, outcome: Any, text: str, given: Mapping[str, Any]) -> list[str]:
    """What is wrong with one outcome: the runner's own check (:mod:`cleankit.contract`), plus
    metadata overwritten when ``given`` already had a value (the runner refuses that too)."""
    problems = contract.outcome_problems(cleaner, outcome, len(text), phase_of(cleaner))
    if isinstance(outcome, Outcome) and isinstance(outcome.metadata, dict):
        for key, value in outcome.metadata.items():
            if given.get(key) not in (None, [], "") and value != given[key]:
                problems.append(f"overwrote metadata.{key} (already {given[key]!r}) with {value!r}")
    return problems


def edit_problems(result: Result) -> list[str]:
    """Edits whose ``removed`` is not the original text at their position (when no earlier edit overlaps)."""
    problems = []
    done: list[tuple[int, int]] = []
    for e in result.edits:
        touched = any(s < e.end and e.start < t or (s == t == e.start) for s, t in done)
        if not touched and result.original[e.start : e.end] != e.removed:
            problems.append(
                f"edit {e.cleaner}/{e.reason} at [{e.start}:{e.end}] says it removed {e.removed[:40]!r} "
                f"but the original has {result.original[e.start:e.end][:40]!r} there"
            )
        done.append((e.start, e.end))
    return problems


class _TimeLimit(Exception):
    """A contract call ran past its time limit."""


@contextmanager
def _time_limit(seconds: float):  # type: ignore[no-untyped-def]
    """Interrupt the block after ``seconds`` (Unix main thread only; elsewhere it just runs)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise _TimeLimit()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def contract_problems(
    cleaner: type[Cleaner] | Cleaner,
    texts: Iterable[str | tuple[str, str]] = (),
    *,
    url: str | None = None,
    max_seconds: float = MAX_SECONDS,
) -> list[str]:
    """Check one cleaner against the contract on the odd inputs and on ``texts``.

    ``texts`` are strings or (label, text) pairs; pass real documents the cleaner acts on.
    Checked on each: no exception, a valid Outcome (declared reason codes, positions in
    range, no overlaps, well-formed values for the standard metadata keys and JSON values
    for others), the same outcome
    twice, metadata already set is left alone, and run through a Pipeline: each edit's
    ``removed`` is the original text there, the chain settles, and cleaning its output again
    changes nothing.
    """
    instance = cleaner() if isinstance(cleaner, type) else cleaner
    cls = type(instance)
    pipeline = make_pipeline(cls, layout=False, options={cls.name: dict(instance.options)}, on_error="skip")
    origin = Origin(path="contract-check", url=url)
    cases = list(CONTRACT_INPUTS)
    for i, t in enumerate(texts):
        cases.append(t if isinstance(t, tuple) else (f"text {i + 1}", t))
    problems: list[str] = []

    def run(text: str, meta: dict[str, Any]) -> Any:
        return instance.clean(DocumentView.of(text, meta, origin))

    for label, text in cases:
        where = f"{cls.name} on {label}"
        meta = empty_metadata()
        try:
            started = time.perf_counter()
            with _time_limit(max_seconds):
                first = run(text, meta)
            took = time.perf_counter() - started
            again = run(text, empty_metadata())
        except _TimeLimit:
            problems.append(f"{where}: still running after {max_seconds:.0f} s (catastrophic backtracking?)")
            continue
        except Exception as exc:  # the contract: never raise on any text
            problems.append(f"{where}: raised {type(exc).__name__}: {exc}")
            continue
        found = outcome_problems(instance, first, text, meta)
        if found:
            problems.extend(f"{where}: {p}" for p in found)
            continue
        if took > max_seconds:
            problems.append(f"{where}: took {took:.1f} s")
        if again != first:
            problems.append(f"{where}: two runs on the same text gave different outcomes")
        full = {k: (["Jean Dupont"] if k == "authors" else "2020-01-01" if k == "published" else "x") for k in METADATA_KEYS}
        try:
            preset = run(text, dict(full))
        except Exception as exc:
            problems.append(f"{where}: raised {type(exc).__name__} when metadata was already set: {exc}")
            continue
        if isinstance(preset, Outcome) and isinstance(preset.metadata, dict):
            for key in preset.metadata:
                if key in full:
                    problems.append(f"{where}: overwrote metadata.{key} that was already set")
        result = pipeline.run(text, origin, empty_metadata())
        problems.extend(f"{where}: {p}" for p in edit_problems(result))
        problems.extend(f"{where}: pipeline error: {e['reason']}" for e in result.errors)
        # idempotence is the runner's job, but a cleaner can defeat it (one that removes the
        # first line of whatever it is shown never settles): the chain's output must be final
        if FLAG_UNSETTLED in result.flags:
            problems.append(f"{where}: still changing the text after {MAX_ROUNDS} rounds of the chain")
        again_result = pipeline.run(result.text, origin, empty_metadata())
        if again_result.text != result.text:
            diff = difflib.unified_diff(
                result.text.splitlines(), again_result.text.splitlines(), "once", "twice", lineterm="", n=0
            )
            problems.append(f"{where}: cleaning twice differs from once:\n" + "\n".join(list(diff)[:12]))
    return problems


def assert_contract(cleaner: type[Cleaner] | Cleaner, texts: Iterable[str | tuple[str, str]] = (), **kwargs: Any) -> None:
    """Raise AssertionError listing every contract problem of ``cleaner``."""
    problems = contract_problems(cleaner, texts, **kwargs)
    if problems:
        raise AssertionError(f"{len(problems)} contract problem(s):\n" + "\n".join(problems))


# -- the pytest plugin -------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--cleankit-regen``."""
    group = parser.getgroup("cleankit")
    group.addoption(
        REGEN_OPTION,
        action="store_true",
        default=False,
        help=f"rewrite cleankit golden files ({EXPECTED_TEXT}, {EXPECTED_JSON}) instead of comparing",
    )


def regen_requested(config: pytest.Config | None = None) -> bool:
    """True when golden files should be rewritten (``--cleankit-regen`` or ``CLEANKIT_REGEN=1``)."""
    if os.environ.get(REGEN_ENV, "") not in ("", "0"):
        return True
    if config is None:
        return False
    try:
        return bool(config.getoption(REGEN_OPTION))
    except ValueError:
        return False


@pytest.fixture
def cleankit_regen(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites golden files."""
    return regen_requested(request.config)


@pytest.fixture
def cleankit_pipeline() -> Callable[..., "Pipeline"]:
    """A factory: ``cleankit_pipeline(plugin_or_cleaner_class, ..., builtins=False)`` -> Pipeline."""
    return make_pipeline


@pytest.fixture
def cleankit_golden(cleankit_regen: bool) -> Callable[..., None]:
    """Check (or with ``--cleankit-regen`` rewrite) golden files: ``cleankit_golden(pipeline, folder_or_case)``."""

    def check(pipeline: "Pipeline", where: str | Path | GoldenCase, *, url: str | None = None) -> None:
        cases = [where] if isinstance(where, GoldenCase) else golden_cases(where)
        if not cases:
            pytest.fail(f"no golden inputs in {where}")
        problems = [p for case in cases for p in check_golden(pipeline, case, regen=cleankit_regen, url=url)]
        if problems:
            pytest.fail("\n".join(problems), pytrace=False)

    return check


@pytest.fixture
def cleankit_contract() -> Callable[..., None]:
    """Fail the test unless a cleaner keeps the contract: ``cleankit_contract(cls, texts=[...])``."""

    def check(cleaner: type[Cleaner] | Cleaner, texts: Iterable[str | tuple[str, str]] = (), **kwargs: Any) -> None:
        problems = contract_problems(cleaner, texts, **kwargs)
        if problems:
            pytest.fail(f"{len(problems)} contract problem(s):\n" + "\n".join(problems), pytrace=False)

    return check
