"""Repair text-level encoding damage: mojibake, stray controls, odd spaces, NFC.

Clean text pays little: one compiled-regex scan (mojibake-looking character pairs, control
and invisible characters, no-break spaces next to other white space) and the NFC quick
check of ``unicodedata.is_normalized``. Only what those flag gets more work: ftfy sees only
flagged lines, and every repair is a small, positioned :class:`Change`. The stages run in
order (mojibake, characters, NFC) and again while a repair exposes more work, at most a few
rounds, so that cleaning twice gives what cleaning once gave.

Policy (each rule a reason code):

- ``mojibake``: a line whose character pairs look like UTF-8 read as a single-byte
  encoding, and which ``ftfy.badness.is_bad`` confirms, is repaired with ftfy's *encoding*
  fixes only (``ftfy.fix_encoding``): quotes, apostrophes, ligatures and widths are left as
  the author typed them. The edit covers only the characters that changed. ftfy repairs a
  line only when the whole line was mis-decoded; a mis-decoded run inside correct text (a
  Cyrillic word read as Windows-1252 in a French sentence) is found by
  :mod:`cleankit.mojibake`, which hands each run to ftfy and records one edit per run; that
  answer is used unless ftfy found the whole line mis-decoded in one encoding or its
  whole-line answer leaves less mojibake. A change of
  another rule that touches a repaired run is folded into it and reported as ``mojibake``.
- ``c1_control``: a C1 control character (U+0080–U+009F) left outside mojibake is a
  Windows-1252 byte read as Latin-1; it becomes that Windows-1252 character (U+0092 -> ’).
- ``control_char``: other control characters (C0 except tab and newline, DEL, the five C1
  codes Windows-1252 leaves undefined, terminal colour sequences) are removed; vertical tab
  and form feed become a newline so words on either side stay apart.
- ``line_separator``: U+2028/U+2029 become ``\\n``, so line-based cleaners see the lines.
- ``zero_width``: U+200B, U+2060 and U+FEFF are removed. U+200B is kept between Thai, Lao,
  Khmer or Myanmar letters, where it marks word boundaries. U+200C/U+200D (joiners) are kept:
  Persian, Indic scripts and emoji sequences need them.
- ``soft_hyphen``: U+00AD is removed (it is invisible except at a line break, and it splits
  words for search).
- ``space``: white-space normalisation, see below.
- ``nfc``: text that is not in Unicode NFC is normalised, line by line, except CJK
  compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F), which Korean and Japanese
  texts use on purpose and NFC would replace.

U+FFFD is kept by default (``replacement_char = "keep"``): the bytes behind it are lost
either way, and removing it would silently glue word pieces together and hide the damage;
``"remove"`` deletes it (reason ``replacement_char``).

Spaces. U+00A0 (no-break space) and U+202F (narrow no-break space) are kept when they sit
between two visible characters. That is where French typography puts them — before
``: ; ! ? »`` and after ``«``, in ``10 000`` and ``M. Dupont`` — and turning them into
ordinary spaces would edit almost every clean French document, lose the author's "do not
break here", and gain nothing: Python's ``str.split`` and ``\\s`` treat them as white space
already. Where they are layout rather than typography they are normalised: in a run of
white space inside a line each becomes an ordinary space (one for one: a wide gap often
separates headlines glued on one line, and later cleaners may read it); at the start of a
line the whole run is removed (``&nbsp;`` indentation, lines holding only ``&nbsp;``); at
the end of a line it is left to the ``layout`` cleaner, which strips trailing white space.
The typographic spaces U+2000–U+200A and U+205F become an ordinary space, except in the
French positions above and between digits, where they become U+202F: the narrow,
non-breaking space those positions call for. U+3000 (ideographic space) is kept in CJK
text (on a line holding CJK characters, indentation included) and is an ordinary space
elsewhere.

When it changes anything, the cleaner sets ``metadata["encoding_fixes"]`` to the sorted
reason codes it used (unless a value is there already); it never touches ``encoding``.
"""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from itertools import accumulate
from typing import Any, Iterable, Iterator

