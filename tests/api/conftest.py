"""Fixtures for the API: tokens for the personas, and a client that sends them."""

import pytest
from django.test import Client

from api.services import token_create


@pytest.fixture
def make_token():
    """A token's secret for ``user``; ``expires_in_days=None`` never expires."""

    def make(user, name="Reporting tool", expires_in_days=90):
        return token_create(user=user, name=name, expires_in_days=expires_in_days)[1]

    return make


class ApiClient:
    """Django's test client, sending ``Authorization: Bearer <token>`` when given one."""

    def __init__(self) -> None:
        self.client = Client()

    def get(self, path: str, token: str | None = None, **params):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.client.get(path, params, headers=headers)


@pytest.fixture
def api_client():
    return ApiClient()


@pytest.fixture(scope="module")
def _demo_for_module(demo_snapshot, django_db_blocker, tmp_path_factory):
    """Puts the demo in once per test module, inside a transaction rolled back when the
    module ends; each test's own transaction nests inside it. A module that uses
    ``demo`` should hold only tests that want the demo data."""
    with django_db_blocker.unblock(), demo_snapshot.held(tmp_path_factory.mktemp("demo-evidence")):
        yield


@pytest.fixture
def demo(_demo_for_module, db):
    """The demo data (``load_demo``): thirteen partners, their people, ten reports and
    every action's timeline, with evidence."""
