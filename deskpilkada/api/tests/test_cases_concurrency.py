"""Two requests with one Idempotency-Key at the same moment store one case (PostgreSQL only).

The requests run in two threads, each with its own database connection, so the test needs real transactions
(``transaction=True``): pytest-django empties every table afterwards, which also removes the demo data the
test session loaded once. ``demo_data`` loads it again when an earlier test of this module flushed it, and
the module-scoped ``_reload_demo_afterwards`` after the last flush, so the tests that run later see the same
database as before.
"""

from __future__ import annotations

import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from deskpilkada.accounts.models import User
from deskpilkada.cases.models import Case, IntakeKey

from .test_cases import payload

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (row locks of a real server)"),
]


def _load_demo() -> None:
    call_command("import_regions", province=["13", "14"], verbosity=0)
    call_command("load_demo", "--no-media", verbosity=0)


@pytest.fixture(scope="module")
def _reload_demo_afterwards(django_db_blocker):
    """Its teardown runs after the function-level flush of the module's last transactional test."""
    yield
    with django_db_blocker.unblock():
        _load_demo()


@pytest.fixture
def demo_data(_reload_demo_afterwards, django_db_blocker):
    """The demo scenario, loaded again if an earlier test of this module flushed it."""
    with django_db_blocker.unblock():
        if not User.objects.filter(username="operator-bukittinggi").exists():
            _load_demo()


def _operator_token() -> tuple[User, str]:
    operator = User.objects.get(username="operator-bukittinggi")
    return operator, Token.objects.get_or_create(user=operator)[0].key


def _post_at_once(token: str, body: dict, key: str, count: int = 2) -> list:
    barrier = threading.Barrier(count)
    responses: list = [None] * count
    errors: list[BaseException] = []

    def submit(i: int) -> None:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        try:
            barrier.wait(timeout=10)
            responses[i] = client.post("/api/v1/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return responses


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_with_one_key_store_one_case(demo_data):
    village_operator, token = _operator_token()
    body = payload()
    before = Case.objects.count()

    responses = _post_at_once(token, body, key="serentak-0001")

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 201], [r.content for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert len({r.json()["number"] for r in responses}) == 1
    assert Case.objects.count() == before + 1
    assert IntakeKey.objects.filter(user=village_operator, key="serentak-0001").count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_posts_with_one_key_and_different_bodies_store_one_case_and_refuse_the_other(demo_data):
    village_operator, token = _operator_token()
    before = Case.objects.count()
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def submit(name: str, body: dict) -> None:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        try:
            barrier.wait(timeout=10)
            results[name] = client.post("/api/v1/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY="serentak-0002")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=submit, args=("a", payload())),
        threading.Thread(target=submit, args=("b", payload(title="Laporan yang lain"))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(r.status_code for r in results.values())
    assert statuses == [201, 409], [r.content for r in results.values()]
    assert Case.objects.count() == before + 1
    assert IntakeKey.objects.filter(user=village_operator, key="serentak-0002").count() == 1