from ..cleaner import Change, Cleaner, Outcome
from ..document import DocumentView
from ..errors import ConfigError
from ..mojibake import Repair, find_repairs
from ..offsets import apply_changes

METADATA_KEY = "encoding_fixes"


# ---------------------------------------------------------------------------------------
# Cheap gates
# ---------------------------------------------------------------------------------------

def _decoded(encoding: str, first: int, last: int) -> str:
    return bytes(range(first, last + 1)).decode(encoding, errors="ignore")


def _class(chars: Iterable[str]) -> str:
    return "".join(sorted({re.escape(c) for c in chars}))


def _mojibake_gate() -> tuple[str, str]:
    """Character pairs that UTF-8 lead and continuation bytes become in a single-byte encoding.

    The single-byte encodings are those ftfy can undo. Typographic punctuation that some of
    them give to lead bytes (MacRoman's « » – — “ ” ‘ ’ …) is left out of the leads: it would
    flag clean French text at every "l’été" while standing for rare scripts.
    """
    encodings = ("latin-1", "windows-1252", "windows-1251", "windows-1250", "windows-1253",
                 "windows-1254", "windows-1257", "iso-8859-2", "mac-roman", "cp437")
    typography = set("«»…\u00a0–—“”‘’€‹›")
    lead2: set[str] = set()
    lead3: set[str] = set()
    lead4: set[str] = set()
    # Latin-1 reads of 0x80-0x9F, and U+FFFD where a lossy decoder dropped a byte.
    cont: set[str] = set(chr(c) for c in range(0x80, 0xA0)) | {"\ufffd"}
    for enc in encodings:
        lead2 |= set(_decoded(enc, 0xC2, 0xDF)) - typography
        lead3 |= set(_decoded(enc, 0xE0, 0xEF)) - typography
        lead4 |= set(_decoded(enc, 0xF0, 0xF4)) - typography
        cont |= set(_decoded(enc, 0x80, 0xBF))
    cont_inner = _class(cont - {"\u00a0"})
    conts = _class(cont)
    leads = _class(lead2 | lead3 | lead4)
    # The leads, and what must follow, told apart by looking back at the lead just matched:
    # one leading character class lets the regex engine scan at C speed.
    tails = (
        f"(?<=[{_class(lead2)}])[{conts}]"
        f"|(?<=[{_class(lead3)}])[{conts}][{cont_inner}]"
        f"|(?<=[{_class(lead4)}])[{conts}]{{3}}"
        # A byte 0xA0 lost to an ordinary space ("Ã " for "à") is common in copied mojibake.
        "|(?<=[ÂÃ]) "
    )
    return leads, tails


_GATE_LEADS, _GATE_TAILS = _mojibake_gate()
_MOJIBAKE_GATE = re.compile(f"[{_GATE_LEADS}](?:{_GATE_TAILS})")

_NB = "\u00a0\u202f"
_ODD_SPACES = "\u2000-\u200a\u205f\u3000"
_HSPACE = frozenset(" \t" + _NB + "".join(map(chr, range(0x2000, 0x200B))) + "\u205f\u3000")
# Everything stage two may change. No-break spaces count only next to other white space or
# at a text edge: between two visible characters they are typography, and clean French text
# is full of them. One leading character class, with the no-break-space condition checked
# by looking back at the character just matched, lets the regex engine scan at C speed.
_STAGE2_CHARS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b\u2028\u2029\u2060\ufeff" + _ODD_SPACES


def _suspect(extra: str = "") -> re.Pattern[str]:
    return re.compile(f"[{_STAGE2_CHARS}{extra}{_NB}](?:(?<=[{_NB}])(?:(?<!\\S.)|(?!\\S))|(?<=[{_STAGE2_CHARS}{extra}]))")


def _anything(extra: str = "") -> re.Pattern[str]:
    """One scan that finds the first thing any stage would act on, for the clean-text exit."""
    return re.compile(
        f"[{_GATE_LEADS}{_STAGE2_CHARS}{extra}{_NB}]"
        f"(?:(?<=[{_NB}])(?:(?<!\\S.)|(?!\\S))|(?<=[{_STAGE2_CHARS}{extra}])|{_GATE_TAILS})"
    )


