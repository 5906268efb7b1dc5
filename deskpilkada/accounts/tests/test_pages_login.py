"""Sign-in, sign-out and lockout pages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "pilkada2024"


def test_login_and_logout_urls_are_where_settings_expect_them():
    assert reverse("login") == "/accounts/login/"
    assert reverse("logout") == "/accounts/logout/"
    assert reverse("home") == "/"


def test_login_page_has_the_form_fields(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert '<button type="submit"' in html
    assert "Masuk" in html
    assert '<html lang="id">' in html


def test_login_goes_to_home(client, regency_secretariat):
    response = client.post(reverse("login"), {"username": "sekretariat-bukittinggi", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(regency_secretariat.pk)


def test_login_follows_next_within_the_site(client, regency_secretariat):
    response = client.post(
        reverse("login"), {"username": "sekretariat-bukittinggi", "password": PASSWORD, "next": "/regions/13.75/"}
    )
    assert response["Location"] == "/regions/13.75/"


def test_login_refuses_next_to_another_site(client, regency_secretariat):
    response = client.post(
        reverse("login"),
        {"username": "sekretariat-bukittinggi", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_wrong_password_shows_an_error_and_keeps_the_username(client, regency_secretariat):
    response = client.post(reverse("login"), {"username": "sekretariat-bukittinggi", "password": "salah"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="form-errors"' in html
    assert 'value="sekretariat-bukittinggi"' in html
    assert "_auth_user_id" not in client.session


def test_signed_in_user_visiting_login_goes_home(client, regency_secretariat):
    client.force_login(regency_secretariat)
    response = client.get(reverse("login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_logout_is_a_post_and_ends_the_session(client, regency_secretariat):
    client.force_login(regency_secretariat)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_lockout_page_says_to_wait_15_minutes(client, settings, regency_secretariat):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "sekretariat-bukittinggi", "password": "salah"})
    response = client.post(reverse("login"), {"username": "sekretariat-bukittinggi", "password": PASSWORD})
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "Terlalu banyak percobaan masuk yang gagal" in html
    assert "15 menit" in html
