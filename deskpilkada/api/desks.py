"""Desks and their members; members' phone numbers and e-mail addresses only for the desk's own people."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.reverse import reverse

from deskpilkada.core.masking import mask_email, mask_phone
from deskpilkada.desks.models import Desk, DeskMember
from deskpilkada.desks.privacy import can_see_member_contacts

from . import params


class DeskMemberSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    phone = serializers.SerializerMethodField(help_text="Masked unless you hold a desk role here or above.")
    email = serializers.SerializerMethodField(help_text="Masked unless you hold a desk role here or above.")

    class Meta:
        model = DeskMember
        fields = ["name", "position", "institution_name", "role", "role_display", "phone", "email", "is_demo"]

    def get_phone(self, member: DeskMember) -> str:
        return member.phone if self.context["contacts_visible"] else mask_phone(member.phone)

    def get_email(self, member: DeskMember) -> str:
        return member.email if self.context["contacts_visible"] else mask_email(member.email)


class DeskSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.display_name", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Desk
        fields = ["code", "region_name", "name", "formed_on", "decree_number", "address", "phone", "email", "url"]

    def get_url(self, desk: Desk) -> str:
        return reverse("api:desk-detail", kwargs={"code": desk.region.code}, request=self.context.get("request"))


class DeskDetailSerializer(DeskSerializer):
    contacts_visible = serializers.SerializerMethodField(help_text="Whether members' contacts are shown unmasked.")
    members = serializers.SerializerMethodField()

    class Meta(DeskSerializer.Meta):
        fields = [*DeskSerializer.Meta.fields, "contacts_visible", "members"]

    def get_contacts_visible(self, desk: Desk) -> bool:
        return can_see_member_contacts(self.context["request"].user, desk)

    @extend_schema_field(DeskMemberSerializer(many=True))
    def get_members(self, desk: Desk) -> list:
        context = {**self.context, "contacts_visible": can_see_member_contacts(self.context["request"].user, desk)}
        return DeskMemberSerializer(desk.members.all(), many=True, context=context).data


@extend_schema_view(
    list=extend_schema(summary="Desks in your regions", parameters=[params.REGION_PARAMETER]),
    retrieve=extend_schema(summary="One desk with its members in structure order"),
)
class DeskViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "region__code"
    lookup_url_kwarg = "code"
    lookup_value_regex = params.REGION_CODE_REGEX

    def get_queryset(self):
        desks = Desk.objects.visible_to(self.request.user).with_region().order_by("region__code")
        if self.action == "retrieve":
            desks = desks.prefetch_related(Prefetch("members", queryset=DeskMember.objects.in_structure_order()))
        return desks

    def get_serializer_class(self):
        return DeskDetailSerializer if self.action == "retrieve" else DeskSerializer

    def filter_queryset(self, queryset):
        code = params.region_code(self.request) if self.action == "list" else None
        return queryset.within(code) if code else queryset
