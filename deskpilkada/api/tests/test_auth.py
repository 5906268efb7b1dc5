"""Signing in to the API with a username and password, and calling it with the token."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from deskpilkada.core.models import AuditEvent

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "pilkada2024"

TOKEN_URL = "/api/v1/auth/token/"


def test_right_password_as_json_gives_the_users_token(api, regency_secretariat):
    response = api.post(TOKEN_URL, {"username": "sekretariat-bukittinggi", "password": DEMO_PASSWORD}, format="json")
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=regency_secretariat).key}


def test_right_password_as_a_form_gives_the_users_token(api, regency_secretariat):
    response = api.post(TOKEN_URL, {"username": "sekretariat-bukittinggi", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=regency_secretariat).key


def test_signing_in_twice_gives_the_same_token_and_one_audit_row(api, regency_secretariat):
    credentials = {"username": "sekretariat-bukittinggi", "password": DEMO_PASSWORD}
    first = api.post(TOKEN_URL, credentials, format="json").json()["token"]
    second = api.post(TOKEN_URL, credentials, format="json").json()["token"]
    assert first == second
    events = AuditEvent.objects.filter(action="api.token.create", actor=regency_secretariat)
    assert events.count() == 1
    event = events.get()
    assert event.channel == "api"
    assert first not in str(event.object_id) + event.note + str(event.changes)


def test_wrong_password_is_400_with_a_clear_message(api, regency_secretariat):
    response = api.post(TOKEN_URL, {"username": "sekretariat-bukittinggi", "password": "salah"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Unable to sign in with the username and password given."}
    assert not Token.objects.filter(user=regency_secretariat).exists()


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(api):
    response = api.post(TOKEN_URL, {"username": "tidak-ada", "password": DEMO_PASSWORD}, format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Unable to sign in with the username and password given."}


def test_missing_fields_are_named_in_the_400(api):
    response = api.post(TOKEN_URL, {"username": "sekretariat-bukittinggi"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()


def test_inactive_user_gets_no_token(api, regency_secretariat):
    regency_secretariat.is_active = False
    regency_secretariat.save(update_fields=["is_active"])
    response = api.post(TOKEN_URL, {"username": "sekretariat-bukittinggi", "password": DEMO_PASSWORD}, format="json")
    assert response.status_code == 400


def test_token_signs_in_api_calls_end_to_end(api):
    response = api.post(TOKEN_URL, {"username": "sekretariat-bukittinggi", "password": DEMO_PASSWORD}, format="json")
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    region = api.get("/api/v1/regions/13.75/")
    assert region.status_code == 200
    assert (region.json()["tps_count"], region.json()["dpt"]) == (206, 97517)
    assert api.get("/api/v1/regions/13/").status_code == 404


def test_token_of_an_outsider_reaches_nothing_of_west_sumatra(api):
    response = api.post(TOKEN_URL, {"username": "luar-wilayah", "password": DEMO_PASSWORD}, format="json")
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get("/api/v1/regions/13.75/").status_code == 404
    assert api.get("/api/v1/regions/14/").status_code == 200


def test_sixth_attempt_is_refused_even_with_the_right_password_after_five_failures(api, settings, regency_secretariat):
    settings.AXES_ENABLED = True
    wrong = {"username": "sekretariat-bukittinggi", "password": "salah"}
    answers = [api.post(TOKEN_URL, wrong, format="json").status_code for _ in range(5)]
    assert answers[:4] == [400, 400, 400, 400]
    assert answers[4] == 429  # the fifth failure reaches the limit and locks

    right = {"username": "sekretariat-bukittinggi", "password": DEMO_PASSWORD}
    response = api.post(TOKEN_URL, right, format="json")
    assert response.status_code == 429
    assert "locked for 15 minutes" in response.json()["detail"]
    assert not Token.objects.filter(user=regency_secretariat).exists()


def test_lockout_holds_for_one_username_not_for_others(api, settings):
    settings.AXES_ENABLED = True
    for _ in range(5):
        api.post(TOKEN_URL, {"username": "sekretariat-bukittinggi", "password": "salah"}, format="json")
    response = api.post(TOKEN_URL, {"username": "ketua-bukittinggi", "password": DEMO_PASSWORD}, format="json")
    assert response.status_code == 200


def test_success_clears_earlier_failures(api, settings):
    settings.AXES_ENABLED = True
    wrong = {"username": "sekretariat-bukittinggi", "password": "salah"}
    right = {"username": "sekretariat-bukittinggi", "password": DEMO_PASSWORD}
    for _ in range(4):
        assert api.post(TOKEN_URL, wrong, format="json").status_code == 400
    assert api.post(TOKEN_URL, right, format="json").status_code == 200
    for _ in range(4):
        assert api.post(TOKEN_URL, wrong, format="json").status_code == 400
    assert api.post(TOKEN_URL, right, format="json").status_code == 200


def test_token_endpoint_is_throttled_after_ten_requests_a_minute(api):
    # Every request counts, even one without a password (which spares the test ten password hashes).
    answers = [api.post(TOKEN_URL, {"username": "x"}, format="json").status_code for _ in range(10)]
    assert answers == [400] * 10
    right = {"username": "sekretariat-bukittinggi", "password": DEMO_PASSWORD}
    response = api.post(TOKEN_URL, right, format="json")
    assert response.status_code == 429
    assert "throttled" in response.json()["detail"].lower()


def test_token_endpoint_needs_no_csrf_token_for_a_script(regency_secretariat):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    response = client.post(TOKEN_URL, {"username": "sekretariat-bukittinggi", "password": DEMO_PASSWORD})
    assert response.status_code == 200
