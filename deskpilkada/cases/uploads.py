"""Checks on uploaded evidence: by content (magic bytes), not by the name the client gave it.

Only photos (JPEG, PNG, WebP) and PDF documents are kept, at most ``MAX_UPLOAD_BYTES`` each. Files are stored
under a random name in the private media root (outside the web root) and served through the access path.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# (leading bytes, content type, extension); WebP is RIFF....WEBP.
_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"%PDF-", "application/pdf", ".pdf"),
)


@dataclasses.dataclass
class CheckedUpload:
    name: str
    content_type: str
    size: int
    sha256: str
    storage_name: str
    content: ContentFile


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from a file's first bytes, or None when it is not an accepted type."""
    for signature, content_type, extension in _SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", ".webp"
    return None


def check_upload(upload) -> CheckedUpload:
    """Read an uploaded file (Django UploadedFile or any object with ``read()`` and ``name``) and check it."""
    name = PurePath(getattr(upload, "name", "") or "lampiran").name[:200]
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("%(name)s is larger than 10 MB.") % {"name": name})
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("%(name)s is larger than 10 MB.") % {"name": name})
    if not data:
        raise ValidationError(_("%(name)s is empty.") % {"name": name})
    kind = sniff(data[:16])
    if kind is None:
        raise ValidationError(_("%(name)s is not a photo (JPEG, PNG, WebP) or a PDF.") % {"name": name})
    content_type, extension = kind
    return CheckedUpload(
        name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_name=secrets.token_hex(16) + extension,
        content=ContentFile(data),
    )
