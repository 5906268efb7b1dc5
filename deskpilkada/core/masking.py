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
