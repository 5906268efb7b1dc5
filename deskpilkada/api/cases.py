"""Cases over the API: intake (idempotent), the inbox with filters, the handling steps, routed actions with
their follow-ups, and the webhook of chat/SMS gateways.

Views are thin: they look cases and actions up through the access path (``visible_to``: out of scope is a
404) and call ``deskpilkada.cases.services``; a step the user may not take on a case they can see is a 403,
a step that does not apply to the case's status is a 400 with the reason.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hmac
import logging
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from deskpilkada.accounts import access
from deskpilkada.cases import services
from deskpilkada.cases.messages import receive_message
from deskpilkada.cases.models import Attachment, Case, Category, FollowUp, RoutedAction, Severity
from deskpilkada.cases.querysets import DESK_ROLES
from deskpilkada.core import clock
from deskpilkada.core.masking import mask_name, mask_nik, mask_phone
from deskpilkada.core.models import Channel
from deskpilkada.desks.models import Institution
from deskpilkada.elections.models import PollingStation
from deskpilkada.regions.models import Region

from . import params
from .schema import NamedEnumField

logger = logging.getLogger(__name__)

IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY_MAX_LENGTH = 100
GATEWAY_SECRET_HEADER = "X-Gateway-Secret"  # noqa: S105 - the name of the header, not a secret

_TRUE = {"1", "true", "yes", "on"}


# ---------------------------------------------------------------------------------------------- errors


class StepNotAllowed(exceptions.APIException):
    """A handling step that does not apply to the case in its current status (400 with the reason)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = gettext_lazy("This step does not apply to the case in its current status.")
    default_code = "invalid_transition"


@contextlib.contextmanager
def service_errors(*, field_map: dict[str, str] | None = None, default_field: str | None = None):
    """Turn the errors of a service into API answers: a refused step 403 (with the service's reason), a
    step that does not apply 400 ``{"detail": ...}``, invalid values 400 ``{field: [messages]}``."""
    try:
        yield
    except services.InvalidTransition as error:
        raise StepNotAllowed(" ".join(error.messages)) from error
    except DjangoValidationError as error:
        raise validation_error(error, field_map=field_map, default_field=default_field) from error
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from error


def validation_error(
    error: DjangoValidationError, *, field_map: dict[str, str] | None = None, default_field: str | None = None
) -> exceptions.ValidationError:
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError({field_map.get(f, f): msgs for f, msgs in error.message_dict.items()})
    if default_field:
        return exceptions.ValidationError({default_field: error.messages})
    return exceptions.ValidationError(error.messages)


_DETAIL = inline_serializer("CaseErrorDetail", fields={"detail": serializers.CharField()})
_FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="Invalid values: `{field: [messages]}`, or `{detail}` for a step that does not apply.",
)
_NOT_FOUND = OpenApiResponse(_DETAIL, description="No such case, or not in your regions.")
_FORBIDDEN = OpenApiResponse(_DETAIL, description="You see the case but may not take this step.")


# ---------------------------------------------------------------------------------------------- fields


class OffsetDateTimeField(serializers.DateTimeField):
    """An ISO 8601 instant that must carry its UTC offset (``+07:00`` for WIB, or ``Z``)."""

    default_error_messages = {
        "offset": gettext_lazy(
            "Give the time with its UTC offset, for example 2024-11-20T09:30:00+07:00 (WIB), +08:00 (WITA) "
            "or +09:00 (WIT)."
        ),
    }

    def to_internal_value(self, value):
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None
            if parsed is not None and parsed.tzinfo is None:
                self.fail("offset")
        elif isinstance(value, dt.datetime) and value.tzinfo is None:
            self.fail("offset")
        return super().to_internal_value(value)


class CoordinateField(serializers.DecimalField):
    """Degrees as a number; more than six decimals (about 10 cm) are rounded, not refused."""

    def __init__(self, **kwargs):
        kwargs.setdefault("coerce_to_string", False)
        super().__init__(max_digits=9, decimal_places=6, rounding=ROUND_HALF_UP, **kwargs)

    def validate_precision(self, value: Decimal) -> Decimal:
        value = value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
        return super().validate_precision(value)


