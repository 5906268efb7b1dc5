"""One story per event: near-duplicate articles grouped incrementally with MinHash LSH (datasketch).

Outlets republish one press release with small edits: the seeds' two copies share 37% of their word
trigrams (Jaccard, measured), while unrelated articles of the same region share under 2%. But a release
*template* filled in for another regency ("KPU Kota X tetapkan DPT ...") shares almost as much text as a
rewrite. So text similarity finds the candidates and three facts decide:

1. the **main region** agrees (it partitions the index: a candidate is only ever looked up in its own region);
2. the **dates** agree: the event days the texts write are the same, and the story dates (event or
   publication) lie at most ``MAX_DAYS`` apart;
3. the **figures** do not contradict: for every unit both articles count (pemilih, TPS, persen, ...), they share
   a value; "97.517 pemilih" and "120.400 pemilih" are two stories however similar the words.

Candidates come from an LSH index per region (word trigrams of content words, 128 permutations, LSH threshold
0.15: datasketch picks 51 bands of 2 rows, which finds pairs at Jaccard 0.2 with probability 0.88 and at 0.3
with 0.99) plus, since a rewrite can fall below that, every item of the same region on nearby days (a small
block). An article joins the story of the most similar candidate at estimated Jaccard >= ``MATCH_JACCARD``;
else it opens a story. A story keeps every outlet and the earliest time.

State: the LSH holds only items within ``window_days`` of the newest story date, so memory and lookup time
depend on a few weeks' news, not on the store's size; the store keeps every item. The index is rebuilt from
database rows (:meth:`StoryIndex.from_rows`) with the signature stored per item (:func:`signature_bytes`), so
nothing lives only in one process's memory: the Django service loads the rows of one region and date window,
rebuilds, assigns, and stores the result.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from .text import fold

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
LSH_THRESHOLD = 0.15
MATCH_JACCARD = 0.15
MATCH_JACCARD_NO_REGION = 0.35
MAX_DAYS = 3
WINDOW_DAYS = 21
# Units whose values must agree for two articles to be one story.
# (Counts of people in general — "orang", "warga", "peserta" — are written too loosely to decide.)
STRICT_UNITS = frozenset(
    ["pemilih", "tps", "persen", "paslon", "personel", "surat_suara", "kotak_suara", "amplop", "rupiah"]
)
# A rewrite that paraphrases most sentences still keeps the release's facts: when the text is at least this
# similar, the category agrees and two anchors are shared (a quotation, a person's name, a figure; one of them a
# quotation or a figure; a quotation of ten words or more, and a second shared figure, count as two), it is the
# same story.
MATCH_JACCARD_ANCHORED = 0.04
# Three shared figures of ten or more (1.204 surat suara, 1.046 TPS, 420 personel) with no figure in conflict are
# facts no other event of that region, day and category repeats, so the text need share little more than chance:
# at 4% the 128-permutation estimate has a standard error of about 1.7 points, too coarse to decide alone.
MATCH_JACCARD_FACTS = 0.02
_QUOTE = re.compile(r"[\"“”]([^\"“”]{25,600})[\"“”]")
STOPWORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "ini",
        "itu",
        "dengan",
        "untuk",
        "pada",
        "dalam",
        "juga",
        "akan",
        "oleh",
        "tersebut",
        "para",
        "se",
        "serta",
        "atau",
        "bahwa",
        "ada",
        "sebagai",
        "telah",
        "sudah",
        "kepada",
        "karena",
        "agar",
        "bisa",
        "dapat",
        "tidak",
        "harus",
        "ia",
        "nya",
        "pun",
        "lah",
        "kah",
        "saat",
        "hal",
        "the",
        "of",
        "kata",
        "ujar",
        "ungkap",
        "menurut",
    ]
)
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED)
# datasketch chooses bands and rows for a threshold by numerical integration (about 60 ms); choose once.
_PROBE = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
LSH_PARAMS = (_PROBE.b, _PROBE.r)
del _PROBE


def shingles(text: str, n: int = 3) -> set[bytes]:
    words = [w for w in fold(text).split() if w not in STOPWORDS]
    if len(words) < n:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + n]).encode() for i in range(len(words) - n + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash signature (128 uint32 values) of the text's word trigrams."""
    m = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_TEMPLATE.permutations, scheme=SCHEME)
    grams = shingles(text)
    if grams:
        m.update_batch(list(grams))
    return m.hashvalues.copy()


