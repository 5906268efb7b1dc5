"""URLs of the report pages (mounted at /reports/)."""

from django.urls import path, re_path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("nihil/", views.nihil_day, name="nihil_day"),
    path("completeness/", views.matrix, name="matrix"),
    path("reminders/", views.reminders, name="reminders"),
    path("reminders/badge/", views.reminder_badge, name="reminder_badge"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/refresh/", views.refresh, name="refresh"),
    path("<int:pk>/nihil/", views.nihil, name="nihil"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/return/", views.return_report, name="return"),
    path("<int:pk>/receive/", views.receive, name="receive"),
    path("<int:pk>/excuse/", views.excuse, name="excuse"),
    path("<int:pk>/activities/", views.add_activity, name="add_activity"),
    path("<int:pk>/activities/<int:activity_id>/remove/", views.remove_activity, name="remove_activity"),
    path("<int:pk>/activities/<int:activity_id>/photos/<int:photo_id>/", views.photo, name="photo"),
    re_path(r"^(?P<pk>\d+)/export\.(?P<fmt>pdf|docx|xlsx|txt)$", views.export, name="export"),
]
