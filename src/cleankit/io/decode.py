"""Turn input bytes into text: byte-order marks, strict UTF-8 first, chardet only on failure.

The order is chosen for speed and for being right on web text:

1. a byte-order mark (UTF-32 before UTF-16: they share their first bytes) decides outright;
2. strict UTF-8, which nearly every modern page is, costs one C-speed decode;
3. a file that is overwhelmingly valid UTF-8 with a few stray single bytes (a Windows-1252
   paragraph pasted into a UTF-8 page) is decoded as UTF-8 with each invalid byte read as
   Windows-1252, and the :class:`Decoded` record says so (``best_effort``, ``notes``): a whole-file
   guess would turn every correct UTF-8 character into mojibake;
4. binary input (magic numbers, NUL bytes, control-character soup) is refused with a reason;
5. otherwise chardet guesses from a bounded sample.

Line endings become ``\\n`` (as Python's text mode does), so the decoded text is the
"original" every edit position refers to.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..errors import DecodeError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # must precede UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: chardet reads at most this many bytes: enough to decide, bounded whatever the file size.
DETECT_SAMPLE = 64 * 1024
#: A file is decoded as mixed UTF-8 + Windows-1252 when its valid multi-byte UTF-8 characters
#: outnumber its invalid bytes at least this many times.
MIXED_RATIO = 4

# Signatures of common binary formats a crawler saves next to text (first bytes of the file).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"(\xb5/\xfd", "zstd data"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (DOC/XLS)"),
    (b"RIFF", "RIFF media (WebP/WAV/AVI)"),
    (b"OggS", "Ogg media"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
)
# C0 controls that never occur in text (tab, newlines, form feed, and the shift and escape
# bytes of ISO-2022 encodings excluded).
_BINARY_CONTROLS = re.compile(rb"[\x00-\x08\x10-\x1a\x1c-\x1f]")
# ISO-2022-JP/KR/CN are 7-bit: valid ASCII, told apart by their escape sequences.
_ISO2022_ESCAPE = re.compile(rb"\x1b[$(][@ABDGHJ)]")
_SURROGATE = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
# Western guesses chardet makes that are better read as Windows-1252 (a superset of the
# printable Latin-1 range, and what web servers mean when they say "ISO-8859-1").
_WESTERN = {"ascii", "iso-8859-1", "iso8859-1", "latin-1", "latin1", "windows-1252", "cp1252"}
_WESTERN_9 = {"iso-8859-15", "iso8859-15", "latin-9"}
_C1_BYTES = re.compile(rb"[\x80-\x9f]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding it was read as, and what decoding had to do.

    ``best_effort`` is true when the text is not one encoding read cleanly (mixed encodings,
    a guess that failed part-way); ``notes`` says in words what was done.
    """

    text: str
    encoding: str
    bom: bool = False
    newlines: str = "lf"
    confidence: float = 1.0
    best_effort: bool = False
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Read:
    text: str
    encoding: str
    bom: bool = False
    confidence: float = 1.0
    best_effort: bool = False
    notes: tuple[str, ...] = ()


def decode_bytes(data: bytes, *, source: str = "<bytes>", encoding: str | None = None) -> Decoded:
    """Decode ``data``; raise :class:`DecodeError` for binary input or an impossible ``encoding``."""
    if encoding is not None:
        read = _decode_named(data, encoding, source)
    else:
        read = _detect_and_decode(data, source)
    text = read.text
    newlines = "lf"
    if "\r" in text:
        newlines = "crlf" if "\r\n" in text else "cr"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, read.encoding, read.bom, newlines, read.confidence, read.best_effort, read.notes)


