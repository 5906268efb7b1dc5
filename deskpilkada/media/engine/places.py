"""Every region an article mentions, mapped to its Kemendagri code, and the article's main region.

A :class:`Gazetteer` is built from (code, name, kind) rows — the caller passes them from the Region table — and
looks every name up in one pass with an Aho-Corasick automaton (pyahocorasick), whatever the size of the tree.
Around each name, the words decide:

- **Namesakes**: "Solok" is Kota Solok (13.72) after "Kota", "Pemko", "Wali Kota", "Wako", "Balaikota" and
  Kabupaten Solok (13.02) after "Kabupaten", "Kab.", "Pemkab", "Bupati". A bare name takes the reading the same
  name has elsewhere in the article, else the one inside a province the article names, else the city (the
  town the name is of) before the regency.
- **Spelling variants**: Guguk/Guguak Panjang, Sumatra/Sumatera Barat, Sumbar (``data/variants.csv``,
  ``data/aliases.csv``); two-word names also match written as one word ("Padangpanjang").
- **Capital towns** stand for their regency: Arosuka → Kabupaten Solok (``data/capitals.csv``).
- **Venue vs subject**: a name inside "di Aula Balaikota Pariaman", "digelar di Padang" or "di Hotel ... Padang"
  is where a meeting was held; it weighs little for the main region and, when it is all the article says of a
  region, that region's role is ``venue``.
- **Districts and villages** are matched bare only when written as a proper name, inside a regency/city the
  article names, and when their name is not made of common words ("Koto Baru", "Pasar", ``data/common_words.txt``):
  those need their prefix ("Nagari Koto Baru", "Kelurahan Pasar Baru").

The main region is the regency/city (or the province) with the highest score: each mention counts 1, more in
the title (+2) and the lead (+1), more after an office or institution ("Wali Kota Bukittinggi", "KPU Kabupaten
Solok": +1), much less as a venue (x0.3); the dateline's place adds 1; a district or village counts for its
regency/city; a province's own mentions count half, since "se-Sumatera Barat" sets the scene more often than
it names the subject. The choice comes with its explanation.
"""

from __future__ import annotations

import bisect
import csv
import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import ahocorasick

from .text import fold, is_capitalized, squash

DATA_DIR = Path(__file__).resolve().parent / "data"

