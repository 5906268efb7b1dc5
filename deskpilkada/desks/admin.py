"""Admin for desks, their members and the partner institutions (changes are audited)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from deskpilkada.elections.admin import AuditedModelAdmin

from .models import Desk, DeskMember, Institution


class DeskMemberInline(admin.TabularInline):
    model = DeskMember
    fields = ("order", "name", "role", "position", "institution_name", "phone", "user", "is_demo")
    raw_id_fields = ("user",)
    extra = 0


@admin.register(Desk)
class DeskAdmin(AuditedModelAdmin):
    list_display = ("name", "region", "formed_on", "member_count")
    search_fields = ("^region__code", "name", "region__name")
    list_select_related = ("region",)
    raw_id_fields = ("region",)
    date_hierarchy = "formed_on"
    inlines = [DeskMemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count


@admin.register(DeskMember)
class DeskMemberAdmin(AuditedModelAdmin):
    list_display = ("name", "role", "position", "desk", "user", "is_demo")
    list_filter = ("role", "is_demo")
    search_fields = ("name", "position", "institution_name", "^desk__region__code")
    list_select_related = ("desk", "user")
    raw_id_fields = ("desk", "user")


@admin.register(Institution)
class InstitutionAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "kind", "region")
    list_filter = ("kind",)
    search_fields = ("code", "name", "^region__code")
    list_select_related = ("region",)
    raw_id_fields = ("region",)