_ATTRIBUTION = re.compile(
    r"\b(?:kata|ujar|ungkap|jelas|tegas|tutur|sebut|imbuh)(?:nya)?,?\s+((?:[A-Z][\w'’.]*\s?){1,6})"
)
_NOT_PERSON = frozenset(
    [
        "ketua",
        "kepala",
        "anggota",
        "wakil",
        "wali",
        "kota",
        "kabupaten",
        "bupati",
        "gubernur",
        "sekda",
        "sekretaris",
        "kapolres",
        "kapolda",
        "camat",
        "lurah",
        "pj",
        "pjs",
        "plt",
        "kpu",
        "bawaslu",
        "dinas",
        "badan",
        "komisioner",
        "koordinator",
        "kasat",
        "kabag",
        "direktur",
        "menteri",
        "dan",
        "di",
    ]
)


def attributed_people(text: str) -> list[str]:
    """Names after "kata", "ujar", ... ("ujar Ketua KPU Kota Solok Dedi Syahputra" → "Dedi Syahputra")."""
    names = []
    for m in _ATTRIBUTION.finditer(text):
        words = [w.strip(".,") for w in m.group(1).split()]
        tail: list[str] = []
        for w in reversed(words):
            if w.lower() in _NOT_PERSON or w.isupper():
                break
            tail.insert(0, w)
        if tail:
            names.append(" ".join(tail[-3:]))
    return names


def anchors(text: str, people: Iterable[str] = ()) -> frozenset[str]:
    """What a rewrite keeps: five-word pieces of the quotations ("q:...") and the people named, as officials or
    after "kata"/"ujar" ("p:...")."""
    out: set[str] = set()
    people = [*people, *attributed_people(text)]
    for m in _QUOTE.finditer(text):
        words = fold(m.group(1)).split()
        out.update("q:" + " ".join(words[i : i + 5]) for i in range(max(0, len(words) - 4)))
    out.update("p:" + " ".join(fold(name).split()) for name in people if name)
    return frozenset(out)


def signature_bytes(sig: np.ndarray) -> bytes:
    return np.asarray(sig, dtype=np.uint32).tobytes()


def signature_from_bytes(raw: bytes) -> np.ndarray:
    sig = np.frombuffer(raw, dtype=np.uint32)
    if sig.size != NUM_PERM:
        raise ValueError(f"a signature has {NUM_PERM} values, not {sig.size}")
    return sig


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


@dataclasses.dataclass(frozen=True)
class Features:
    """What grouping needs of one analysed article."""

    key: Hashable  # the item's id
    region: str | None
    day: dt.date | None
    figures: frozenset[tuple[str, float]]
    signature: np.ndarray
    outlet: str = ""
    at: dt.datetime | None = None  # publication (or reception) time, for the story's earliest time
    category: str = ""
    anchors: frozenset[str] = frozenset()
    event_day: dt.date | None = None  # the day of the event as the text writes it (not the publication's)


@dataclasses.dataclass
class Story:
    key: Hashable
    items: list[Hashable]
    outlets: list[str]
    earliest: dt.datetime | None
    region: str | None
    day: dt.date | None


@dataclasses.dataclass(frozen=True)
class Assignment:
    story: Hashable
    joined: bool  # False when the item opened a new story
    matched: Hashable | None  # the item it was found similar to
    similarity: float
    reason: str