_SUSPECT = _suspect()
_SUSPECT_FFFD = _suspect("\ufffd")
_ANYTHING = _anything()
_ANYTHING_FFFD = _anything("\ufffd")
_TERMINAL_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# Words with the ordinary spaces after them (not \\s: U+0085 and friends are data here).
_TOKENS = re.compile(r"[^ \t]+[ \t]*|[ \t]+")
_RUNS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")

# What the layout cleaner strips at line ends.
_LAYOUT_TRAILING = frozenset(" \t\u00a0\u3000")
# Where a narrow no-break space belongs in French typography.
_FRENCH_BEFORE = set(":;!?»›")
_FRENCH_AFTER = set("«‹")
# Letters of scripts written without spaces, where U+200B marks word boundaries.
_NO_SPACE_SCRIPTS = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
_CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
_UNDEFINED_CP1252 = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
#: Rounds of the three stages at most; real text settles in one, odd mixtures in two.
_MAX_ROUNDS = 4
#: ftfy and space-rule passes over one line at most (see _fix_line).
_MAX_SETTLE = 64
_COMPAT_IDEOGRAPH = re.compile("[\uf900-\ufaff\U0002f800-\U0002fa1f]")
_COMPAT_IDEOGRAPH_SPLIT = re.compile("([\uf900-\ufaff\U0002f800-\U0002fa1f])")


class EncodingRepair(Cleaner):
    """Repair mojibake, drop control and invisible characters, tidy odd spaces, apply NFC."""

    name = "encoding"
    order = 10
    phase = "rewrite"
    local = True
    reasons = {
        "mojibake": "text decoded with the wrong encoding, repaired with ftfy's encoding fixes",
        "c1_control": "C1 control character standing for a Windows-1252 character, replaced by it",
        "control_char": "control character removed (vertical tab and form feed become a newline)",
        "line_separator": "U+2028/U+2029 replaced by a newline",
        "zero_width": "invisible zero-width character or stray byte-order mark removed",
        "soft_hyphen": "soft hyphen removed",
        "space": "layout no-break spaces or typographic spaces normalised",
        "replacement_char": "U+FFFD replacement character removed",
        "nfc": "text normalised to Unicode NFC",
    }
    defaults = {
        "mojibake": True,
        "controls": True,
        "spaces": True,
        "nfc": True,
        "replacement_char": "keep",
    }

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        if self.options["replacement_char"] not in ("keep", "remove"):
            raise ConfigError("option encoding.replacement_char must be 'keep' or 'remove'")

    def clean(self, doc: DocumentView) -> Outcome:
        text = doc.text
        opts = self.options
        remove_fffd = opts["replacement_char"] == "remove"
        suspect = _SUSPECT_FFFD if remove_fffd else _SUSPECT
        nfc_needed = opts["nfc"] and not text.isascii() and next(_non_nfc_lines(text, 65536), None) is not None
        anything = _ANYTHING_FFFD if remove_fffd else _ANYTHING
        if not nfc_needed and anything.search(text) is None:
            return Outcome()  # the usual case: one regex scan and one NFC quick check
        gate_hit = opts["mojibake"] and _MOJIBAKE_GATE.search(text) is not None
        suspect_hit = suspect.search(text) is not None
        if not (gate_hit or suspect_hit or nfc_needed):
            return Outcome()

        edits = _Edits(text)
        # A repair can expose more work ("Ã\x00©" is mojibake once the NUL is gone, a no-break
        # space reaches a line edge once a control before it is gone): repeat the stages on
        # the lines a round changed until nothing changes, so that cleaning twice gives what
        # cleaning once gave.
        where: list[tuple[int, int]] | None = None  # None: the whole text
        for _ in range(_MAX_ROUNDS):
            changed = False
            if gate_hit:
                changed |= edits.add(_mojibake_changes(edits.current, suspect, opts, where))
            if suspect_hit:
                changed |= edits.add(_character_changes(edits.current, suspect, opts, where))
            if opts["nfc"] and (nfc_needed or changed) and not edits.current.isascii():
                changed |= edits.add(_nfc_changes(edits.current, where))
            if not changed:
                break
            where = edits.lines_to_revisit(anything, opts["nfc"])
            if not where:
                break
            gate_hit = suspect_hit = True
            nfc_needed = False
        changes = _merge_within_words(edits.changes(), text)
        if not changes:
            return Outcome()
        meta: dict[str, Any] = {}
        if not doc.metadata.get(METADATA_KEY):
            meta[METADATA_KEY] = sorted({c.reason for c in changes})
        return Outcome(changes=changes, metadata=meta)


