"""URLs of the desk pages."""

from django.urls import path

from . import views

app_name = "desks"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.detail, name="detail"),
]