def _person(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.username


# ---------------------------------------------------------------------------------------------- output


class RegionRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="display_name")


class CategoryRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text="In the language of the request.")


class CategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the language of the request.")
    group = NamedEnumField(Category.Group.choices, enum_name="CategoryGroupEnum")
    default_severity = NamedEnumField(Severity.choices, enum_name="SeverityEnum")

    class Meta:
        model = Category
        fields = [
            "code",
            "name",
            "name_id",
            "name_en",
            "group",
            "description",
            "lead_institutions",
            "default_severity",
            "keywords",
        ]


class InstitutionRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    type = serializers.CharField(source="content_type")
    purpose = NamedEnumField(Attachment.Purpose.choices, enum_name="AttachmentPurposeEnum")
    follow_up = serializers.IntegerField(source="follow_up_id", allow_null=True)
    url = serializers.SerializerMethodField(help_text="The file, served through the access path of the case page.")

    class Meta:
        model = Attachment
        fields = ["id", "name", "type", "size", "purpose", "follow_up", "uploaded_at", "url"]

    def get_url(self, attachment: Attachment) -> str:
        request = self.context.get("request")
        path = attachment.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class FollowUpSerializer(serializers.ModelSerializer):
    status = NamedEnumField(RoutedAction.Status.choices, enum_name="ActionStatusEnum", source="status_after")
    at = serializers.DateTimeField(source="created_at")
    author = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True)

    class Meta:
        model = FollowUp
        fields = ["id", "note", "status", "at", "author", "attachments"]

    def get_author(self, follow_up: FollowUp) -> str | None:
        return _person(follow_up.author)


class ActionSerializer(serializers.ModelSerializer):
    """A routed action as the case shows it."""

    institution = InstitutionRefSerializer()
    status = NamedEnumField(RoutedAction.Status.choices, enum_name="ActionStatusEnum")
    is_overdue = serializers.SerializerMethodField(help_text="Still open and past its due time.")
    follow_ups = FollowUpSerializer(many=True)

    class Meta:
        model = RoutedAction
        fields = [
            "id",
            "institution",
            "owner_name",
            "description",
            "due_at",
            "status",
            "is_overdue",
            "created_at",
            "completed_at",
            "follow_ups",
        ]

    def get_is_overdue(self, routed: RoutedAction) -> bool:
        return routed.status in RoutedAction.OPEN_STATUSES and routed.due_at < self.context["now"]


class TimelineEntrySerializer(serializers.Serializer):
    action = serializers.CharField(help_text='The step, e.g. "case.submit", "case.verify", "case.route".')
    at = serializers.DateTimeField()
    actor = serializers.SerializerMethodField()
    channel = NamedEnumField(Channel.choices, enum_name="ChannelEnum")
    note = serializers.CharField()

    def get_actor(self, event) -> str | None:
        return _person(event.actor)


class CaseSerializer(serializers.ModelSerializer):
    """A case as the inbox lists it."""

    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField(help_text="The case's page in the web app.")
    status = NamedEnumField(Case.Status.choices, enum_name="CaseStatusEnum")
    kind = NamedEnumField(Case.Kind.choices, enum_name="CaseKindEnum")
    severity = NamedEnumField(Severity.choices, enum_name="SeverityEnum")
    region = RegionRefSerializer()
    category = CategoryRefSerializer()
    stage = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="The election stage the day falls in, from the calendar."
    )
    desk = serializers.CharField(source="desk.region.code", read_only=True, help_text="Region code of the desk.")
    channel = NamedEnumField(Channel.choices, enum_name="ChannelEnum")

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "url",
            "page_url",
            "status",
            "kind",
            "title",
            "region",
            "category",
            "severity",
            "stage",
            "occurred_at",
            "occurred_on",
            "desk",
            "channel",
            "created_at",
        ]

    def get_url(self, case: Case) -> str:
        return reverse("api:case-detail", kwargs={"pk": case.pk}, request=self.context.get("request"))

    def get_page_url(self, case: Case) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(case.get_absolute_url()) if request else case.get_absolute_url()


class PollingStationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()


