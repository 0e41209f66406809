"""Turn input bytes into text: byte-order marks, strict UTF-8 first, chardet only on failure."""
from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # must precede UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: chardet reads at most this many bytes: enough to decide, bounded whatever the file size.
DETECT_SAMPLE = 64 * 1024


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding it was read as, and what decoding had to do."""

    text: str
    encoding: str
    bom: bool = False
    newlines: str = "lf"
    confidence: float = 1.0


def decode_bytes(data: bytes, *, source: str = "<bytes>", encoding: str | None = None) -> Decoded:
    """Decode ``data``; raise :class:`InputError` for binary input.

    Line endings become ``\\n`` (as Python's text mode does), so the decoded text is the
    "original" every edit position refers to.
    """
    bom = False
    conf = 1.0
    if encoding is not None:
        name = encoding
        text = _decode_or_fail(data, name, source)
    else:
        name, text, bom, conf = _detect_and_decode(data, source)
    newlines = "lf"
    if "\r" in text:
        newlines = "crlf" if "\r\n" in text else "cr"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, name, bom, newlines, conf)


def _decode_or_fail(data: bytes, name: str, source: str) -> str:
    try:
        return data.decode(name)
    except LookupError as exc:
        raise InputError(source, f"unknown encoding {name!r}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not valid {name}: {exc.reason} at byte {exc.start}") from exc


def _detect_and_decode(data: bytes, source: str) -> tuple[str, str, bool, float]:
    for bom_bytes, name in _BOMS:
        if data.startswith(bom_bytes):
            body = data[len(bom_bytes) :]
            return name, _decode_or_fail(body, name, source), True, 1.0
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if "\x00" in text and _looks_binary(data):
            utf16 = _try_utf16_without_bom(data)
            if utf16 is not None:
                return utf16[0], utf16[1], False, 0.9
            raise InputError(source, "binary file (NUL bytes), not text")
        return ("ascii" if text.isascii() else "utf-8"), text, False, 1.0
    if _looks_binary(data):
        utf16 = _try_utf16_without_bom(data)
        if utf16 is not None:
            return utf16[0], utf16[1], False, 0.9
        raise InputError(source, "binary file, not text")
    name, conf = _chardet_guess(data)
    try:
        return name, data.decode(name), False, conf
    except (UnicodeDecodeError, LookupError):
        # chardet guessed from a sample; the rest of the file disagrees. cp1252 maps
        # nearly every byte, and what it cannot map is replaced rather than lost silently.
        return "windows-1252", data.decode("windows-1252", errors="replace"), False, 0.3


def _looks_binary(data: bytes) -> bool:
    sample = data[:DETECT_SAMPLE]
    if not sample:
        return False
    nul = sample.count(0)
    return nul > 0 and nul / len(sample) > 0.001


def _try_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    sample = data[:DETECT_SAMPLE]
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    for name, nul in (("utf-16-le", odd_nul), ("utf-16-be", even_nul)):
        if nul / half > 0.3:
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue
            if text.isprintable() or sum(c.isprintable() or c.isspace() for c in text[:2000]) > 0.95 * min(len(text), 2000):
                return name, text
    return None


_CHARDET_NAMES = {"ascii": "windows-1252", "iso-8859-1": "windows-1252", "windows-1252": "windows-1252"}


def _chardet_guess(data: bytes) -> tuple[str, float]:
    import chardet  # imported here: only files that are not UTF-8 pay for it

    guess = chardet.detect(data[:DETECT_SAMPLE])
    name = (guess.get("encoding") or "windows-1252").lower()
    # Latin-1 and ASCII guesses on non-UTF-8 bytes are nearly always Windows-1252 in web text;
    # cp1252 is a superset of the printable Latin-1 range.
    name = _CHARDET_NAMES.get(name, name)
    return name, float(guess.get("confidence") or 0.0)
