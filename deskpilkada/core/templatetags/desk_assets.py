"""Browser assets that may be absent (``node_modules`` not installed): link them only when they exist.

Pages work without htmx; a missing vendor file must not break them, whatever the static storage.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


def _storage_has(path: str) -> bool:
    """Whether collected static files hold the path (production, after collectstatic)."""
    try:
        return staticfiles_storage.exists(path)
    except (NotImplementedError, OSError):
        return False


@lru_cache(maxsize=32)
def _url_if_present(path: str) -> str:
    try:
        url = static(path)  # the manifest storage raises ValueError for a file it does not know
    except ValueError:
        return ""
    if finders.find(path) is None and not _storage_has(path):
        return ""
    return url


@register.simple_tag
def optional_script(path: str) -> str:
    """``<script src=... defer>`` for a static file, or nothing when the file is not there."""
    url = _url_if_present(path)
    if not url:
        return ""
    return format_html('<script src="{}" defer></script>', url)
