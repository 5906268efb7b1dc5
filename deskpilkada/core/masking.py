"""Masking of personal data (UU PDP 27/2022) for people who may know a person exists but not reach them.

Plain functions with no Django import; pages use them through template filters, the API in serializers.
"""


def mask_phone(value: str | None) -> str:
    """ "081234567890" → "0812******90": enough to recognise a number, not to call it."""
    text = str(value or "").strip()
    if not text:
        return ""
    keep_start, keep_end = min(4, len(text) // 3), min(2, len(text) // 4)
    return text[:keep_start] + "*" * (len(text) - keep_start - keep_end) + text[len(text) - keep_end :]


def mask_email(value: str | None) -> str:
    """ "andi.kesbang@example.go.id" → "a***@example.go.id"."""
    text = str(value or "").strip()
    if not text:
        return ""
    local, _, domain = text.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def mask_name(value: str | None) -> str:
    """ "Siti Rahmawati" → "S***": says someone gave a name, not who."""
    text = str(value or "").strip()
    return f"{text[:1]}***" if text else ""


def mask_nik(value: str | None) -> str:
    """ "1375014107900001" → "1375********0001": the regency part and the last digits, never the birth date.

    A NIK has 16 digits; anything shorter keeps less so that at least half of it stays hidden.
    """
    text = str(value or "").strip()
    if not text:
        return ""
    keep = 4 if len(text) >= 16 else len(text) // 4
    return text[:keep] + "*" * (len(text) - 2 * keep) + (text[len(text) - keep :] if keep else "")
