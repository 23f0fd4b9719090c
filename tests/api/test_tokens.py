"""The API tokens page: make a token (shown once, stored hashed), list, revoke; bad input."""

import hashlib
from datetime import timedelta
from unittest.mock import patch

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

URL = "/api/tokens/"


def create(client, **data):
    return client.post(URL, {"name": "Power BI board report", "expires": "90", **data})


def test_the_page_needs_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_someone_who_may_read_nothing_is_told_the_page_does_not_exist(client, newcomer):
    client.force_login(newcomer)

    assert client.get(URL).status_code == 404
    assert create(client).status_code == 404
    assert not ApiToken.objects.exists()


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(client, contributor):
    client.force_login(contributor)

    response = create(client)

    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("sat_") and len(secret) > 40
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert token.user == contributor
    assert token.name == "Power BI board report"
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:12]
    assert secret not in [str(value) for value in ApiToken.objects.values().get().values()]
    assert abs(token.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)

    again = client.get(URL).content.decode()
    assert secret not in again
    assert token.prefix in again and "Power BI board report" in again


def test_the_new_token_reads_the_api(client, contributor):
    client.force_login(contributor)
    secret = create(client).context["secret"]
    client.logout()

    response = client.get("/api/me", headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 200
    assert response.json()["username"] == contributor.username


@pytest.mark.parametrize(("choice", "days"), [("30", 30), ("365", 365), ("never", None)])
def test_the_expiry_is_chosen_when_the_token_is_made(client, contributor, choice, days):
    client.force_login(contributor)

    create(client, expires=choice)

    token = ApiToken.objects.get()
    if days is None:
        assert token.expires_at is None
    else:
        assert abs(token.expires_at - (timezone.now() + timedelta(days=days))) < timedelta(minutes=1)


def test_the_form_offers_ninety_days_by_default(client, contributor):
    client.force_login(contributor)

    form = client.get(URL).context["form"]

    assert form["expires"].value() == "90"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Enter a name for the token"),
        ({"name": "   "}, "Enter a name for the token"),
        ({"name": "x" * 101}, "Token name must be 100 characters or fewer"),
        ({"name": "Power\x00BI"}, "Token name must not contain null characters"),
        ({"expires": "7"}, "Select when the token should expire"),
        ({"expires": ""}, "Select when the token should expire"),
        ({"expires": "-90"}, "Select when the token should expire"),
    ],
)
def test_bad_input_is_explained_and_makes_no_token(client, contributor, data, message):
    client.force_login(contributor)

    response = create(client, **data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message in page
    assert response.context["secret"] is None
    assert not ApiToken.objects.exists()


def test_a_person_may_hold_only_so_many_active_tokens(client, contributor, settings):
    settings.API_MAX_TOKENS_PER_USER = 2
    client.force_login(contributor)
    create(client, name="One")
    create(client, name="Two")

    response = create(client, name="Three")

    assert response.status_code == 400
    assert "You already have 2 active tokens" in response.content.decode()
    assert ApiToken.objects.count() == 2

    client.post(reverse("api_token_revoke", args=[ApiToken.objects.get(name="One").pk]))
    assert create(client, name="Three").status_code == 200


def test_revoking_a_token_stops_it_working(client, contributor):
    client.force_login(contributor)
    secret = create(client).context["secret"]
    token = ApiToken.objects.get()

    response = client.post(reverse("api_token_revoke", args=[token.pk]), follow=True)

    assert response.redirect_chain[-1][0] == URL
    assert "Token “Power BI board report” revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_revoking_twice_changes_nothing_and_says_so(client, contributor):
    client.force_login(contributor)
    create(client)
    token = ApiToken.objects.get()
    url = reverse("api_token_revoke", args=[token.pk])
    client.post(url)
    token.refresh_from_db()
    first = token.revoked_at

    response = client.post(url, follow=True)

    assert "was already revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at == first


def test_revoking_needs_a_post(client, contributor):
    client.force_login(contributor)
    create(client)
    token = ApiToken.objects.get()

    assert client.get(reverse("api_token_revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_nobody_can_see_or_revoke_someone_elses_token(client, contributor, outsider):
    client.force_login(outsider)
    create(client, name="Rochdale dashboard")
    theirs = ApiToken.objects.get()
    client.force_login(contributor)

    assert "Rochdale dashboard" not in client.get(URL).content.decode()
    assert client.post(reverse("api_token_revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("api_token_revoke", args=[theirs.pk + 1000])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_the_list_says_which_tokens_still_work(client, contributor, make_token):
    make_token(contributor, name="Current")
    make_token(contributor, name="Old")
    ApiToken.objects.filter(name="Old").update(revoked_at=timezone.now())
    with patch("django.utils.timezone.now", return_value=timezone.now() - timedelta(days=2)):
        make_token(contributor, name="Lapsed", expires_in_days=1)
    client.force_login(contributor)

    page = client.get(URL).content.decode()

    assert page.count("govuk-tag--green") == 1
    assert "Revoked" in page and "Expired" in page
    assert page.count("Revoke<span") == 1  # only the working token can be revoked


def test_signed_in_readers_find_the_page_in_the_navigation(client, contributor, newcomer):
    client.force_login(contributor)
    assert URL in client.get(reverse("accessibility")).content.decode()

    client.force_login(newcomer)
    assert URL not in client.get(reverse("accessibility")).content.decode()


def test_the_page_costs_the_same_queries_with_many_tokens(
    client, contributor, make_token, django_assert_max_num_queries
):
    client.force_login(contributor)
    for n in range(3):
        make_token(contributor, name=f"Token {n}")
    client.get(URL)
    with django_assert_max_num_queries(12) as few:
        assert client.get(URL).status_code == 200
    MembershipFactory(agency=contributor.memberships.get().agency)
    for n in range(3, 10):
        make_token(contributor, name=f"Token {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.content.decode().count("govuk-tag--green") == 10
