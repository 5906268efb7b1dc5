"""Named reads of election data."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, Substr

from deskpilkada.regions.querysets import RegionScopedQuerySet


class ElectionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def current(self):
        """The active election whose voting day is nearest to come (or the latest past one)."""
        return self.active().order_by("-voting_day").first()


class StageQuerySet(models.QuerySet):
    def on(self, day: dt.date):
        """Stages under way on a day; a stage with no start began before the calendar."""
        return (
            self.filter(end__gte=day)
            .filter(models.Q(start__isnull=True) | models.Q(start__lte=day))
            .order_by("parent_id", "order")
        )

    def top_level(self):
        return self.filter(parent__isnull=True)


class ContestQuerySet(RegionScopedQuerySet):
    def with_pair_counts(self):
        return self.annotate(pair_count=Count("pairs"))


class PollingStationQuerySet(RegionScopedQuerySet):
    region_code_field = "village__code"

    def totals(self) -> dict[str, int]:
        """TPS count and DPT (total, men, women) of the rows, computed by the database."""
        return self.aggregate(
            tps_count=Count("pk"),
            dpt=Coalesce(Sum("dpt_total"), 0),
            dpt_men=Coalesce(Sum("dpt_men"), 0),
            dpt_women=Coalesce(Sum("dpt_women"), 0),
        )

    def subtree_totals_by_prefix(self, parent_code: str | None, prefix_length: int):
        """(child code, TPS count, DPT) for each child of a region, in one grouped query."""
        rows = self if parent_code is None else self.within(parent_code)
        return (
            rows.annotate(child=Substr("village__code", 1, prefix_length))
            .values("child")
            .annotate(tps=Count("pk"), dpt=Coalesce(Sum("dpt_total"), 0))
            .order_by()
            .values_list("child", "tps", "dpt")
        )
