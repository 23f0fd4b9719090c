"""The OpenAPI schema and the docs page: public, complete, and within the site's
Content Security Policy (the docs use files served from here, no inline script)."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(api_client):
    response = api_client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_the_schema_describes_every_read_operation(openapi):
    assert openapi["openapi"].startswith("3.")
    assert set(openapi["paths"]) == {
        "/api/agencies",
        "/api/themes",
        "/api/me",
        "/api/inspections",
        "/api/inspections/{inspection_id}",
        "/api/judgements",
        "/api/recommendations",
        "/api/recommendations/{recommendation_id}",
        "/api/actions",
        "/api/actions/{action_id}",
        "/api/updates",
        "/api/public/summary",
    }
    assert all(set(operations) == {"get"} for operations in openapi["paths"].values())


def test_every_operation_but_the_public_summary_needs_a_bearer_token(openapi):
    assert openapi["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    for path, operations in openapi["paths"].items():
        operation = operations["get"]
        if path == "/api/public/summary":
            assert "security" not in operation
        else:
            assert operation["security"] == [{"TokenAuth": []}], path
            assert {"400", "401"} <= set(operation["responses"]), path


def test_the_lists_document_their_filters_and_page_size(openapi):
    parameters = {p["name"]: p for p in openapi["paths"]["/api/actions"]["get"]["parameters"]}

    filters = {"q", "agency", "status", "confidence", "due", "inspection", "theme", "area", "sort", "as_at"}
    assert filters <= set(parameters)
    assert parameters["limit"]["schema"]["maximum"] == 100
    assert parameters["limit"]["schema"]["default"] == 25


def test_the_docs_page_runs_under_the_content_security_policy(api_client):
    response = api_client.get("/api/docs")

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page = response.content.decode()
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S):
        # Either a file from this site, or a JSON data block the browser does not run.
        assert 'src="/static/' in attributes or 'type="application/json"' in attributes, attributes
        if "src=" in attributes:
            assert not body.strip()
    assert "<style" not in page and " style=" not in page
    assert "cdn" not in page.lower()
    for path in re.findall(r'(?:src|href)="/static/([^"]+)"', page):
        assert finders.find(path), path
