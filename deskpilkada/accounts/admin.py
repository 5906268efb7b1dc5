"""Admin for users and their region assignments (changes are audited)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from deskpilkada.elections.admin import AuditedAdminMixin, AuditedModelAdmin

from .models import Assignment, User


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fields = ("region", "role", "institution")
    raw_id_fields = ("region", "institution")
    extra = 0


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    list_display = ("username", "get_full_name", "position", "is_active", "is_staff", "last_login")
    search_fields = ("username", "first_name", "last_name", "email", "position")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Desk"), {"fields": ("phone", "position")}),
    )
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(AuditedModelAdmin):
    list_display = ("user", "role", "region", "institution")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "^region__code", "region__name")
    list_select_related = ("user", "region", "institution")
    raw_id_fields = ("user", "region", "institution")