class CaseDetailSerializer(CaseSerializer):
    """A case with its actions, evidence, timeline and (masked unless yours to see) reporter."""

    tps = PollingStationRefSerializer(source="polling_station", allow_null=True)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True)
    merged_into = serializers.SlugRelatedField(slug_field="number", read_only=True)
    reported_by = serializers.SerializerMethodField(help_text="The account that filed the case.")
    reporter_visible = serializers.SerializerMethodField(
        help_text="Whether the reporter's personal data is shown unmasked (the handling desk's secretariat)."
    )
    reporter_name = serializers.SerializerMethodField()
    reporter_phone = serializers.SerializerMethodField()
    reporter_nik = serializers.SerializerMethodField()
    actions = ActionSerializer(many=True)
    attachments = AttachmentSerializer(many=True)
    timeline = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "description",
            "tps",
            "latitude",
            "longitude",
            "updated_at",
            "verified_at",
            "closed_at",
            "closing_note",
            "merged_into",
            "reported_by",
            "reporter_visible",
            "reporter_name",
            "reporter_phone",
            "reporter_nik",
            "actions",
            "attachments",
            "timeline",
        ]

    def _visible(self, case: Case) -> bool:
        cache = self.context.setdefault("_reporter_visible", {})
        if case.pk not in cache:
            cache[case.pk] = services.reporter_visible_to(self.context["request"].user, case)
        return cache[case.pk]

    def get_reported_by(self, case: Case) -> str | None:
        return _person(case.reported_by)

    def get_reporter_visible(self, case: Case) -> bool:
        return self._visible(case)

    def get_reporter_name(self, case: Case) -> str:
        return case.reporter_name if self._visible(case) else mask_name(case.reporter_name)

    def get_reporter_phone(self, case: Case) -> str:
        return case.reporter_phone if self._visible(case) else mask_phone(case.reporter_phone)

    def get_reporter_nik(self, case: Case) -> str:
        return case.reporter_nik if self._visible(case) else mask_nik(case.reporter_nik)

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, case: Case) -> list:
        return TimelineEntrySerializer(services.timeline(case), many=True, context=self.context).data


class CaseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    status = NamedEnumField(Case.Status.choices, enum_name="CaseStatusEnum")
    severity = NamedEnumField(Severity.choices, enum_name="SeverityEnum")
    region = RegionRefSerializer()
    category = CategoryRefSerializer()
    url = serializers.SerializerMethodField()

    def get_url(self, case: Case) -> str:
        return reverse("api:case-detail", kwargs={"pk": case.pk}, request=self.context.get("request"))


class RoutedActionSerializer(ActionSerializer):
    """A routed action as an institution's list shows it (with its case)."""

    url = serializers.SerializerMethodField()
    case = CaseRefSerializer()

    class Meta(ActionSerializer.Meta):
        fields = ["id", "url", "case", *[f for f in ActionSerializer.Meta.fields if f not in ("id", "follow_ups")]]

    def get_url(self, routed: RoutedAction) -> str:
        return reverse("api:action-detail", kwargs={"pk": routed.pk}, request=self.context.get("request"))


class RoutedActionDetailSerializer(RoutedActionSerializer):
    class Meta(RoutedActionSerializer.Meta):
        fields = [*RoutedActionSerializer.Meta.fields, "follow_ups"]


# ---------------------------------------------------------------------------------------------- input


