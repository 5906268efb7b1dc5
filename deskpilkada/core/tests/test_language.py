"""Indonesian first: pages ignore the browser's language; the switch (and the API's Accept-Language) decide."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_are_indonesian_even_for_an_english_browser(client, regency_secretariat):
    client.force_login(regency_secretariat)
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id"' in html


def test_the_language_switch_turns_pages_english(client, regency_secretariat):
    client.force_login(regency_secretariat)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en"' in html


def test_the_api_follows_accept_language(client, regency_secretariat):
    client.force_login(regency_secretariat)
    response = client.get("/api/v1/regions/13.99/", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 404
    assert "tidak ditemukan" in response.json()["detail"].lower()
