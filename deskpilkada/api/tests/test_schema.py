"""The OpenAPI document and its Swagger UI page, served by the app itself."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_openapi_document_is_readable_without_signing_in(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Desk Pilkada API"
    for path in [
        "/api/v1/auth/token/",
        "/api/v1/regions/",
        "/api/v1/regions/{code}/",
        "/api/v1/elections/{slug}/stages/",
        "/api/v1/contests/{id}/",
        "/api/v1/tps/",
        "/api/v1/desks/{code}/",
    ]:
        assert path in document["paths"], path
    assert "tokenAuth" in document["components"]["securitySchemes"]


def test_openapi_document_holds_no_data(api, api_as, superuser):
    anonymous = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content
    signed_in = api_as(superuser).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content
    assert anonymous == signed_in
    assert b"Tarok Dipo" not in anonymous
    assert b"97517" not in anonymous


def test_openapi_document_validates_without_warnings():
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert "/api/v1/regions/{code}/" in out.getvalue()


def test_docs_page_serves_swagger_ui_from_the_app_not_a_cdn(api):
    response = api.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "<script>" not in html  # the start-up script is a separate file


def test_docs_start_up_script_points_at_the_schema(api):
    response = api.get("/api/docs/?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in response.content.decode()
