"""Elections and their stage calendar (not region-bound), contests and candidate pairs, and TPS."""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, Case, Q, Value, When
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from deskpilkada.core import clock
from deskpilkada.elections.models import CandidatePair, Contest, Election, PollingStation, Stage

from . import params
from .schema import NamedEnumField

# ---------------------------------------------------------------------------------------------- elections


class StageSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the language of the request.")
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    is_current = serializers.BooleanField(read_only=True, help_text="Under way on the day asked (default today).")

    class Meta:
        model = Stage
        fields = ["code", "name", "name_id", "name_en", "start", "end", "parent", "order", "is_current"]


class ElectionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:election-detail", lookup_field="slug")

    class Meta:
        model = Election
        fields = ["slug", "name", "voting_day", "is_active", "url"]


class ElectionDetailSerializer(ElectionSerializer):
    today = serializers.SerializerMethodField(help_text="Today's date on the desk clock (WIB).")
    date = serializers.SerializerMethodField(help_text="The day the label and stages are for: `date` or today.")
    day_label = serializers.SerializerMethodField(help_text='"H-7", "H", "H+1" for the day.')
    days_to_voting = serializers.SerializerMethodField(
        help_text="Days from voting day to the day: negative before it (H-7 is -7), 0 on it, positive after."
    )
    current_stages = serializers.SerializerMethodField(help_text="Stages under way on the day.")

    class Meta(ElectionSerializer.Meta):
        fields = [*ElectionSerializer.Meta.fields, "today", "date", "day_label", "days_to_voting", "current_stages"]

    def _day(self) -> dt.date:
        return self.context["day"]

    @extend_schema_field(OpenApiTypes.DATE)
    def get_today(self, election: Election) -> dt.date:
        return clock.today()

    @extend_schema_field(OpenApiTypes.DATE)
    def get_date(self, election: Election) -> dt.date:
        return self._day()

    def get_day_label(self, election: Election) -> str:
        return election.day_label(self._day())

    def get_days_to_voting(self, election: Election) -> int:
        return election.days_to_voting(self._day())

    @extend_schema_field(StageSerializer(many=True))
    def get_current_stages(self, election: Election) -> list:
        day = self._day()
        stages = with_is_current(election.stages_on(day).select_related("parent"), day)
        return StageSerializer(stages, many=True, context=self.context).data


def with_is_current(stages, day: dt.date):
    """Mark in the database which stages are under way on a day (no start = began before the calendar)."""
    under_way = Q(end__gte=day) & (Q(start__isnull=True) | Q(start__lte=day))
    return stages.annotate(
        is_current=Case(When(under_way, then=Value(True)), default=Value(False), output_field=BooleanField())
    )


@extend_schema_view(
    list=extend_schema(summary="Elections"),
    retrieve=extend_schema(
        summary="One election with its H-n label and the stages under way",
        parameters=[params.DATE_PARAMETER],
        responses=ElectionDetailSerializer,
    ),
)
class ElectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Elections are national facts, not bound to a region: every signed-in user reads them."""

    queryset = Election.objects.all()
    serializer_class = ElectionSerializer
    lookup_field = "slug"
    pagination_class = None

    def get_serializer_class(self):
        return ElectionDetailSerializer if self.action == "retrieve" else ElectionSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "retrieve":
            context["day"] = params.date(self.request) or clock.today()
        return context

    @extend_schema(
        summary="The stage calendar (tahapan) of an election",
        parameters=[params.DATE_PARAMETER],
        responses=StageSerializer(many=True),
    )
    @action(detail=True)
    def stages(self, request, slug=None):
        election = self.get_object()
        day = params.date(request) or clock.today()
        stages = with_is_current(election.stages.select_related("parent").order_by("order"), day)
        return Response(StageSerializer(stages, many=True, context=self.get_serializer_context()).data)


# ---------------------------------------------------------------------------------------------- contests


class CandidatePairSerializer(serializers.ModelSerializer):
    class Meta:
        model = CandidatePair
        fields = ["ballot_number", "head_name", "deputy_name", "nomination", "backing_parties", "is_demo"]


class ContestSerializer(serializers.ModelSerializer):
    kind = NamedEnumField(Contest.Kind.choices, enum_name="ContestKindEnum")
    election = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region_name = serializers.CharField(source="region.display_name", read_only=True)
    pair_count = serializers.IntegerField(read_only=True)
    is_single_candidate = serializers.SerializerMethodField(
        help_text="One pair only: voters choose between it and the empty box (kotak kosong)."
    )
    url = serializers.HyperlinkedIdentityField(view_name="api:contest-detail")

    class Meta:
        model = Contest
        fields = ["id", "election", "region", "region_name", "kind", "pair_count", "is_single_candidate", "url"]

    def get_is_single_candidate(self, contest: Contest) -> bool:
        return contest.pair_count == 1


class ContestDetailSerializer(ContestSerializer):
    pairs = CandidatePairSerializer(many=True, read_only=True)

    class Meta(ContestSerializer.Meta):
        fields = [*ContestSerializer.Meta.fields, "pairs"]


@extend_schema_view(
    list=extend_schema(
        summary="Contests in your regions",
        parameters=[
            params.REGION_PARAMETER,
            OpenApiParameter("kind", OpenApiTypes.STR, enum=Contest.Kind.values, description="Kind of contest."),
        ],
    ),
    retrieve=extend_schema(summary="One contest with its candidate pairs", responses=ContestDetailSerializer),
)
class ContestViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ContestSerializer

    def get_queryset(self):
        contests = Contest.objects.visible_to(self.request.user).with_pair_counts().select_related("election", "region")
        if self.action == "retrieve":
            contests = contests.prefetch_related("pairs")
        return contests.order_by("region__code", "election__voting_day")

    def get_serializer_class(self):
        return ContestDetailSerializer if self.action == "retrieve" else ContestSerializer

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        code = params.region_code(self.request)
        if code:
            queryset = queryset.within(code)
        kind = self.request.query_params.get("kind")
        if kind:
            if kind not in Contest.Kind.values:
                raise ValidationError(
                    {"kind": [_("Choose one of: %(kinds)s.") % {"kinds": ", ".join(Contest.Kind.values)}]}
                )
            queryset = queryset.filter(kind=kind)
        return queryset


# ---------------------------------------------------------------------------------------------- TPS


class PollingStationSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text='"TPS 001".')
    election = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    village_code = serializers.CharField(source="village.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:tps-detail")

    class Meta:
        model = PollingStation
        fields = [
            "id",
            "election",
            "number",
            "label",
            "village_code",
            "village_name",
            "dpt_men",
            "dpt_women",
            "dpt_total",
            "address",
            "latitude",
            "longitude",
            "setting",
            "special_location",
            "is_generated",
            "url",
        ]


@extend_schema_view(
    list=extend_schema(summary="Polling stations (TPS) in your regions", parameters=[params.REGION_PARAMETER]),
    retrieve=extend_schema(summary="One polling station (TPS)"),
)
class PollingStationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PollingStationSerializer

    def get_queryset(self):
        return (
            PollingStation.objects.visible_to(self.request.user)
            .select_related("village", "election")
            .order_by("village__code", "number", "pk")
        )

    def filter_queryset(self, queryset):
        code = params.region_code(self.request) if self.action == "list" else None
        return queryset.within(code) if code else queryset
