"""Named reads of regions, including the subtree roll-ups the region browser and the API show."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Substr

from deskpilkada.accounts import access

from . import names

# Length of a code at each level: "13", "13.75", "13.75.01", "13.75.01.1001".
CODE_LENGTH = {1: 2, 2: 5, 3: 8, 4: 13}


class RegionScopedQuerySet(models.QuerySet):
    """A queryset of rows bound to a region; ``region_code_field`` names the path to the region's code.

    Every region-bound model's manager derives from this, so `visible_to(user)` is the one access path.
    """

    region_code_field = "region__code"

    def visible_to(self, user):
        """Only rows in the user's regions and below (see deskpilkada.accounts.access)."""
        return self.filter(access.region_q(user, self.region_code_field))

    def within(self, code: str):
        """Rows in this region and below."""
        return self.filter(**{f"{self.region_code_field}__subtree": code})


class RegionQuerySet(RegionScopedQuerySet):
    region_code_field = "code"

    def below(self, code: str) -> RegionQuerySet:
        return self.filter(code__below=code)

    def at_level(self, level: int) -> RegionQuerySet:
        return self.filter(level=level)

    def provinces(self) -> RegionQuerySet:
        return self.filter(level=1)

    def search(self, text: str) -> RegionQuerySet:
        """Name search that tells "Kota Solok" from "Kabupaten Solok" and finds "Bukittinggi" bare.

        Exact names first, then names starting with the text, then names containing it; larger regions
        before smaller ones with the same name.
        """
        kinds, key = names.split_kind(text)
        if not key:
            return self.none()
        matches = self.filter(search_name__contains=key)
        if kinds:
            matches = matches.filter(kind__in=kinds)
        return matches.annotate(
            match_rank=models.Case(
                models.When(search_name=key, then=0),
                models.When(search_name__startswith=key, then=1),
                default=2,
                output_field=models.IntegerField(),
            )
        ).order_by("match_rank", "level", "code")


def child_totals(parent_code: str | None) -> dict[str, dict[str, int]]:
    """For each child of a region (or each province when ``parent_code`` is None): how many districts,
    villages, TPS and voters (DPT) lie in its subtree. Two grouped queries whatever the size of the tree.
    """
    from deskpilkada.elections.models import PollingStation

    from .models import Region

    child_level = 1 if parent_code is None else len(parent_code.split(".")) + 1
    if child_level > 4:
        return {}
    prefix_length = CODE_LENGTH[child_level]
    scope = Region.objects.all() if parent_code is None else Region.objects.below(parent_code)
    totals: dict[str, dict[str, int]] = {}
    region_rows = (
        scope.filter(level__gt=child_level)
        .annotate(child=Substr("code", 1, prefix_length))
        .values("child")
        .annotate(
            districts=Count("pk", filter=Q(level=3)),
            villages=Count("pk", filter=Q(level=4)),
        )
        .order_by()
    )
    for row in region_rows:
        totals[row["child"]] = {"districts": row["districts"], "villages": row["villages"], "tps": 0, "dpt": 0}
    for child_code, tps, dpt in PollingStation.objects.subtree_totals_by_prefix(parent_code, prefix_length):
        entry = totals.setdefault(child_code, {"districts": 0, "villages": 0, "tps": 0, "dpt": 0})
        entry["tps"], entry["dpt"] = tps, dpt
    return totals


def subtree_totals(code: str) -> dict[str, int]:
    """Districts, villages, TPS and DPT below one region: two aggregate queries."""
    from deskpilkada.elections.models import PollingStation

    from .models import Region

    regions = Region.objects.below(code).aggregate(
        districts=Count("pk", filter=Q(level=3)), villages=Count("pk", filter=Q(level=4))
    )
    stations = PollingStation.objects.within(code).totals()
    return {**regions, **stations}
