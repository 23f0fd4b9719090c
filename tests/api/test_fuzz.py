"""schemathesis against the API's own OpenAPI schema, in process (no server): generated
parameters, valid and not, must never cause a server error, and every response must
match the schema (status code, content type, headers and body).

The schema is the one /api/openapi.json serves, read when the module is collected
(it needs no database); the calls go through the project's WSGI application while
the test runs, against the demo data, with a partner's token.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from agencies.models import User
from assurance.wsgi import application

# A schema cannot say which ids exist or when the first record was made, so a
# schema-valid filter that names no record, or an as_at before the first record, is
# a 400 (see below for the only parameters allowed to cause one).
CONFIG = schemathesis.Config.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404"]}}}
)
REFERENCES = {"agency", "inspection", "inspectorate", "theme", "area", "action", "recommendation", "as_at"}

schema = schemathesis.openapi.from_dict(Client().get("/api/openapi.json").json(), config=CONFIG)
schema.app = application


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """The WSGI handler closes the database connection around each request, which would
    end the test's transaction (PostgreSQL); Django's test client holds this off too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def partner_token(demo, make_token):
    return make_token(User.objects.get(username="rochdale.contributor"))


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_matches_its_schema_and_never_fails(case, partner_token):
    response = case.call_and_validate(
        base_url="http://testserver", headers={"Authorization": f"Bearer {partner_token}"}
    )
    if case.meta.generation.mode.is_positive and response.status_code == 400:
        refused = {error["parameter"] for error in response.json()["errors"]}
        assert refused <= REFERENCES, f"schema-valid parameters refused: {response.json()}"
