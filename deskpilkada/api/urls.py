"""API v1 URLs (mounted at /api/), the OpenAPI document and its docs page."""

from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from . import auth, cases, desks, elections, media, regions, schema
from . import reports as report_api

app_name = "api"

router = DefaultRouter()
router.register("regions", regions.RegionViewSet, basename="region")
router.register("elections", elections.ElectionViewSet, basename="election")
router.register("contests", elections.ContestViewSet, basename="contest")
router.register("tps", elections.PollingStationViewSet, basename="tps")
router.register("desks", desks.DeskViewSet, basename="desk")
router.register("cases", cases.CaseViewSet, basename="case")
router.register("actions", cases.RoutedActionViewSet, basename="action")
router.register("categories", cases.CategoryViewSet, basename="category")
router.register("reports", report_api.ReportViewSet, basename="report")

urlpatterns = [
    path("v1/auth/token/", auth.ObtainTokenView.as_view(), name="token"),
    path("v1/messages/inbound/", cases.MessageInboundView.as_view(), name="messages-inbound"),
    path("v1/media/items/", media.ItemCreateView.as_view(), name="media-items"),
    path("v1/media/items/<int:pk>/", media.ItemDetailView.as_view(), name="media-item-detail"),
    path("v1/media/stories/<int:pk>/", media.StoryDetailView.as_view(), name="media-story-detail"),
    path("v1/reports/completeness/", report_api.CompletenessView.as_view(), name="report-completeness"),
    re_path(
        r"^v1/reports/(?P<id>\d+)/export\.(?P<fmt>pdf|docx|xlsx|txt)$",
        report_api.ReportExportView.as_view(),
        name="report-export",
    ),
    path("v1/", include(router.urls)),
    path("schema/", schema.SchemaView.as_view(), name="schema"),
    path("docs/", schema.DocsView.as_view(), name="docs"),
]
