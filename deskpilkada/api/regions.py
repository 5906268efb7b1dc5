"""Regions: the user's part of the Kemendagri tree, with subtree totals of TPS and voters (DPT)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.reverse import reverse

from deskpilkada.accounts import access
from deskpilkada.regions.models import Region
from deskpilkada.regions.querysets import child_totals, subtree_totals

from . import params
from .schema import NamedEnumField


class RegionSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    kind = NamedEnumField(Region.Kind.choices, enum_name="RegionKindEnum")
    parent = serializers.SerializerMethodField(help_text="Code of the region above, or null for a province.")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Region
        fields = ["code", "name", "display_name", "level", "kind", "timezone", "parent", "url"]

    def get_parent(self, region: Region) -> str | None:
        # The code is a path: the parent's code is its prefix, no query needed.
        ancestors = region.ancestor_codes
        return ancestors[-1] if ancestors else None

    def get_url(self, region: Region) -> str:
        return region_url(region.code, self.context.get("request"))


class RegionChildSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    display_name = serializers.CharField()
    level = serializers.ChoiceField(choices=Region.Level.choices)
    kind = NamedEnumField(Region.Kind.choices, enum_name="RegionKindEnum")
    tps_count = serializers.IntegerField()
    dpt = serializers.IntegerField(help_text="Voters on the final list (DPT) in the subtree.")
    district_count = serializers.IntegerField()
    village_count = serializers.IntegerField()
    url = serializers.URLField()


class RegionDetailSerializer(RegionSerializer):
    tps_count = serializers.IntegerField(source="totals.tps_count", help_text="TPS in this region and below.")
    dpt = serializers.IntegerField(source="totals.dpt", help_text="Voters (DPT) in this region and below.")
    dpt_men = serializers.IntegerField(source="totals.dpt_men")
    dpt_women = serializers.IntegerField(source="totals.dpt_women")
    district_count = serializers.IntegerField(source="totals.districts")
    village_count = serializers.IntegerField(source="totals.villages")
    children = RegionChildSerializer(many=True, source="child_rows")

    class Meta(RegionSerializer.Meta):
        fields = [
            *RegionSerializer.Meta.fields,
            "tps_count",
            "dpt",
            "dpt_men",
            "dpt_women",
            "district_count",
            "village_count",
            "children",
        ]


def region_url(code: str, request) -> str:
    return reverse("api:region-detail", kwargs={"code": code}, request=request)


@extend_schema_view(
    list=extend_schema(
        summary="Your regions",
        description=(
            "Without parameters: the regions you are assigned to (provinces for a superuser). "
            "`q` searches names in your regions and below; `parent` lists the children of a region."
        ),
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Name search, e.g. 'Bukittinggi' or 'Kota Solok'."),
            OpenApiParameter("parent", OpenApiTypes.STR, description="Code of a region: list its children."),
        ],
    ),
    retrieve=extend_schema(
        summary="One region with its children and subtree totals",
        responses=RegionDetailSerializer,
    ),
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RegionSerializer
    lookup_field = "code"
    lookup_value_regex = params.REGION_CODE_REGEX

    def get_queryset(self):
        return Region.objects.visible_to(self.request.user)

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        parent = params.region_code(self.request, "parent")
        text = self.request.query_params.get("q", "").strip()
        if parent:
            queryset = queryset.filter(parent__code=parent)
        if text:
            return queryset.search(text)
        if parent:
            return queryset
        codes = access.scope_codes(self.request.user)
        return queryset.provinces() if codes is None else queryset.filter(code__in=codes)

    def retrieve(self, request, *args, **kwargs):
        region = get_object_or_404(self.get_queryset(), code=kwargs["code"])
        region.totals = subtree_totals(region.code)
        totals = child_totals(region.code)
        empty = {"districts": 0, "villages": 0, "tps": 0, "dpt": 0}
        region.child_rows = [
            {
                "code": child.code,
                "name": child.name,
                "display_name": child.display_name,
                "level": child.level,
                "kind": child.kind,
                "tps_count": totals.get(child.code, empty)["tps"],
                "dpt": totals.get(child.code, empty)["dpt"],
                "district_count": totals.get(child.code, empty)["districts"],
                "village_count": totals.get(child.code, empty)["villages"],
                "url": region_url(child.code, request),
            }
            for child in self.get_queryset().filter(parent=region).order_by("code")
        ]
        return Response(RegionDetailSerializer(region, context=self.get_serializer_context()).data)
