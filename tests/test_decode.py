"""Byte decoding: byte-order marks, strict UTF-8, mixed encodings, detection, binary refusal."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from cleankit import Pipeline
from cleankit.errors import InputError
from cleankit.io.decode import decode_bytes

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

FRENCH = (
    "Le porte-parole du ministère azerbaïdjanais de la Défense a révélé des développements "
    "importants concernant le retrait anticipé des forces de maintien de la paix.\n"
    "« Après la guerre, les forces russes ont commencé à opérer », a-t-il déclaré l’été dernier.\n"
)


def _sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def test_ascii_and_utf8_are_named() -> None:
    assert decode_bytes(b"Plain English text.\n").encoding == "ascii"
    got = decode_bytes(FRENCH.encode("utf-8"))
    assert (got.encoding, got.text, got.bom, got.best_effort) == ("utf-8", FRENCH, False, False)


def test_utf8_bom_and_crlf_variant() -> None:
    got = decode_bytes((SAMPLES / "variants" / "004-utf8-bom-crlf.txt").read_bytes())
    assert got.encoding == "utf-8"
    assert got.bom and got.newlines == "crlf"
    assert "\r" not in got.text and not got.text.startswith("\ufeff")
    assert got.text == _sample("004_3492a1e55a7c3d34.txt")


def test_cp1252_variant_is_detected() -> None:
    got = decode_bytes((SAMPLES / "variants" / "001-cp1252.txt").read_bytes())
    assert got.encoding == "windows-1252"
    assert got.text == _sample("001_a636edbbe810d867.txt")
    assert got.notes and "chardet" in got.notes[0]


def test_cp1252_curly_quotes_are_not_read_as_latin1_controls() -> None:
    data = ("Il s’agit d’un lait démaquillant « très original » – voilà… " * 5).encode("cp1252")
    got = decode_bytes(data)
    assert got.encoding == "windows-1252"
    assert "’" in got.text and "…" in got.text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_encodings_with_bom(codec: str) -> None:
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
    }[codec]
    got = decode_bytes(bom + FRENCH.replace("\n", "\r\n").encode(codec))
    assert (got.encoding, got.bom, got.newlines, got.text) == (codec, True, "crlf", FRENCH)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_encodings_without_bom(codec: str) -> None:
    got = decode_bytes(FRENCH.encode(codec))
    assert got.encoding == codec
    assert got.text == FRENCH
    assert got.notes


def test_mixed_utf8_with_a_cp1252_paragraph_is_best_effort() -> None:
    pasted = "Un paragraphe collé depuis Word : « été », où – fin.\n"
    data = (FRENCH * 3).encode("utf-8") + pasted.encode("cp1252")
    got = decode_bytes(data)
    assert got.text == FRENCH * 3 + pasted  # neither part turned into mojibake
    assert got.encoding == "utf-8"
    assert got.best_effort
    assert any("windows-1252" in n for n in got.notes)


def test_mostly_cp1252_is_not_taken_for_mixed_utf8() -> None:
    text = ("Ça coûte très cher, dit-il : « l’été sera chaud ». " * 10) + "Ã©"
    got = decode_bytes(text.encode("cp1252"))
    assert not got.best_effort
    assert got.text == text


@pytest.mark.parametrize(
    "text, codec",
    [
        ("Всё хорошо: правительство объявило о новых мерах поддержки экономики страны. " * 4, "cp1251"),
        ("Η κυβέρνηση ανακοίνωσε νέα μέτρα στήριξης της οικονομίας της χώρας σήμερα. " * 4, "iso-8859-7"),
    ],
)
def test_legacy_non_latin_text_is_detected(text: str, codec: str) -> None:
    got = decode_bytes(text.encode(codec))
    assert got.text == text
    assert not got.best_effort


@pytest.mark.parametrize(
    "data, what",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x1f\x8b\x08\x00" + bytes(range(256)), "gzip"),
        (b"abc\x00\x00\x00def\x00\x01\x02" * 50, "NUL"),
    ],
)
def test_binary_input_is_refused_with_a_reason(data: bytes, what: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, source="page.bin")
    assert "binary" in info.value.reason and what in info.value.reason
    assert info.value.source == "page.bin"


def test_forced_encoding_that_does_not_fit_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not valid utf-8"):
        decode_bytes("déjà".encode("cp1252"), encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding"):
        decode_bytes(b"abc", encoding="no-such-codec")


def test_pipeline_records_the_encoding() -> None:
    pipe = Pipeline.build(["encoding"])
    result = pipe.clean((SAMPLES / "variants" / "001-cp1252.txt").read_bytes())
    assert result.metadata["encoding"] == "windows-1252"
    assert result.text == _sample("001_a636edbbe810d867.txt")


def test_utf8_cut_inside_the_last_character() -> None:
    data = FRENCH.encode("utf-8") + "é".encode("utf-8")[:1]
    got = decode_bytes(data)
    assert got.text == FRENCH + "\ufffd"
    assert got.encoding == "utf-8" and got.best_effort


def test_forced_utf8_drops_the_byte_order_mark() -> None:
    got = decode_bytes(codecs.BOM_UTF8 + "déjà".encode("utf-8"), encoding="utf-8")
    assert got.text == "déjà"


def test_declared_latin1_is_read_as_windows_1252_like_browsers() -> None:
    data = "l’été – « déjà »… \x81".encode("latin-1", errors="ignore") + "’".encode("cp1252") + b"\x81"
    got = decode_bytes(data, encoding="ISO-8859-1")
    assert got.encoding == "windows-1252"
    assert got.text.endswith("’\x81")  # undefined byte 0x81 kept as its Latin-1 character
