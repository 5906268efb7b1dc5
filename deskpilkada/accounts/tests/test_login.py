"""Login throttling (django-axes): repeated failures lock the username out, even with the right password."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_five_failed_logins_lock_the_account_out(client, settings, regency_secretariat):
    settings.AXES_ENABLED = True
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "sekretariat-bukittinggi", "password": "salah"})
        assert response.status_code == 200
    # The failure that reaches the limit locks the account at once.
    response = client.post(url, {"username": "sekretariat-bukittinggi", "password": "salah"})
    assert response.status_code == 429
    response = client.post(url, {"username": "sekretariat-bukittinggi", "password": "pilkada2024"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_correct_login_before_the_limit_succeeds(client, settings, regency_secretariat):
    settings.AXES_ENABLED = True
    url = reverse("login")
    client.post(url, {"username": "sekretariat-bukittinggi", "password": "salah"})
    response = client.post(url, {"username": "sekretariat-bukittinggi", "password": "pilkada2024"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(regency_secretariat.pk)
