"""Who and how many: officials with their positions, institutions, and figures with their meaning.

- Officials: a position ("Pjs Wali Kota", "Sekda", "Kapolres", "Ketua KPU") optionally followed by its region
  (the places found by ``places``) and the person's name: "Pjs Wali Kota Bukittinggi, H. Hani Syopiar Rustam",
  "Pj Wako Payakumbuh Suprayitno", "Sekretaris Daerah Kabupaten Solok Aswirman".
- Institutions: a lexicon of the election's institutions (KPU, Bawaslu, Polri, TNI, Kejaksaan, Kesbangpol,
  DKPP, BKN, ASN, ...) with their usual spellings, each with how often it is named.
- Figures: a number (97.517, 68,29, "empat") followed by what it counts (pemilih, TPS, persen, pasangan
  calon, ...), with the words before it that say what it is ("target partisipasi 80 persen", "DPT ... 97.517
  pemilih"). Years and dates are not figures.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable

from .text import NUMBER_WORDS, parse_number

_TITLES = r"(?:(?:H|Hj|Dr|Drs|Dra|Ir|Prof|KH|Hc|Sr)\.\s?)*"
_POSITION = (
    r"(?:(?:Pjs|Pj|Plt|Plh|Penjabat(?:\s+Sementara)?|Pelaksana\s+Tugas)\.?\s+(?:\(\s*Pjs?\s*\)\s+)?)?"
    r"(?:Wakil\s+Wali\s+Kota|Wali\s*Kota|Walikota|Wawako|Wako|Wakil\s+Bupati|Wabup|Bupati|Wakil\s+Gubernur|Wagub"
    r"|Gubernur|Sekretaris\s+Daerah|Sekda|Kapolres(?:ta)?|Kapolda|Kapolsek|Dandim|Danrem|Pangdam|Kajari|Kajati"
    r"|Kepala\s+(?:Badan\s+|Kantor\s+)?Kesbangpol|Kaban\s+Kesbangpol|Kakan\s+Kesbangpol|Kepala\s+Dinas\s+\w+"
    r"|Ketua\s+(?:KPU|Bawaslu|DPRD|DKPP|Panwaslu|PPK|PPS|KPPS)|Anggota\s+(?:KPU|Bawaslu)|Komisioner\s+(?:KPU|Bawaslu)"
    r"|Kasat\s+Pol\s?PP|Camat|Lurah|Wali\s+Nagari|Kepala\s+Desa|Kades|Menteri\s+Dalam\s+Negeri|Mendagri"
    r"|Direktur\s+Jenderal|Dirjen)"
)
_POSITION_RE = re.compile(rf"\b{_POSITION}\b")
_NAME = re.compile(
    rf"^[\s,]*(?:{_TITLES})(?P<name>(?:[A-Z][a-z'’]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z'’]+|[A-Z]\.|[A-Z]{{2,4}}\b(?!\s+[A-Z][a-z])))"
    r"{0,4})(?=[\s,.;:)]|$)"
)
# Capitalised words that follow a position but are not a person's name.
_NOT_NAME = frozenset(
    [
        "Kota",
        "Kabupaten",
        "Kab",
        "Provinsi",
        "Kecamatan",
        "Kelurahan",
        "Desa",
        "Nagari",
        "Pemerintah",
        "Pemko",
        "Pemkab",
        "Pemprov",
        "Sumatera",
        "Sumatra",
        "Barat",
        "Tim",
        "Desk",
        "Pilkada",
        "Bersama",
        "Beserta",
        "Didampingi",
        "Dalam",
        "Pada",
        "Saat",
        "Yang",
        "Dan",
        "Serta",
        "Ini",
        "Itu",
        "Ketika",
        "Mengatakan",
        "Menyampaikan",
        "Menegaskan",
        "Kegiatan",
        "Rapat",
        "Politik",
        "Pemerintahan",
        "Umum",
        "Polpum",
        "Kemendagri",
        "Bidang",
        "Kepala",
        "Kabag",
        "Kasat",
        "Ketua",
        "Kaban",
        "Kakan",
        "Asisten",
        "Staf",
        "Wakil",
        "Anggota",
        "Komisioner",
        "Sekretaris",
        "Camat",
        "Lurah",
        "Senin",
        "Selasa",
        "Rabu",
        "Kamis",
        "Jumat",
        "Sabtu",
        "Minggu",
        "Pjs",
        "Pj",
        "Plt",
        "Sekda",
        "Bupati",
        "Gubernur",
        "Wako",
        "KPU",
        "Bawaslu",
        "Polri",
        "TNI",
        "DKPP",
        "BKN",
        "ASN",
        "Kesbangpol",
        "Forkopimda",
        "DPRD",
        "Kejaksaan",
        "Polres",
        "Kodim",
        "Satpol",
    ]
)

INSTITUTIONS: dict[str, tuple[str, ...]] = {
    "KPU": ("kpu", "komisi pemilihan umum", "kpud"),
    "Bawaslu": ("bawaslu", "badan pengawas pemilu", "badan pengawas pemilihan umum", "panwaslu", "panwascam"),
    "PPK/PPS/KPPS": ("ppk", "pps", "kpps", "pantarlih"),
    "Polri": ("polri", "polres", "polresta", "polda", "polsek", "kepolisian", "kapolres", "kapolda", "polisi"),
    "TNI": ("tni", "kodim", "korem", "kodam", "koramil", "dandim", "danrem", "babinsa"),
    "Kejaksaan": ("kejaksaan", "kejari", "kejati", "kajari", "kajati", "jaksa"),
    "Gakkumdu": ("gakkumdu", "sentra gakkumdu"),
    "Kesbangpol": ("kesbangpol", "kesatuan bangsa dan politik"),
    "DKPP": ("dkpp", "dewan kehormatan penyelenggara pemilu"),
    "BKN": ("bkn", "badan kepegawaian negara"),
    "ASN": ("asn", "aparatur sipil negara", "pns", "pppk"),
    "Kemendagri": ("kemendagri", "kementerian dalam negeri", "mendagri", "ditjen polpum"),
    "Satpol PP": ("satpol pp", "satpolpp", "polpp", "pol pp"),
    "BPBD": ("bpbd", "badan penanggulangan bencana daerah"),
    "BMKG": ("bmkg",),
    "Disdukcapil": ("disdukcapil", "dukcapil"),
    "Diskominfo": ("diskominfo", "kominfo", "komdigi"),
    "Forkopimda": ("forkopimda",),
    "DPRD": ("dprd",),
    "Mahkamah Konstitusi": ("mahkamah konstitusi",),
    "PLN": ("pln",),
}
_INSTITUTION_RE = re.compile(
    r"\b(?:"
    + "|".join(sorted((re.escape(v) for vs in INSTITUTIONS.values() for v in vs), key=len, reverse=True))
    + r")\b",
    re.I,
)
_INSTITUTION_OF = {v: k for k, vs in INSTITUTIONS.items() for v in vs}

# What a figure counts, longest first; the key is the unit as stored.
UNITS: dict[str, tuple[str, ...]] = {
    "pemilih": ("pemilih", "orang pemilih", "jiwa pemilih", "daftar pemilih"),
    "tps": ("tps", "tempat pemungutan suara"),
    "persen": ("persen", "%"),
    "paslon": ("pasangan calon", "paslon", "pasang calon", "kandidat", "calon"),
    "peserta": ("peserta",),
    "personel": ("personel", "personil", "aparat"),
    "petugas": ("petugas", "anggota kpps", "kpps", "orang petugas"),
    "orang": ("orang", "warga", "jiwa"),
    "surat_suara": ("surat suara", "lembar surat suara", "lembar"),
    "kotak_suara": ("kotak suara",),
    "pemilihan": ("pemilihan",),
    "daerah": ("daerah", "kabupaten/kota", "kabupaten dan kota"),
    "kota": ("kota",),
    "kabupaten": ("kabupaten",),
    "provinsi": ("provinsi",),
    "kecamatan": ("kecamatan",),
    "desa": ("desa", "nagari", "kelurahan", "jorong"),
    "amplop": ("amplop",),
    "kasus": ("kasus", "laporan", "temuan", "perkara", "pelanggaran"),
    "rumah": ("rumah", "unit rumah"),
    "rupiah": ("rupiah",),
}
_UNIT_WORDS = sorted(((w, k) for k, ws in UNITS.items() for w in ws), key=lambda x: -len(x[0]))
_UNIT_RE = "|".join(re.escape(w) for w, _ in _UNIT_WORDS)
_UNIT_OF = dict(_UNIT_WORDS)
_NUMBER_WORD_RE = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_SCALE = {"ribu": 1_000, "juta": 1_000_000, "miliar": 1_000_000_000, "milyar": 1_000_000_000, "triliun": 10**12}
_FIGURE = re.compile(
    rf"(?<![\w/.,])(?:(?P<rp>Rp\.?\s?)(?P<rpnum>\d[\d.,]*)(?:\s*(?P<rpscale>ribu|juta|miliar|milyar|triliun))?"
    rf"|(?P<num>\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?|(?P<word>{_NUMBER_WORD_RE}))"
    rf"(?:\s*(?P<scale>ribu|juta|miliar|milyar))?\s*(?P<unit>{_UNIT_RE})(?![\w]))",
    re.I,
)
# Words before a figure that say what it is, and the meaning they give; the nearest one counts.
_MEANINGS = {
    "target partisipasi": "target partisipasi",
    "target": "target",
    "menargetkan": "target",
    "ditargetkan": "target",
    "partisipasi": "partisipasi",
    "kehadiran": "partisipasi",
    "dpt": "dpt",
    "daftar pemilih tetap": "dpt",
    "daftar pemilih": "dpt",
    "pemilih pemula": "pemilih pemula",
    "disabilitas": "disabilitas",
    "rawan": "rawan",
    "kerawanan": "rawan",
    "tambahan": "tambahan",
    "pindahan": "pindahan",
    "ganda": "ganda",
    "meninggal": "meninggal",
    "sakit": "sakit",
    "diamankan": "diamankan",
    "ditemukan": "ditemukan",
    "suara sah": "suara sah",
    "tidak sah": "tidak sah",
    "pengamanan": "pengamanan",
    "logistik": "logistik",
    "rusak": "rusak",
    "kekurangan": "kurang",
    "terdampak": "terdampak",
    "banjir": "bencana",
    "longsor": "bencana",
}
_MEANING_RE = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _MEANINGS), key=len, reverse=True)) + r")\b")


@dataclasses.dataclass(frozen=True)
class Official:
    position: str  # "Pjs Wali Kota"
    region: str  # the region code the position belongs to, or ""
    name: str  # "Hani Syopiar Rustam", or "" when the text gives none
    text: str

    def as_dict(self) -> dict:
        return {"position": self.position, "region": self.region, "name": self.name}


@dataclasses.dataclass(frozen=True)
class Institution:
    name: str
    count: int
    region: str  # the region of its first mention with one ("KPU Bukittinggi" → 13.75), or ""

    def as_dict(self) -> dict:
        return {"name": self.name, "count": self.count, "region": self.region}


@dataclasses.dataclass(frozen=True)
class Figure:
    value: float
    unit: str
    meaning: str  # the words that say what is counted ("target partisipasi", "DPT"), or ""
    text: str

    @property
    def key(self) -> tuple[str, float]:
        return self.unit, self.value

    def as_dict(self) -> dict:
        value = int(self.value) if float(self.value).is_integer() else self.value
        return {"value": value, "unit": self.unit, "meaning": self.meaning, "text": self.text}


def _region_after(pos: int, spans: list[tuple[int, int, str]], text: str) -> tuple[str, int]:
    """The region named right after ``pos`` ("Wali Kota Bukittinggi", "KPU Kabupaten Solok"): (code, end)."""
    for start, end, code in spans:
        if start < pos:
            continue
        gap = text[pos:start]
        if re.fullmatch(r"[\s,]*(?:(?:Kota|Kabupaten|Kab\.?|Provinsi|Prov\.?|Kecamatan|Kec\.?)\s*)?", gap):
            return code, end
        break
    return "", pos


def officials(text: str, region_spans: Iterable[tuple[int, int, str]] = ()) -> list[Official]:
    """Officials with their positions; ``region_spans`` are (start, end, code) of the places in ``text``."""
    spans = sorted(region_spans)
    out: list[Official] = []
    seen: set[tuple[str, str, str]] = set()
    for m in _POSITION_RE.finditer(text):
        position = re.sub(r"\s+", " ", m.group(0)).strip()
        code, after = _region_after(m.end(), spans, text)
        name = ""
        nm = _NAME.match(text[after:])
        if nm:
            words = nm.group("name").split()
            kept: list[str] = []
            for w in words:
                if w.rstrip(".") in _NOT_NAME:
                    break
                kept.append(w)
            name = " ".join(kept).strip(" ,")
            if len(name) < 3 or name.isupper() and len(name) <= 4:
                name = ""
        key = (position.lower(), code, name)
        if key in seen or (not name and not code):
            continue
        seen.add(key)
        out.append(Official(position, code, name, text[m.start() : after + (nm.end() if nm and name else 0)].strip()))
    return out


def institutions(text: str, region_spans: Iterable[tuple[int, int, str]] = ()) -> list[Institution]:
    spans = sorted(region_spans)
    counts: Counter = Counter()
    regions: dict[str, str] = {}
    for m in _INSTITUTION_RE.finditer(text):
        surface = m.group(0)
        if surface.islower() and len(surface) <= 4:
            continue  # "pps", "asn" written in lower case is seldom the institution
        name = _INSTITUTION_OF[surface.lower()]
        counts[name] += 1
        if name not in regions:
            code, _ = _region_after(m.end(), spans, text)
            if code:
                regions[name] = code
    return [Institution(name, n, regions.get(name, "")) for name, n in counts.most_common()]


def figures(text: str) -> list[Figure]:
    out: list[Figure] = []
    for m in _FIGURE.finditer(text):
        if m["rp"]:
            value = parse_number(m["rpnum"].rstrip(".,"))
            if value is None:
                continue
            value *= _SCALE.get((m["rpscale"] or "").lower(), 1)
            unit = "rupiah"
        else:
            if m["word"]:
                value = float(NUMBER_WORDS[m["word"].lower()])
            else:
                value = parse_number(m["num"])
                if value is None:
                    continue
            value *= _SCALE.get((m["scale"] or "").lower(), 1)
            unit = _UNIT_OF[m["unit"].lower()]
            if m["num"] and re.fullmatch(r"(?:19|20)\d\d", m["num"]) and unit not in ("pemilih", "tps", "orang"):
                continue  # "Pilkada 2024 calon" is a year
            if m["word"] and text[max(0, m.start() - 6) : m.start()].lower().endswith("salah "):
                continue  # "salah satu paslon": one of them, not a count
        before = text[max(0, m.start() - 70) : m.start()].lower()
        found = list(_MEANING_RE.finditer(before))
        meaning = _MEANINGS[found[-1].group(0)] if found else ""
        out.append(Figure(value, unit, meaning, m.group(0).strip()))
    return out
