"""Regression tests for the run-time bugs `mypy --strict` found."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleankit.errors import InputError
from cleankit.extractors import FastExtractor
from cleankit.learn import read_pages


def test_read_pages_without_on_error_raises_input_error_naming_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(InputError) as info:
        read_pages([missing])
    assert info.value.source == str(missing)
    assert info.value.reason == "no such file or folder"
    assert str(info.value) == f"{missing}: no such file or folder"


def test_read_pages_reports_the_same_message_through_on_error(tmp_path: Path) -> None:
    bad = tmp_path / "pages.jsonl"
    bad.write_text('{"url": "https://x.example/"}\n[1]\n', encoding="utf-8")
    messages: list[str] = []
    assert read_pages([bad], messages.append) == []
    assert messages == [
        f"{bad}:1: no text field (text, content, raw_content, html)",
        f"{bad}:2: not a JSON object",
    ]


def test_json_ld_author_with_a_non_string_id_is_skipped_not_a_crash() -> None:
    graph = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "A headline",
        "author": [{"@id": ["https://x.example/#a"]}, {"@id": {"x": 1}}, {"@type": "Person", "name": "Anna Muster"}],
    }
    html = (
        "<html><head><script type='application/ld+json'>" + json.dumps(graph) + "</script></head>"
        "<body><article><h1>A headline</h1><p>" + "Some article text here. " * 20 + "</p></article></body></html>"
    )
    extraction = FastExtractor().extract(html)
    assert extraction.metadata.get("authors") == ["Anna Muster"]
