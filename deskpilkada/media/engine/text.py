"""Text helpers shared by the engine: a case-folded copy with the same offsets, words, sentences, numbers."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+(?:['’][0-9A-Za-z]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]?[A-Z0-9])")

# Indonesian number words, for "empat pasangan calon".
NUMBER_WORDS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
    "dua belas": 12,
    "tiga belas": 13,
    "empat belas": 14,
    "lima belas": 15,
    "dua puluh": 20,
    "seratus": 100,
    "seribu": 1000,
}


_NOT_WORD = re.compile(r"[\W_]")


def fold(text: str) -> str:
    """Lower case, every character that is not a letter or digit turned into a space, *same length*.

    Offsets in the folded text are offsets in the original, so a match found in one is shown from the other.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return _NOT_WORD.sub(" ", lowered)
    out = []  # a character whose lower case is longer ("İ"): keep it as it is
    for ch in text:
        if ch.isalnum():
            low = ch.lower()
            out.append(low if len(low) == 1 else ch)
        else:
            out.append(" ")
    return "".join(out)


def squash(text: str) -> str:
    """Folded and with single spaces: the form of names and phrases in the lookup tables."""
    return " ".join(fold(text).split())


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def normalize_unicode(text: str) -> str:
    """NFC, non-breaking and zero-width spaces to plain spaces, curly quotes kept."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ").replace("\u2007", " ").replace("\u202f", " ")
    return re.sub(r"[\u200b\u200c\u200d\ufeff]", "", text)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: breaks after . ! ? followed by a capital or digit. Abbreviations such
    as "H." or "Dr." before a name break wrongly now and then; callers only use sentences as windows."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def is_capitalized(original: str) -> bool:
    """Whether a surface form is written as a proper name: its first letter upper case."""
    for ch in original:
        if ch.isalpha():
            return ch.isupper()
    return False


def parse_number(token: str) -> float | None:
    """Indonesian number notation: "97.517" → 97517, "68,29" → 68.29, "2.000" → 2000, "4,1" → 4.1."""
    token = token.strip()
    if not token:
        return None
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", token):
        return float(token.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+(?:,\d+)?", token):
        return float(token.replace(",", "."))
    if re.fullmatch(r"\d+\.\d{1,2}", token):  # 68.29 written the English way
        return float(token)
    return None