def figures_conflict(a: frozenset[tuple[str, float]], b: frozenset[tuple[str, float]]) -> str:
    """The unit on which the two articles give different figures, or ""."""
    by_unit_a: dict[str, set[float]] = defaultdict(set)
    by_unit_b: dict[str, set[float]] = defaultdict(set)
    for unit, value in a:
        by_unit_a[unit].add(value)
    for unit, value in b:
        by_unit_b[unit].add(value)
    for unit in sorted(set(by_unit_a) & set(by_unit_b) & STRICT_UNITS):
        if not by_unit_a[unit] & by_unit_b[unit]:
            return unit
    return ""


def shared_anchors(a: Features, b: Features) -> tuple[int, int, int]:
    """(quotation pieces, people, figures of 10 or more) that both articles have."""
    common = a.anchors & b.anchors
    quotes = sum(1 for x in common if x.startswith("q:"))
    people = sum(1 for x in common if x.startswith("p:"))
    # Small numbers ("tiga orang", "2 TPS") coincide by chance; a shared 534 TPS or 771 rumah does not.
    figures = sum(1 for _, value in a.figures & b.figures if value >= 10)
    return quotes, people, figures


def compatible(a: Features, b: Features) -> tuple[bool, float, str]:
    """Whether ``a`` can join ``b``'s story: (yes, similarity, reason)."""
    sim = similarity(a.signature, b.signature)
    if a.region != b.region:
        return False, sim, "another main region"
    if a.day is not None and b.day is not None and abs((a.day - b.day).days) > MAX_DAYS:
        return False, sim, "dates too far apart"
    if a.event_day is not None and b.event_day is not None and a.event_day != b.event_day:
        return False, sim, "another event day"  # copies of one release report the same day, whenever published
    unit = figures_conflict(a.figures, b.figures)
    if unit:
        return False, sim, f"different figures ({unit})"
    needed = MATCH_JACCARD if a.region else MATCH_JACCARD_NO_REGION
    if sim >= needed:
        return True, sim, "same region, dates and figures; similar text"
    if a.region and sim >= MATCH_JACCARD_ANCHORED and a.category and a.category == b.category:
        quotes, people, figures = shared_anchors(a, b)
        # A long quotation (ten words and more: six five-word pieces) counts twice.
        points = (quotes >= 2) + (quotes >= 6) + (people >= 1) + (figures >= 1) + (figures >= 2)
        if points >= 2 and (quotes >= 2 or figures >= 1):
            return True, sim, "same region, dates, category, quotation and facts; rewritten text"
    facts_agree = a.region and a.category and a.category == b.category and shared_anchors(a, b)[2] >= 3
    if facts_agree and sim >= MATCH_JACCARD_FACTS:
        return True, sim, "same region, dates, category and three or more figures; rewritten text"
    return False, sim, "text too different"


