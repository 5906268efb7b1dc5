"""URL map. Region-bound pages look their objects up through the access path (out of scope = 404)."""

from django.contrib import admin
from django.urls import include, path

from deskpilkada.core import views as core_views

urlpatterns = [
    path("health/", core_views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("deskpilkada.accounts.urls")),
    path("regions/", include("deskpilkada.regions.urls")),
    path("desks/", include("deskpilkada.desks.urls")),
    path("cases/", include("deskpilkada.cases.urls")),
    path("media/", include("deskpilkada.media.urls")),
    path("reports/", include("deskpilkada.reports.urls")),
    path("api/", include("deskpilkada.api.urls")),
    path("", core_views.home, name="home"),
    path("", include("deskpilkada.core.urls")),
]
