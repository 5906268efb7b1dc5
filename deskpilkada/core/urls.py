"""URLs of the core pages. The home page is also named ``home`` in the root URLconf (LOGIN_REDIRECT_URL)."""

from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
]
