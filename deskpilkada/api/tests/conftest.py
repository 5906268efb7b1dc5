"""Fixtures of the API tests: a REST client, a signed-in client per persona, and a clean throttle cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fresh_throttle_history():
    """DRF keeps the token endpoint's request history in the cache; one test must not throttle the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """A REST client that asks for English answers (error messages are translated)."""
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def api_as(api):
    """``api_as(user)``: the client signed in (session) as that user."""

    def sign_in(user):
        api.force_login(user)
        return api

    return sign_in
