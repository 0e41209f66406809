"""The Python API: clean(), Pipeline, edits, metadata, error policy."""
from __future__ import annotations

from pathlib import Path

import pytest

import cleankit
import cleankit.cleaners as builtin
from cleankit import Change, Cleaner, CleanerError, Outcome, Pipeline
from tests.helpers import ToyPlugin

TEXT = "Intro line\nBREAKING NEWS\nThe colour of the sky.\nSHARE THIS\nEnd.\n"


def toy_pipeline(**kwargs):  # type: ignore[no-untyped-def]
    return Pipeline.build(entry_points=False, plugins=[builtin, ToyPlugin()], **kwargs)


def test_edits_point_into_the_original_text() -> None:
    pipe = toy_pipeline(enable=["americanize"])
    result = pipe.clean(TEXT)
    assert result.text == "Intro line\nThe color of the sky.\nEnd."
    for edit in result.edits:
        assert TEXT[edit.start : edit.end] == edit.removed
    reasons = {(e.cleaner, e.reason) for e in result.edits}
    assert ("drop_shouting", "shouting") in reasons and ("americanize", "spelling") in reasons
    spelling = [e for e in result.edits if e.reason == "spelling"][0]
    assert (spelling.removed, spelling.replacement) == ("colour", "color")
    assert [c["cleaner"] for c in result.chain] == pipe.chain.names


def test_result_has_standard_metadata_keys() -> None:
    result = toy_pipeline().clean("hello\n")
    for key in cleankit.METADATA_KEYS:
        assert key in result.metadata
    assert result.metadata["authors"] == []


def test_bytes_are_decoded_and_encoding_recorded() -> None:
    sentence = "Le ministère a déclaré mardi qu'il était déjà prêt à coopérer à l'élimination des mines.\n"
    result = toy_pipeline().clean(sentence.encode("cp1252"))
    assert result.text == sentence.strip()
    assert result.metadata["encoding"] in {"windows-1252", "iso-8859-1", "iso8859-15", "iso-8859-15"}
    assert toy_pipeline().clean("Café\r\n".encode("utf-8")).metadata["encoding"] == "utf-8"


def test_html_is_read_into_text_with_page_metadata() -> None:
    html = (
        "<html lang='fr'><head><title>Titre – Site</title>"
        "<meta property='og:url' content='https://example.org/a'>"
        "<script>var x = 1;</script></head><body><nav>Accueil</nav>"
        "<p>Premier paragraphe.</p><p>Second <b>paragraphe</b>.</p></body></html>"
    )
    result = toy_pipeline().clean(html)
    assert "Premier paragraphe.\nSecond paragraphe." in result.text
    assert "var x" not in result.text
    assert result.origin.url == "https://example.org/a"
    assert result.metadata["language"] == "fr"


def test_pipeline_reused_on_many_documents_and_clean_file(tmp_path: Path) -> None:
    pipe = toy_pipeline()
    f = tmp_path / "a.txt"
    f.write_bytes(b"One\nLOUD LINE\nTwo\n")
    assert pipe.clean_file(f).text == "One\nTwo"
    assert f.read_bytes() == b"One\nLOUD LINE\nTwo\n"  # never modified
    assert [r.text for r in pipe.clean_many(["A\nAAAA\n", "B"])] == ["A", "B"]


def test_module_level_clean_uses_installed_builtins() -> None:
    result = cleankit.clean("  hello  \n\n\n\nworld  ")
    assert result.text == "hello\n\nworld"
    assert {e.cleaner for e in result.edits} == {"layout"}


class Faulty(Cleaner):
    name = "faulty"
    order = 100
    reasons = {"x": "x"}
    defaults = {"mode": "raise"}

    def clean(self, doc):  # type: ignore[no-untyped-def]
        mode = self.options["mode"]
        if mode == "raise":
            raise ValueError("bad regex")
        if mode == "type":
            return "not an outcome"
        if mode == "position":
            return Outcome([Change(0, len(doc.text) + 10, "x")])
        return Outcome([Change(0, 1, "undeclared")])


class FaultyPlugin:
    __name__ = "faulty-plugin"

    @cleankit.hookimpl
    def register_cleaners(self, register):  # type: ignore[no-untyped-def]
        register(Faulty)


@pytest.mark.parametrize("mode,message", [
    ("raise", "raised ValueError: bad regex"),
    ("type", "returned str, expected Outcome"),
    ("position", "impossible position"),
    ("reason", "undeclared reason code 'undeclared'"),
])
def test_faulty_cleaner_is_named_and_policy_applies(mode: str, message: str) -> None:
    opts = {"faulty": {"mode": mode}}
    build = dict(entry_points=False, plugins=[builtin, FaultyPlugin()], options=opts)
    skip = Pipeline.build(**build).clean("Some text  \n")
    assert skip.text == "Some text" and skip.errors[0]["cleaner"] == "faulty"
    assert message in skip.errors[0]["reason"] and "quarantine" not in skip.flags
    quarantined = Pipeline.build(on_error="quarantine", **build).clean("Some text\n")
    assert "quarantine" in quarantined.flags
    with pytest.raises(CleanerError, match=rf"cleaner 'faulty' \(plugin .*\) failed on <text>: .*{message[:12]}"):
        Pipeline.build(on_error="raise", **build).clean("Some text\n")


def test_over_removal_is_flagged() -> None:
    pipe = toy_pipeline(max_removal=0.5)
    result = pipe.clean("ONE LOUD\nTWO LOUD\nTHREE LOUD\nok\n")
    assert "over_removal" in result.flags
    assert "over_removal" not in pipe.clean("fine text\nOKAY\n").flags


class Backtracking(Cleaner):
    """A plugin cleaner with a catastrophically backtracking regular expression."""

    name = "backtracking"
    order = 100
    reasons = {"x": "x"}

    def clean(self, doc):  # type: ignore[no-untyped-def]
        import re

        re.search(r"(a+)+$", doc.text)
        return Outcome()


class BacktrackingPlugin:
    __name__ = "slow-plugin"

    @cleankit.hookimpl
    def register_cleaners(self, register):  # type: ignore[no-untyped-def]
        register(Backtracking)


def test_time_limit_stops_a_runaway_cleaner_and_the_rest_still_run() -> None:
    import time

    pipe = Pipeline.build(entry_points=False, plugins=[builtin, BacktrackingPlugin()], time_limit=0.3)
    started = time.monotonic()
    result = pipe.clean("a" * 40 + "!   \n")
    assert time.monotonic() - started < 5
    assert result.errors[0]["cleaner"] == "backtracking"
    assert "time limit of 0.3 s" in result.errors[0]["reason"]
    assert result.text == "a" * 40 + "!"  # layout still ran
    assert pipe.clean("fine\n").errors == []  # the timer does not leak into the next document