class StoryIndex:
    """Incremental grouping. ``assign`` places one article; ``add`` records one already placed (rebuilding)."""

    def __init__(self, *, window_days: int = WINDOW_DAYS, use_lsh: bool = True):
        self.window_days = window_days
        # Without the LSH, candidates are the block alone (same region, story dates at most MAX_DAYS apart): the
        # database service loads exactly those rows for a dated article, so hashing them into an LSH would
        # find nothing more (``compatible`` refuses anything further apart) and cost most of the ingest time.
        self.use_lsh = use_lsh
        self._lsh: dict[str, MinHashLSH] = {}
        self._block: dict[tuple[str, dt.date | None], list[Hashable]] = defaultdict(list)
        self._features: dict[Hashable, Features] = {}
        self._story_of: dict[Hashable, Hashable] = {}
        self._in_lsh: dict[Hashable, str] = {}
        self._by_day: dict[dt.date, list[Hashable]] = defaultdict(list)
        self.stories: dict[Hashable, Story] = {}
        self._newest: dt.date | None = None
        self._next_story = 1

    def __len__(self) -> int:
        return len(self._features)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[Features, Hashable]], **kwargs) -> StoryIndex:
        """Rebuild from stored rows: (features, story key) each, in the order they were assigned."""
        index = cls(**kwargs)
        for features, story in rows:
            index.add(features, story)
        return index

    def story_of(self, key: Hashable) -> Hashable:
        return self._story_of[key]

    def _partition(self, features: Features) -> str:
        return features.region or "-"

    def _candidates(self, features: Features) -> list[Hashable]:
        partition = self._partition(features)
        found: list[Hashable] = []
        lsh = self._lsh.get(partition)
        if lsh is not None and not lsh.is_empty():
            found.extend(lsh.query(LeanMinHash(seed=SEED, hashvalues=features.signature, scheme=SCHEME)))
        if features.day is not None:
            for delta in range(-MAX_DAYS, MAX_DAYS + 1):
                found.extend(self._block.get((partition, features.day + dt.timedelta(days=delta)), ()))
        return list(dict.fromkeys(k for k in found if k != features.key))

    def assign(self, features: Features, *, new_story_key: Hashable | None = None) -> Assignment:
        best, best_sim, reason = None, 0.0, "no similar article"
        for key in self._candidates(features):
            other = self._features[key]
            ok, sim, why = compatible(features, other)
            if ok and sim > best_sim:
                best, best_sim, reason = key, sim, why
            elif not ok and best is None and sim >= MATCH_JACCARD:
                reason = f"similar to an earlier article but {why}"
        if best is not None:
            story = self._story_of[best]
            self.add(features, story)
            return Assignment(story, True, best, best_sim, reason)
        story = new_story_key if new_story_key is not None else self._new_story_key()
        self.add(features, story)
        return Assignment(story, False, None, 0.0, reason)

    def _new_story_key(self) -> int:
        while self._next_story in self.stories:
            self._next_story += 1
        key = self._next_story
        self._next_story += 1
        return key

    def add(self, features: Features, story: Hashable) -> None:
        if features.key in self._features:
            raise ValueError(f"item {features.key!r} is already in the index")
        self._features[features.key] = features
        self._story_of[features.key] = story
        entry = self.stories.get(story)
        if entry is None:
            entry = self.stories[story] = Story(story, [], [], features.at, features.region, features.day)
        entry.items.append(features.key)
        if features.outlet and features.outlet not in entry.outlets:
            entry.outlets.append(features.outlet)
        if features.at is not None and (entry.earliest is None or features.at < entry.earliest):
            entry.earliest = features.at
        if features.day is not None and (entry.day is None or features.day < entry.day):
            entry.day = features.day
        partition = self._partition(features)
        self._block[(partition, features.day)].append(features.key)
        if not self.use_lsh:
            return
        if (
            features.day is not None
            and self._newest is not None
            and features.day < self._newest - dt.timedelta(days=self.window_days)
        ):
            return  # too old to be matched by text; kept in the store
        lsh = self._lsh.get(partition)
        if lsh is None:
            lsh = self._lsh[partition] = MinHashLSH(num_perm=NUM_PERM, params=LSH_PARAMS)
        lsh.insert(features.key, LeanMinHash(seed=SEED, hashvalues=features.signature, scheme=SCHEME))
        self._in_lsh[features.key] = partition
        if features.day is not None:
            self._by_day[features.day].append(features.key)
            if self._newest is None or features.day > self._newest:
                self._newest = features.day
                self._evict()

    def _evict(self) -> None:
        """Take items older than the window out of the LSH (they stay in the store and in their story)."""
        if self._newest is None:
            return
        limit = self._newest - dt.timedelta(days=self.window_days)
        for day in [d for d in self._by_day if d < limit]:
            for key in self._by_day.pop(day):
                partition = self._in_lsh.pop(key, None)
                if partition is not None:
                    self._lsh[partition].remove(key)
            for partition_day in [k for k in self._block if k[1] == day]:
                del self._block[partition_day]

    @property
    def lsh_size(self) -> int:
        return len(self._in_lsh)


def tokens_for_grouping(title: str, text: str) -> str:
    """The text that grouping compares: title and body, without the outlet-specific dateline."""
    return re.sub(r"\s+", " ", f"{title}\n{text}").strip()
