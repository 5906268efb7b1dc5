"""URLs of the case pages (mounted at /cases/)."""

from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("export.<str:fmt>", views.export, name="export"),
    path("new/", views.new, name="new"),
    path("map/", views.case_map, name="map"),
    path("overdue/", views.overdue, name="overdue"),
    path("import/", views.import_cases, name="import"),
    path("institutions/<slug:code>/", views.institution, name="institution"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/route/", views.route, name="route"),
    path("<int:pk>/resolve/", views.resolve, name="resolve"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/escalate/", views.escalate, name="escalate"),
    path("<int:pk>/actions/<int:action_id>/follow-up/", views.follow_up, name="follow_up"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]
