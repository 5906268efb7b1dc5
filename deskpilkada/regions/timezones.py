"""Which of Indonesia's three time zones a region is in, from its province code.

Each province lies in a single zone (Permendagri/Keppres 41/1987 boundaries): WIB for Sumatra, Java,
West and Central Kalimantan; WITA for Bali, Nusa Tenggara, South/East/North Kalimantan and Sulawesi;
WIT for Maluku and Papua.
"""

WITA_PROVINCES = frozenset({"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"})


def zone_for_code(code: str) -> str:
    """WIB, WITA or WIT for any Kemendagri code ("13.75.01.1001" → "WIB")."""
    province = code[:2]
    if province in WITA_PROVINCES:
        return "WITA"
    if province >= "81":
        return "WIT"
    return "WIB"
