"""The ``encoding`` cleaner: mojibake repair, controls, spaces, NFC, as small positioned edits."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleankit import Pipeline
from cleankit.cleaners.encoding import EncodingRepair
from cleankit.document import DocumentView, Origin, Result

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

FRENCH_CLEAN = (
    "« Nous avons reçu des garanties », a déclaré jeudi le ministre\u00a0: l’accord sera signé.\n"
    "Prix\u00a0: 10\u202f000\u00a0€ — c’est-à-dire cœur, œuvre, Noël\u202f!\n"
    "L’été dernier, à Besançon, «\u00a0la crise\u00a0» n’était qu’un souvenir…\n"
)
OTHER_LANGUAGES = (
    "Die Bürgerinnen und Bürger äußerten sich über die Straßenbahn in München.\n"
    "Zażółć gęślą jaźń — rząd ogłosił w środę nowe przepisy.\n"
    "Η κυβέρνηση ανακοίνωσε νέα μέτρα στήριξης «για όλους».\n"
    "Правительство объявило о новых мерах поддержки, — сообщил «Интерфакс».\n"
    "日本語のテキスト、東京都。\u3000全角スペース。中文文本，北京。한국어 텍스트입니다.\n"
    "Tiếng Việt có dấu; עברית; العربية; हिन्दी; ไทย\u200bภาษา\n"
)


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline.build(["encoding"])


def _assert_edits_valid(result: Result) -> None:
    for e in result.edits:
        assert result.original[e.start : e.end] == e.removed
        assert e.reason in EncodingRepair.reasons


def test_french_mojibake_variant_is_restored_in_small_edits(pipe: Pipeline) -> None:
    data = (SAMPLES / "variants" / "002-mojibake.txt").read_bytes()
    original = (SAMPLES / "002_abb6ce34843f99cd.txt").read_text(encoding="utf-8")
    result = pipe.clean(data)
    assert result.text == original
    assert result.metadata["encoding_fixes"] == ["mojibake"]
    assert result.metadata["encoding"] == "utf-8"
    _assert_edits_valid(result)
    assert result.edits and all(len(e.removed) <= 12 for e in result.edits)
    assert {(e.removed, e.replacement) for e in result.edits} >= {("Ã©", "é"), ("Ã¨", "è")}


@pytest.mark.parametrize(
    "text, fixed",
    [
        ("Le ministÃ¨re de la DÃ©fense a rÃ©vÃ©lÃ© lâ€™accord", "Le ministère de la Défense a révélé l’accord"),
        ("voilÃ  le travail", "voilà le travail"),
        ("The Mona Lisa doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t have eyebrows.", "The Mona Lisa doesn’t have eyebrows."),
        ("He said â€œhelloâ€\x9d and left", "He said “hello” and left"),
    ],
)
def test_mojibake_is_fixed_keeping_typography(pipe: Pipeline, text: str, fixed: str) -> None:
    result = pipe.clean(text)
    assert result.text == fixed
    _assert_edits_valid(result)


def test_only_the_damaged_line_is_touched(pipe: Pipeline) -> None:
    text = FRENCH_CLEAN + "Il a soulignÃ© lâ€™engagement de lâ€™AzerbaÃ¯djan.\n" + FRENCH_CLEAN
    result = pipe.clean(text)
    assert result.text == FRENCH_CLEAN + "Il a souligné l’engagement de l’Azerbaïdjan.\n" + FRENCH_CLEAN
    start = len(FRENCH_CLEAN)
    assert all(start <= e.start and e.end <= start + 60 for e in result.edits)


def test_clean_french_text_is_left_byte_identical(pipe: Pipeline) -> None:
    for text in [FRENCH_CLEAN] + [(SAMPLES / f"00{i}_{h}.txt").read_text(encoding="utf-8") for i, h in (
        (1, "a636edbbe810d867"), (2, "abb6ce34843f99cd"), (3, "b871dbd73d675898"), (4, "3492a1e55a7c3d34"))]:
        result = pipe.clean(text)
        assert result.edits == [] and result.text == text
        assert "encoding_fixes" not in result.metadata


def test_other_languages_are_not_damaged(pipe: Pipeline) -> None:
    result = pipe.clean(OTHER_LANGUAGES)
    assert result.text == OTHER_LANGUAGES
    assert result.edits == []


def test_controls_c1_and_invisible_characters(pipe: Pipeline) -> None:
    text = "Titre\x00 du\x07 jour\x0cSuite\x92s \x1b[31mrouge\x1b[0m infor\u00admation\u200b ok\ufeff.\x81\u2028fin"
    result = pipe.clean(text)
    assert result.text == "Titre du jour\nSuite’s rouge information ok.\nfin"
    reasons = {e.reason for e in result.edits}
    assert reasons == {"control_char", "c1_control", "soft_hyphen", "zero_width", "line_separator"}
    assert result.metadata["encoding_fixes"] == sorted(reasons)
    _assert_edits_valid(result)


def test_space_policy(pipe: Pipeline) -> None:
    text = (
        "\u00a0\u00a0Retrait en tête de ligne\n"
        "\u00a0\n"
        "Titre un\u00a0\u00a0\u00a0\u00a0Titre deux\n"
        "Vraiment\u2009? Oui\u2009! «\u2009Citation\u2009» et 10\u2009000 habitants\n"
        "em\u2003space and word\u200ajoined\n"
        "Espace insécable\u00a0: gardée, comme «\u00a0ceci\u00a0» et 10\u202f000.\n"
    )
    result = pipe.clean(text)
    assert result.text == (
        "Retrait en tête de ligne\n"
        "\n"
        "Titre un    Titre deux\n"
        "Vraiment\u202f? Oui\u202f! «\u202fCitation\u202f» et 10\u202f000 habitants\n"
        "em space and word joined\n"
        "Espace insécable\u00a0: gardée, comme «\u00a0ceci\u00a0» et 10\u202f000.\n"
    )
    assert {e.reason for e in result.edits} == {"space"}
    _assert_edits_valid(result)


def test_ideographic_space_kept_in_cjk_only(pipe: Pipeline) -> None:
    text = "\u3000段落の字下げ。東京\u3000大阪\nname\u3000value\n"
    assert pipe.clean(text).text == "\u3000段落の字下げ。東京\u3000大阪\nname value\n"


def test_nfc(pipe: Pipeline) -> None:
    decomposed = "Cafe\u0301 a\u0300 Ange\u0301lique\n"
    result = pipe.clean(decomposed)
    assert result.text == "Café à Angélique\n"
    assert {e.reason for e in result.edits} == {"nfc"}
    _assert_edits_valid(result)


def test_replacement_character_kept_by_default_removable_by_option() -> None:
    text = "r\ufffdgion Centre"
    assert Pipeline.build(["encoding"]).clean(text).text == text
    remove = Pipeline.build(["encoding"], options={"encoding": {"replacement_char": "remove"}})
    assert remove.clean(text).text == "rgion Centre"


@pytest.mark.parametrize(
    "text",
    [
        "Le ministÃ¨re\x92s \u00a0\u00a0 dÃ©clare\x00\u2009! Cafe\u0301\u00ad et â€œ\x85â€\x9d\n\u00a0\n",
        "Ã\u0301 â\x80\x99s \u2003\u00a0 ok\x85",
        "",
    ],
)
def test_idempotent_and_edits_valid(pipe: Pipeline, text: str) -> None:
    once = pipe.clean(text)
    _assert_edits_valid(once)
    twice = pipe.clean(once.text)
    assert twice.text == once.text
    assert twice.edits == []


def test_metadata_is_not_overwritten() -> None:
    cleaner = EncodingRepair()
    meta = {"encoding": "windows-1252", "encoding_fixes": ["earlier"]}
    out = cleaner.clean(DocumentView.of("dÃ©jÃ  vu", meta, Origin()))
    assert out.changes
    assert out.metadata == {}


def test_options_switch_stages_off() -> None:
    pipe = Pipeline.build(
        ["encoding"], options={"encoding": {"mojibake": False, "controls": False, "spaces": False, "nfc": False}}
    )
    text = "dÃ©jÃ \x00 vu\u2009!\u00a0\u00a0e\u0301"
    assert pipe.clean(text).text == text


def test_nfc_keeps_cjk_compatibility_ideographs(pipe: Pipeline) -> None:
    text = "셩딴콰이러(聖誕快\uf95c) e\u0301\n"  # U+F95C: a Hanja kept for its reading
    assert pipe.clean(text).text == "셩딴콰이러(聖誕快\uf95c) é\n"


def test_carriage_returns_left_by_a_caller_become_newlines() -> None:
    out = EncodingRepair().clean(DocumentView.of("un\r\ndeux\rtrois", {}, Origin()))
    from cleankit.offsets import apply_changes

    assert apply_changes("un\r\ndeux\rtrois", out.changes) == "un\ndeux\ntrois"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# Characters every stage reacts to, mixed with ordinary French text and mojibake pieces.
_PIECES = st.sampled_from(
    ["é", "à", "Ã©", "Ã", "Â", "â€™", "â€", "\x85", "\x92", "\x81", "\x00", "\x0c", "\r", "\u00ad",
     "\u200b", "\ufeff", "\u00a0", "\u202f", "\u2009", "\u3000", "\u2028", "\u0301", "e\u0301", "\ufffd",
     " ", "\n", "\t", "l’été", "«", "»", "!", "東京", "Straße", "x", "10"]
)


_PIPE: list[Pipeline] = []


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_property_idempotent_and_positioned(text: str) -> None:
    if not _PIPE:
        _PIPE.append(Pipeline.build(["encoding"]))
    pipe = _PIPE[0]
    once = pipe.clean(text)
    _assert_edits_valid(once)
    starts = [e.start for e in once.edits]
    assert starts == sorted(starts)
    assert pipe.clean(once.text).text == once.text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab é\tÃ©x", max_size=30), st.text(alphabet="ab é\tÃ©x", max_size=30))
def test_property_local_changes_rebuild_the_new_line(old: str, new: str) -> None:
    from cleankit.cleaners.encoding import _local_changes
    from cleankit.offsets import apply_changes

    changes = _local_changes(old, new, 0, "mojibake")
    assert apply_changes(old, changes) == new
    assert all(a.end <= b.start for a, b in zip(changes, changes[1:]))


def test_soft_hyphens_in_one_word_are_one_change() -> None:
    text = "Die Ver\u00adsiche\u00adrungs\u00adgesell\u00adschaft und die Bun\u00addes\u00adregierung\n"
    doc = DocumentView.of(text, {}, Origin(), {})
    out = EncodingRepair().clean(doc)
    assert [(text[c.start : c.end], c.replacement) for c in out.changes] == [
        ("\u00adsiche\u00adrungs\u00adgesell\u00ad", "sicherungsgesell"),
        ("\u00addes\u00ad", "des"),
    ]
    assert {c.reason for c in out.changes} == {"soft_hyphen"}
    result = Pipeline.build(["encoding"]).clean(text)
    assert result.text == "Die Versicherungsgesellschaft und die Bundesregierung\n"
