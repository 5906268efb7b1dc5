"""API v1 URLs (mounted at /api/), the OpenAPI document and its docs page."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import auth, cases, desks, elections, regions, schema

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

urlpatterns = [
    path("v1/auth/token/", auth.ObtainTokenView.as_view(), name="token"),
    path("v1/messages/inbound/", cases.MessageInboundView.as_view(), name="messages-inbound"),
    path("v1/", include(router.urls)),
    path("schema/", schema.SchemaView.as_view(), name="schema"),
    path("docs/", schema.DocsView.as_view(), name="docs"),
]
