"""URLs of the sign-in pages.

Not namespaced on purpose: settings name them ``login`` (LOGIN_URL, LOGOUT_REDIRECT_URL) the way
``django.contrib.auth.urls`` does, so ``reverse("login")`` and ``reverse("logout")`` work from anywhere.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
]
