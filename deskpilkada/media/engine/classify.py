"""What an article is about: its category, the election stage it concerns, and whether it reports a problem,
a risk or routine work — from an Indonesian lexicon, each answer with the phrases that produced it.

Categories are the case taxonomy's codes (``deskpilkada/cases/data/categories.csv``), so a signal becomes a
case of the same category. The taxonomy has no notion of a coordination meeting or other routine activity,
which is most of what regional governments publish; the media lexicon adds ``rapat_koordinasi`` for it (a case
made from such a story takes "lainnya"). The lexicon is ``data/lexicon.csv``; the taxonomy's own keywords can
be added at a low weight (:meth:`Lexicon.with_keywords`).

Scoring: each phrase occurrence adds its weight, times 2.5 in the title and 1.5 in the lead; a phrase counts at
most three times. A topic (any category but ``rapat_koordinasi``) named in the title by a phrase of weight 1 or
more wins; a meeting named in
the title with no topic there makes it ``rapat_koordinasi``; otherwise a topic must outweigh the meeting words
by a third. Nothing above the floor is ``lainnya``. No trained classifier: the labelled data (the evaluation
set) is too small to train one that would beat the rules honestly.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import ahocorasick

from .text import squash

DATA_DIR = Path(__file__).resolve().parent / "data"
ROUTINE = "rapat_koordinasi"
OTHER = "lainnya"
TITLE_WEIGHT, LEAD_WEIGHT = 2.5, 1.5
MAX_COUNT = 3
CATEGORY_FLOOR = 2.0
TITLE_MIN_WEIGHT = 1.0  # a weak word in the title ("lurah", "asn") does not make the title name a topic
NEGATIONS = frozenset(
    [
        "tidak",
        "tak",
        "bukan",
        "belum",
        "tanpa",
        "jangan",
        "cegah",
        "mencegah",
        "hindari",
        "menghindari",
        "antisipasi",
        "mengantisipasi",
        "tolak",
        "menolak",
        "larang",
        "melarang",
        "dilarang",
        "agar",
        "supaya",
    ]
)


@dataclasses.dataclass(frozen=True)
class Evidence:
    field: str  # "category", "kind" or "stage"
    label: str
    phrase: str  # as written in the article
    where: str  # "title", "lead" or "body"

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Classification:
    category: str
    category_scores: dict[str, float]
    kind: str  # "problem", "risk" or "routine"
    stage: str  # a stage code of the calendar, or ""
    stage_how: str  # "lexicon", "date" or ""
    evidence: tuple[Evidence, ...]

    def evidence_for(self, field: str, label: str) -> list[Evidence]:
        return [e for e in self.evidence if e.field == field and e.label == label]


@dataclasses.dataclass(frozen=True)
class StageSpan:
    code: str
    start: dt.date | None
    end: dt.date | None
    parent: str = ""


class Lexicon:
    def __init__(self, rows: Iterable[tuple[str, str, str, float]]):
        self.rows = tuple(rows)
        table: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
        for field, label, phrase, weight in self.rows:
            table[squash(phrase)].append((field, label, float(weight)))
        self._automaton = ahocorasick.Automaton()
        for key, entries in table.items():
            self._automaton.add_word(key, (len(key), tuple(entries)))
        self._automaton.make_automaton()
        self.categories = sorted({label for field, label, _, _ in self.rows if field == "category"})

    @classmethod
    @cache
    def shipped(cls) -> Lexicon:
        with open(DATA_DIR / "lexicon.csv", encoding="utf-8", newline="") as handle:
            lines = [line for line in handle if line.strip() and not line.startswith("#")]
        return cls((r["field"], r["label"], r["phrase"], float(r["weight"])) for r in csv.DictReader(lines))

    def with_keywords(self, keywords: Iterable[tuple[str, str]], weight: float = 0.5) -> Lexicon:
        """This lexicon plus (category, keyword) pairs (the taxonomy's keywords) for phrases it lacks."""
        known = {(squash(phrase)) for _, _, phrase, _ in self.rows}
        extra = [("category", code, kw, weight) for code, kw in keywords if squash(kw) and squash(kw) not in known]
        return Lexicon(self.rows + tuple(extra))

    def matches(self, text: str) -> list[tuple[int, int, tuple[tuple[str, str, float], ...]]]:
        """(start, end, entries) in the squashed text, whole words only, longest first without overlaps."""
        found = []
        for end, (length, entries) in self._automaton.iter(text):
            start = end - length + 1
            if (start > 0 and text[start - 1] != " ") or (end + 1 < len(text) and text[end + 1] != " "):
                continue
            found.append((start, end + 1, entries))
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        chosen: list[tuple[int, int, tuple[tuple[str, str, float], ...]]] = []
        for m in found:
            if all(m[1] <= c[0] or m[0] >= c[1] for c in chosen):
                chosen.append(m)
        chosen.sort()
        return chosen


def classify(
    title: str,
    lead: str,
    body: str,
    *,
    lexicon: Lexicon | None = None,
    calendar: Iterable[StageSpan] = (),
    on: dt.date | None = None,
) -> Classification:
    """Category, kind and stage of an article. ``body`` is the text after the lead; ``calendar`` the stages of
    the current election and ``on`` the article's date, for the stage when no stage phrase is found."""
    lexicon = lexicon or Lexicon.shipped()
    scores: dict[tuple[str, str], float] = defaultdict(float)
    title_hits: dict[tuple[str, str], float] = defaultdict(float)
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    evidence: list[Evidence] = []
    for where, part, factor in (("title", title, TITLE_WEIGHT), ("lead", lead, LEAD_WEIGHT), ("body", body, 1.0)):
        squashed = squash(part)
        words = squashed.split(" ")
        for start, end, entries in lexicon.matches(squashed):
            phrase = squashed[start:end]
            before = squashed[:start].split()[-3:]
            negated = any(w in NEGATIONS for w in before)
            for field, label, weight in entries:
                if field == "kind" and label == "problem" and negated:
                    continue
                key = (field, label, phrase)
                counts[key] += 1
                if counts[key] > MAX_COUNT:
                    continue
                scores[(field, label)] += weight * factor
                if where == "title" and weight >= TITLE_MIN_WEIGHT:
                    title_hits[(field, label)] += weight
                evidence.append(Evidence(field, label, phrase, where))
        del words
    category = _category(scores, title_hits)
    kind = _kind(scores, category)
    stage, stage_how = _stage(scores, calendar, on)
    category_scores = {label: round(v, 2) for (field, label), v in scores.items() if field == "category"}
    kept = [e for e in evidence if (e.field, e.label) in {("category", category), ("kind", kind), ("stage", stage)}]
    return Classification(category, category_scores, kind, stage, stage_how, tuple(dict.fromkeys(kept)))


def _category(scores: dict, title_hits: dict) -> str:
    topics = {label: v for (field, label), v in scores.items() if field == "category" and label != ROUTINE}
    routine = scores.get(("category", ROUTINE), 0.0)
    if not topics and routine < CATEGORY_FLOOR:
        return OTHER
    best = max(topics, key=lambda c: (topics[c], c)) if topics else None
    best_score = topics.get(best, 0.0) if best else 0.0
    title_topics = {label: v for (field, label), v in title_hits.items() if field == "category" and label != ROUTINE}
    routine_title = title_hits.get(("category", ROUTINE), 0.0)
    if title_topics:
        # The topic the title names, the strongest of them overall.
        titled = max(title_topics, key=lambda c: (topics.get(c, 0.0), c))
        if title_topics[titled] >= routine_title or topics[titled] >= 2 * routine:
            return titled
    if routine_title and routine >= CATEGORY_FLOOR:
        return ROUTINE if best_score < 2 * routine else best
    if best and best_score >= CATEGORY_FLOOR and best_score >= 1.33 * routine:
        return best
    if routine >= CATEGORY_FLOOR:
        return ROUTINE
    return best if best and best_score >= CATEGORY_FLOOR else OTHER


def _kind(scores: dict, category: str) -> str:
    problem = scores.get(("kind", "problem"), 0.0)
    risk = scores.get(("kind", "risk"), 0.0)
    routine = scores.get(("kind", "routine"), 0.0)
    if category == ROUTINE:
        return "problem" if problem >= max(8.0, 2 * routine) else "routine"
    if problem >= 3.0 and problem >= 0.8 * risk and problem >= 0.6 * routine:
        return "problem"
    if risk >= 2.0 and risk >= 0.6 * routine:
        return "risk"
    return "routine"


def _stage(scores: dict, calendar: Iterable[StageSpan], on: dt.date | None) -> tuple[str, str]:
    stages = {label: v for (field, label), v in scores.items() if field == "stage"}
    if stages:
        best = max(stages, key=lambda s: (stages[s], s))
        if stages[best] >= 2.0:
            return best, "lexicon"
    if on is not None:
        under_way = [s for s in calendar if (s.start is None or s.start <= on) and (s.end is None or on <= s.end)]
        if under_way:
            specific = [s for s in under_way if s.parent] or under_way
            # The shortest stage under way is the most specific one.
            best = min(specific, key=lambda s: ((s.end or dt.date.max) - (s.start or dt.date.min)).days)
            return best.code, "date"
    return "", ""
