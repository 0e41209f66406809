"""Run a chain over documents: the :class:`Pipeline` and the per-cleaner error policy."""
from __future__ import annotations

import os
import sys
import time
from bisect import bisect_right
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal

from .analysis import Analysis
from .chain import Chain, ChainStep, resolve_chain
from .cleaner import Change, Outcome, phase_of
from .config import Config, load_config
from .contract import outcome_problems
from .deadline import Deadline, DeadlineExceeded
from .document import DocumentView, Edit, Origin, Result, empty_metadata
from .errors import CleanerError, ConfigError
from .extractors import Extraction, Extractor, make_extractor
from .io.files import InputFile
from .io.readers import DEFAULT_MAX_BYTES, check_encoding, document_from_bytes, document_from_text, read_document
from .offsets import OffsetMap, StepMap, apply_changes
from .plugins import Registry, disabled_plugins, load_registry

ErrorPolicy = Literal["skip", "quarantine", "raise"]
ERROR_POLICIES: tuple[str, ...] = ("skip", "quarantine", "raise")
#: Set to 1 to print every cleaner step (name, changes, time) on standard error.
TRACE_ENV = "CLEANKIT_TRACE"
FLAG_OVER_REMOVAL = "over_removal"
FLAG_QUARANTINE = "quarantine"
#: The chain still changed the text in its last round: cleaning the output again may change it.
FLAG_UNSETTLED = "unsettled"


