"""Admin for the case taxonomy (editable: administrators add categories without code) and a read-mostly view of
cases and routed actions, whose life changes only through the services (``cases.services``). Changes are audited."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from deskpilkada.core import clock
from deskpilkada.desks.models import Institution
from deskpilkada.elections.admin import AuditedModelAdmin

from .models import Attachment, Case, Category, FollowUp, PlaybookStep, ResponseTime, RoutedAction
from .services import reporter_visible_to

REPORTER_FIELDS = ("reporter_name", "reporter_phone", "reporter_nik")


class PlaybookStepForm(forms.ModelForm):
    institution_kind = forms.ChoiceField(label=_("institution kind"), choices=Institution.Kind.choices)

    class Meta:
        model = PlaybookStep
        fields = ("order", "institution_kind", "action")
        widgets = {"action": forms.Textarea(attrs={"rows": 2, "cols": 80})}


class PlaybookStepInline(admin.TabularInline):
    model = PlaybookStep
    form = PlaybookStepForm
    extra = 0


@admin.register(Category)
class CategoryAdmin(AuditedModelAdmin):
    list_display = ("code", "name_id", "name_en", "group", "default_severity", "step_count", "is_active")
    list_filter = ("group", "default_severity", "is_active")
    search_fields = ("code", "name_id", "name_en", "keywords")
    ordering = ("order", "code")
    inlines = [PlaybookStepInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(step_count=Count("playbook_steps"))

    @admin.display(description=_("playbook steps"), ordering="step_count")
    def step_count(self, obj):
        return obj.step_count

    def has_delete_permission(self, request, obj=None):
        # Cases keep their category (PROTECT); a category that is no longer wanted is made inactive instead.
        return obj is not None and not obj.cases.exists() and super().has_delete_permission(request, obj)


@admin.register(ResponseTime)
class ResponseTimeAdmin(AuditedModelAdmin):
    list_display = ("severity", "hours")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RoutedActionInline(ReadOnlyInline):
    model = RoutedAction
    fields = ("institution", "owner_name", "description", "due_at", "status", "completed_at")


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("purpose", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")


@admin.register(Case)
class CaseAdmin(AuditedModelAdmin):
    """Read-only: verifying, routing, merging, escalating and closing are services with their own pages."""

    list_display = ("number", "title", "status", "severity", "category", "region", "desk", "channel", "created_at")
    list_filter = ("status", "severity", "kind", "channel", "category__group", "category", "desk")
    search_fields = ("number", "title", "^region__code", "region__name")
    list_select_related = ("region", "category", "desk")
    date_hierarchy = "created_at"
    inlines = [RoutedActionInline, AttachmentInline]

    def get_fields(self, request, obj=None):
        fields = [f.name for f in Case._meta.fields if f.name != "id"]
        if obj is None or not reporter_visible_to(request.user, obj):
            fields = [f for f in fields if f not in REPORTER_FIELDS]
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FollowUpInline(ReadOnlyInline):
    model = FollowUp
    fields = ("created_at", "author", "status_after", "note")


@admin.register(RoutedAction)
class RoutedActionAdmin(AuditedModelAdmin):
    """Read-mostly: an administrator may correct the person in charge; follow-ups go through the services."""

    list_display = ("case", "institution", "status", "due_at", "is_overdue", "owner_name")
    list_filter = ("status", "institution__kind")
    search_fields = ("case__number", "institution__name", "institution__code", "owner_name")
    list_select_related = ("case", "institution")
    fields = (
        "case",
        "institution",
        "description",
        "owner_name",
        "due_at",
        "status",
        "created_by",
        "created_at",
        "completed_at",
    )
    readonly_fields = tuple(f for f in fields if f != "owner_name")
    inlines = [FollowUpInline]

    @admin.display(description=_("overdue"), boolean=True)
    def is_overdue(self, obj):
        return obj.status in RoutedAction.OPEN_STATUSES and obj.due_at < clock.now()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