def _decode_named(data: bytes, encoding: str, source: str) -> _Read:
    """Decode with the encoding a caller or a page declared, read as browsers read it."""
    name = codecs_name(encoding)
    if name == "utf-8":
        # A byte-order mark is not text, whoever names the encoding.
        return _Read(_decode_or_fail(data, "utf-8-sig", source), encoding)
    if name in _WESTERN:
        # The WHATWG Encoding Standard reads the labels ISO-8859-1, Latin-1 and ASCII as
        # Windows-1252: pages that declare them use ’ “ ” – … from that code page.
        return _Read(decode_windows_1252(data), "ascii" if data.isascii() else "windows-1252")
    return _Read(_decode_or_fail(data, encoding, source), encoding)


#: Windows-1252 as browsers decode it: the five bytes it leaves undefined read as Latin-1.
_CP1252_OVER_LATIN1 = {
    b: bytes([b]).decode("windows-1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def decode_windows_1252(data: bytes) -> str:
    """Decode ``data`` as Windows-1252 the way browsers do: every byte maps to a character."""
    text = data.decode("latin-1")
    return text.translate(_CP1252_OVER_LATIN1) if _C1_BYTES.search(data) else text


def _decode_or_fail(data: bytes, name: str, source: str) -> str:
    try:
        return data.decode(name)
    except LookupError as exc:
        raise DecodeError(source, f"unknown encoding {name!r}") from exc
    except UnicodeDecodeError as exc:
        raise DecodeError(source, f"not valid {name}: {exc.reason} at byte {exc.start}") from exc
    except UnicodeError as exc:  # a codec that is not a text encoding ("undefined", "rot13", ...)
        raise DecodeError(source, f"{name!r} is not a text encoding ({exc})") from exc


def _detect_and_decode(data: bytes, source: str) -> _Read:
    for bom_bytes, name in _BOMS:
        if data.startswith(bom_bytes):
            body = data[len(bom_bytes) :]
            return _Read(_decode_or_fail(body, name, source), name, bom=True)
    _refuse_magic(data, source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        truncated = _truncated_utf8(data, exc)
        if truncated is not None:
            return truncated
    else:
        if _looks_binary(data):
            return _wide_or_refuse(data, source)
        if text.isascii() and _ISO2022_ESCAPE.search(data, 0, DETECT_SAMPLE):
            return _guess(data)
        return _Read(text, "ascii" if text.isascii() else "utf-8")
    if _looks_binary(data):
        return _wide_or_refuse(data, source)
    mixed = _mixed_utf8(data)
    if mixed is not None:
        return mixed
    return _guess(data)


def _truncated_utf8(data: bytes, exc: UnicodeDecodeError) -> _Read | None:
    """UTF-8 cut inside its last character (a crawler's size cap): keep the rest, mark the cut."""
    if exc.reason != "unexpected end of data" or exc.end != len(data) or len(data) - exc.start > 3:
        return None
    try:
        text = data[: exc.start].decode("utf-8")
    except UnicodeDecodeError:
        return None
    note = f"UTF-8 cut inside its last character: {len(data) - exc.start} byte(s) replaced by U+FFFD"
    return _Read(text + "\ufffd", "utf-8", best_effort=True, notes=(note,))


def _refuse_magic(data: bytes, source: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DecodeError(source, f"binary file ({what}), not text")


def _looks_binary(data: bytes) -> bool:
    """True when the sample has NUL bytes or many control bytes no text file contains."""
    sample = data[:DETECT_SAMPLE]
    if not sample:
        return False
    nul = sample.count(0)
    if nul and nul / len(sample) > 0.001:
        return True
    return len(_BINARY_CONTROLS.findall(sample)) > 0.05 * len(sample)


def _wide_or_refuse(data: bytes, source: str) -> _Read:
    wide = _try_wide_without_bom(data)
    if wide is not None:
        name, text = wide
        return _Read(text, name, confidence=0.9, notes=(f"{name} without a byte-order mark",))
    nul = data[:DETECT_SAMPLE].count(0)
    if nul:
        raise DecodeError(source, f"binary file ({nul} NUL bytes in the first {DETECT_SAMPLE} bytes), not text")
    raise DecodeError(source, "binary file (control bytes that text does not contain), not text")


def _try_wide_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-32 or UTF-16 without a byte-order mark, told apart by where the NUL bytes fall."""
    sample = data[:DETECT_SAMPLE]
    if len(sample) < 4:
        return None
    candidates: list[str] = []
    if len(data) % 4 == 0:
        quarters = [sample[i::4].count(0) / max(1, len(sample) // 4) for i in range(4)]
        # Text below U+10000 has two NUL bytes of four; BMP letters a third one.
        if quarters[2] > 0.9 and quarters[3] > 0.9:
            candidates.append("utf-32-le")
        if quarters[0] > 0.9 and quarters[1] > 0.9:
            candidates.append("utf-32-be")
    if len(data) % 2 == 0:
        half = max(1, len(sample) // 2)
        if sample[1::2].count(0) / half > 0.3:
            candidates.append("utf-16-le")
        if sample[0::2].count(0) / half > 0.3:
            candidates.append("utf-16-be")
    for name in candidates:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        head = text[:2000]
        if sum(c.isprintable() or c.isspace() for c in head) > 0.95 * len(head):
            return name, text
    return None


def _mixed_utf8(data: bytes) -> _Read | None:
    """Decode mostly-UTF-8 bytes with the few invalid bytes read as Windows-1252, else None."""
    loose = data.decode("utf-8", errors="surrogateescape")
    invalid = len(_SURROGATE.findall(loose))
    valid = len(_NON_ASCII.findall(loose)) - invalid
    if valid < MIXED_RATIO * invalid:
        return None
    text = _SURROGATE.sub(_byte_as_cp1252, loose)
    note = (
        f"mixed encodings: valid UTF-8 with {invalid} invalid byte(s) read as windows-1252 "
        f"({valid} multi-byte UTF-8 character(s))"
    )
    return _Read(text, "utf-8", confidence=valid / (valid + invalid), best_effort=True, notes=(note,))


def _byte_as_cp1252(m: re.Match[str]) -> str:
    byte = bytes([ord(m.group()) - 0xDC00])
    # The five bytes Windows-1252 leaves undefined are kept as their Latin-1 control
    # characters: visible to the encoding cleaner, never silently turned into text.
    return byte.decode("windows-1252", errors="ignore") or byte.decode("latin-1")


def _guess(data: bytes) -> _Read:
    name, conf = _chardet_guess(data)
    notes = [f"not UTF-8; chardet guessed {name} (confidence {conf:.2f}) from the first {DETECT_SAMPLE} bytes"]
    if name == "windows-1252":
        return _Read(decode_windows_1252(data), name, confidence=conf, notes=tuple(notes))
    try:
        return _Read(data.decode(name), name, confidence=conf, notes=tuple(notes))
    except (UnicodeDecodeError, LookupError) as exc:
        # chardet guessed from a sample; the rest of the file disagrees. Windows-1252 as
        # browsers read it maps every byte, so nothing is lost.
        notes.append(f"{name} failed ({type(exc).__name__}); read as windows-1252")
        return _Read(decode_windows_1252(data), "windows-1252", confidence=0.3, best_effort=True, notes=tuple(notes))


def _chardet_guess(data: bytes) -> tuple[str, float]:
    import chardet  # imported here: only files that are not UTF-8 pay for it

    sample = data[:DETECT_SAMPLE]
    guess = chardet.detect(sample)
    name = codecs_name(guess.get("encoding") or "windows-1252")
    conf = float(guess.get("confidence") or 0.0)
    if name in _WESTERN or (name in _WESTERN_9 and _C1_BYTES.search(data)):
        # Bytes 0x80-0x9F are control characters in Latin-1/Latin-9 but punctuation
        # (’ “ ” – …) in Windows-1252: web text means the latter.
        name = "windows-1252"
    return name, conf


def codecs_name(label: str) -> str:
    """The canonical Python codec name for an encoding label, or the label lower-cased."""
    try:
        return codecs.lookup(label).name
    except LookupError:
        return label.lower()
