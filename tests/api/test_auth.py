"""Who the API answers: a current token only (never a session); a missing, unknown,
revoked or expired token is a 401 with a JSON message."""

from datetime import timedelta
from unittest.mock import patch

import pytest
from django.utils import timezone

from api.models import ApiToken

pytestmark = pytest.mark.django_db


def assert_refused(response, words: str) -> None:
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert words in response.json()["detail"]


def test_a_request_without_a_token_is_told_how_to_send_one(api_client, action):
    response = api_client.get("/api/actions")

    assert_refused(response, "Authorization: Bearer <token>")
    assert "R1" not in response.content.decode()


@pytest.mark.parametrize(
    "header",
    [
        "Token {secret}",
        "Basic {secret}",
        "Bearer",
        "Bearer ",
        "{secret}",
    ],
)
def test_a_malformed_authorization_header_is_refused(api_client, contributor, make_token, header):
    secret = make_token(contributor)

    response = api_client.client.get("/api/actions", headers={"Authorization": header.format(secret=secret)})

    assert response.status_code == 401
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "secret",
    ["sat_not-a-real-token", "not-even-ours", "sat_" + "x" * 500, "sat_\u00e9\u00e8"],
)
def test_an_unknown_token_is_refused(api_client, contributor, make_token, secret):
    make_token(contributor)

    assert_refused(api_client.get("/api/actions", secret), "not one this service issued")


def test_a_revoked_token_is_refused(api_client, contributor, make_token):
    secret = make_token(contributor)
    ApiToken.objects.update(revoked_at=timezone.now())

    assert_refused(api_client.get("/api/actions", secret), "revoked")


def test_a_token_works_until_it_expires_and_not_after(api_client, contributor, make_token):
    secret = make_token(contributor, expires_in_days=90)
    now = timezone.now()

    with patch("django.utils.timezone.now", return_value=now + timedelta(days=89, hours=23)):
        assert api_client.get("/api/actions", secret).status_code == 200
    with patch("django.utils.timezone.now", return_value=now + timedelta(days=90, minutes=1)):
        assert_refused(api_client.get("/api/actions", secret), "expired")


def test_a_token_without_expiry_keeps_working(api_client, contributor, make_token):
    secret = make_token(contributor, expires_in_days=None)

    with patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(days=3650)):
        assert api_client.get("/api/actions", secret).status_code == 200


def test_a_deactivated_accounts_token_is_refused(api_client, contributor, make_token):
    secret = make_token(contributor)
    contributor.is_active = False
    contributor.save()

    assert_refused(api_client.get("/api/actions", secret), "deactivated")


def test_a_signed_in_session_is_not_enough(client, contributor, action):
    client.force_login(contributor)

    response = client.get("/api/actions")

    assert response.status_code == 401
    assert "R1" not in response.content.decode()


def test_the_token_acts_for_its_owner_even_with_someone_elses_session(
    client, contributor, newcomer, make_token
):
    client.force_login(contributor)

    response = client.get("/api/actions", headers={"Authorization": f"Bearer {make_token(newcomer)}"})

    assert response.status_code == 403


def test_the_time_a_token_was_last_used_is_recorded(api_client, contributor, make_token):
    secret = make_token(contributor)
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    now = timezone.now()

    with patch("django.utils.timezone.now", return_value=now):
        api_client.get("/api/me", secret)
    token.refresh_from_db()
    assert token.last_used_at == now

    # Within a minute the time is not written again (a read stays a read) ...
    with patch("django.utils.timezone.now", return_value=now + timedelta(seconds=30)):
        api_client.get("/api/me", secret)
    token.refresh_from_db()
    assert token.last_used_at == now

    # ... after that it is.
    with patch("django.utils.timezone.now", return_value=now + timedelta(minutes=2)):
        api_client.get("/api/me", secret)
    token.refresh_from_db()
    assert token.last_used_at == now + timedelta(minutes=2)


def test_a_refused_token_is_not_marked_as_used(api_client, contributor, make_token):
    secret = make_token(contributor)
    ApiToken.objects.update(revoked_at=timezone.now())

    api_client.get("/api/me", secret)

    assert ApiToken.objects.get().last_used_at is None


def test_me_says_whose_token_it_is_and_what_it_may_read(api_client, contributor, agency, make_token):
    secret = make_token(contributor, name="Spreadsheet")

    body = api_client.get("/api/me", secret).json()

    assert body["username"] == contributor.username
    assert body["can_read"] is True
    assert body["memberships"] == [
        {
            "agency": {"id": agency.pk, "name": agency.name, "short_name": agency.short_name},
            "role": "contributor",
        }
    ]
    assert body["token"]["name"] == "Spreadsheet"
    assert secret.startswith(body["token"]["prefix"])


def test_the_public_summary_and_the_schema_need_no_token(api_client, action):
    assert api_client.get("/api/public/summary").status_code == 200
    assert api_client.get("/api/public/summary", "sat_revoked-or-unknown").status_code == 200
    assert api_client.get("/api/openapi.json").status_code == 200
