"""Reports over the API: the reports you may see with their status, one report with its figures and history, the
completeness of a region's children on a day, and each report as a file (PDF, DOCX, XLSX, chat text).

Reports are looked up through ``Report.objects.visible_to`` and regions through the same access path (desk roles,
no partner liaisons): out of scope is a 404, like a report that does not exist.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, serializers, viewsets
from rest_framework.generics import get_object_or_404
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from deskpilkada.core import clock
from deskpilkada.core.models import Channel
from deskpilkada.regions.models import Region
from deskpilkada.reports import completeness as engine
from deskpilkada.reports import exports, services
from deskpilkada.reports.models import CampaignActivity, Report, ReportSet, Situation
from deskpilkada.reports.querysets import scope_q

from . import params
from .cases import RegionRefSerializer
from .schema import NamedEnumField

FORMATS = tuple(exports.CONTENT_TYPES)
_NOT_FOUND = OpenApiResponse(
    inline_serializer("ReportNotFound", fields={"detail": serializers.CharField()}),
    description="No such report or region, or not in your regions.",
)


def _person(user) -> str | None:
    return (user.get_full_name() or user.username) if user is not None else None


class ReportExportLinksSerializer(serializers.Serializer):
    pdf = serializers.URLField()
    docx = serializers.URLField()
    xlsx = serializers.URLField()
    txt = serializers.URLField(help_text="A short plain-text summary for WhatsApp.")


class ReportSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField(help_text="The report's page in the web app.")
    set = serializers.CharField(source="report_set.code", help_text="Code of the report set, e.g. daily.")
    region = RegionRefSerializer()
    status = NamedEnumField(Report.Status.choices, enum_name="ReportStatusEnum")
    situation = serializers.SerializerMethodField(help_text="aman, kondusif, waspada or rawan; null until stated.")
    on_time = serializers.BooleanField(
        allow_null=True, help_text="First submission by the deadline; null before it is submitted."
    )
    exports = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "number",
            "url",
            "page_url",
            "set",
            "region",
            "day",
            "period_start",
            "period_end",
            "sequence",
            "status",
            "situation",
            "is_nihil",
            "deadline_at",
            "submitted_at",
            "on_time",
            "approved_at",
            "received_at",
            "exports",
        ]

    def get_url(self, report: Report) -> str:
        return reverse("api:report-detail", kwargs={"pk": report.pk}, request=self.context.get("request"))

    def get_page_url(self, report: Report) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(report.get_absolute_url()) if request else report.get_absolute_url()

    @extend_schema_field(NamedEnumField(Situation.choices, enum_name="SituationEnum", allow_null=True))
    def get_situation(self, report: Report) -> str | None:
        return report.situation or None

    @extend_schema_field(ReportExportLinksSerializer)
    def get_exports(self, report: Report) -> dict:
        request = self.context.get("request")
        return {
            fmt: reverse("api:report-export", kwargs={"id": report.pk, "fmt": fmt}, request=request) for fmt in FORMATS
        }


class ActivitySerializer(serializers.ModelSerializer):
    candidate_pair = serializers.SerializerMethodField()

    class Meta:
        model = CampaignActivity
        fields = [
            "id",
            "starts_at",
            "place",
            "description",
            "figures_present",
            "candidate_pair",
            "participants",
            "remarks",
        ]

    def get_candidate_pair(self, activity: CampaignActivity) -> str | None:
        return str(activity.candidate_pair) if activity.candidate_pair_id else None


class ReportEventSerializer(serializers.Serializer):
    action = serializers.CharField(help_text='The step, e.g. "report.submit", "report.approve".')
    at = serializers.DateTimeField()
    actor = serializers.SerializerMethodField()
    channel = NamedEnumField(Channel.choices, enum_name="ChannelEnum")
    note = serializers.CharField()

    def get_actor(self, event) -> str | None:
        return _person(event.actor)


class ReportDetailSerializer(ReportSerializer):
    figures = serializers.JSONField(
        help_text="Computed from the data of the day (cases, actions, children); frozen when submitted."
    )
    activities = ActivitySerializer(many=True)
    history = serializers.SerializerMethodField()
    signatory = serializers.SerializerMethodField()

    class Meta(ReportSerializer.Meta):
        fields = [
            *ReportSerializer.Meta.fields,
            "narrative",
            "recommendations",
            "place",
            "signatory",
            "return_note",
            "override_reason",
            "figures",
            "figures_at",
            "last_submitted_at",
            "activities",
            "history",
        ]

    @extend_schema_field(
        inline_serializer(
            "ReportSignatory",
            fields={
                "name": serializers.CharField(),
                "position": serializers.CharField(),
                "nip": serializers.CharField(),
            },
        )
    )
    def get_signatory(self, report: Report) -> dict:
        return {"name": report.signatory_name, "position": report.signatory_position, "nip": report.signatory_nip}

    @extend_schema_field(ReportEventSerializer(many=True))
    def get_history(self, report: Report) -> list:
        return ReportEventSerializer(services.timeline(report), many=True).data


def _report_set(request) -> ReportSet:
    code = request.query_params.get("set", "").strip() or "daily"
    report_set = ReportSet.objects.filter(code=code).first()
    if report_set is None:
        codes = ", ".join(ReportSet.objects.values_list("code", flat=True))
        raise exceptions.ValidationError(
            {"set": [_("Unknown report set; use one of: %(values)s.") % {"values": codes}]}
        )
    return report_set


@extend_schema_view(
    list=extend_schema(
        summary="Reports you may see, newest day first",
        description="Desk people see the reports of their regions and below; partner liaisons see none.",
        parameters=[
            params.REGION_PARAMETER,
            OpenApiParameter("set", OpenApiTypes.STR, description="Code of the report set, e.g. daily."),
            OpenApiParameter("status", OpenApiTypes.STR, enum=Report.Status.values),
            OpenApiParameter("date", OpenApiTypes.DATE, description="Only the reports of this day."),
            OpenApiParameter("date_from", OpenApiTypes.DATE, description="Reporting day on or after."),
            OpenApiParameter("date_to", OpenApiTypes.DATE, description="Reporting day on or before."),
        ],
    ),
    retrieve=extend_schema(
        summary="One report with its figures, campaign log and history",
        responses={200: ReportDetailSerializer, 404: _NOT_FOUND},
    ),
)
class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        reports = Report.objects.visible_to(self.request.user).for_list().order_by("-day", "region__code", "sequence")
        if self.action == "retrieve":
            reports = reports.prefetch_related("activities__candidate_pair")
        return reports

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        request = self.request
        region = params.region_code(request)
        if region:
            queryset = queryset.within(region)
        code = request.query_params.get("set", "").strip()
        if code:
            queryset = queryset.filter(report_set__code=code)
        state = request.query_params.get("status", "").strip()
        if state:
            if state not in Report.Status.values:
                raise exceptions.ValidationError(
                    {
                        "status": [
                            _("Unknown value; use one of: %(values)s.") % {"values": ", ".join(Report.Status.values)}
                        ]
                    }
                )
            queryset = queryset.filter(status=state)
        filters = {
            "day": params.date(request, "date"),
            "day__gte": params.date(request, "date_from"),
            "day__lte": params.date(request, "date_to"),
        }
        return queryset.filter(**{k: v for k, v in filters.items() if v is not None})


class TallyFieldsMixin(serializers.Serializer):
    expected = serializers.IntegerField(help_text="Reports owed (several a day in posko mode).")
    reported = serializers.IntegerField(help_text="Submitted (nihil included), on time or late.")
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField(help_text="Not submitted, past the deadline, not excused.")
    excused = serializers.IntegerField()
    pending = serializers.IntegerField(help_text="Not submitted yet, the deadline still to come.")
    nihil = serializers.IntegerField()
    reporting_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="reported / (expected − excused − pending), %"
    )
    on_time_rate = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class CompletenessChildSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=engine.STATUSES)
    report = serializers.IntegerField(allow_null=True, help_text="Id of the child's (latest) report of the day.")
    deadline_at = serializers.DateTimeField(allow_null=True)
    excuse_reason = serializers.CharField(allow_blank=True)


class CompletenessLevelSerializer(TallyFieldsMixin):
    level = serializers.IntegerField()
    units = serializers.IntegerField(help_text="Regions of this level that must report.")


class CompletenessSerializer(TallyFieldsMixin):
    region = RegionRefSerializer(allow_null=True)
    set = serializers.CharField()
    date = serializers.DateField()
    children = CompletenessChildSerializer(many=True)
    levels = CompletenessLevelSerializer(many=True)


class CompletenessView(APIView):
    @extend_schema(
        summary="Who reported on a day: the children of a region, on time, late, missing or excused",
        description=(
            "For the region's children that must report in the set (the regencies/cities of a province, say), "
            "on one day: the counts and one status per child — on_time, late, nihil, excused, missing (past the "
            "deadline in the child's own time zone) or pending (deadline still to come). `levels` totals every "
            "reporting level below the region."
        ),
        parameters=[
            OpenApiParameter("region", OpenApiTypes.STR, required=True, description="Kemendagri code, e.g. 13."),
            OpenApiParameter("date", OpenApiTypes.DATE, description="The day (default: today in the region)."),
            OpenApiParameter("set", OpenApiTypes.STR, description="Code of the report set (default: daily)."),
        ],
        responses={200: CompletenessSerializer, 400: OpenApiTypes.OBJECT, 404: _NOT_FOUND},
    )
    def get(self, request):
        code = params.region_code(request)
        if code is None:
            raise exceptions.ValidationError({"region": [_("Give the region, e.g. ?region=13.")]})
        region = get_object_or_404(Region.objects.filter(scope_q(request.user, "code")), code=code)
        report_set = _report_set(request)
        day = params.date(request) or clock.today(region.timezone)
        result = engine.completeness(report_set, region, day, day)
        children = []
        for row in result.rows:
            cell = row.cells[0] if row.cells else None
            children.append(
                {
                    "code": row.code,
                    "name": row.name,
                    "status": cell.status if cell else engine.NOT_EXPECTED,
                    "report": cell.report_id if cell and cell.tally.reported else None,
                    "deadline_at": cell.deadline_at if cell else None,
                    "excuse_reason": cell.excuse_reason if cell else "",
                }
            )
        data = {
            **result.total.as_dict(),
            "region": region,
            "set": report_set.code,
            "date": day,
            "children": children,
            "levels": [{"level": lv.level, "units": lv.units, **lv.tally.as_dict()} for lv in result.levels],
        }
        return Response(CompletenessSerializer(data).data)


class FileRenderer(BaseRenderer):
    """Lets a client ask for the file's own type (Accept: application/pdf) without a 406."""

    media_type = "*/*"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return JSONRenderer().render(data, "application/json", renderer_context)


class ReportExportView(APIView):
    renderer_classes = [JSONRenderer, FileRenderer]

    @extend_schema(
        summary="A report as a file: PDF or DOCX with the letterhead, XLSX of its tables, or chat text",
        parameters=[
            OpenApiParameter("id", OpenApiTypes.INT, location=OpenApiParameter.PATH),
            OpenApiParameter("fmt", OpenApiTypes.STR, location=OpenApiParameter.PATH, enum=list(FORMATS)),
        ],
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, exports.CONTENT_TYPES["docx"]): OpenApiTypes.BINARY,
            (200, exports.CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY,
            (200, "text/plain"): OpenApiTypes.STR,
            (404, "application/json"): _NOT_FOUND,
        },
    )
    def get(self, request, id: int, fmt: str):  # noqa: A002 - the path parameter's name
        if fmt not in FORMATS:
            raise exceptions.NotFound()
        report = get_object_or_404(Report.objects.visible_to(request.user).for_page(), pk=id)
        response = HttpResponse(exports.render(report, fmt), content_type=exports.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(report, fmt)}"'
        response["Cache-Control"] = "private, no-store"
        return response
