"""Recording audit events. Services call :func:`record` inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from . import clock
from .models import AuditEvent, Channel


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    channel: str = Channel.WEB,
    region_code: str = "",
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Store who did what to which object, from which channel, with before/after values."""
    if not region_code:
        region_code = _region_code_of(obj)
    return AuditEvent.objects.create(
        at=clock.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        region_code=region_code,
        channel=channel,
        changes=changes or {},
        note=note,
    )


def _region_code_of(obj: models.Model) -> str:
    code = getattr(obj, "region_code", None)
    if isinstance(code, str):
        return code
    region = getattr(obj, "region", None)
    return getattr(region, "code", "") or ""
