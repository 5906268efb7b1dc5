"""Region admin: read-mostly. The tree comes from `import_regions`; only coordinates and postal codes are edited."""

from django.contrib import admin

from deskpilkada.elections.admin import AuditedModelAdmin

from .models import Region


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "level", "kind", "timezone", "postal_code")
    list_filter = ("level", "kind", "timezone")
    search_fields = ("^code", "name")
    fields = (
        "code",
        "name",
        "level",
        "kind",
        "parent",
        "timezone",
        "search_name",
        "postal_code",
        "latitude",
        "longitude",
    )
    readonly_fields = ("code", "name", "level", "kind", "parent", "timezone", "search_name")
    show_full_result_count = False  # 91,599 rows: no COUNT(*) per page
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