class CaseCreateSerializer(serializers.Serializer):
    region = serializers.CharField(
        max_length=13, help_text="Kemendagri code of the region at any level, e.g. 13.75 or 13.75.01.1001."
    )
    category = serializers.SlugField(max_length=60, help_text="Category code, e.g. politik_uang (see /categories/).")
    severity = NamedEnumField(Severity.choices, enum_name="SeverityEnum", read_only=False)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=10000)
    occurred_at = OffsetDateTimeField(help_text="When it happened (or may happen), ISO 8601 with its UTC offset.")
    kind = NamedEnumField(Case.Kind.choices, enum_name="CaseKindEnum", read_only=False, default=Case.Kind.INCIDENT)
    tps = serializers.IntegerField(required=False, allow_null=True, min_value=1, help_text="Id of the TPS.")
    latitude = CoordinateField(required=False, allow_null=True)
    longitude = CoordinateField(required=False, allow_null=True)
    reporter_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    reporter_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    reporter_nik = serializers.CharField(
        max_length=16, required=False, allow_blank=True, default="", help_text="16 digits."
    )
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text="Evidence (multipart only): photos (JPEG, PNG, WebP) or PDF, 10 MB each.",
    )

    def _user(self):
        return self.context["request"].user

    def validate_region(self, value: str) -> Region:
        region = Region.objects.visible_to(self._user()).filter(code=value.strip()).first()
        if region is None:
            raise serializers.ValidationError(_("Unknown region or outside your regions."))
        return region

    def validate_category(self, value: str) -> Category:
        category = Category.objects.filter(code=value).first()
        if category is None:
            raise serializers.ValidationError(_("Unknown category: see /api/v1/categories/ for the codes."))
        return category

    def validate_tps(self, value: int | None) -> PollingStation | None:
        if value is None:
            return None
        station = PollingStation.objects.visible_to(self._user()).select_related("village").filter(pk=value).first()
        if station is None:
            raise serializers.ValidationError(_("Unknown TPS or outside your regions."))
        return station

    def case_input(self) -> services.CaseInput:
        return services.CaseInput.from_cleaned(self.validated_data, polling_station="tps")


class VerifySerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    category = serializers.SlugField(required=False, help_text="Correct the category (code).")
    severity = NamedEnumField(Severity.choices, enum_name="SeverityEnum", read_only=False, required=False)
    kind = NamedEnumField(Case.Kind.choices, enum_name="CaseKindEnum", read_only=False, required=False)
    title = serializers.CharField(max_length=200, required=False)

    def validate_category(self, value: str) -> Category:
        category = Category.objects.filter(code=value, is_active=True).first()
        if category is None:
            raise serializers.ValidationError(_("Unknown category: see /api/v1/categories/ for the codes."))
        return category


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class RouteActionSerializer(serializers.Serializer):
    institution = serializers.SlugField(max_length=80, help_text="Institution code, e.g. bawaslu-13-75.")
    description = serializers.CharField(help_text="What the institution is asked to do.")
    due_at = OffsetDateTimeField(
        required=False, allow_null=True, help_text="Default: from the case's severity (response times)."
    )
    owner_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")


class RouteSerializer(serializers.Serializer):
    actions = RouteActionSerializer(many=True, allow_empty=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ResolveSerializer(serializers.Serializer):
    note = serializers.CharField(help_text="How the case was resolved.")
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text="Closing evidence (multipart): needed unless a follow-up already carries evidence.",
    )


class FollowUpCreateSerializer(serializers.Serializer):
    note = serializers.CharField(help_text="What was done.")
    status = NamedEnumField(
        RoutedAction.Status.choices,
        enum_name="ActionStatusEnum",
        read_only=False,
        required=False,
        help_text="The action's status after this entry (default: unchanged).",
    )
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


# ---------------------------------------------------------------------------------------------- queries


def _routed_action_q(user, prefix: str = "") -> Q:
    """Which actions of a case the user sees: all of them as desk people of its region, else (a partner
    liaison) only those routed to their institution, as ``RoutedAction.objects.visible_to`` has it."""
    if user.is_superuser:
        return Q()
    condition = access.region_q(user, f"{prefix}case__region__code", roles=DESK_ROLES)
    institutions = access.liaison_institution_ids(user)
    if institutions:
        condition |= Q(**{f"{prefix}institution_id__in": institutions})
    return condition


def case_detail_queryset(user):
    """Cases with what the detail shows; a liaison sees only their institution's actions and evidence."""
    follow_ups = FollowUp.objects.select_related("author").prefetch_related("attachments")
    actions = (
        RoutedAction.objects.filter(_routed_action_q(user))
        .select_related("institution")
        .prefetch_related(Prefetch("follow_ups", queryset=follow_ups))
    )
    attachments = Attachment.objects.filter(Q(follow_up__isnull=True) | _routed_action_q(user, "follow_up__action__"))
    return (
        Case.objects.visible_to(user)
        .for_list()
        .select_related("reported_by", "merged_into")
        .prefetch_related(Prefetch("actions", queryset=actions), Prefetch("attachments", queryset=attachments))
    )


