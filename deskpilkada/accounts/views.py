"""Sign-in and sign-out pages (Django's auth views with Desk Pilkada templates)."""

from django.contrib.auth import views as auth_views


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Sign out with a POST (the header's button); a GET is refused, as Django 5 does."""
