"""The webhook of chat/SMS gateways: a shared secret, no session; a registered sender's message files a case."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from deskpilkada.api import cases as api_cases
from deskpilkada.core.models import Channel

from .test_cases import NewCases, category

pytestmark = pytest.mark.django_db

URL = "/api/v1/messages/inbound/"
SECRET = "rahasia-gateway-uji-0123456789"  # noqa: S105 - a test value
OPERATOR_PHONE = "081277770001"
MESSAGE = "LAPOR Tarok Dipo politik_uang Ada pembagian amplop di dekat TPS 003 pagi ini"


@pytest.fixture(autouse=True)
def gateway_secret(settings):
    settings.DESK_MESSAGE_GATEWAY_SECRET = SECRET
    return SECRET


@pytest.fixture
def new_cases(db) -> NewCases:
    return NewCases()


@pytest.fixture
def gateway():
    """A client as a gateway is: no session, CSRF checks on, the shared secret in its header."""
    return APIClient(enforce_csrf_checks=True, HTTP_X_GATEWAY_SECRET=SECRET)


@pytest.fixture
def registered_operator(village_operator):
    village_operator.phone = OPERATOR_PHONE
    village_operator.save(update_fields=["phone"])
    category("politik_uang")
    return village_operator


def test_a_registered_senders_message_files_a_case_and_answers_its_receipt(gateway, registered_operator, new_cases):
    response = gateway.post(URL, {"phone": "+62 812-7777-0001", "text": MESSAGE, "message_id": "wa-1"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    [case] = new_cases.all()
    assert body == {"reply": body["reply"], "stored": True, "number": case.number}
    assert case.number in body["reply"]
    assert (case.channel, case.reported_by, case.region.code) == (Channel.MESSAGE, registered_operator, "13.75.01.1001")
    assert case.category.code == "politik_uang"


def test_a_form_encoded_message_is_accepted(gateway, registered_operator, new_cases):
    response = gateway.post(URL, {"phone": OPERATOR_PHONE, "text": MESSAGE})
    assert response.status_code == 200, response.content
    assert response.json()["stored"] is True
    assert new_cases.count() == 1


def test_a_retried_message_id_stores_one_case(gateway, registered_operator, new_cases):
    body = {"phone": OPERATOR_PHONE, "text": MESSAGE, "message_id": "sms-42"}
    first = gateway.post(URL, body, format="json").json()
    again = gateway.post(URL, body, format="json").json()
    assert new_cases.count() == 1
    assert again["stored"] is True
    assert again["number"] == first["number"]


def test_an_unknown_sender_gets_a_helpful_reply_and_nothing_is_stored(gateway, registered_operator, new_cases):
    response = gateway.post(URL, {"phone": "081299990000", "text": MESSAGE}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["stored"], body["number"]) == (False, None)
    assert "belum terdaftar" in body["reply"]
    assert new_cases.count() == 0


def test_an_unreadable_message_answers_how_to_write_it(gateway, registered_operator, new_cases):
    body = gateway.post(URL, {"phone": OPERATOR_PHONE, "text": "halo"}, format="json").json()
    assert (body["stored"], body["number"]) == (False, None)
    assert "LAPOR" in body["reply"]
    assert new_cases.count() == 0


@pytest.mark.parametrize("secret", [None, "", "salah", SECRET + "x", SECRET.upper()])
def test_a_missing_or_wrong_secret_is_403_and_nothing_is_stored(registered_operator, secret, new_cases):
    client = APIClient() if secret is None else APIClient(HTTP_X_GATEWAY_SECRET=secret)
    response = client.post(URL, {"phone": OPERATOR_PHONE, "text": MESSAGE}, format="json")
    assert response.status_code == 403
    assert new_cases.count() == 0


def test_a_signed_in_session_does_not_replace_the_secret(superuser, registered_operator, new_cases):
    client = APIClient()
    client.force_login(superuser)
    assert client.post(URL, {"phone": OPERATOR_PHONE, "text": MESSAGE}, format="json").status_code == 403
    assert new_cases.count() == 0


def test_without_a_configured_secret_the_webhook_is_off(settings, registered_operator, new_cases):
    settings.DESK_MESSAGE_GATEWAY_SECRET = ""
    for client in (APIClient(), APIClient(HTTP_X_GATEWAY_SECRET="")):
        response = client.post(URL, {"phone": OPERATOR_PHONE, "text": MESSAGE}, format="json")
        assert response.status_code == 503
    assert new_cases.count() == 0


def test_phone_and_text_are_required(gateway):
    response = gateway.post(URL, {"text": ""}, format="json")
    assert response.status_code == 400
    assert {"phone", "text"} <= set(response.json())


def test_the_webhook_is_throttled(gateway, registered_operator, monkeypatch):
    monkeypatch.setattr(api_cases.GatewayThrottle, "rate", "2/minute")
    body = {"phone": "081299990000", "text": MESSAGE}
    assert [gateway.post(URL, body, format="json").status_code for _ in range(3)] == [200, 200, 429]


def test_wrong_secrets_count_towards_the_throttle(registered_operator, monkeypatch):
    monkeypatch.setattr(api_cases.GatewayThrottle, "rate", "2/minute")
    client = APIClient(HTTP_X_GATEWAY_SECRET="tebakan")
    statuses = [client.post(URL, {"phone": "1", "text": "x"}, format="json").status_code for _ in range(3)]
    assert statuses == [403, 403, 429]


def test_the_view_relays_what_the_message_service_answers(gateway, monkeypatch):
    calls = []

    def fake_receive(**kwargs):
        calls.append(kwargs)
        return api_cases_reply(stored=False, reply="Format: LAPOR ...")

    monkeypatch.setattr(api_cases, "receive_message", fake_receive)
    response = gateway.post(URL, {"phone": " 0812 ", "text": "LAPOR", "message_id": "  id-7  "}, format="json")
    assert response.json() == {"reply": "Format: LAPOR ...", "stored": False, "number": None}
    assert calls == [{"phone": "0812", "text": "LAPOR", "message_id": "id-7"}]


def api_cases_reply(**fields):
    from deskpilkada.cases.messages import MessageReply

    return MessageReply(**fields)


def test_the_openapi_document_describes_the_case_endpoints_and_the_webhook(api):
    document = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in [
        "/api/v1/cases/",
        "/api/v1/cases/{id}/",
        "/api/v1/cases/{id}/verify/",
        "/api/v1/cases/{id}/reject/",
        "/api/v1/cases/{id}/route/",
        "/api/v1/cases/{id}/escalate/",
        "/api/v1/cases/{id}/resolve/",
        "/api/v1/actions/",
        "/api/v1/actions/{id}/follow-ups/",
        "/api/v1/categories/",
        URL,
    ]:
        assert path in document["paths"], path
    webhook = document["paths"][URL]["post"]
    assert not webhook.get("security")  # no token or session: the shared secret header
    assert any(p["name"] == "X-Gateway-Secret" for p in webhook["parameters"])
