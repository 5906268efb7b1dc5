"""Media monitoring over the API: send a news item (pasted text or HTML), read it back, read its story.

``POST /api/v1/media/items/`` keeps the item as received, analyses and groups it (``media.services.ingest``)
and answers 201 with what was extracted and the story it joined; the same content again answers 200 with the
first item. Stories and items are read through the access path (``visible_to``): out of scope is a 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from deskpilkada.core.models import Channel
from deskpilkada.media import services
from deskpilkada.media.models import Item, Story

MAX_CHARS = 3 * 1024 * 1024  # above the engine's 2 MB so that the item gets its "too_large" status


class ItemCreateSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, max_length=MAX_CHARS)
    html = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, max_length=MAX_CHARS)
    url = serializers.URLField(required=False, allow_blank=True, max_length=1000)
    source = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def validate(self, attrs):
        given = [k for k in ("text", "html") if k in attrs]
        if len(given) > 1 or (not given and not attrs.get("url")):
            raise serializers.ValidationError(
                {"text": ["Send either text or html (one of them), or a url alone to fetch the page."]}
            )
        return attrs


class RegionRoleSerializer(serializers.Serializer):
    code = serializers.CharField()
    role = serializers.CharField()


class ItemSerializer(serializers.ModelSerializer):
    status_message = serializers.CharField()
    published = serializers.DateField(allow_null=True)
    event_dates = serializers.SerializerMethodField()
    main_region = serializers.SerializerMethodField()
    regions = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()
    officials = serializers.SerializerMethodField()
    institutions = serializers.SerializerMethodField()
    figures = serializers.SerializerMethodField()
    stage = serializers.SerializerMethodField()
    story = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Item
        fields = [
            "id",
            "status",
            "status_message",
            "title",
            "source",
            "url",
            "received_at",
            "published",
            "event_date",
            "event_dates",
            "main_region",
            "regions",
            "category",
            "kind",
            "stage",
            "is_old",
            "evidence",
            "officials",
            "institutions",
            "figures",
            "story",
        ]

    def get_event_dates(self, item: Item) -> list[str]:
        return list(dict.fromkeys(d["date"] for d in item.analysis.get("event_dates", [])))

    def get_main_region(self, item: Item) -> str | None:
        return item.main_region.code if item.main_region_id else None

    @extend_schema_field(RegionRoleSerializer(many=True))
    def get_regions(self, item: Item) -> list[dict]:
        return [{"code": r["code"], "role": r["role"]} for r in item.analysis.get("regions", [])]

    def get_evidence(self, item: Item) -> list[dict]:
        return item.analysis.get("evidence", [])

    def get_officials(self, item: Item) -> list[dict]:
        return item.analysis.get("officials", [])

    def get_institutions(self, item: Item) -> list[dict]:
        return item.analysis.get("institutions", [])

    def get_figures(self, item: Item) -> list[dict]:
        return item.analysis.get("figures", [])

    def get_stage(self, item: Item) -> str:
        return item.analysis.get("stage", "")


class StoryItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = Item
        fields = ["id", "title", "source", "url", "published", "event_date", "received_at"]


class StorySerializer(serializers.ModelSerializer):
    main_region = serializers.SerializerMethodField()
    regions = serializers.SerializerMethodField()
    items = StoryItemSerializer(many=True, read_only=True)

    class Meta:
        model = Story
        fields = [
            "id",
            "title",
            "main_region",
            "regions",
            "day",
            "category",
            "kind",
            "stage",
            "is_old",
            "first_seen_at",
            "outlets",
            "item_count",
            "items",
        ]

    def get_main_region(self, story: Story) -> str | None:
        return story.main_region.code if story.main_region_id else None

    @extend_schema_field(RegionRoleSerializer(many=True))
    def get_regions(self, story: Story) -> list[dict]:
        return [{"code": r.region.code, "role": r.role} for r in story.regions.all()]


class ItemCreateView(APIView):
    @extend_schema(
        summary="Send a news item (pasted text or HTML, or the address of a page to fetch)",
        description=(
            "The item is kept as received, analysed (date, regions, category, figures), grouped into a story and "
            "signalled to the desks of the story's regions. Bad content (empty, binary, over 2 MB, not "
            "Indonesian, garbled) is stored with its status. The same content and address again answer 200. "
            "A url alone is fetched (http/https, HTML or text, at most 2 MB, 10 s, 5 redirects); an address that "
            "cannot be read answers 201 with an item whose status says why (fetch_timeout, fetch_redirects, "
            "fetch_too_large, fetch_type, fetch_failed) and no story."
        ),
        request=ItemCreateSerializer,
        responses={201: ItemSerializer, 200: ItemSerializer, 400: OpenApiResponse(description="invalid body")},
        tags=["media"],
    )
    def post(self, request):
        form = ItemCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        content = data.get("text") if "text" in data else data.get("html")
        try:
            if content is None:
                result = services.ingest_url(
                    data["url"], by=request.user, channel=Channel.API, source=data.get("source", "")
                )
            else:
                result = services.ingest(
                    content,
                    by=request.user,
                    channel=Channel.API,
                    source=data.get("source", ""),
                    url=data.get("url", ""),
                    is_html="html" in data,
                )
        except DjangoPermissionDenied as denied:
            raise exceptions.PermissionDenied(str(denied)) from None
        body = ItemSerializer(result.item).data
        body["in_scope"] = result.in_scope
        return Response(body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


class ItemDetailView(APIView):
    @extend_schema(
        summary="A news item and what was extracted from it", responses={200: ItemSerializer}, tags=["media"]
    )
    def get(self, request, pk: int):
        item = get_object_or_404(Item.objects.visible_to(request.user).select_related("main_region"), pk=pk)
        return Response(ItemSerializer(item).data)


class StoryDetailView(APIView):
    @extend_schema(summary="A story and its items (outlets)", responses={200: StorySerializer}, tags=["media"])
    def get(self, request, pk: int):
        stories = Story.objects.visible_to(request.user).select_related("main_region")
        story = get_object_or_404(stories.prefetch_related("regions__region", "items"), pk=pk)
        return Response(StorySerializer(story).data)
