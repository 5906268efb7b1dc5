"""The one access path for region-bound data.

Every read of region-bound data goes through ``<Model>.objects.visible_to(user)``, which filters with
:func:`region_q`: the user's assigned regions and everything below them. Views look objects up through
it, so an object out of scope is a 404 (never a 403 that would confirm it exists).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

_ROLES_CACHE = "_desk_roles_by_region"
_INSTITUTIONS_CACHE = "_desk_liaison_institutions"


def scope_codes(user, roles: Iterable[str] | None = None) -> list[str] | None:
    """Codes of the regions the user is assigned to (with one of ``roles``, when given); None means the whole
    country (superusers).

    The assignments are read once per user object (one query a request) and cached on it.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    wanted = set(roles) if roles is not None else None
    codes = {code for code, held in _roles_by_region(user).items() if wanted is None or held & wanted}
    return _outermost(codes)


def _outermost(codes: Iterable[str]) -> list[str]:
    """Drop codes that lie inside another code of the list (their subtree is already covered)."""
    kept: list[str] = []
    for code in sorted(codes):
        if not any(code == k or code.startswith(k + ".") for k in kept):
            kept.append(code)
    return kept


def region_q(user, field: str = "region__code", roles: Iterable[str] | None = None) -> Q:
    """The filter that limits a queryset to the user's regions and below. ``field`` names the code;
    ``roles`` limits it to the regions where the user holds one of them."""
    codes = scope_codes(user, roles)
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


def _roles_by_region(user) -> dict[str, set[str]]:
    """{region code: roles held there}, read once and cached on the user object."""
    by_region = getattr(user, _ROLES_CACHE, None)
    if by_region is None:
        by_region = {}
        for code, role in user.assignments.values_list("region__code", "role"):
            by_region.setdefault(code, set()).add(role)
        setattr(user, _ROLES_CACHE, by_region)
    return by_region


def roles_at(user, region_code: str, *, exact: bool = False) -> set[str]:
    """The roles the user holds at this region or at any region above it (only at it, with ``exact``)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    roles: set[str] = set()
    for code, held in _roles_by_region(user).items():
        if region_code == code or (not exact and region_code.startswith(code + ".")):
            roles |= held
    return roles


def has_role(user, region_code: str, *roles: str, exact: bool = False) -> bool:
    """Whether the user holds one of these roles at the region or above (only at it, with ``exact``).
    Superusers hold every role."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return True
    return bool(roles_at(user, region_code, exact=exact) & set(roles))


def liaison_institution_ids(user) -> list[int]:
    """The institutions a partner liaison acts for (their cases are those routed to these)."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, _INSTITUTIONS_CACHE, None)
    if cached is None:
        cached = sorted(
            set(user.assignments.filter(institution__isnull=False).values_list("institution_id", flat=True))
        )
        setattr(user, _INSTITUTIONS_CACHE, cached)
    return cached


def forget(user) -> None:
    """Drop the cached scope after the user's assignments change."""
    for name in (_ROLES_CACHE, _INSTITUTIONS_CACHE):
        if hasattr(user, name):
            delattr(user, name)
