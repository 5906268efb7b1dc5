"""Admin for election data. Changes made here leave audit rows like the services do (``AuditedModelAdmin``)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from deskpilkada.core import audit
from deskpilkada.core.models import Channel

from .models import CandidatePair, Contest, Election, PollingStation, RegionSetting, Stage

SECRET_FIELDS = {"password", "password1", "password2"}


def _form_changes(form) -> dict[str, list[str]]:
    changes = {}
    for field in form.changed_data:
        if field in SECRET_FIELDS:
            changes[field] = ["***", "***"]
            continue
        before, after = form.initial.get(field), form.cleaned_data.get(field)
        changes[field] = [None if before is None else str(before), None if after is None else str(after)]
    return changes


class AuditedAdminMixin:
    """Every add, change and delete in the admin (inlines included) leaves an audit row, channel web, note "admin"."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = f"{obj._meta.model_name}.{'update' if change else 'create'}"
        audit.record(
            actor=request.user, action=action, obj=obj, channel=Channel.WEB, changes=_form_changes(form), note="admin"
        )

    def delete_model(self, request, obj):
        audit.record(actor=request.user, action=f"{obj._meta.model_name}.delete", obj=obj, note="admin")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit.record(actor=request.user, action=f"{obj._meta.model_name}.delete", obj=obj, note="admin")
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit.record(actor=request.user, action=f"{obj._meta.model_name}.delete", obj=obj, note="admin")
            obj.delete()
        changed = {id(f.instance): f for f in formset.forms if f.has_changed()}
        for obj in instances:
            is_new = obj.pk is None
            obj.save()
            inline_form = changed.get(id(obj))
            audit.record(
                actor=request.user,
                action=f"{obj._meta.model_name}.{'create' if is_new else 'update'}",
                obj=obj,
                changes=_form_changes(inline_form) if inline_form else {},
                note="admin",
            )
        formset.save_m2m()


class AuditedModelAdmin(AuditedAdminMixin, admin.ModelAdmin):
    pass


class StageInline(admin.TabularInline):
    model = Stage
    fields = ("order", "code", "name_id", "name_en", "start", "end", "parent")
    raw_id_fields = ("parent",)
    extra = 0


@admin.register(Election)
class ElectionAdmin(AuditedModelAdmin):
    list_display = ("name", "slug", "voting_day", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [StageInline]


@admin.register(Stage)
class StageAdmin(AuditedModelAdmin):
    list_display = ("code", "name_id", "name_en", "start", "end", "parent", "order", "election")
    list_filter = ("election",)
    search_fields = ("code", "name_id", "name_en")
    list_select_related = ("election", "parent")
    raw_id_fields = ("parent",)
    ordering = ("election", "order")


class CandidatePairInline(admin.TabularInline):
    model = CandidatePair
    fields = ("ballot_number", "head_name", "deputy_name", "nomination", "backing_parties", "is_demo")
    extra = 0


@admin.register(Contest)
class ContestAdmin(AuditedModelAdmin):
    list_display = ("region", "kind", "election", "pair_count")
    list_filter = ("election", "kind")
    search_fields = ("region__code", "region__name")
    list_select_related = ("region", "election")
    raw_id_fields = ("region",)
    inlines = [CandidatePairInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_pair_counts()

    @admin.display(description=_("candidate pairs"), ordering="pair_count")
    def pair_count(self, obj):
        return obj.pair_count


@admin.register(CandidatePair)
class CandidatePairAdmin(AuditedModelAdmin):
    list_display = ("__str__", "contest", "nomination", "is_demo")
    list_filter = ("nomination", "is_demo", "contest__kind")
    search_fields = ("head_name", "deputy_name", "contest__region__name", "contest__region__code")
    list_select_related = ("contest__region",)
    raw_id_fields = ("contest",)


@admin.register(PollingStation)
class PollingStationAdmin(AuditedModelAdmin):
    list_display = ("label", "village", "village_code", "dpt_men", "dpt_women", "dpt_total", "setting", "is_generated")
    list_filter = ("election", "setting", "special_location", "is_generated")
    search_fields = ("=village__code", "village__name")
    list_select_related = ("village",)
    raw_id_fields = ("election", "village")
    show_full_result_count = False
    list_per_page = 50

    @admin.display(description=_("village code"), ordering="village__code")
    def village_code(self, obj):
        return obj.village.code

    def get_search_results(self, request, queryset, search_term):
        """A code prefix ("13.75") lists every TPS of that region's subtree."""
        term = search_term.strip()
        if term[:2].isdigit() and all(c.isdigit() or c == "." for c in term):
            return queryset.within(term.rstrip(".")), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(RegionSetting)
class RegionSettingAdmin(AuditedModelAdmin):
    list_display = ("region", "election", "turnout_target", "historical_turnout", "historical_turnout_source")
    list_filter = ("election",)
    search_fields = ("region__code", "region__name")
    list_select_related = ("region", "election")
    raw_id_fields = ("region",)