class Pipeline:
    """A resolved chain, built once and applied to many documents."""

    def __init__(
        self,
        chain: Chain,
        *,
        registry: Registry | None = None,
        max_removal: float = 0.8,
        on_error: ErrorPolicy = "skip",
        config: Config | None = None,
        time_limit: float | None = None,
        extractor: Extractor | None = None,
    ) -> None:
        if on_error not in ERROR_POLICIES:
            raise ConfigError(f"on_error must be one of {', '.join(ERROR_POLICIES)}, not {on_error!r}")
        if isinstance(max_removal, bool) or not isinstance(max_removal, (int, float)) or not 0 < max_removal <= 1:
            raise ConfigError(f"max_removal must be a share in (0, 1], not {max_removal!r}")
        if time_limit is not None and (isinstance(time_limit, bool) or not isinstance(time_limit, (int, float))
                                       or not time_limit > 0 or time_limit != time_limit):
            raise ConfigError(f"time_limit must be a positive number of seconds or None, not {time_limit!r}")
        if time_limit == float("inf"):
            time_limit = None  # no limit
        self.chain = chain
        self.registry = registry
        self.max_removal = max_removal
        self.on_error = on_error
        self.config = config
        self.time_limit = time_limit
        self.extractor = extractor  # the HTML extractor; None: the default one, made when first needed
        self._described = chain.describe()
        self._phases = _Phases(chain)
        self._trace = os.environ.get(TRACE_ENV, "") not in ("", "0")

    @classmethod
    def build(
        cls,
        cleaners: list[str] | None = None,
        *,
        config: Config | str | Path | None = None,
        entry_points: bool = True,
        plugins: Iterable[Any] = (),
        enable: Iterable[str] = (),
        disable: Iterable[str] = (),
        options: dict[str, dict[str, Any]] | None = None,
        disable_plugins: Iterable[str] = (),
        max_removal: float | None = None,
        on_error: ErrorPolicy = "skip",
        time_limit: float | None = None,
        extractor: str | None = None,
        extractor_options: dict[str, Any] | None = None,
    ) -> "Pipeline":
        """Load plugins and resolve a chain: ``cleaners`` names it, else config, else defaults.

        ``config`` is a :class:`Config`, a path to a config file, or None for no config
        file (the library does not read the current folder; the command line does).
        ``extractor`` names the HTML extractor (default: config, else ``fast``).
        """
        if not isinstance(config, Config):
            config = load_config(config, search=False) if config is not None else Config()
        if isinstance(cleaners, str):
            raise ConfigError(f"cleaners is a list of names, not the string {cleaners!r} (one cleaner: [{cleaners!r}])")
        skip = set(config.disable_plugins) | set(disable_plugins)
        registry = load_registry(
            entry_points=entry_points, plugins=plugins, disabled=skip | disabled_plugins()
        )
        chain = resolve_chain(
            registry, config, names=cleaners, enable=enable, disable=disable, options=options
        )
        name = extractor or config.extractor
        html_extractor = make_extractor(
            registry, name,
            extractor_options if extractor_options is not None else config.extractor_options.get(name or "", {}),
        )
        return cls(
            chain,
            registry=registry,
            max_removal=max_removal if max_removal is not None else config.max_removal,
            on_error=on_error,
            config=config,
            time_limit=time_limit,
            extractor=html_extractor,
        )

    def extractor_spec(self) -> tuple[tuple[str, Any], ...]:
        """The HTML extractor as picklable data for workers (``JobSpec.extractor``)."""
        if self.extractor is None:
            return ()
        options = tuple(sorted(self.extractor.options.items()))
        return (("name", self.extractor.name), ("options", options))

    def html_extractor(self) -> Extractor:
        """This pipeline's HTML extractor (see :mod:`cleankit.extractors`)."""
        if self.extractor is None:
            self.extractor = make_extractor(self.registry)
        return self.extractor

    def extract_html(self, html: str, url: str | None = None) -> Extraction:
        """Run this pipeline's HTML extractor on ``html``."""
        return self.html_extractor().extract(html, url)

    # -- entry points for documents -------------------------------------------------

    def clean(
        self,
        data: str | bytes,
        *,
        path: str | None = None,
        url: str | None = None,
        id: str | None = None,
        html: bool | None = None,
        metadata: dict[str, Any] | None = None,
        encoding: str | None = None,
    ) -> Result:
        """Clean one document given as text or bytes: the reader makes it a document, :meth:`run` cleans it.

        Bytes are decoded (byte-order mark, ``encoding`` when given, the page's declared
        charset, UTF-8, else detection). ``html`` forces or forbids the HTML reader; by
        default it is chosen from the path or the content.
        """
        if isinstance(data, bytes):
            try:
                check_encoding(encoding)
            except LookupError as exc:
                raise ConfigError(f"encoding: {exc}") from exc
            doc = document_from_bytes(data, path=path, url=url, id=id, html=html, metadata=metadata,
                                      encoding=encoding, time_limit=self.time_limit, extractor=self.html_extractor())
        elif isinstance(data, str):
            doc = document_from_text(data, path=path, url=url, id=id, html=html, metadata=metadata,
                                     time_limit=self.time_limit, extractor=self.html_extractor())
        else:
            raise ConfigError(f"a document is text (str) or bytes, not {type(data).__name__}")
        return self.run(doc.text, doc.origin, doc.metadata, doc.hints, reader_metadata=doc.reader_metadata)

    def clean_file(self, path: str | Path, *, url: str | None = None, html: bool | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> Result:
        """Read, decode and clean the file at ``path`` (never modifies it); :class:`InputError` if it cannot be read."""
        doc = read_document(InputFile(str(path), Path(path), Path(Path(path).name)), url=url, html=html,
                            max_bytes=max_bytes, time_limit=self.time_limit, extractor=self.html_extractor())
        return self.run(doc.text, doc.origin, doc.metadata, doc.hints, reader_metadata=doc.reader_metadata)

    def run(
        self, text: str, origin: Origin, metadata: dict[str, Any] | None = None,
        hints: dict[str, Any] | None = None, *, reader_metadata: dict[str, Any] | None = None,
    ) -> Result:
        """Run the chain over already-decoded ``text``; the core every other entry uses.

        ``metadata`` is what the caller knows (it always wins); ``reader_metadata`` what a
        reader took from the markup or the bytes (evidence the text may correct, see
        :data:`READER_EVIDENCE`); ``hints`` what a reader learned about ``text`` (see
        :class:`DocumentView`).
        """
        deadline = Deadline(self.time_limit)
        deadline.arm()
        try:
            return _DocumentRun(self, text, origin, metadata, reader_metadata, hints or {}, deadline).run()
        finally:
            deadline.disarm()

    def clean_many(self, items: Iterable[str | bytes]) -> Iterator[Result]:
        """Clean each text or bytes in ``items``, lazily, in order."""
        for item in items:
            yield self.clean(item)


class _DocumentRun:
    """One document through the phases: rewrite, extract, remove, finish; then again until stable.

    A second clean of the output must change nothing. The runner gets that by construction:
    when a round changed the text, the next round runs the chain again on the new text as a
    fresh run would (the caller's metadata only, no reader hints), and the rounds stop when
    one changes nothing. Cleaners that declare ``local`` (their decision on a line depends
    on that line alone) are not asked again about lines they already kept.
    """

    def __init__(
        self, pipeline: Pipeline, text: str, origin: Origin, caller: dict[str, Any] | None,
        reader: dict[str, Any] | None, hints: dict[str, Any], deadline: Deadline,
    ) -> None:
        self.pipeline = pipeline
        self.origin = origin
        self.hints = hints
        self.deadline = deadline
        self.original = text
        self.text = text
        self.edits: list[Edit] = []
        self.errors: list[dict[str, str]] = []
        self.flags: list[str] = []
        self.offsets = OffsetMap()
        self.meta = empty_metadata()
        self.sources: dict[str, str] = {}
        self.caller = {k: v for k, v in (caller or {}).items() if v not in (None, "", [])}
        self.reader = {k: v for k, v in (reader or {}).items() if v not in (None, "", [])}
        for key, value in self.reader.items():
            self.meta[key] = value
            self.sources[key] = "reader"
        for key, value in self.caller.items():
            self.meta[key] = value
            self.sources[key] = "caller"
        self.trace = pipeline._trace
        self.shown_sources: dict[str, str] = self.sources  # where the values shown to cleaners came from

    def run(self) -> Result:
        phases = self.pipeline._phases
        self._round(phases, self.meta, self.hints, first=True)
        rounds = 1
        # The first round saw what the reader knew (markup metadata, DOM hints), which a fresh
        # run of the text output will not: one round as that run, even when nothing changed.
        fresh_pending = bool(self.hints) or any(k not in _NOT_SHOWN_AGAIN for k in self.reader)
        while (self._changed or fresh_pending) and rounds < MAX_ROUNDS:
            fresh_pending = False
            # what a fresh run of the current text would be shown: the caller's metadata only
            shown = empty_metadata()
            shown.update(self.caller)
            self.shown_sources = dict.fromkeys(self.caller, "caller")
            self._round(phases, shown, {}, first=False)
            rounds += 1
        if self._changed:
            self.flags.append(FLAG_UNSETTLED)
        result = Result(
            self.text, self.meta, self.edits, self.origin, self.original, self.pipeline._described,
            self.flags, self.errors, self.sources,
        )
        if self.original.strip() and result.removed_share > self.pipeline.max_removal:
            result.flags.append(FLAG_OVER_REMOVAL)
        return result

    # -- one round of the phases --------------------------------------------------------

    def _round(self, phases: "_Phases", shown: dict[str, Any], hints: dict[str, Any], *, first: bool) -> None:
        start_text = self.text
        for step in phases.rewrite:
            if first or not step.cleaner_local:
                self._sequential(step, shown, hints, first)
        analysis = Analysis(self.text)
        for step in phases.extract:
            self._extract(step, shown, hints, analysis, first)
        if phases.remove:
            self._remove(phases.remove, shown, hints, analysis, first)
        for step in phases.finish:
            self._sequential(step, shown, hints, first)
        self._changed = self.text != start_text

    def _sequential(self, step: "_Step", shown: dict[str, Any], hints: dict[str, Any], first: bool) -> None:
        """A rewrite or finish step: its changes are applied before the next step runs."""
        text = self.text
        outcome = self._call(step, DocumentView.of(text, shown, self.origin, hints, sources=self.shown_sources))
        if outcome is None:
            return
        if outcome.changes:
            self._record(step, text, outcome.changes)
            self.text = apply_changes(text, outcome.changes)
            self.offsets.push(outcome.changes)
        self._merge(step, outcome.metadata, shown, first)

    def _extract(
        self, step: "_Step", shown: dict[str, Any], hints: dict[str, Any], analysis: Analysis, first: bool
    ) -> None:
        outcome = self._call(step, DocumentView.of(self.text, shown, self.origin, hints, analysis, sources=self.shown_sources))
        if outcome is not None:
            self._merge(step, outcome.metadata, shown, first)

    def _remove(
        self, steps: tuple["_Step", ...], shown: dict[str, Any], hints: dict[str, Any], analysis: Analysis,
        first: bool,
    ) -> None:
        """Every remover sees the same text; the text is rebuilt once from all their marks."""
        text = self.text
        marks: list[Change] = []
        spans: list[tuple[int, int]] = []
        for step in steps:
            if not first and step.cleaner_local:
                continue
            if step.kept_view and marks:
                kept = _KeptView(text, sorted(marks, key=lambda c: (c.start, c.end)))
                view = DocumentView.of(kept.text, shown, self.origin, hints, sources=self.shown_sources)
            else:
                kept = None
                view = DocumentView.of(text, shown, self.origin, hints, analysis, tuple(spans), self.shown_sources)
            outcome = self._call(step, view)
            if outcome is None:
                continue
            if outcome.changes:
                changes = kept.to_shared(outcome.changes) if kept is not None else outcome.changes
                accepted = _unmarked(changes, spans) if spans else changes
                if accepted:
                    self._record(step, text, accepted)
                    marks.extend(accepted)
                    spans = sorted(spans + [(c.start, c.end) for c in accepted])
            self._merge(step, outcome.metadata, shown, first)
        if marks:
            marks.sort(key=lambda c: (c.start, c.end))
            self.text = apply_changes(text, marks)
            self.offsets.push(marks)

    # -- calling a cleaner and keeping its outcome --------------------------------------

    def _call(self, step: "_Step", view: DocumentView) -> Outcome | None:
        """Ask ``applies`` then ``clean``; None when it does not apply or failed (recorded)."""
        started = time.perf_counter() if self.trace else 0.0
        plugin = step.plugin
        deadline = self.deadline
        try:
            deadline.enter()
            try:
                needs = step.needs
                if needs and not any(n in view.text for n in needs):
                    outcome = None
                else:
                    outcome = step.cleaner.clean(view) if step.cleaner.applies(view) else None
            finally:
                deadline.leave()
            if outcome is None:
                return None
            problems = outcome_problems(step.cleaner, outcome, len(view.text), step.phase, first_only=True)
            if problems:
                raise CleanerError(step.name, plugin, self.origin.label(), problems[0])
        except CleanerError as exc:
            self._fail(exc)
            return None
        except DeadlineExceeded as exc:
            self._fail(CleanerError(
                step.name, plugin, self.origin.label(),
                f"exceeded the time limit of {self.pipeline.time_limit:g} s",
            ), exc)
            return None
        except Exception as exc:
            self._fail(CleanerError(step.name, plugin, self.origin.label(), f"raised {type(exc).__name__}: {exc}"), exc)
            return None
        changes = outcome.changes
        if changes and not _is_sorted(changes):
            outcome.changes = sorted(changes, key=lambda c: (c.start, c.end))
        if self.trace:
            took = (time.perf_counter() - started) * 1000
            print(
                f"[cleankit] {self.origin.label()}: {step.name} ({step.phase}): {len(outcome.changes)} change(s), "
                f"{len(outcome.metadata)} metadata key(s), {took:.2f} ms",
                file=sys.stderr,
            )
        return outcome

    def _fail(self, error: CleanerError, cause: BaseException | None = None) -> None:
        if self.pipeline.on_error == "raise":
            if cause is not None:
                raise error from cause
            raise error
        record = {"cleaner": error.cleaner, "plugin": error.plugin, "reason": error.reason}
        if record not in self.errors:
            self.errors.append(record)
        if self.pipeline.on_error == "quarantine" and FLAG_QUARANTINE not in self.flags:
            self.flags.append(FLAG_QUARANTINE)

    def _record(self, step: "_Step", text: str, changes: list[Change]) -> None:
        to_original = self.offsets.to_original
        name = step.name
        for ch in changes:
            start, end = to_original(ch.start, ch.end)
            self.edits.append(Edit(name, ch.reason, start, end, text[ch.start : ch.end], ch.replacement))

    def _merge(self, step: "_Step", found: dict[str, Any], shown: dict[str, Any], first: bool) -> None:
        """Merge what a cleaner found, by the rules of :data:`READER_EVIDENCE` (see README)."""
        if not found:
            return
        meta, sources = self.meta, self.sources
        for key, value in found.items():
            if value in (None, "", []):
                continue
            if shown is not meta and shown.get(key) in (None, "", []):
                shown[key] = value  # later cleaners of this round see it
                self.shown_sources[key] = step.name
            source = sources.get(key)
            if source is None or meta.get(key) in (None, "", []):
                meta[key] = value
                sources[key] = step.name
            elif source == "caller" or not first or meta[key] == value or source == step.name:
                continue  # the caller's value stands; later rounds only fill gaps
            elif source == "reader":
                if key in READER_EVIDENCE:
                    meta[key] = value
                    sources[key] = step.name
            else:
                self._fail(CleanerError(
                    step.name, step.plugin, self.origin.label(),
                    f"tried to overwrite metadata.{key} ({meta[key]!r}, set by {source}) with {value!r}",
                ))


#: Metadata a reader takes from markup that the text may correct: the language the text is
#: written in wins over a declared ``<html lang>``, and the article's own date over a date
#: found in the page's header. Other reader values stand; cleaners fill only the gaps.
READER_EVIDENCE: frozenset[str] = frozenset({"language", "published"})
#: Reader metadata no cleaner decides by (the bytes' encoding): a first round that saw only these
#: saw what a fresh run of its text output sees.
_NOT_SHOWN_AGAIN = frozenset({"encoding", "encoding_notes"})
#: Rounds of the whole chain at most (a second round runs only when the first changed the text).
MAX_ROUNDS = 4


class _Step:
    """A chain step with what the runner asks of it often, looked up once."""

    __slots__ = ("name", "cleaner", "plugin", "phase", "cleaner_local", "kept_view", "needs")

    def __init__(self, step: ChainStep) -> None:
        self.name = step.name
        self.cleaner = step.cleaner
        self.plugin = step.registration.plugin.distribution
        self.phase = phase_of(step.cleaner)
        self.cleaner_local = bool(getattr(step.cleaner, "local", False))
        self.kept_view = getattr(step.cleaner, "view", "shared") == "kept"
        self.needs: tuple[str, ...] = tuple(getattr(step.cleaner, "needs", ()))


class _KeptView:
    """The remove phase's text without what earlier removers marked, and the way back."""

    __slots__ = ("text", "_map", "_marks")

    def __init__(self, shared: str, marks: list[Change]) -> None:
        self.text = apply_changes(shared, marks)
        self._map = StepMap(marks)
        self._marks = [(c.start, c.end) for c in marks]

    def to_shared(self, changes: list[Change]) -> list[Change]:
        """``changes`` of the kept text as changes of the shared text, split around marked spans."""
        out: list[Change] = []
        to_before = self._map.to_before
        marks = self._marks
        starts = [s for s, _ in marks]
        for ch in changes:
            start = to_before(ch.start, is_end=False)
            end = max(start, to_before(ch.end, is_end=True))
            if start == end:
                if ch.replacement:
                    out.append(Change(start, end, ch.reason, ch.replacement))
                continue
            pieces = _outside(start, end, marks, starts)
            for k, (s, e) in enumerate(pieces):
                out.append(Change(s, e, ch.reason, ch.replacement if k == len(pieces) - 1 else ""))
        return out


class _Phases:
    """The chain's steps grouped by phase, each group in chain order."""

    __slots__ = ("rewrite", "extract", "remove", "finish")

    def __init__(self, chain: Chain) -> None:
        steps = [_Step(s) for s in chain.steps]
        self.rewrite = tuple(s for s in steps if s.phase == "rewrite")
        self.extract = tuple(s for s in steps if s.phase == "extract")
        self.remove = tuple(s for s in steps if s.phase == "remove")
        self.finish = tuple(s for s in steps if s.phase == "finish")


def _outside(start: int, end: int, spans: list[tuple[int, int]], starts: list[int]) -> list[tuple[int, int]]:
    """The parts of ``[start, end)`` that no span of ``spans`` (sorted, disjoint) covers."""
    pieces: list[tuple[int, int]] = []
    pos = start
    for s, e in spans[max(0, bisect_right(starts, start) - 1) :]:
        if s >= end:
            break
        if e <= pos:
            continue
        if s > pos:
            pieces.append((pos, s))
        pos = max(pos, e)
    if pos < end:
        pieces.append((pos, end))
    return pieces


def _unmarked(changes: list[Change], spans: list[tuple[int, int]]) -> list[Change]:
    """``changes`` without what earlier removers marked (sorted spans): overlaps go to the earlier cleaner.

    A removal keeps the parts no earlier span covers (one change per part); a rewrite, which
    cannot be split, is dropped when it touches a marked span.
    """
    starts = [s for s, _ in spans]
    out: list[Change] = []
    for ch in changes:
        if ch.start == ch.end:  # an insertion: refused inside or at a marked span
            i = bisect_right(starts, ch.start) - 1
            if not any(s <= ch.start <= e for s, e in spans[max(0, i) : i + 2]):
                out.append(ch)
            continue
        pieces = _outside(ch.start, ch.end, spans, starts)
        if ch.replacement:
            if pieces == [(ch.start, ch.end)]:
                out.append(ch)
            continue
        if pieces == [(ch.start, ch.end)]:
            out.append(ch)
        else:
            out.extend(Change(a, b, ch.reason) for a, b in pieces)
    return out


def _is_sorted(changes: list[Change]) -> bool:
    return all(a.start <= b.start for a, b in zip(changes, changes[1:]))


def clean(
    data: str | bytes,
    *,
    cleaners: list[str] | None = None,
    config: Config | str | Path | None = None,
    path: str | None = None,
    url: str | None = None,
    html: bool | None = None,
    plugins: Iterable[Any] = (),
    entry_points: bool = True,
) -> Result:
    """Clean one document with a chain built for this call (build a :class:`Pipeline` for many)."""
    pipeline = Pipeline.build(cleaners, config=config, plugins=plugins, entry_points=entry_points)
    return pipeline.clean(data, path=path, url=url, html=html)


def clean_file(path: str | Path, **kwargs: Any) -> Result:
    """Read and clean one file with a chain built for this call."""
    url = kwargs.pop("url", None)
    html = kwargs.pop("html", None)
    return Pipeline.build(**kwargs).clean_file(path, url=url, html=html)
