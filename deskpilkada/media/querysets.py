"""Named reads of media data, all through the one access path."""

from __future__ import annotations

import datetime as dt

from django.db import models

from deskpilkada.accounts import access
from deskpilkada.regions.querysets import RegionScopedQuerySet


class FeedQuerySet(RegionScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def due(self, now):
        """Active feeds whose interval has passed since their last poll (or never polled), and not queued for a
        poll within their interval (a poll waiting in a slow queue is not queued twice)."""
        # SQLite cannot multiply a duration by a column: one plain comparison per interval in use (a handful).
        intervals = set(self.active().values_list("poll_interval", flat=True).distinct())
        polled = models.Q(pk__in=[])
        queued = models.Q(pk__in=[])
        for minutes in intervals:
            since = now - dt.timedelta(minutes=minutes)
            polled |= models.Q(poll_interval=minutes, last_polled_at__lte=since)
            queued |= models.Q(poll_interval=minutes, queued_at__lte=since)
        return self.active().filter(
            models.Q(last_polled_at__isnull=True) | polled, models.Q(queued_at__isnull=True) | queued
        )


class StoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Stories that name one of the user's regions (or a region below them) as subject or venue, or whose
        main region is theirs. A story of no region is the superusers' only."""
        scope = access.region_q(user, "regions__region__code")
        main = access.region_q(user, "main_region__code")
        ids = self.filter(scope, regions__role__in=("subject", "venue")).values("pk")
        return self.filter(models.Q(pk__in=ids) | main)

    def recent(self):
        return self.order_by("-first_seen_at", "-pk")


class ItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Items of the stories the user sees."""
        return self.filter(story__in=story_ids_visible_to(user))

    def analysed(self):
        return self.filter(status="ok")


def story_ids_visible_to(user):
    from .models import Story

    return Story.objects.visible_to(user).values("pk")


class SignalQuerySet(RegionScopedQuerySet):
    region_code_field = "desk__region__code"

    def for_desk(self, desk):
        return self.filter(desk=desk)

    def open(self):
        return self.filter(status="new")

    def arrived_on(self, day: dt.date, zone_name: str):
        """Signals that reached their desk on one local calendar day (in the desk region's zone)."""
        from deskpilkada.core import clock

        start = dt.datetime.combine(day, dt.time.min, tzinfo=clock.zone(zone_name))
        return self.filter(created_at__gte=start, created_at__lt=start + dt.timedelta(days=1))
