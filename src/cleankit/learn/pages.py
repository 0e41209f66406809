"""Read the pages of one site: text dumps or HTML, in files, folders or JSONL records."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import InputError
from ..io.decode import decode_bytes
from ..io.html import HTML_SUFFIXES, looks_like_html, read_html

#: File suffixes read from folders (others are skipped silently there; named files are always read).
PAGE_SUFFIXES = frozenset({".txt", ".text", ".jsonl", ".ndjson", *HTML_SUFFIXES})
RECORD_SUFFIXES = frozenset({".jsonl", ".ndjson"})
#: Record fields tried for the page text, then the HTML.
TEXT_FIELDS = ("text", "content", "raw_content")
HTML_FIELDS = ("html",)


@dataclass(frozen=True)
class Page:
    """One page: where it came from, its text (HTML already turned into text) and its URL if known."""

    source: str
    text: str
    url: str | None = None

#: Reports an input that cannot be used: (source, reason).
_Report = Callable[[str, str], None]


def _page_text(raw: str, source: str, is_html: bool | None = None) -> tuple[str, str | None]:
    if is_html is None:
        is_html = looks_like_html(raw, source)
    if not is_html:
        return raw.replace("\r\n", "\n").replace("\r", "\n"), None
    page = read_html(raw)
    return page.text, page.metadata.get("url")


def _records(path: Path, on_error: _Report) -> Iterator[Page]:
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            where = f"{path}:{n}"
            try:
                rec = json.loads(raw)
            except ValueError as exc:
                on_error(where, f"not a JSON object: {exc}")
                continue
            if not isinstance(rec, dict):
                on_error(where, "not a JSON object")
                continue
            url = rec.get("url") if isinstance(rec.get("url"), str) else None
            text = next((rec[f] for f in TEXT_FIELDS if isinstance(rec.get(f), str)), None)
            html = next((rec[f] for f in HTML_FIELDS if isinstance(rec.get(f), str)), None)
            if text is not None:
                body, found_url = _page_text(text, where, None)
            elif html is not None:
                body, found_url = _page_text(html, where, True)
            else:
                on_error(where, f"no text field ({', '.join(TEXT_FIELDS + HTML_FIELDS)})")
                continue
            yield Page(where, body, url or found_url)


def _file(path: Path, on_error: _Report) -> Iterator[Page]:
    if path.suffix.lower() in RECORD_SUFFIXES:
        yield from _records(path, on_error)
        return
    try:
        data = path.read_bytes()
        text = decode_bytes(data, source=str(path)).text
    except OSError as exc:
        on_error(str(path), f"cannot read: {exc.strerror or exc}")
        return
    except InputError as exc:
        on_error(str(path), str(exc))
        return
    body, url = _page_text(text, str(path))
    yield Page(str(path), body, url)


def read_pages(inputs: Iterable[str | Path], on_error: Callable[[str], None] | None = None) -> list[Page]:
    """Every page in ``inputs`` (files, folders searched recursively, JSONL files), in a stable order.

    A file that cannot be read is reported through ``on_error`` (default: raise InputError) and skipped.
    """

    def fail(source: str, reason: str) -> None:
        if on_error is None:
            raise InputError(source, reason)
        on_error(f"{source}: {reason}")

    pages: list[Page] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES)
            if not files:
                fail(str(path), "no page files (.txt, .html, .jsonl) in this folder")
            for f in files:
                pages.extend(_file(f, fail))
        elif path.is_file():
            pages.extend(_file(path, fail))
        else:
            fail(str(path), "no such file or folder")
    return pages