# Words just before a name that say what kind of region it is.
KIND_CUES: dict[str, frozenset[str]] = {
    "kota": frozenset({"kota"}),
    "pemko": frozenset({"kota"}),
    "pemkot": frozenset({"kota"}),
    "walikota": frozenset({"kota"}),
    "wako": frozenset({"kota"}),
    "wawako": frozenset({"kota"}),
    "balaikota": frozenset({"kota"}),
    "kotamadya": frozenset({"kota"}),
    "kabupaten": frozenset({"kabupaten"}),
    "kab": frozenset({"kabupaten"}),
    "pemkab": frozenset({"kabupaten"}),
    "bupati": frozenset({"kabupaten"}),
    "wabup": frozenset({"kabupaten"}),
    "provinsi": frozenset({"provinsi"}),
    "propinsi": frozenset({"provinsi"}),
    "prov": frozenset({"provinsi"}),
    "pemprov": frozenset({"provinsi"}),
    "gubernur": frozenset({"provinsi"}),
    "wagub": frozenset({"provinsi"}),
    "kecamatan": frozenset({"kecamatan", "distrik"}),
    "kec": frozenset({"kecamatan", "distrik"}),
    "camat": frozenset({"kecamatan", "distrik"}),
    "distrik": frozenset({"distrik", "kecamatan"}),
    "kelurahan": frozenset({"kelurahan"}),
    "kel": frozenset({"kelurahan"}),
    "lurah": frozenset({"kelurahan"}),
    "desa": frozenset({"desa", "desa_adat"}),
    "kades": frozenset({"desa", "desa_adat"}),
    "nagari": frozenset({"desa"}),
    "walinagari": frozenset({"desa"}),
    "gampong": frozenset({"desa"}),
    "pekon": frozenset({"desa"}),
    # The election's bodies of a district or village: "PPK Lubuk Sikarah", "PPS Tarok Dipo".
    "ppk": frozenset({"kecamatan", "distrik"}),
    "panwascam": frozenset({"kecamatan", "distrik"}),
    "pps": frozenset({"kelurahan", "desa", "desa_adat"}),
    "pkd": frozenset({"kelurahan", "desa", "desa_adat"}),
}
LIST_WORDS = frozenset({"dan", "serta", "atau"})
# Offices and institutions whose name is followed by their region: "Wali Kota Bukittinggi", "KPU Kabupaten Solok".
OFFICE_WORDS = frozenset(
    [
        "wali",
        "walikota",
        "wako",
        "wawako",
        "bupati",
        "wabup",
        "gubernur",
        "wagub",
        "sekda",
        "sekretaris",
        "kpu",
        "bawaslu",
        "panwaslu",
        "panwascam",
        "polres",
        "polresta",
        "polda",
        "polsek",
        "kapolres",
        "kapolresta",
        "kapolda",
        "kodim",
        "dandim",
        "korem",
        "danrem",
        "kejari",
        "kajari",
        "kejati",
        "kajati",
        "kesbangpol",
        "kaban",
        "kakan",
        "pemko",
        "pemkot",
        "pemkab",
        "pemprov",
        "pemerintah",
        "dprd",
        "camat",
        "lurah",
        "satpol",
        "dinas",
        "bpbd",
        "disdukcapil",
        "diskominfo",
        "ppk",
        "pps",
        "kpps",
        "inspektorat",
        "pj",
        "pjs",
        "plt",
        "plh",
        "desk",
        "forkopimda",
    ]
)
VENUE_VERBS = frozenset(
    [
        "berlangsung",
        "digelar",
        "dilaksanakan",
        "diadakan",
        "bertempat",
        "diselenggarakan",
        "dipusatkan",
        "berlokasi",
        "dihelat",
    ]
)
# Events whose place follows "di": "Rakor Kesiapan Pilkada di Padang", "Gelar Bimtek KPPS di Bukittinggi".
EVENT_WORDS = frozenset(
    [
        "rakor",
        "rapat",
        "bimtek",
        "bimbingan",
        "pelatihan",
        "sosialisasi",
        "apel",
        "pertemuan",
        "acara",
        "kegiatan",
        "fgd",
        "seminar",
        "workshop",
        "lokakarya",
        "konferensi",
        "kongres",
        "musyawarah",
        "gelar",
        "menggelar",
        "sidang",
    ]
)
FACILITY_WORDS = frozenset(
    [
        "aula",
        "balaikota",
        "balai",
        "gedung",
        "hotel",
        "kantor",
        "pendopo",
        "rumah",
        "ruang",
        "ruangan",
        "auditorium",
        "convention",
        "centre",
        "center",
        "hall",
        "gor",
        "lapangan",
        "masjid",
        "istana",
        "graha",
        "wisma",
        "kompleks",
        "komplek",
        "ballroom",
        "mess",
        "restoran",
        "resto",
        "kafe",
        "cafe",
        "stadion",
        "taman",
        "resort",
        "rujab",
        "mapolres",
        "mako",
        "markas",
        "kampus",
        "universitas",
        "gelanggang",
        "padepokan",
    ]
)
_CLAUSE_BREAK = re.compile(r"[.;:!?\n]")


@dataclasses.dataclass(frozen=True)
class Place:
    code: str
    name: str  # as the tree writes it: "Kota Solok", "Guguak Panjang"
    kind: str

    @property
    def level(self) -> int:
        return self.code.count(".") + 1

    @property
    def regency_code(self) -> str:
        """The regency/city the place lies in (its own code at that level); the province code for a province."""
        return self.code[:5] if self.level >= 2 else self.code

    @property
    def display_name(self) -> str:
        if self.level == 2:
            return self.name
        prefix = {"provinsi": "Provinsi", "kecamatan": "Kecamatan", "distrik": "Distrik", "kelurahan": "Kelurahan"}
        return f"{prefix.get(self.kind, 'Desa' if self.level == 4 else '')} {self.name}".strip()


@dataclasses.dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    code: str
    how: str  # "name", "alias", "variant", "capital", "common" (a common-word name after its kind word)
    cue: str  # the kind word before it ("kota", "bupati"), or ""
    venue: bool
    official: bool
    in_title: bool
    in_lead: bool


@dataclasses.dataclass(frozen=True)
class RegionRef:
    code: str
    name: str
    role: str  # "subject", "venue" or "mentioned"
    mentions: int
    score: float
    evidence: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "role": self.role, "mentions": self.mentions}