# ---------------------------------------------------------------------------------------
# Stage 1: mojibake, one flagged line at a time
# ---------------------------------------------------------------------------------------

def _mojibake_changes(
    text: str, suspect: re.Pattern[str], opts: dict[str, Any], where: list[tuple[int, int]] | None = None
) -> list[Change]:
    changes: list[Change] = []
    done_until = -1
    for m in _matches(_MOJIBAKE_GATE, text, where):
        if m.start() < done_until:
            continue
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        if end < 0:
            end = len(text)
        done_until = end
        line = text[start:end]
        fixed, whole_line = _fix_line(line, suspect, opts)
        # ftfy repairs a line only when the whole line was mis-decoded. Mis-decoded runs
        # inside correct text are repaired one run at a time, one change per run, when that
        # reads better than ftfy's answer for the line; what is left waits for the next round.
        if not whole_line:
            repairs = find_repairs(line)
            if repairs and (fixed == line or _prefer_runs(_apply_repairs(line, repairs), fixed)):
                changes.extend(Change(start + r.start, start + r.end, "mojibake", r.replacement) for r in repairs)
                continue
        if fixed != line:
            changes.extend(_local_changes(line, fixed, start, "mojibake"))
    return changes


def _prefer_runs(by_runs: str, by_ftfy: str) -> bool:
    """Whether the run-by-run repair of a line leaves no more mojibake than ftfy's."""
    return _residue(by_runs) <= _residue(by_ftfy)


def _residue(text: str) -> tuple[int, int]:
    """How much mojibake a line still shows: ftfy's badness, then the gate's hits."""
    from ftfy.badness import badness

    return badness(text), sum(1 for _ in _MOJIBAKE_GATE.finditer(text))


def _apply_repairs(line: str, repairs: list[Repair]) -> str:
    parts: list[str] = []
    pos = 0
    for r in repairs:
        parts.append(line[pos : r.start])
        parts.append(r.replacement)
        pos = r.end
    parts.append(line[pos:])
    return "".join(parts)


def _fix_line(line: str, suspect: re.Pattern[str], opts: dict[str, Any]) -> tuple[str, bool]:
    """ftfy's encoding fixes on one line, settled against the character rules.

    ftfy reads "Â " as a mangled no-break space; the space rule may turn a no-break space
    next to other white space into a space, which can leave a new "Â " for ftfy. Settling
    that cascade here keeps the cleaner idempotent.
    """
    from ftfy import fix_encoding, fix_encoding_and_explain

    # fix_encoding starts with ftfy.badness.is_bad and returns clean lines unchanged.
    first = fix_encoding_and_explain(line)
    fixed = first.text
    if fixed == line:
        return line, False
    # The whole line was mis-decoded in one encoding: ftfy's answer is the better read.
    steps = first.explanation
    whole_line = bool(steps) and steps is not None and steps[0][0] == "encode"
    for _ in range(_MAX_SETTLE):
        rules = _character_changes(fixed, suspect, opts)
        if not rules:
            break
        after_rules = apply_changes(fixed, rules)
        if not _MOJIBAKE_GATE.search(after_rules):
            break  # nothing the next round would hand to ftfy
        again = fix_encoding(after_rules)
        if again == after_rules:
            break
        fixed = again
    return fixed, whole_line


