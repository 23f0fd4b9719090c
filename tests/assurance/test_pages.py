"""The pages every visitor meets: home, sign-in, accessibility statement and /healthz."""

from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.urls import reverse

from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("assurance.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"ok" not in response.content


def test_the_home_page_sends_visitors_to_the_public_summary_which_offers_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("public_summary")
    summary = client.get(response["Location"])
    assert reverse("login").encode() in summary.content
    assert b"Sign out" not in summary.content


def test_the_home_page_sends_a_partner_to_their_agencys_actions(client, lead):
    client.force_login(lead)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("our_actions")


def test_the_home_page_sends_the_assurance_team_to_its_queue(client, oversight):
    client.force_login(oversight)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("assurance_queue")


def test_the_home_page_welcomes_an_administrator_without_an_agency(client, admin_user):
    client.force_login(admin_user)
    content = client.get(reverse("home")).content.decode()
    assert "Sign out" in content
    assert reverse("admin:index") in content


def test_the_home_page_runs_the_same_queries_whatever_the_data(
    client, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    ActionFactory.create_batch(3)
    with django_assert_max_num_queries(10) as small:
        assert client.get(reverse("home")).status_code == 200
    ActionFactory.create_batch(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("home")).status_code == 200


def test_every_page_has_the_footer_link_to_the_accessibility_statement(client):
    for name in ("public_summary", "login", "accessibility"):
        response = client.get(reverse(name))
        assert reverse("accessibility").encode() in response.content, name


def test_the_accessibility_statement_has_the_required_sections(client):
    content = client.get(reverse("accessibility")).content.decode()
    for heading in (
        "Compliance status",
        "Non-accessible content",
        "Feedback and contact information",
        "Reporting accessibility problems",
        "Enforcement procedure",
        "How we tested this service",
    ):
        assert heading in content


def test_pages_carry_a_content_security_policy_with_a_nonce_and_no_unsafe_inline(client):
    response = client.get(reverse("public_summary"))
    policy = response["Content-Security-Policy"]
    assert "'nonce-" in policy
    assert "unsafe-inline" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"'.encode() in response.content


def test_pages_use_arial_and_no_crown(client):
    content = client.get(reverse("public_summary")).content.decode()
    assert "govuk-generic-header" in content
    assert "crown" not in content.lower()
    assert "GOV.UK" not in content


def test_signing_in_with_the_right_password_works(client, contributor):
    response = client.post(reverse("login"), {"username": contributor.username, "password": "demo-password"})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == contributor.pk


def test_a_wrong_password_and_an_unknown_user_get_the_same_error(client, contributor):
    wrong = client.post(reverse("login"), {"username": contributor.username, "password": "not-it"})
    unknown = client.post(reverse("login"), {"username": "nobody-here", "password": "not-it"})
    for response in (wrong, unknown):
        assert response.status_code == 200
        content = response.content.decode()
        assert "govuk-error-summary" in content
        assert "Enter a correct username and password" in content
        assert "<title>Error: Sign in" in content
    assert "_auth_user_id" not in client.session


def test_an_empty_sign_in_form_says_what_is_missing(client):
    content = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert "Enter your username" in content
    assert "Enter your password" in content


def test_signing_out_needs_a_post(client, contributor):
    client.force_login(contributor)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