# What counted for a region when the main region was chosen, in the English of ``PlaceResult.main_reason``.
EXPLANATION_COUNTS = {
    "mentions": "mentions",
    "title": "in the title",
    "lead": "in the lead",
    "official": "after an office or institution",
    "venue": "as a venue",
    "district_or_village": "through a district or village",
    "capital": "through its capital town",
    "dateline": "in the dateline",
}


@dataclasses.dataclass(frozen=True)
class PlaceResult:
    main: str | None
    main_reason: str  # in English, for logs and the evaluation; pages render ``main_explanation``
    regions: tuple[RegionRef, ...]
    mentions: tuple[Mention, ...]
    ambiguous: tuple[str, ...]  # surfaces left unplaced because several regions fit
    # What chose the main region: {"score", "counts": {EXPLANATION_COUNTS key: n}, "runner_up": {code, name, score}}
    main_explanation: dict = dataclasses.field(default_factory=dict)

    def role_of(self, code: str) -> str | None:
        return next((r.role for r in self.regions if r.code == code), None)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


@cache
def shipped_capitals() -> tuple[tuple[str, str], ...]:
    return tuple((r["code"], r["capital"]) for r in _read_csv(DATA_DIR / "capitals.csv"))


@cache
def shipped_aliases() -> tuple[tuple[str, str], ...]:
    return tuple((r["alias"], r["code"]) for r in _read_csv(DATA_DIR / "aliases.csv"))


@cache
def shipped_variants() -> tuple[tuple[str, str], ...]:
    return tuple((r["word"], r["variant"]) for r in _read_csv(DATA_DIR / "variants.csv"))


