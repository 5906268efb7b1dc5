"""The one access path for region-bound data.

Every read of region-bound data goes through ``<Model>.objects.visible_to(user)``, which filters with
:func:`region_q`: the user's assigned regions and everything below them. Views look objects up through
it, so an object out of scope is a 404 (never a 403 that would confirm it exists).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

_SCOPE_CACHE = "_desk_scope_codes"
_ROLES_CACHE = "_desk_roles_by_region"


def scope_codes(user) -> list[str] | None:
    """Codes of the regions the user is assigned to; None means the whole country (superusers).

    Cached on the user object, so one request asks the database once.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    cached = getattr(user, _SCOPE_CACHE, None)
    if cached is None:
        codes = sorted(set(user.assignments.values_list("region__code", flat=True)))
        cached = _outermost(codes)
        setattr(user, _SCOPE_CACHE, cached)
    return cached


def _outermost(codes: Iterable[str]) -> list[str]:
    """Drop codes that lie inside another code of the list (their subtree is already covered)."""
    kept: list[str] = []
    for code in sorted(codes):
        if not any(code == k or code.startswith(k + ".") for k in kept):
            kept.append(code)
    return kept


def region_q(user, field: str = "region__code") -> Q:
    """The filter that limits a queryset to the user's regions and below. ``field`` names the code."""
    codes = scope_codes(user)
    if codes is None:
        return Q()
    if not codes:
        return Q(pk__in=[])
    condition = Q()
    for code in codes:
        condition |= Q(**{f"{field}__subtree": code})
    return condition


def covers(user, region_code: str) -> bool:
    """Whether a region lies in the user's scope (no query once the scope is cached)."""
    codes = scope_codes(user)
    if codes is None:
        return True
    return any(region_code == c or region_code.startswith(c + ".") for c in codes)


def roles_at(user, region_code: str) -> set[str]:
    """The roles the user holds at this region or at any region above it."""
    if user is None or not user.is_authenticated:
        return set()
    by_region = getattr(user, _ROLES_CACHE, None)
    if by_region is None:
        by_region = {}
        for code, role in user.assignments.values_list("region__code", "role"):
            by_region.setdefault(code, set()).add(role)
        setattr(user, _ROLES_CACHE, by_region)
    roles: set[str] = set()
    for code, held in by_region.items():
        if region_code == code or region_code.startswith(code + "."):
            roles |= held
    return roles


def has_role(user, region_code: str, *roles: str) -> bool:
    """Whether the user holds one of these roles at the region or above. Superusers hold every role."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return True
    return bool(roles_at(user, region_code) & set(roles))


def forget(user) -> None:
    """Drop the cached scope after the user's assignments change."""
    for name in (_SCOPE_CACHE, _ROLES_CACHE):
        if hasattr(user, name):
            delattr(user, name)
