"""Production settings refuse development secrets; the health check answers for load balancers."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import DatabaseError, connection

from deskpilkada.core import clock

PROPER_KEY = "k3y-for-tests-only-" + "x7Qp2Lm9Zr4Tb8Nc5Vd1Hf6Jg0Ks3Wy"  # 50 characters, not the development key
PRINT_SETTINGS = "from django.conf import settings; print('DEBUG', settings.DEBUG, 'HOSTS', settings.ALLOWED_HOSTS)"


def import_settings(tmp_path, **env_vars: str | None) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with the given environment (None removes a variable)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DESK_"))}
    env.update(DJANGO_SETTINGS_MODULE="deskpilkada.settings", DESK_VAR_DIR=str(tmp_path / "var"))
    for name, value in env_vars.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", f"import django; django.setup(); {PRINT_SETTINGS}"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "secret_key",
    [
        pytest.param(None, id="no key: the development default"),
        pytest.param(settings.DEVELOPMENT_SECRET_KEY, id="the development key named explicitly"),
        pytest.param("short-but-not-the-dev-key", id="a key shorter than 40 characters"),
        pytest.param("", id="an empty key"),
    ],
)
def test_production_refuses_to_start_with_a_development_secret_key(tmp_path, secret_key):
    result = import_settings(
        tmp_path, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secret_key, DJANGO_ALLOWED_HOSTS="desk.example.go.id"
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = import_settings(tmp_path, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=PROPER_KEY, DJANGO_ALLOWED_HOSTS=None)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_a_proper_key_and_host_names(tmp_path):
    result = import_settings(
        tmp_path, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=PROPER_KEY, DJANGO_ALLOWED_HOSTS="desk.example.go.id"
    )

    assert result.returncode == 0, result.stderr
    assert "DEBUG False HOSTS ['desk.example.go.id']" in result.stdout


def test_development_starts_with_the_development_key(tmp_path):
    result = import_settings(tmp_path, DJANGO_DEBUG=None, DJANGO_SECRET_KEY=None, DJANGO_ALLOWED_HOSTS=None)

    assert result.returncode == 0, result.stderr
    assert "DEBUG True" in result.stdout


@pytest.mark.django_db
def test_health_check_reports_the_database_reachable(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "reachable"
    assert body["database_vendor"] == connection.vendor
    assert dt.datetime.fromisoformat(body["now"]) == clock.now()


@pytest.mark.django_db
def test_health_check_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