@cache
def shipped_common_words() -> frozenset[str]:
    text = (DATA_DIR / "common_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _bare_name(name: str, level: int) -> str:
    """The name as articles write it: "Kabupaten Solok" → "solok", "Kota Administrasi Jakarta Selatan" →
    "jakarta selatan"; others folded as they are."""
    folded = squash(name)
    if level == 2:
        folded = re.sub(r"^(?:kabupaten|kota)(?: administrasi)? ", "", folded)
    return folded


class _Doc:
    """The folded text with single spaces, and the way back to the original's offsets."""

    def __init__(self, text: str):
        self.text = text
        tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", fold(text))]
        self.tokens = tokens
        folded = fold(text)
        parts, starts, pos = [], [], 0
        for start, end in tokens:
            starts.append(pos)
            parts.append(folded[start:end])
            pos += end - start + 1
        self.parts = parts
        self.squashed = " ".join(parts)
        self.starts = starts  # position of each token in ``squashed``

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the squashed span [start, end)."""
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_right(self.starts, end - 1) - 1
        return self.tokens[first][0] + (start - self.starts[first]), self.tokens[last][0] + (end - self.starts[last])

    def token_index(self, squashed_pos: int) -> int:
        return bisect.bisect_right(self.starts, squashed_pos) - 1

    def tokens_before(self, token: int, n: int) -> list[str]:
        first = max(0, token - n)
        return [self.token_text(i) for i in range(first, token)]

    def token_text(self, i: int) -> str:
        return self.parts[i]


class Gazetteer:
    """Names of regions → codes, for one region tree. Build it once and reuse it (it is read-only)."""

    def __init__(
        self,
        rows: Iterable[tuple[str, str, str]],
        *,
        capitals: Iterable[tuple[str, str]] | None = None,
        aliases: Iterable[tuple[str, str]] | None = None,
        variants: Iterable[tuple[str, str]] | None = None,
        common_words: Iterable[str] | None = None,
    ):
        self.places: dict[str, Place] = {code: Place(code, name, kind) for code, name, kind in rows}
        self.common_words = frozenset(shipped_common_words() if common_words is None else common_words)
        pairs = shipped_variants() if variants is None else tuple(variants)
        self._variants: dict[str, set[str]] = defaultdict(set)
        for word, variant in pairs:
            self._variants[word].add(variant)
            self._variants[variant].add(word)
        keys: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for place in self.places.values():
            base = _bare_name(place.name, place.level)
            if not base:
                continue
            forms = {(base, "name")} | {(v, "variant") for v in self._spellings(base) if v != base}
            if place.level <= 2 and base.count(" ") == 1:
                forms.add((base.replace(" ", ""), "variant"))
            for form, how in forms:
                common = place.level >= 3 and self.is_common(form)
                keys[form].add((place.code, "common" if common else how))
        for town, code in ((t, c) for c, t in (shipped_capitals() if capitals is None else capitals)):
            if code in self.places:
                keys[squash(town)].add((code, "capital"))
        for alias, code in shipped_aliases() if aliases is None else aliases:
            if code in self.places:
                keys[squash(alias)].add((code, "alias"))
        self._automaton = ahocorasick.Automaton()
        for key, entries in keys.items():
            self._automaton.add_word(key, (len(key), tuple(sorted(entries))))
        self._automaton.make_automaton()
        self.size = len(keys)

    def _spellings(self, name: str) -> set[str]:
        """The name with each word in each of its spellings (at most 8 forms)."""
        forms = {""}
        for word in name.split():
            options = {word} | self._variants.get(word, set())
            forms = {f"{f} {o}".strip() for f in forms for o in options}
            if len(forms) > 8:
                break
        return forms if len(forms) <= 8 else {name}

    def is_common(self, name: str) -> bool:
        words = name.split()
        return (len(words) == 1 and len(name) < 5) or all(w in self.common_words or w.isdigit() for w in words)

    # --- matching -------------------------------------------------------------------------------------------

    def _raw_matches(self, doc: _Doc) -> list[tuple[int, int, tuple[tuple[str, str], ...]]]:
        text = doc.squashed
        found = []
        for end, (length, entries) in self._automaton.iter(text):
            start = end - length + 1
            if (start > 0 and text[start - 1] != " ") or (end + 1 < len(text) and text[end + 1] != " "):
                continue
            found.append((start, end + 1, entries))
        # Longest first, then leftmost; no overlaps.
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        chosen: list[tuple[int, int, tuple[tuple[str, str], ...]]] = []
        for m in found:
            if all(m[1] <= c[0] or m[0] >= c[1] for c in chosen):
                chosen.append(m)
        chosen.sort()
        return chosen

    def find(self, text: str, *, title_end: int = 0, lead: tuple[int, int] = (0, 0), dateline: str = "") -> PlaceResult:
        """The regions of an article. ``text`` is the title and the body; ``title_end`` the end of the title in it,
        ``lead`` the span of the lead paragraph, ``dateline`` the dateline's place ("PADANG", "Arosuka")."""
        doc = _Doc(text)
        pending = []
        previous: tuple[int, str] = (-10, "")  # (last token, cue) of the match before
        for start, end, entries in self._raw_matches(doc):
            o_start, o_end = doc.original_span(start, end)
            surface = text[o_start:o_end]
            token = doc.token_index(start)
            before = doc.tokens_before(token, 12)
            cue = _cue(before)
            # "Kecamatan Koto Tangah dan Pauh", "Kecamatan Tampan, Bukit Raya": the list shares its kind word.
            if (
                not cue
                and previous[1]
                and (previous[0] == token - 1 or (previous[0] == token - 2 and before and before[-1] in LIST_WORDS))
            ):
                joined = text[doc.tokens[previous[0]][1] : o_start]
                if re.fullmatch(r"\s*(?:,|,?\s*(?:dan|serta|atau))\s*", joined):
                    cue = previous[1]
            previous = (doc.token_index(end - 1), cue if cue in KIND_CUES and _is_sub_cue(cue) else "")
            clause = _clause_before(text, o_start)
            pending.append(
                {
                    "start": o_start,
                    "end": o_end,
                    "surface": surface,
                    "entries": entries,
                    "cue": cue,
                    "venue": _is_venue(clause),
                    "official": any(w in OFFICE_WORDS for w in before[-4:]),
                    "in_title": o_start < title_end,
                    "in_lead": lead[0] <= o_start < lead[1],
                    "capitalized": is_capitalized(surface.split()[-1]),
                }
            )
        mentions, ambiguous = self._resolve(pending)
        dateline_codes: list[str] = []
        if dateline:
            resolved, _ = self._resolve(
                [
                    {
                        "start": -1,
                        "end": -1,
                        "surface": dateline,
                        "entries": entries,
                        "cue": "",
                        "venue": False,
                        "official": False,
                        "in_title": False,
                        "in_lead": False,
                        "capitalized": True,
                    }
                    for _, _, entries in self._raw_matches(_Doc(dateline))
                ],
                anchors={self.places[m.code].regency_code for m in mentions},
            )
            dateline_codes = [m.code for m in resolved]
        return self._summarise(mentions, ambiguous, dateline_codes)

    def _resolve(self, pending: list[dict], anchors: set[str] | None = None) -> tuple[list[Mention], list[str]]:
        places = self.places
        resolved: dict[int, tuple[str, str]] = {}
        ambiguous: list[str] = []
        top_pending: list[int] = []
        for i, p in enumerate(pending):
            entries = p["entries"]
            if not p["capitalized"]:
                continue  # "padang rumput", "bakal digelar": a word, not a name
            if p["cue"]:
                wanted = KIND_CUES[p["cue"]]
                narrowed = tuple(e for e in entries if places[e[0]].kind in wanted)
                if narrowed:
                    entries = narrowed
                    p["entries"] = narrowed
            top = [e for e in entries if places[e[0]].level <= 2]
            if top:
                p["entries"] = tuple(top)
                if len({e[0] for e in top}) == 1:
                    resolved[i] = top[0]
                else:
                    top_pending.append(i)
        # Namesakes among provinces and regencies/cities: the reading given elsewhere in the article, else one
        # inside a province the article names, else province before city before regency.
        by_surface: dict[str, Counter] = defaultdict(Counter)
        for i, (code, _) in resolved.items():
            by_surface[squash(pending[i]["surface"])][code] += 1
        provinces = {places[c].code[:2] for c, _ in resolved.values()}
        for i in top_pending:
            p = pending[i]
            entries = p["entries"]
            codes = {e[0] for e in entries}
            seen = by_surface.get(squash(p["surface"]), Counter())
            known = [c for c, _ in seen.most_common() if c in codes]
            if known:
                code = known[0]
            else:
                inside = [c for c in codes if c[:2] in provinces]
                pool = inside or sorted(codes)
                code = min(pool, key=lambda c: (_kind_rank(places[c]), c))
            resolved[i] = next(e for e in entries if e[0] == code)
        regencies = {places[c].regency_code for c, _ in resolved.values() if places[c].level >= 2}
        regencies |= anchors or set()
        provinces = {c[:2] for c, _ in resolved.values()}
        for i, p in enumerate(pending):
            if i in resolved:
                continue
            # A district or village needs its name written as a name, and either its kind word ("Kecamatan",
            # "Nagari", "PPK") or a regency/city of the article around it; one named with common words
            # ("Koto Baru", "Pasar Baru") always needs its kind word.
            cue_kinds = KIND_CUES.get(p["cue"], frozenset())
            entries = tuple(e for e in p["entries"] if e[1] != "common" or places[e[0]].kind in cue_kinds)
            if not entries:
                continue
            prefixed = any(places[e[0]].kind in cue_kinds for e in entries)
            inside = [e for e in entries if places[e[0]].regency_code in regencies]
            if not p["capitalized"]:
                continue
            if not prefixed or inside:
                entries = tuple(inside)
            elif len({e[0] for e in entries}) > 1:
                entries = tuple(e for e in entries if e[0][:2] in provinces)
            codes = {e[0] for e in entries}
            if len(codes) == 1:
                resolved[i] = entries[0]
            elif len(codes) > 1:
                ambiguous.append(p["surface"])
        mentions = [
            Mention(
                start=p["start"],
                end=p["end"],
                surface=p["surface"],
                code=resolved[i][0],
                how=resolved[i][1],
                cue=p["cue"],
                venue=p["venue"],
                official=p["official"],
                in_title=p["in_title"],
                in_lead=p["in_lead"],
            )
            for i, p in enumerate(pending)
            if i in resolved
        ]
        return mentions, ambiguous

    def _summarise(self, mentions: list[Mention], ambiguous: list[str], dateline_codes: list[str]) -> PlaceResult:
        places = self.places
        by_code: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            by_code[m.code].append(m)
        scores: dict[str, float] = defaultdict(float)
        notes: dict[str, Counter] = defaultdict(Counter)
        for m in mentions:
            place = places[m.code]
            weight = 1.0 + 2.0 * m.in_title + 1.0 * m.in_lead + 1.0 * m.official
            if m.venue:
                weight *= 0.3
            target = place.regency_code if place.level >= 2 else place.code
            if place.level == 1:
                weight *= 0.5
            scores[target] += weight
            note = notes[target]
            note["mentions"] += 1
            note["title"] += m.in_title
            note["lead"] += m.in_lead
            note["official"] += m.official
            note["venue"] += m.venue
            if place.level >= 3:
                note["district_or_village"] += 1
            if m.how == "capital":
                note["capital"] += 1
        for code in dateline_codes:
            target = places[code].regency_code if places[code].level >= 2 else code
            scores[target] += 1.0
            notes[target]["dateline"] += 1
        main = None
        reason = "no region of the tree is named"
        explanation: dict = {}
        if scores:
            first_seen = {}
            for m in mentions:
                target = places[m.code].regency_code if places[m.code].level >= 2 else m.code
                first_seen.setdefault(target, m.start)
            ranked = sorted(scores, key=lambda c: (-scores[c], first_seen.get(c, 1 << 30)))
            main = ranked[0]
            counts = {key: n for key, n in notes[main].items() if n}
            explanation = {"score": round(scores[main], 1), "counts": counts, "runner_up": None}
            parts = [f"{places[main].display_name} ({main}): score {scores[main]:.1f}"]
            parts.append(", ".join(f"{n} {EXPLANATION_COUNTS[key]}" for key, n in counts.items()))
            if len(ranked) > 1:
                runner = ranked[1]
                parts.append(f"next {places[runner].display_name} ({runner}) {scores[runner]:.1f}")
                explanation["runner_up"] = {
                    "code": runner,
                    "name": places[runner].display_name,
                    "score": round(scores[runner], 1),
                }
            reason = "; ".join(p for p in parts if p)
        regions = []
        for code, items in sorted(by_code.items(), key=lambda kv: kv[1][0].start):
            place = places[code]
            if code == main or (place.level >= 3 and place.regency_code == main and not all(m.venue for m in items)):
                role = "subject"
            elif all(m.venue for m in items):
                role = "venue"
            else:
                role = "mentioned"
            evidence = tuple(dict.fromkeys(m.surface for m in items))
            target = place.regency_code if place.level >= 2 else code
            regions.append(
                RegionRef(code, place.display_name, role, len(items), round(scores.get(target, 0.0), 2), evidence)
            )
        if main is not None and main not in by_code:
            # Named only through its districts, villages, capital or the dateline.
            regions.insert(0, RegionRef(main, places[main].display_name, "subject", 0, round(scores[main], 2), ()))
        return PlaceResult(main, reason, tuple(regions), tuple(mentions), tuple(dict.fromkeys(ambiguous)), explanation)


def _is_sub_cue(cue: str) -> bool:
    return bool(KIND_CUES[cue] & {"kecamatan", "distrik", "kelurahan", "desa", "desa_adat"})


def _kind_rank(place: Place) -> int:
    return {"provinsi": 0, "kota": 1, "kabupaten": 2}.get(place.kind, 3)


def _cue(before: list[str]) -> str:
    """The kind word right before a name ("Wali Kota", "Kab.", "Pemkab", "Balaikota"), or ""."""
    if not before:
        return ""
    last = before[-1]
    if last in KIND_CUES:
        return last
    return ""


def _clause_before(text: str, start: int, limit: int = 90) -> str:
    window = text[max(0, start - limit) : start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    return window


def _is_venue(clause: str) -> bool:
    """Whether the clause leading to a name makes it the place of a meeting: "berlangsung di Aula Balaikota",
    "digelar di", "di Hotel ...". Between "di" and the name stand only facility words and capitalised words
    (the venue's own name): "sembilan provinsi, yakni" after "berlangsung di" is a list, not a venue."""
    raw = re.findall(r"[\w'’]+", clause)
    if not raw:
        return False
    words = [w.lower() for w in raw]
    for i in range(len(words) - 1, -1, -1):
        if words[i] != "di":
            continue
        between = raw[i + 1 :]
        if len(between) > 8 or not all(w.lower() in FACILITY_WORDS or w[:1].isupper() for w in between):
            return False
        has_facility = any(w.lower() in FACILITY_WORDS for w in between)
        after_verb = i > 0 and words[i - 1] in VENUE_VERBS
        after_event = any(w in EVENT_WORDS for w in words[max(0, i - 4) : i])
        return has_facility or ((after_verb or after_event) and len(between) <= 3)
    return False
