"""Run a chain over documents: the :class:`Pipeline` and the per-cleaner error policy."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal

from .chain import Chain, ChainStep, resolve_chain
from .cleaner import Change, Outcome
from .config import Config, load_config
from .deadline import Deadline, DeadlineExceeded
from .document import DocumentView, Edit, Origin, Result, empty_metadata
from .errors import CleanerError, ConfigError, InputError
from .io.decode import decode_bytes
from .io.compressed import gunzip, inner_path, is_gzip
from .io.html import bytes_look_like_html, declared_charset, looks_like_html
from .offsets import OffsetMap, apply_changes
from .plugins import Registry, load_registry

ErrorPolicy = Literal["skip", "quarantine", "raise"]
ERROR_POLICIES: tuple[str, ...] = ("skip", "quarantine", "raise")
#: Set to 1 to print every cleaner step (name, changes, time) on standard error.
TRACE_ENV = "CLEANKIT_TRACE"
FLAG_OVER_REMOVAL = "over_removal"
FLAG_QUARANTINE = "quarantine"
#: At most this many extra passes of the settling cleaners (see ``Cleaner.settle``).
SETTLE_ROUNDS = 3


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
        extractor: Any = None,
    ) -> None:
        if on_error not in ERROR_POLICIES:
            raise ConfigError(f"on_error must be one of {', '.join(ERROR_POLICIES)}, not {on_error!r}")
        self.chain = chain
        self.registry = registry
        self.max_removal = max_removal
        self.on_error = on_error
        self.config = config
        self.time_limit = time_limit
        self.extractor = extractor  # the HTML extractor; None: the default one, made when first needed
        self._described = chain.describe()
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
        """
        if not isinstance(config, Config):
            config = load_config(config, search=False) if config is not None else Config()
        skip = set(config.disable_plugins) | set(disable_plugins)
        from .plugins import disabled_plugins

        registry = load_registry(
            entry_points=entry_points, plugins=plugins, disabled=skip | disabled_plugins()
        )
        chain = resolve_chain(
            registry, config, names=cleaners, enable=enable, disable=disable, options=options
        )
        from .extractors import make_extractor

        name = extractor or config.extractor
        html_extractor = make_extractor(
            registry, name, extractor_options if extractor_options is not None else config.extractor_options.get(name or "", {})
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

    def extract_html(self, html: str, url: str | None = None) -> Any:
        """Run this pipeline's HTML extractor (see :mod:`cleankit.extractors`) on ``html``."""
        if self.extractor is None:
            from .extractors import make_extractor

            self.extractor = make_extractor(self.registry)
        return self.extractor.extract(html, url)

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
        """Clean one document given as text or bytes.

        Bytes are decoded (byte-order mark, UTF-8, else detection). ``html`` forces or
        forbids the HTML reader; by default it is chosen from the path or the content.
        """
        meta = empty_metadata()
        if isinstance(data, bytes):
            source = path or url or id or "<bytes>"
            if is_gzip(data):  # page.html.gz: read what is packed inside
                data, path = gunzip(data, source), inner_path(path)
            if encoding is None and html is not False and bytes_look_like_html(data, path):
                encoding = declared_charset(data)
            try:
                decoded = decode_bytes(data, source=source, encoding=encoding)
            except InputError:
                if encoding is None:
                    raise
                decoded = decode_bytes(data, source=source)  # the page's declaration was wrong
            text = decoded.text
            meta["encoding"] = decoded.encoding
            if decoded.best_effort:
                # the bytes were not one encoding read cleanly: say so in the record
                meta["encoding_notes"] = list(decoded.notes)
        else:
            text = data.replace("\r\n", "\n").replace("\r", "\n") if "\r" in data else data
        is_html = looks_like_html(text, path) if html is None else html
        hints: dict[str, Any] = {}
        if is_html:
            page = self.extract_html(text, url)
            text = page.text
            hints.update(page.hints())
            url = url or page.metadata.pop("url", None)
            for k, v in page.metadata.items():
                if v and not meta.get(k):
                    meta[k] = v
        if metadata:
            meta.update({k: v for k, v in metadata.items() if v is not None})
        return self.run(text, Origin(path=path, url=url, id=id), meta, hints)

    def clean_file(self, path: str | Path, *, url: str | None = None, html: bool | None = None) -> Result:
        """Read, decode and clean the file at ``path`` (never modifies it)."""
        p = Path(path)
        data = p.read_bytes()
        return self.clean(data, path=str(path), url=url, html=html)

    def run(
        self, text: str, origin: Origin, metadata: dict[str, Any] | None = None,
        hints: dict[str, Any] | None = None,
    ) -> Result:
        """Run the chain over already-decoded ``text``; the core every other entry uses.

        ``hints`` are what a reader learned about ``text`` (see :class:`DocumentView`).
        """
        original = text
        meta = metadata if metadata is not None else empty_metadata()
        edits: list[Edit] = []
        errors: list[dict[str, str]] = []
        flags: list[str] = []
        offsets = OffsetMap()
        deadline = Deadline(self.time_limit)
        deadline.arm()
        try:
            return self._run_steps(text, original, meta, origin, hints or {}, edits, errors, flags, offsets, deadline)
        finally:
            deadline.disarm()

    def _run_steps(
        self, text: str, original: str, meta: dict[str, Any], origin: Origin, hints: dict[str, Any], edits: list[Edit],
        errors: list[dict[str, str]], flags: list[str], offsets: OffsetMap, deadline: Deadline,
    ) -> Result:
        state = _State(text, meta, edits, errors, flags, offsets)
        given = dict(meta)  # what the reader and the caller knew before any cleaner ran
        settling = False
        changed_after_settler = False
        # the input each settling cleaner last saw and found nothing to change in: cleaners
        # are pure functions of their input, so seeing it again would change nothing again
        seen: dict[int, tuple[str, dict[str, Any], dict[str, Any]]] = {}
        for i, step in enumerate(self.chain.steps):
            if step.cleaner.settle:
                shown = dict(state.meta)
                before, errors_before = state.text, len(state.errors)
                if not self._apply_step(step, state, origin, hints, deadline) and len(state.errors) == errors_before:
                    seen[i] = (before, shown, state.found)
                settling = True
            elif self._apply_step(step, state, origin, hints, deadline) and settling:
                changed_after_settler = True
        # Cleaners that read their context (title, byline) run again on the final text until
        # it stops changing, so cleaning the output again finds nothing left for them to do.
        # They see the metadata a fresh run would see; what they find only fills gaps.
        rounds = 0
        while changed_after_settler and rounds < SETTLE_ROUNDS:
            changed_after_settler = False
            for i, step in enumerate(self.chain.steps):
                if not step.cleaner.settle:
                    continue
                last = seen.get(i)
                if last is not None and last[1] == given and (last[0] is state.text or last[0] == state.text):
                    # same text and metadata as a run that changed nothing: it would find the
                    # same metadata again, which only fills gaps here
                    _fill_gaps(state.meta, last[2])
                    continue
                before, errors_before = state.text, len(state.errors)
                if self._apply_step(step, state, origin, hints, deadline, given):
                    changed_after_settler = True
                    seen.pop(i, None)
                elif len(state.errors) == errors_before:
                    seen[i] = (before, given, state.found)
            rounds += 1
        result = Result(state.text, meta, edits, origin, original, self._described, flags, errors)
        if original.strip() and result.removed_share > self.max_removal:
            result.flags.append(FLAG_OVER_REMOVAL)
        return result

    def _apply_step(
        self, step: ChainStep, state: "_State", origin: Origin, hints: dict[str, Any], deadline: Deadline,
        shown_metadata: dict[str, Any] | None = None,
    ) -> bool:
        """Run one cleaner and apply its outcome to ``state``; True when the text changed.

        With ``shown_metadata`` the cleaner sees that metadata instead of the current one,
        and what it returns only fills keys that are still empty.
        """
        started = time.perf_counter() if self._trace else 0.0
        text = state.text
        try:
            shown = state.meta if shown_metadata is None else shown_metadata
            outcome = self._run_step(step, text, shown, origin, hints, deadline, state.memo)
        except CleanerError as exc:
            if self.on_error == "raise":
                raise
            state.errors.append({"cleaner": exc.cleaner, "plugin": exc.plugin, "reason": exc.reason})
            if self.on_error == "quarantine" and FLAG_QUARANTINE not in state.flags:
                state.flags.append(FLAG_QUARANTINE)
            state.found = {}
            return False
        changes = outcome.changes
        if changes:
            to_original = state.offsets.to_original
            for ch in changes:
                start, end = to_original(ch.start, ch.end)
                state.edits.append(Edit(step.name, ch.reason, start, end, text[ch.start : ch.end], ch.replacement))
            state.text = apply_changes(text, changes)
            state.offsets.push(changes)
        state.found = outcome.metadata
        if outcome.metadata:
            if shown_metadata is None:
                state.meta.update(outcome.metadata)
            else:
                _fill_gaps(state.meta, outcome.metadata)
        if self._trace:
            took = (time.perf_counter() - started) * 1000
            print(
                f"[cleankit] {origin.label()}: {step.name}: {len(changes)} change(s), "
                f"{len(outcome.metadata)} metadata key(s), {took:.2f} ms",
                file=sys.stderr,
            )
        return bool(changes)

    def _run_step(
        self, step: ChainStep, text: str, meta: dict[str, Any], origin: Origin, hints: dict[str, Any],
        deadline: Deadline, memo: dict[Any, Any] | None = None,
    ) -> Outcome:
        plugin = step.registration.plugin.distribution
        view = DocumentView.of(text, meta, origin, hints, memo)
        try:
            deadline.enter()
            try:
                outcome = step.cleaner.clean(view)
            finally:
                deadline.leave()
        except DeadlineExceeded as exc:
            raise CleanerError(
                step.name, plugin, origin.label(), f"exceeded the time limit of {self.time_limit:g} s"
            ) from exc
        except Exception as exc:
            raise CleanerError(step.name, plugin, origin.label(), f"raised {type(exc).__name__}: {exc}") from exc
        problem = _validate_outcome(outcome, step, len(text))
        if problem:
            raise CleanerError(step.name, plugin, origin.label(), problem)
        if outcome.changes and not _is_sorted(outcome.changes):
            outcome.changes.sort(key=lambda c: (c.start, c.end))
        return outcome

    def clean_many(self, items: Iterable[str | bytes]) -> Iterator[Result]:
        """Clean each text or bytes in ``items``, lazily, in order."""
        for item in items:
            yield self.clean(item)


class _State:
    """The document as the chain goes: current text, metadata and records so far."""

    __slots__ = ("text", "meta", "edits", "errors", "flags", "offsets", "found", "memo")

    def __init__(
        self, text: str, meta: dict[str, Any], edits: list[Edit], errors: list[dict[str, str]],
        flags: list[str], offsets: OffsetMap,
    ) -> None:
        self.text = text
        self.meta = meta
        self.edits = edits
        self.errors = errors
        self.flags = flags
        self.offsets = offsets
        self.found: dict[str, Any] = {}  # the metadata the last cleaner returned
        self.memo: dict[Any, Any] = {}  # shared analyses of this document (DocumentView.memo)


def _fill_gaps(meta: dict[str, Any], found: dict[str, Any]) -> None:
    """Set the keys of ``found`` that ``meta`` has no value for."""
    for key, value in found.items():
        if meta.get(key) in (None, "", []):
            meta[key] = value


def _is_sorted(changes: list[Change]) -> bool:
    return all(a.start <= b.start for a, b in zip(changes, changes[1:]))


def _validate_outcome(outcome: Any, step: ChainStep, length: int) -> str | None:
    if not isinstance(outcome, Outcome):
        return f"returned {type(outcome).__name__}, expected Outcome"
    if not isinstance(outcome.metadata, dict):
        return f"returned metadata of type {type(outcome.metadata).__name__}, expected dict"
    declared = step.cleaner.reasons
    in_order = True
    prev_start = prev_end = -1
    for ch in outcome.changes:
        if type(ch) is not Change and not isinstance(ch, Change):
            return f"returned a change of type {type(ch).__name__}, expected Change"
        start, end = ch.start, ch.end
        if not (type(start) is int or isinstance(start, int)) or not (type(end) is int or isinstance(end, int)) or not (
            0 <= start <= end <= length
        ):
            return f"returned an impossible position ({start}, {end}) for a text of {length} characters"
        if ch.reason not in declared:
            return f"used undeclared reason code {ch.reason!r}"
        if type(ch.replacement) is not str and not isinstance(ch.replacement, str):
            return "returned a replacement that is not a string"
        if in_order:
            # the usual case: changes come sorted, so each needs comparing with the one before
            if start < prev_start or (start == prev_start and end < prev_end):
                in_order = False
            elif start < prev_end or (start == prev_start and prev_end == prev_start and end == start):
                return f"returned overlapping changes at ({prev_start}, {prev_end}) and ({start}, {end})"
            prev_start, prev_end = start, end
    if in_order:
        return None
    spans = sorted((ch.start, ch.end) for ch in outcome.changes)
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        if s2 < e1 or (s2 == s1 and e1 == s1 and e2 == s2):
            return f"returned overlapping changes at ({s1}, {e1}) and ({s2}, {e2})"
    return None


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