def action_queryset(user):
    return RoutedAction.objects.visible_to(user).for_list().select_related("case__desk__region")


def _choice(request, name: str, choices) -> str | None:
    value = request.query_params.get(name, "").strip()
    if not value:
        return None
    if value not in choices:
        raise exceptions.ValidationError(
            {name: [_("Unknown value; use one of: %(values)s.") % {"values": ", ".join(choices)}]}
        )
    return value


def _idempotency_key(request) -> str | None:
    value = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if len(value) > IDEMPOTENCY_KEY_MAX_LENGTH:
        raise exceptions.ValidationError(
            {
                IDEMPOTENCY_HEADER: [
                    _("The key is limited to %(count)s characters.") % {"count": IDEMPOTENCY_KEY_MAX_LENGTH}
                ]
            }
        )
    return value or None


# ---------------------------------------------------------------------------------------------- views


_CASE_FILTERS = [
    OpenApiParameter("status", OpenApiTypes.STR, enum=Case.Status.values, description="Only cases in this status."),
    OpenApiParameter("category", OpenApiTypes.STR, description="Category code, e.g. politik_uang."),
    OpenApiParameter("severity", OpenApiTypes.STR, enum=Severity.values),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=Case.Kind.values),
    params.REGION_PARAMETER,
    OpenApiParameter("stage", OpenApiTypes.STR, description="Code of the election stage the case falls in."),
    OpenApiParameter("occurred_from", OpenApiTypes.DATE, description="Local day of the case on or after."),
    OpenApiParameter("occurred_to", OpenApiTypes.DATE, description="Local day of the case on or before."),
    OpenApiParameter("desk", OpenApiTypes.STR, description="Region code of the handling desk, e.g. 13.75."),
]

_IDEMPOTENCY_PARAMETER = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description=(
        "A key you make for this submission (at most 100 characters). Sending it again with the same body "
        "answers 200 with the case stored the first time; with another body, 409."
    ),
)


