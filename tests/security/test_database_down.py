"""While the database is down, /healthz says so in plain text and the API in JSON,
whoever asks and whatever cookies they send."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


def database_down(error=None):
    """Every query fails, as when the server has gone away (the technique of test_faults)."""
    return mock.patch.object(connection, "cursor", side_effect=error or OperationalError("server closed"))


@pytest.fixture
def signed_in(request, client):
    """A client with a session cookie of the persona named by the test's parameter."""
    user = request.getfixturevalue(request.param)
    client.force_login(user)
    client.raise_request_exception = False
    return client


@pytest.mark.two_factor
@pytest.mark.parametrize("signed_in", ["contributor", "lead", "oversight", "admin_user"], indirect=True)
def test_healthz_answers_503_in_plain_text_to_a_signed_in_browser(signed_in):
    with database_down():
        response = signed_in.get(reverse("healthz"))

    assert (response.status_code, response.content) == (503, b"database unavailable")
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_for_a_session_cookie_it_cannot_look_up(client, settings):
    client.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32
    client.raise_request_exception = False

    with database_down(InterfaceError("connection already closed")):
        response = client.get(reverse("healthz"))

    assert (response.status_code, response.content) == (503, b"database unavailable")


def test_healthz_answers_200_to_a_signed_in_browser_when_the_database_answers(client, oversight):
    client.force_login(oversight)

    response = client.get(reverse("healthz"))

    assert (response.status_code, response.content) == (200, b"ok")


def test_healthz_answers_a_load_balancer_that_names_the_server_by_its_address(client):
    """A load balancer's probe names the server's own address, not the site's name."""
    response = client.get(reverse("healthz"), headers={"host": "10.0.3.7:8000"})

    assert (response.status_code, response.content) == (200, b"ok")


def test_healthz_refuses_what_is_not_a_read(client):
    response = client.post(reverse("healthz"))

    assert response.status_code == 405


# -- The API -------------------------------------------------------------------------------


def assert_json_503(response) -> None:
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["detail"] == "The service cannot reach its database. Try again in a few minutes."
    assert "server closed" not in response.content.decode()


@pytest.mark.parametrize("error", [OperationalError("server closed"), InterfaceError("server closed")])
def test_the_public_api_answers_json_while_the_database_is_down(client, error):
    client.raise_request_exception = False

    with database_down(error):
        response = client.get("/api/public/summary")

    assert_json_503(response)


@pytest.mark.two_factor
@pytest.mark.parametrize("signed_in", ["contributor", "oversight"], indirect=True)
def test_the_public_api_answers_json_to_a_signed_in_browser_while_the_database_is_down(signed_in):
    with database_down():
        response = signed_in.get("/api/public/summary")

    assert_json_503(response)


def test_an_api_call_with_a_token_answers_json_while_the_database_is_down(client):
    client.raise_request_exception = False

    with database_down():
        response = client.get("/api/agencies", headers={"Authorization": "Bearer sat_not-looked-up"})

    assert_json_503(response)


def test_the_api_answers_again_once_the_database_is_back(client):
    client.raise_request_exception = False
    with database_down():
        assert client.get("/api/public/summary").status_code == 503

    response = client.get("/api/public/summary")

    assert response.status_code == 200
    assert set(response.json()) >= {"totals", "by_report", "by_partner"}
