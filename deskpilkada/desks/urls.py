"""URLs of the desks pages."""

from django.urls import path  # noqa: F401

app_name = "desks"
urlpatterns: list = []
