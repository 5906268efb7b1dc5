"""Region names as people type them: prefixes ("Kota", "Kab.", "Kec."), case and spacing.

Plain functions with no Django import, so they are table-tested and shared with later text tools.
"""

from __future__ import annotations

import re

# Words that say what kind of region a name is; mapped to the region kinds they can mean.
KIND_PREFIXES: dict[str, tuple[str, ...]] = {
    "provinsi": ("provinsi",),
    "prov": ("provinsi",),
    "kabupaten": ("kabupaten",),
    "kab": ("kabupaten",),
    "kota": ("kota",),
    "kota administrasi": ("kota",),
    "kecamatan": ("kecamatan", "distrik"),
    "kec": ("kecamatan", "distrik"),
    "distrik": ("distrik", "kecamatan"),
    "kelurahan": ("kelurahan",),
    "kel": ("kelurahan",),
    "desa": ("desa", "desa_adat"),
    "nagari": ("desa",),
    "gampong": ("desa",),
}

_NOISE = re.compile(r"[^a-z0-9' ]+")
_SPACES = re.compile(r"\s+")
_PREFIX = re.compile(
    r"^(" + "|".join(sorted((re.escape(p) for p in KIND_PREFIXES), key=len, reverse=True)) + r")\.?\s+"
)


def normalize(text: str) -> str:
    """Lower case, punctuation to spaces, single spaces: "Kab.  Solok" → "kab solok"."""
    text = _NOISE.sub(" ", text.lower().replace(".", ". "))
    return _SPACES.sub(" ", text).strip()


def split_kind(text: str) -> tuple[tuple[str, ...], str]:
    """("kota",), "solok" for "Kota Solok"; (), "bukittinggi" for "Bukittinggi"."""
    name = normalize(text)
    match = _PREFIX.match(name + " ")
    if not match:
        return (), name
    prefix = match.group(1)
    rest = name[len(prefix) :].strip()
    if not rest:  # "Kota" alone is a name, not a prefix
        return (), name
    return KIND_PREFIXES[prefix], rest


def search_key(name: str) -> str:
    """The normalized name without its kind prefix: what name search compares against."""
    return split_kind(name)[1]


def region_search_key(name: str, level: int) -> str:
    """The key stored for a region. Only regency/city names carry their kind ("Kota Solok") in the data;
    districts and villages named "Kota Baru" keep the word."""
    return search_key(name) if level == 2 else normalize(name)
