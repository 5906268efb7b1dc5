"""Admin for the report sets (their levels and deadlines are settings administrators change, audited) and a
read-only view of reports and excusals, whose life changes only through the services (``reports.services``)."""

from __future__ import annotations

from django.contrib import admin

from deskpilkada.elections.admin import AuditedModelAdmin

from .models import Excusal, Reminder, Report, ReportingLevel, ReportSet


class ReportingLevelInline(admin.TabularInline):
    model = ReportingLevel
    fields = ("level", "deadline")
    extra = 0


@admin.register(ReportSet)
class ReportSetAdmin(AuditedModelAdmin):
    list_display = ("code", "name_id", "kind", "active_from", "active_to", "posko_reports_per_day", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name_id", "name_en")
    inlines = [ReportingLevelInline]


class ReadOnlyAdmin(AuditedModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    """Read-only: drafting, submission, approval, receipt and returns are services with their own pages."""

    list_display = ("number", "region", "report_set", "day", "sequence", "status", "situation", "is_nihil")
    list_filter = ("report_set", "status", "situation", "is_nihil", "region__level")
    search_fields = ("number", "^region__code", "region__name")
    list_select_related = ("region", "report_set")
    date_hierarchy = "day"


@admin.register(Excusal)
class ExcusalAdmin(ReadOnlyAdmin):
    list_display = ("region", "report_set", "day", "reason", "excused_by")
    list_filter = ("report_set",)
    search_fields = ("^region__code", "region__name", "reason")
    list_select_related = ("region", "report_set", "excused_by")


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    """Read-only: reminders are made by the job (``deskpilkada.reports.tasks.send_due_reminders``)."""

    list_display = ("region", "report_set", "day", "sequence", "kind", "deadline_at", "created_at")
    list_filter = ("report_set", "kind", "region__level")
    search_fields = ("^region__code", "region__name")
    list_select_related = ("region", "report_set")
    date_hierarchy = "day"
