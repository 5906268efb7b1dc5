"""Recording audit events. Services call :func:`record` inside their transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from . import clock
from .models import AuditEvent, Channel


def record(*, actor: Any, action: str, obj: models.Model, **details: Any) -> AuditEvent:
    """Store who did what to which object, from which channel, with before/after values (``details``: channel,
    region_code, changes, note, as :func:`unsaved` takes them)."""
    event = unsaved(actor=actor, action=action, obj=obj, **details)
    event.save(force_insert=True)
    return event


def record_all(events: list[AuditEvent]) -> list[AuditEvent]:
    """Store several events made by :func:`unsaved` in one statement (a hot path writing one per object)."""
    return AuditEvent.objects.bulk_create(events)


def unsaved(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    channel: str = Channel.WEB,
    region_code: str = "",
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """The event :func:`record` would store, not yet saved (for :func:`record_all`)."""
    if not region_code:
        region_code = _region_code_of(obj)
    return AuditEvent(
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


def jsonable(value: Any) -> Any:
    """A value as the audit trail stores it: dates and decimals as text, related objects by code or pk."""
    if isinstance(value, dt.date | Decimal):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(value, models.Model):
        return getattr(value, "code", None) or value.pk
    return value


def diff(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the values that differ from the object's."""
    return {
        field: [jsonable(getattr(obj, field)), jsonable(after)]
        for field, after in values.items()
        if getattr(obj, field) != after
    }


def apply(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the values that differ on the object (unsaved); return the changes as :func:`diff` does."""
    changes = diff(obj, values)
    for field in changes:
        setattr(obj, field, values[field])
    return changes


def created(values: dict[str, Any]) -> dict[str, list[Any]]:
    """The changes of a new object: every value from nothing."""
    return {field: [None, jsonable(value)] for field, value in values.items()}
