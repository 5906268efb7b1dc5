"""Read-mostly admin of media monitoring: items, stories and signals change only through ``media.services``
(ingest, triage), so the admin lists and searches them; feeds may be switched on or off and their interval set."""

from __future__ import annotations

from django.contrib import admin

from .models import Feed, Item, Signal, Story, StoryRegion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "region", "is_active", "poll_interval", "status", "last_polled_at")
    list_filter = ("is_active", "status")
    search_fields = ("name", "url", "region__code", "region__name")
    list_select_related = ("region",)
    fields = ("name", "url", "region", "is_active", "poll_interval", "status", "status_message", "last_polled_at")
    readonly_fields = ("name", "url", "region", "status", "status_message", "last_polled_at")

    def has_add_permission(self, request):
        return False  # through the feed settings page (services.add_feed: access check and audit)


class StoryRegionInline(admin.TabularInline):
    model = StoryRegion
    fields = ("region", "role")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Story)
class StoryAdmin(ReadOnlyAdmin):
    list_display = ("title", "main_region", "day", "category", "kind", "is_old", "item_count", "first_seen_at")
    list_filter = ("category", "kind", "is_old")
    search_fields = ("title", "main_region__code", "main_region__name")
    list_select_related = ("main_region",)
    date_hierarchy = "first_seen_at"
    inlines = [StoryRegionInline]


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "source", "status", "main_region", "published", "category", "story", "received_at")
    list_filter = ("status", "format", "channel", "category", "is_old")
    search_fields = ("title", "source", "url", "fingerprint", "main_region__code")
    list_select_related = ("main_region", "story")
    exclude = ("signature",)
    date_hierarchy = "received_at"


@admin.register(Signal)
class SignalAdmin(ReadOnlyAdmin):
    list_display = ("story", "desk", "status", "created_at", "handled_by", "case")
    list_filter = ("status",)
    search_fields = ("story__title", "desk__region__code", "desk__region__name")
    list_select_related = ("story", "desk__region", "handled_by", "case")
