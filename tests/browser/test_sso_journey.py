"""Signing in with an organisation's account in a real Chromium, through a real OpenID
provider process (tests/oidc_provider.py), with every tracker page checked by axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from agencies.models import ExternalIdentity, Membership, User
from assurance import oidc_config
from tests.browser.conftest import assert_accessible
from tests.factories import AgencyFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bolton(settings, oidc_provider):
    agency = AgencyFactory(name="Bolton Council", short_name="Bolton", slug="bolton")
    settings.OIDC_PROVIDERS = oidc_config.parse(
        oidc_provider.config(
            key="bolton", name="Bolton Council", domains=["bolton.example.org"], agency="bolton"
        )
    )
    return agency


def test_a_council_officer_signs_in_with_their_work_account_and_out_again(
    page, live_server, oidc_provider, bolton
):
    oidc_provider.set_user(
        "asha-42", email="asha.patel@bolton.example.org", given_name="Asha", family_name="Patel"
    )
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in with your organisation's account").click()
    expect(page.get_by_role("heading", name="Sign in with your organisation's account")).to_be_visible()
    assert_accessible(page)

    # An address no organisation here signs in: an error summary, and nothing sent anywhere.
    page.get_by_label("Your work e-mail address").fill("asha@elsewhere.example.com")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("does not sign in to this service")
    assert_accessible(page)

    page.get_by_label("Your work e-mail address").fill("asha.patel@bolton.example.org")
    page.get_by_role("button", name="Continue").click()
    # At the organisation's own provider.
    page.wait_for_url(f"{oidc_provider.url}/oauth2/authorize?**")
    page.locator("#subject-input").fill("asha-42")
    page.get_by_role("button", name="Authorize", exact=True).click()

    expect(page.get_by_role("heading", name="Our actions")).to_be_visible()
    assert page.url.startswith(live_server.url)
    assert_accessible(page)
    user = User.objects.get(email="asha.patel@bolton.example.org")
    assert user.get_full_name() == "Asha Patel"
    assert Membership.objects.get(user=user).role == Membership.Role.CONTRIBUTOR
    assert ExternalIdentity.objects.get(user=user).subject == "asha-42"

    # Signing out ends the provider's session too, then comes back.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{oidc_provider.url}/oauth2/end_session?**")
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    assert page.url.startswith(live_server.url)


def test_a_leaver_refused_by_their_organisation_sees_why(page, live_server, oidc_provider, bolton):
    page.goto(f"{live_server.url}/accounts/organisation/")
    page.get_by_role("link", name="Bolton Council").click()
    page.wait_for_url(f"{oidc_provider.url}/oauth2/authorize?**")
    page.get_by_role("button", name="Deny access").click()
    expect(page.get_by_role("heading", name="You could not be signed in")).to_be_visible()
    expect(page.get_by_text("Your organisation did not sign you in")).to_be_visible()
    assert_accessible(page)
    assert not User.objects.filter(external_identities__isnull=False).exists()


@pytest.mark.two_factor
def test_the_assurance_team_skip_the_security_code_only_when_their_provider_vouches_for_a_second_factor(
    page, live_server, oidc_provider, bolton
):
    kim = UserFactory(username="kim.assurance", email="kim@bolton.example.org", is_oversight=True)
    ExternalIdentity.objects.create(user=kim, issuer=oidc_provider.url, subject="kim-7")

    def sign_in_as_kim(amr: list[str]) -> None:
        oidc_provider.set_user("kim-7", email="kim@bolton.example.org", amr=amr)
        page.goto(f"{live_server.url}/accounts/organisation/")
        page.get_by_label("Your work e-mail address").fill("kim@bolton.example.org")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(f"{oidc_provider.url}/oauth2/authorize?**")
        page.locator("#subject-input").fill("kim-7")
        page.get_by_role("button", name="Authorize", exact=True).click()
        page.wait_for_url(f"{live_server.url}/**")

    sign_in_as_kim(["pwd", "mfa"])
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_have_count(0)
    assert "/accounts/two-factor/" not in page.url
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{oidc_provider.url}/oauth2/end_session?**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{live_server.url}/**")

    sign_in_as_kim(["pwd"])
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    assert_accessible(page)


def test_a_forged_return_from_the_provider_signs_nobody_in(page, live_server, oidc_provider, bolton):
    page.goto(f"{live_server.url}/accounts/organisation/")
    page.get_by_role("link", name="Bolton Council").click()
    page.wait_for_url(f"{oidc_provider.url}/oauth2/authorize?**")
    # Instead of signing in, come back with a state this browser was never given.
    page.goto(f"{live_server.url}/accounts/organisation/callback/?code=stolen&state=forged")
    expect(page.get_by_role("heading", name="Something was wrong with the request")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