def _local_changes(old: str, new: str, offset: int, reason: str) -> list[Change]:
    """The small changes that turn ``old`` into ``new``, found word by word then trimmed."""
    a = _TOKENS.findall(old)
    b = _TOKENS.findall(new)
    a_pos = _starts(a)
    b_pos = _starts(b)
    out: list[Change] = []
    pairs: list[tuple[int, int, int, int]] = []
    if len(a) == len(b):
        # The usual case: the repair keeps the words and the spaces between them.
        pairs = [(a_pos[i], a_pos[i + 1], b_pos[i], b_pos[i + 1]) for i in range(len(a)) if a[i] != b[i]]
    else:
        # Align only the part between the words both ends share.
        lo = 0
        while lo < len(a) and lo < len(b) and a[lo] == b[lo]:
            lo += 1
        hi_a, hi_b = len(a), len(b)
        while hi_a > lo and hi_b > lo and a[hi_a - 1] == b[hi_b - 1]:
            hi_a -= 1
            hi_b -= 1
        matcher = SequenceMatcher(None, a[lo:hi_a], b[lo:hi_b], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            i1, i2, j1, j2 = i1 + lo, i2 + lo, j1 + lo, j2 + lo
            if i2 - i1 == j2 - j1:  # word for word: one edit per word
                pairs.extend(
                    (a_pos[i], a_pos[i + 1], b_pos[j], b_pos[j + 1]) for i, j in zip(range(i1, i2), range(j1, j2))
                )
            else:
                pairs.append((a_pos[i1], a_pos[i2], b_pos[j1], b_pos[j2]))
    for s, e, rs, re_ in pairs:
        if old[s:e] == new[rs:re_]:
            continue
        # Trim what both sides share so the edit covers only the changed characters.
        while s < e and rs < re_ and old[s] == new[rs]:
            s += 1
            rs += 1
        while s < e and rs < re_ and old[e - 1] == new[re_ - 1]:
            e -= 1
            re_ -= 1
        runs_old = _RUNS.findall(old, s, e)
        runs_new = _RUNS.findall(new, rs, re_)
        if len(runs_old) > 1 and _same_ascii_runs(runs_old, runs_new):
            # "Ã©vÃ©lÃ©" -> "évélé": one edit per damaged run, the ASCII between them kept.
            for ro, rn, po in zip(runs_old, runs_new, _starts(runs_old)):
                if ro != rn:
                    out.append(Change(offset + s + po, offset + s + po + len(ro), reason, rn))
            continue
        # (s == e is a pure insertion: a zero-width change, which the runner accepts.)
        out.append(Change(offset + s, offset + e, reason, new[rs:re_]))
    return _merge_touching(out)


def _same_ascii_runs(a: list[str], b: list[str]) -> bool:
    """True when both split alike and every ASCII run is unchanged."""
    return len(a) == len(b) and all(x == y for x, y in zip(a, b) if x.isascii() or y.isascii())


def _starts(tokens: list[str]) -> list[int]:
    return list(accumulate(map(len, tokens), initial=0))


def _merge_touching(changes: list[Change]) -> list[Change]:
    out: list[Change] = []
    for ch in changes:
        if out and ch.start <= out[-1].end:
            prev = out[-1]
            out[-1] = Change(prev.start, max(prev.end, ch.end), prev.reason, prev.replacement + ch.replacement)
        else:
            out.append(ch)
    return out


# ---------------------------------------------------------------------------------------
# Stage 2: controls, invisible characters and spaces, one suspicious character at a time
# ---------------------------------------------------------------------------------------

def _matches(pattern: re.Pattern[str], text: str, where: list[tuple[int, int]] | None) -> Iterable[re.Match[str]]:
    """Matches of ``pattern`` in ``text``, or only within the (sorted) spans ``where``."""
    if where is None:
        yield from pattern.finditer(text)
        return
    for start, end in where:
        yield from pattern.finditer(text, start, end)


def _character_changes(
    text: str, suspect: re.Pattern[str], opts: dict[str, Any], where: list[tuple[int, int]] | None = None
) -> list[Change]:
    changes: list[Change] = []
    skip_to = 0
    for m in _matches(suspect, text, where):
        i = m.start()
        if i < skip_to:
            continue
        fix = _char_fix(text, i, opts)
        if fix is None:
            continue
        start, end, repl, reason = fix
        if changes and start < changes[-1].end:
            continue
        if text[start:end] != repl:
            changes.append(Change(start, end, reason, repl))
        skip_to = end
    return changes


def _char_fix(text: str, i: int, opts: dict[str, Any]) -> tuple[int, int, str, str] | None:
    """The fix (start, end, replacement, reason) for the suspect character at ``i``, or None to keep it."""
    ch = text[i]
    if ch in _HSPACE:
        return _space_fix(text, i) if opts["spaces"] else None
    if ch == "\ufffd":
        return i, i + 1, "", "replacement_char"
    if not opts["controls"]:
        return None
    return _invisible_fix(text, i, ch)


def _invisible_fix(text: str, i: int, ch: str) -> tuple[int, int, str, str] | None:
    """The fix for a control, C1, soft hyphen, line separator or zero-width character ``ch`` at ``i``."""
    code = ord(ch)
    if code < 0x20 or code == 0x7F:
        return _control_fix(text, i)
    if 0x80 <= code <= 0x9F:
        if code in _UNDEFINED_CP1252:
            return i, i + 1, "", "control_char"
        return i, i + 1, bytes([code]).decode("windows-1252"), "c1_control"
    if ch == "\u00ad":
        return i, i + 1, "", "soft_hyphen"
    if ch in "\u2028\u2029":
        return i, i + 1, "\n", "line_separator"
    # U+200B, U+2060, U+FEFF
    if ch == "\u200b" and _between(text, i, _NO_SPACE_SCRIPTS):
        return None
    return i, i + 1, "", "zero_width"


def _control_fix(text: str, i: int) -> tuple[int, int, str, str]:
    ch = text[i]
    if ch == "\x1b":
        m = _TERMINAL_ESCAPE.match(text, i)
        if m:
            return i, m.end(), "", "control_char"
    if ch == "\r":  # only when the caller skipped newline normalisation
        return (i, i + 1, "", "control_char") if text.startswith("\n", i + 1) else (i, i + 1, "\n", "control_char")
    if ch in "\x0b\x0c":
        return i, i + 1, "\n", "control_char"
    return i, i + 1, "", "control_char"


def _space_fix(text: str, i: int) -> tuple[int, int, str, str] | None:
    """Normalise the run of horizontal white space around position ``i``."""
    start = i
    while start > 0 and text[start - 1] in _HSPACE:
        start -= 1
    end = i + 1
    n = len(text)
    while end < n and text[end] in _HSPACE:
        end += 1
    run = text[start:end]
    if all(c in " \t" for c in run):
        return None
    at_line_start = start == 0 or text[start - 1] == "\n"
    at_line_end = end == n or text[end] == "\n"
    if run.count("\u3000") == len(run) and _line_has(text, start, end, _CJK):
        return None  # ideographic space is part of CJK typography, indentation included
    if at_line_end and not at_line_start and all(c in _LAYOUT_TRAILING for c in run):
        return None  # trailing white space is the layout cleaner's job
    if at_line_start or at_line_end:
        return start, end, "", "space"
    if len(run) == 1:
        if run in _NB:
            return None  # typography between two visible characters
        before, after = text[start - 1], text[end]
        if after in _FRENCH_BEFORE or before in _FRENCH_AFTER or (before.isdigit() and after.isdigit()):
            return start, end, "\u202f", "space"
        return start, end, " ", "space"
    # One ordinary space for each: a wide gap often separates headlines glued on one line,
    # and the cleaners after this one may read it.
    return start, end, " " * len(run), "space"


def _between(text: str, i: int, script: re.Pattern[str]) -> bool:
    return 0 < i < len(text) - 1 and bool(script.match(text[i - 1])) and bool(script.match(text[i + 1]))


def _line_has(text: str, start: int, end: int, script: re.Pattern[str]) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return script.search(text, line_start, len(text) if line_end < 0 else line_end) is not None


# ---------------------------------------------------------------------------------------
# Stage 3: NFC, line by line
# ---------------------------------------------------------------------------------------

def _nfc_changes(text: str, where: list[tuple[int, int]] | None = None) -> list[Change]:
    changes: list[Change] = []
    lines = _non_nfc_lines(text) if where is None else (
        (start, end) for start, end in where
        if not unicodedata.is_normalized("NFC", text[start:end])
    )
    for start, end in lines:
        line = text[start:end]
        changes.extend(_local_changes(line, _nfc_keeping_compat_ideographs(line), start, "nfc"))
    return changes


def _nfc_keeping_compat_ideographs(line: str) -> str:
    """NFC, except that CJK compatibility ideographs are kept.

    NFC maps them to their unified ideographs, but Korean and Japanese texts use them on
    purpose (one Hanja per reading, names): changing them would damage CJK text.
    """
    if not _COMPAT_IDEOGRAPH.search(line):
        return unicodedata.normalize("NFC", line)
    return "".join(
        piece if _COMPAT_IDEOGRAPH.fullmatch(piece) else unicodedata.normalize("NFC", piece)
        for piece in _COMPAT_IDEOGRAPH_SPLIT.split(line)
    )


def _non_nfc_lines(text: str, block: int = 4096) -> Iterator[tuple[int, int]]:
    """Spans of the lines that are not NFC, checking blocks of lines before single lines.

    ``is_normalized`` is fast on normalised text but normalises in full what fails its
    quick check, so a long text is checked a block at a time.
    """
    n = len(text)
    pos = 0
    while pos < n:
        stop = text.find("\n", min(n, pos + block))
        stop = n if stop < 0 else stop
        chunk = text[pos:stop]
        if not chunk.isascii() and not unicodedata.is_normalized("NFC", chunk):
            line_start = pos
            while line_start <= stop:
                line_end = text.find("\n", line_start, stop)
                line_end = stop if line_end < 0 else line_end
                line = text[line_start:line_end]
                if not line.isascii() and not unicodedata.is_normalized("NFC", line):
                    yield line_start, line_end
                line_start = line_end + 1
        pos = stop + 1


# ---------------------------------------------------------------------------------------
# Composing the stages into one list of changes on the cleaner's input
# ---------------------------------------------------------------------------------------

class _Edits:
    """Changes of successive stages, kept in the coordinates of the original text.

    Each stage sees the text as the earlier stages left it; a change that touches an earlier
    one is merged with it and keeps the earlier reason (a control character inside a repaired
    mojibake run is part of that repair).
    """

    def __init__(self, original: str) -> None:
        self.original = original
        self.current = original
        self.spans: list[list[Any]] = []  # [orig_start, orig_end, replacement, reason]

    def add(self, changes: list[Change]) -> bool:
        """Fold one stage's changes (in the coordinates of ``current``) into the spans.

        Returns whether there was anything to fold in.
        """
        if not changes:
            return False
        if not self.spans:
            self.spans = [[c.start, c.end, c.replacement, c.reason] for c in changes]
            self.current = _apply(self.original, self.spans)
            return True
        items: list[tuple[int, int, int, Any]] = []  # (cur_start, cur_end, kind, payload)
        delta = 0
        for sp in self.spans:
            c0 = sp[0] + delta
            c1 = c0 + len(sp[2])
            items.append((c0, c1, 0, sp))
            delta += len(sp[2]) - (sp[1] - sp[0])
        for ch in changes:
            items.append((ch.start, ch.end, 1, ch))
        items.sort(key=lambda t: (t[0], t[1], t[2]))
        # Group items that overlap, or that touch when one is old and the other new.
        groups: list[list[tuple[int, int, int, Any]]] = []
        g_end = -1
        end_kinds: set[int] = set()
        for item in items:
            if groups and (item[0] < g_end or (item[0] == g_end and (1 - item[2]) in end_kinds)):
                groups[-1].append(item)
                if item[1] > g_end:
                    g_end, end_kinds = item[1], {item[2]}
                elif item[1] == g_end:
                    end_kinds.add(item[2])
                continue
            groups.append([item])
            g_end, end_kinds = item[1], {item[2]}
        spans: list[list[Any]] = []
        cur = self.current
        delta = 0  # current minus original, for positions before the group being built
        for g in groups:
            if len(g) == 1:
                x = g[0]
                if x[2] == 0:
                    spans.append(x[3])
                    sp = x[3]
                    delta += len(sp[2]) - (sp[1] - sp[0])
                else:
                    ch = x[3]
                    spans.append([ch.start - delta, ch.end - delta, ch.replacement, ch.reason])
                continue
            old_spans = [x[3] for x in g if x[2] == 0]
            new_changes = [x[3] for x in g if x[2] == 1]
            g0 = min(x[0] for x in g)
            g1 = max(x[1] for x in g)
            group_delta = sum(len(sp[2]) - (sp[1] - sp[0]) for sp in old_spans)
            o0 = old_spans[0][0] if old_spans and g0 == min(x[0] for x in g if x[2] == 0) else g0 - delta
            if old_spans and g1 == max(x[1] for x in g if x[2] == 0):
                o1 = old_spans[-1][1]
            else:
                o1 = g1 - delta - group_delta
            delta += group_delta
            if not new_changes:
                spans.extend(old_spans)
                continue
            parts: list[str] = []
            pos = g0
            for ch in new_changes:
                parts.append(cur[pos : ch.start])
                parts.append(ch.replacement)
                pos = ch.end
            parts.append(cur[pos:g1])
            reason = old_spans[0][3] if old_spans else new_changes[0].reason
            spans.append([o0, o1, "".join(parts), reason])
        self.spans = spans
        self.current = _apply(self.original, spans)
        return True

    def lines_to_revisit(self, pattern: re.Pattern[str], nfc: bool) -> list[tuple[int, int]]:
        """Changed lines that still hold something ``pattern`` (or NFC) would act on.

        Work left on unchanged lines was there before and has been done; only a change can
        bring new work. Whole lines are checked because ftfy judges a line as a whole.
        Spans are in the coordinates of ``current``, sorted, one per line.
        """
        cur = self.current
        out: list[tuple[int, int]] = []
        delta = 0
        checked_to = -1
        for sp in self.spans:
            c0 = sp[0] + delta
            c1 = c0 + len(sp[2])
            delta += len(sp[2]) - (sp[1] - sp[0])
            if c1 <= checked_to:
                continue
            start = cur.rfind("\n", 0, c0) + 1
            end = cur.find("\n", c1)
            end = len(cur) if end < 0 else end
            checked_to = end
            if pattern.search(cur, start, end) or (
                nfc and not unicodedata.is_normalized("NFC", cur[start:end])
            ):
                # Split into single lines: a change may have inserted newlines.
                pos = start
                while pos <= end:
                    nl = cur.find("\n", pos, end)
                    stop = end if nl < 0 else nl
                    out.append((pos, stop))
                    pos = stop + 1
        return out

    def changes(self) -> list[Change]:
        """The composed changes on the original text, dropping any that changes nothing."""
        return [
            Change(s[0], s[1], s[3], s[2]) for s in self.spans if self.original[s[0] : s[1]] != s[2]
        ]


#: Reasons whose changes inside one word are reported as one change ("Ver­si­che­rung").
_PER_WORD = frozenset({"soft_hyphen"})
_WHITE = re.compile(r"\s")


def _merge_within_words(changes: list[Change], text: str) -> list[Change]:
    """Fold changes of a ``_PER_WORD`` reason that sit in one word into one change.

    German and French pages hyphenate long words several times; one change per word keeps
    the record readable and saves the runner thousands of one-character edits. The text the
    changes give is the same.
    """
    out: list[Change] = []
    for ch in changes:
        if out:
            prev = out[-1]
            if (
                ch.reason is prev.reason or ch.reason == prev.reason
            ) and ch.reason in _PER_WORD and _WHITE.search(text, prev.end, ch.start) is None:
                out[-1] = Change(
                    prev.start, ch.end, prev.reason, prev.replacement + text[prev.end : ch.start] + ch.replacement
                )
                continue
        out.append(ch)
    return out


def _apply(text: str, spans: list[list[Any]]) -> str:
    parts: list[str] = []
    pos = 0
    for s in spans:
        parts.append(text[pos : s[0]])
        parts.append(s[2])
        pos = s[1]
    parts.append(text[pos:])
    return "".join(parts)

