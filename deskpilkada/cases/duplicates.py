"""Finding open cases that a new report may duplicate.

Two parts: a pure text similarity (:func:`similarity`, no Django, table-tested) and a query
(:func:`find_similar`) that picks the candidates a duplicate can only be among: open cases of the same category in
the same regency/city subtree that happened within 72 hours of the new report. The form shows the matches before
saving; the secretariat merges real duplicates (``services.merge_case``).

The similarity of two texts is computed on their content words (lower case, no punctuation, Indonesian stop words
and the ``-nya`` suffix removed, numbers without leading zeros so "TPS 003" = "TPS 3"): the mean of their Jaccard
index and their overlap coefficient (shared words over the smaller set), so that a short chat message that a long
web report contains still scores well while two texts that share one word do not.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

WINDOW = dt.timedelta(hours=72)
THRESHOLD = 0.3
MAX_CANDIDATES = 200

_STOP_WORDS_TEXT = """
    ada adalah agar akan aku anda antara apa atas atau bagaimana bagi bahwa baru beberapa begitu belum bisa
    boleh bukan dalam dan dapat dari daripada demikian dengan di dia diri hal hanya harus hingga ia ini itu
    jadi jika juga kalau kami kamu karena ke kemarin kepada ketika kita lagi lain lalu maka masih mau melalui
    mereka namun nya oleh pada para per saat saja saya sebagai sebelum sedang sejak sekali sekitar sementara
    seperti serta setelah sudah supaya tadi tak tanpa telah tentang tersebut tetapi tidak untuk yaitu yakni
    yang bapak ibu pak bu sdr
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_NON_WORD = re.compile(r"[^a-z0-9]+")


def content_words(text: str) -> frozenset[str]:
    """The words of a text that carry its meaning, normalized: "Amplopnya dibagikan di TPS 003!" →
    {"amplop", "dibagikan", "tps", "3"}."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    words = set()
    for word in _NON_WORD.sub(" ", ascii_text).split():
        if word.isdigit():
            word = word.lstrip("0") or "0"
        elif len(word) > 5 and word.endswith("nya"):
            word = word[:-3]
        if word not in STOP_WORDS:
            words.add(word)
    return frozenset(words)


def similarity(a: str, b: str) -> float:
    """How alike two texts are, from 0 (no content word in common) to 1 (the same content words)."""
    words_a, words_b = content_words(a), content_words(b)
    if not words_a or not words_b:
        return 0.0
    shared = len(words_a & words_b)
    jaccard = shared / len(words_a | words_b)
    smaller = min(len(words_a), len(words_b))
    overlap = shared / smaller if smaller >= 2 else jaccard
    return round((jaccard + overlap) / 2, 3)


def is_similar(a: str, b: str, threshold: float = THRESHOLD) -> bool:
    return similarity(a, b) >= threshold


def rank(text: str, occurred_at: dt.datetime, candidates, threshold: float = THRESHOLD) -> list[tuple[float, object]]:
    """(score, candidate) for the candidates (objects with ``title``, ``description``, ``occurred_at``) whose text
    is similar enough, most similar first, then closest in time."""
    scored = []
    for candidate in candidates:
        score = similarity(text, f"{candidate.title} {candidate.description}")
        if score >= threshold:
            scored.append((score, abs(candidate.occurred_at - occurred_at), candidate))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [(score, candidate) for score, _distance, candidate in scored]


def find_similar(data, *, limit: int = 5, user=None, exclude=None) -> list:
    """Open cases that ``data`` (a ``services.CaseInput``) may duplicate, most similar first.

    Candidates: open cases in the same regency/city subtree, of the same category, that happened within 72 hours
    of ``data.occurred_at``. With ``user``, only the cases that user may see (a village operator must not learn
    of cases outside their village); ``exclude`` leaves one case out (the case itself, on its own page). Each
    returned case carries its score in ``case.similarity``.
    """
    from .models import Case

    cases = Case.objects.open().filter(
        region__code__subtree=data.region.code[:5],
        category=data.category,
        occurred_at__gte=data.occurred_at - WINDOW,
        occurred_at__lte=data.occurred_at + WINDOW,
    )
    if user is not None:
        cases = cases.visible_to(user)
    if exclude is not None:
        cases = cases.exclude(pk=exclude.pk)
    candidates = cases.select_related("region", "category", "desk__region").order_by("-created_at")[:MAX_CANDIDATES]
    ranked = rank(f"{data.title} {data.description}", data.occurred_at, candidates)
    found = []
    for score, case in ranked[:limit]:
        case.similarity = score
        found.append(case)
    return found