@extend_schema_view(
    list=extend_schema(
        summary="Cases you may see, newest first",
        description=(
            "Desk people see the cases of their regions and below; a partner liaison only the cases routed to "
            "their institution."
        ),
        parameters=_CASE_FILTERS,
    ),
    retrieve=extend_schema(
        summary="One case with its actions, evidence and timeline",
        description=(
            "Reporter's name, phone and NIK are unmasked only for the secretariat of the desk that handles the "
            "case (UU PDP 27/2022); everyone else sees them masked."
        ),
        responses={200: CaseDetailSerializer, 404: _NOT_FOUND},
    ),
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = r"\d+"
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        if self.action == "list":
            return Case.objects.visible_to(self.request.user).for_list()
        return case_detail_queryset(self.request.user)

    def get_serializer_class(self):
        return CaseSerializer if self.action == "list" else CaseDetailSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": clock.now()}

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        request = self.request
        filters = {
            "status": _choice(request, "status", Case.Status.values),
            "severity": _choice(request, "severity", Severity.values),
            "kind": _choice(request, "kind", Case.Kind.values),
            "category__code": request.query_params.get("category", "").strip() or None,
            "stage__code": request.query_params.get("stage", "").strip() or None,
            "desk__region__code": params.region_code(request, "desk"),
            "occurred_on__gte": params.date(request, "occurred_from"),
            "occurred_on__lte": params.date(request, "occurred_to"),
        }
        queryset = queryset.filter(**{k: v for k, v in filters.items() if v is not None})
        region = params.region_code(request)
        return queryset.within(region) if region else queryset

    def _detail(self, case: Case, *, status_code: int = status.HTTP_200_OK, headers=None) -> Response:
        fresh = case_detail_queryset(self.request.user).filter(pk=case.pk).first()
        if fresh is None:  # filed earlier by this account, outside its regions now
            return Response({"id": case.pk, "number": case.number, "status": case.status}, status=status_code)
        data = CaseDetailSerializer(fresh, context=self.get_serializer_context()).data
        return Response(data, status=status_code, headers=headers)

    def _case(self) -> Case:
        return get_object_or_404(
            Case.objects.visible_to(self.request.user).select_related("region", "desk__region"), pk=self.kwargs["pk"]
        )

    def _step_input(self, serializer_class) -> tuple[Case, dict]:
        """The case of a workflow step (404 outside the access path) and the step's validated input."""
        case = self._case()
        form = serializer_class(data=self.request.data)
        form.is_valid(raise_exception=True)
        return case, dict(form.validated_data)

    @extend_schema(
        summary="Report a case (idempotent with an Idempotency-Key)",
        description=(
            "Files a case for its region; the desk that handles it (the regency/city desk, else the province "
            "desk) sees it in its inbox. You need a desk role (operator, member, secretariat, chair) at the "
            "region or above. `occurred_at` must carry its UTC offset. A region you cannot report in answers "
            "400 like an unknown one."
        ),
        parameters=[_IDEMPOTENCY_PARAMETER],
        request={
            "application/json": CaseCreateSerializer,
            "multipart/form-data": CaseCreateSerializer,
        },
        responses={
            201: CaseDetailSerializer,
            200: OpenApiResponse(CaseDetailSerializer, description="A replay: the case stored the first time."),
            400: _FIELD_ERRORS,
            409: OpenApiResponse(
                inline_serializer(
                    "IntakeKeyConflict",
                    fields={
                        "detail": serializers.CharField(),
                        "id": serializers.IntegerField(),
                        "number": serializers.CharField(),
                    },
                ),
                description="The Idempotency-Key was used before with another body.",
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        key = _idempotency_key(request)
        form = CaseCreateSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        try:
            case, created = services.submit_case(
                form.case_input(),
                by=request.user,
                channel=Channel.API,
                intake_key=key,
                files=form.validated_data["files"],
            )
        except services.IntakeKeyConflict as conflict:
            return Response(
                {
                    "detail": _(
                        "This Idempotency-Key was already used for another submission (case %(number)s). "
                        "Send a new key for a new case."
                    )
                    % {"number": conflict.case.number},
                    "id": conflict.case.pk,
                    "number": conflict.case.number,
                },
                status=status.HTTP_409_CONFLICT,
            )
        except DjangoPermissionDenied:
            raise exceptions.ValidationError({"region": [_("Unknown region or outside your regions.")]}) from None
        except DjangoValidationError as error:
            raise validation_error(error, field_map={"polling_station": "tps"}, default_field="files") from error
        if not created:
            return self._detail(case)
        location = reverse("api:case-detail", kwargs={"pk": case.pk}, request=request)
        return self._detail(case, status_code=status.HTTP_201_CREATED, headers={"Location": location})

    @extend_schema(
        summary="Verify a new case (the handling desk's chair or secretariat)",
        description="Optionally corrects its category, severity, kind or title.",
        request=VerifySerializer,
        responses={200: CaseDetailSerializer, 400: _FIELD_ERRORS, 403: _FORBIDDEN, 404: _NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        case, data = self._step_input(VerifySerializer)
        note = data.pop("note")
        with service_errors():
            services.verify_case(case, by=request.user, note=note, channel=Channel.API, **data)
        return self._detail(case)

    @extend_schema(
        summary="Reject a new or verified case, with the reason",
        request=ReasonSerializer,
        responses={200: CaseDetailSerializer, 400: _FIELD_ERRORS, 403: _FORBIDDEN, 404: _NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        case, data = self._step_input(ReasonSerializer)
        with service_errors():
            services.reject_case(case, by=request.user, reason=data["reason"], channel=Channel.API)
        return self._detail(case)

    @extend_schema(
        summary="Route a verified case to institutions, each with an action and a due time",
        request=RouteSerializer,
        responses={200: CaseDetailSerializer, 400: _FIELD_ERRORS, 403: _FORBIDDEN, 404: _NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def route(self, request, pk=None):
        case, data = self._step_input(RouteSerializer)
        actions = []
        for i, item in enumerate(data["actions"]):
            institution = _routable_institutions(case).filter(code=item["institution"]).first()
            if institution is None:
                raise exceptions.ValidationError(
                    {"actions": {i: {"institution": [_("Unknown institution for this case's desk.")]}}}
                )
            actions.append(
                services.ActionInput(
                    institution=institution,
                    description=item["description"],
                    due_at=item.get("due_at"),
                    owner_name=item["owner_name"],
                )
            )
        with service_errors():
            services.route_case(case, actions, by=request.user, note=data["note"], channel=Channel.API)
        return self._detail(case)

    @extend_schema(
        summary="Escalate the case to the desk of the parent region, with the reason",
        request=ReasonSerializer,
        responses={200: CaseDetailSerializer, 400: _FIELD_ERRORS, 403: _FORBIDDEN, 404: _NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        case, data = self._step_input(ReasonSerializer)
        with service_errors():
            services.escalate_case(case, by=request.user, reason=data["reason"], channel=Channel.API)
        return self._detail(case)

    @extend_schema(
        summary="Resolve the case with a note and closing evidence",
        description="Send the files as multipart/form-data (`files`, repeated). Open actions are closed with it.",
        request={"multipart/form-data": ResolveSerializer, "application/json": ResolveSerializer},
        responses={200: CaseDetailSerializer, 400: _FIELD_ERRORS, 403: _FORBIDDEN, 404: _NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        case, data = self._step_input(ResolveSerializer)
        with service_errors(default_field="files"):
            services.resolve_case(
                case,
                by=request.user,
                note=data["note"],
                files=data["files"],
                channel=Channel.API,
            )
        return self._detail(case)


def _routable_institutions(case: Case):
    """Institutions a case may be routed to: those of its desk's region and below, and of the regions above."""
    code = case.desk.region.code
    return Institution.objects.filter(region__code__subtree=code) | Institution.objects.filter(
        region__code__in=case.desk.region.ancestor_codes
    )


@extend_schema_view(
    list=extend_schema(
        summary="Routed actions you may see, by due time",
        description=(
            "A partner liaison sees the actions routed to their institution; desk people those of the cases in "
            "their regions."
        ),
        parameters=[
            OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Only open actions past their due time."),
            OpenApiParameter("institution", OpenApiTypes.STR, description="Institution code, e.g. bawaslu-13-75."),
            OpenApiParameter("status", OpenApiTypes.STR, enum=RoutedAction.Status.values),
            OpenApiParameter("case", OpenApiTypes.INT, description="Only the actions of this case (id)."),
        ],
    ),
    retrieve=extend_schema(
        summary="One routed action with its follow-ups",
        responses={200: RoutedActionDetailSerializer, 404: _NOT_FOUND},
    ),
)
class RoutedActionViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = r"\d+"
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        actions = action_queryset(self.request.user)
        if self.action != "list":
            follow_ups = FollowUp.objects.select_related("author").prefetch_related("attachments")
            actions = actions.prefetch_related(Prefetch("follow_ups", queryset=follow_ups))
        return actions

    def get_serializer_class(self):
        return RoutedActionSerializer if self.action == "list" else RoutedActionDetailSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": clock.now()}

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        request = self.request
        if request.query_params.get("overdue", "").strip().lower() in _TRUE:
            queryset = queryset.overdue(clock.now())
        institution = request.query_params.get("institution", "").strip()
        if institution:
            queryset = queryset.filter(institution__code=institution)
        state = _choice(request, "status", RoutedAction.Status.values)
        if state:
            queryset = queryset.filter(status=state)
        case = request.query_params.get("case", "").strip()
        if case:
            if not case.isdigit():
                raise exceptions.ValidationError({"case": [_("Give the case's id (a number).")]})
            queryset = queryset.filter(case_id=int(case))
        return queryset

    @extend_schema(
        operation_id="actions_follow_ups_create",
        summary="Record what was done on a routed action (the institution's liaison or the desk)",
        description="Send evidence as multipart/form-data (`files`, repeated). Answers the action.",
        request={"application/json": FollowUpCreateSerializer, "multipart/form-data": FollowUpCreateSerializer},
        responses={201: RoutedActionDetailSerializer, 400: _FIELD_ERRORS, 403: _FORBIDDEN, 404: _NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="follow-ups")
    def follow_ups(self, request, pk=None):
        routed = get_object_or_404(action_queryset(request.user), pk=pk)
        form = FollowUpCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        with service_errors(default_field="files"):
            services.add_follow_up(
                routed,
                by=request.user,
                note=form.validated_data["note"],
                status=form.validated_data.get("status"),
                files=form.validated_data["files"],
                channel=Channel.API,
            )
        fresh = self.get_queryset().get(pk=routed.pk)
        return Response(
            RoutedActionDetailSerializer(fresh, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema_view(
    list=extend_schema(summary="The case categories in use (codes for reporting)"),
)
class CategoryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The taxonomy is national project data, not bound to a region: every signed-in user reads it."""

    serializer_class = CategorySerializer
    pagination_class = None

    def get_queryset(self):
        return Category.objects.filter(is_active=True)


# ---------------------------------------------------------------------------------------------- webhook


class GatewayThrottle(SimpleRateThrottle):
    """Requests to the message webhook per client address (a gateway posts from a few addresses)."""

    scope = "message_gateway"
    rate = "300/minute"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class InboundMessageSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=32, help_text="The sender's number as the gateway gives it.")
    text = serializers.CharField(
        max_length=2000, help_text="The message: `LAPOR <kelurahan/desa> <category> <what happened>`."
    )
    message_id = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="The gateway's id of the message: a retried message is stored once.",
    )


class MessageReplySerializer(serializers.Serializer):
    reply = serializers.CharField(help_text="Send this back to the sender (Indonesian).")
    stored = serializers.BooleanField(help_text="Whether the message filed (or had already filed) a case.")
    number = serializers.CharField(allow_null=True, help_text="The case's receipt number, when stored.")


def gateway_secret_matches(given: str) -> bool:
    """Constant-time comparison with DESK_MESSAGE_GATEWAY_SECRET (never true while that is empty)."""
    expected = getattr(settings, "DESK_MESSAGE_GATEWAY_SECRET", "") or ""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


class MessageInboundView(APIView):
    """Webhook of chat/SMS gateways: a message and its sender's phone number in, the reply to send back out.

    The gateway authenticates with the shared secret in the ``X-Gateway-Secret`` header (setting
    ``DESK_MESSAGE_GATEWAY_SECRET``; empty turns the webhook off: 503). No session, no CSRF. A registered
    sender's ``LAPOR ...`` message files a case; an unknown sender, or a message that cannot be read, answers
    200 with a helpful reply and ``stored: false`` and nothing is written, so the gateway can always relay the
    reply.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [GatewayThrottle]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        operation_id="messages_inbound_create",
        tags=["messages"],
        summary="Receive a chat/SMS message from a gateway",
        parameters=[
            OpenApiParameter(
                GATEWAY_SECRET_HEADER,
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                required=True,
                description="The shared secret configured as DESK_MESSAGE_GATEWAY_SECRET.",
            )
        ],
        request={
            "application/json": InboundMessageSerializer,
            "application/x-www-form-urlencoded": InboundMessageSerializer,
        },
        responses={
            200: MessageReplySerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="`phone` or `text` missing."),
            403: OpenApiResponse(_DETAIL, description="Missing or wrong gateway secret; nothing stored."),
            429: OpenApiResponse(_DETAIL, description="Throttled."),
            503: OpenApiResponse(_DETAIL, description="The webhook is off (no secret configured)."),
        },
        auth=[],
    )
    def post(self, request):
        if not getattr(settings, "DESK_MESSAGE_GATEWAY_SECRET", ""):
            return Response(
                {"detail": _("The message webhook is not configured on this server.")},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        if not gateway_secret_matches(request.headers.get(GATEWAY_SECRET_HEADER, "")):
            logger.warning("message webhook: missing or wrong gateway secret from %s", request.META.get("REMOTE_ADDR"))
            raise exceptions.PermissionDenied(_("Missing or wrong gateway secret."))
        form = InboundMessageSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        result = receive_message(
            phone=form.validated_data["phone"],
            text=form.validated_data["text"],
            message_id=form.validated_data["message_id"].strip(),
        )
        number = result.case.number if result.case is not None else None
        return Response(MessageReplySerializer({"reply": result.reply, "stored": result.stored, "number": number}).data)
