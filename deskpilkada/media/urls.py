"""URLs of the media pages (mounted at /media/)."""

from django.urls import path

from . import views

app_name = "media"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.new_item, name="new"),
    path("stories/<int:pk>/", views.story, name="story"),
    path("signals/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("signals/<int:pk>/case/", views.make_case, name="make_case"),
    path("feeds/", views.feed_list, name="feeds"),
    path("feeds/<int:pk>/toggle/", views.feed_toggle, name="feed_toggle"),
    path("feeds/<int:pk>/poll/", views.feed_poll, name="feed_poll"),
]
