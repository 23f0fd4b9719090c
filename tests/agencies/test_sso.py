"""Signing in with an organisation's account, through the whole redirect flow against a
real OpenID Connect provider process on 127.0.0.1 (tests/oidc_provider.py)."""

import base64
import hashlib
import json
import os
import subprocess
import sys

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies import sso
from agencies.models import ExternalIdentity, Membership, User
from assurance import oidc_config
from tests.oidc_provider import query

pytestmark = pytest.mark.django_db


@pytest.fixture
def gmp(settings, oidc_provider, agency):
    """The tracker set up to sign in gmp.example.org's people with the provider."""
    settings.OIDC_PROVIDERS = oidc_config.parse(oidc_provider.config())
    return settings.OIDC_PROVIDERS[0]


def sign_in(client, provider, sub, *, email=None, claims=None, deny=False, next_url=None):
    """Go through the whole flow in the tracker and at the provider; the tracker's
    answer to the callback."""
    provider.set_user(sub, email=email or f"{sub}@gmp.example.org", **(claims or {}))
    data = {"email": email or f"{sub}@gmp.example.org"}
    if next_url:
        data["next"] = next_url
    start = client.post(reverse("sso_start"), data)
    assert start.status_code == 302, start.content.decode()[:500]
    assert start["Location"].startswith(f"{provider.url}/oauth2/authorize?")
    back = provider.authorize(start["Location"], sub, deny=deny)
    assert back.startswith("http://testserver/accounts/organisation/callback/?")
    return client.get(back.removeprefix("http://testserver"))


def test_the_first_sign_in_makes_the_person_a_contributor_of_the_organisations_agency(
    client, gmp, oidc_provider, agency
):
    response = sign_in(
        client,
        oidc_provider,
        "sam-1",
        claims={"given_name": "Sam", "family_name": "Okafor"},
        next_url="/actions/",
    )
    assert response.status_code == 302 and response["Location"] == "/actions/"
    user = User.objects.get(email="sam-1@gmp.example.org")
    assert (user.first_name, user.last_name) == ("Sam", "Okafor")
    assert not user.has_usable_password()
    assert not user.is_oversight and not user.is_staff
    assert list(Membership.objects.filter(user=user).values_list("agency__slug", "role")) == [
        ("gmp", Membership.Role.CONTRIBUTOR)
    ]
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (oidc_provider.url, "sam-1")
    assert client.get(reverse("home")).wsgi_request.user == user


def test_the_authorisation_request_carries_state_nonce_and_an_s256_pkce_challenge(client, gmp, oidc_provider):
    start = client.post(reverse("sso_start"), {"email": "ali@gmp.example.org"})
    params = query(start["Location"])
    assert params["client_id"] == "tracker" and params["response_type"] == "code"
    assert params["login_hint"] == "ali@gmp.example.org"
    assert set(params["scope"].split()) == {"openid", "email", "profile"}
    kept = client.session["oidc_states"][params["state"]]
    assert kept["nonce"] == params["nonce"] and len(params["nonce"]) >= 32
    digest = hashlib.sha256(kept["code_verifier"].encode()).digest()
    assert params["code_challenge_method"] == "S256"
    assert params["code_challenge"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert client.session[sso.STATES] == {params["state"]: "gmp"}


def test_the_account_is_linked_by_subject_not_by_email(client, gmp, oidc_provider):
    sign_in(client, oidc_provider, "sub-a", email="jo@gmp.example.org")
    user = User.objects.get(email="jo@gmp.example.org")
    client.post(reverse("logout"))
    # The same subject with a new address is the same person.
    response = sign_in(client, oidc_provider, "sub-a", email="jo.new@gmp.example.org")
    assert response.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user == user
    client.post(reverse("logout"))
    # Another subject with the first person's address is not.
    response = sign_in(client, oidc_provider, "sub-b", email="jo@gmp.example.org")
    assert response.status_code == 403
    assert "already exists" in response.content.decode()
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated
    assert User.objects.filter(email="jo@gmp.example.org").count() == 1


def test_an_email_domain_nobody_set_up_is_refused_with_a_page_that_says_why(client, gmp, oidc_provider):
    users = User.objects.count()
    response = client.post(reverse("sso_start"), {"email": "someone@elsewhere.example.com"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "does not sign in to this service" in page
    # The provider vouching for an address outside its domains does not make an account.
    response = sign_in(client, oidc_provider, "stranger", email="someone@gmp.example.org", claims={})
    assert response.status_code == 302  # in its domain: fine
    client.post(reverse("logout"))
    oidc_provider.set_user("stranger-2", email="someone@elsewhere.example.com")
    start = client.get(reverse("sso_organisation", args=["gmp"]))
    back = oidc_provider.authorize(start["Location"], "stranger-2")
    response = client.get(back.removeprefix("http://testserver"))
    assert response.status_code == 403
    assert "not set up to sign in to this service with that e-mail address" in response.content.decode()
    assert not User.objects.filter(email="someone@elsewhere.example.com").exists()
    assert User.objects.count() == users + 1


@pytest.mark.two_factor
@pytest.mark.parametrize(
    ("claims", "mfa_acr", "asked_for_a_code"),
    [
        ({"amr": ["pwd", "mfa"]}, [], False),
        ({"amr": ["pwd"]}, [], True),
        ({}, [], True),
        ({"acr": "urn:gm:mfa"}, ["urn:gm:mfa"], False),
        ({"acr": "urn:gm:weak"}, ["urn:gm:mfa"], True),
    ],
)
def test_the_assurance_team_skip_the_trackers_code_only_when_the_provider_says_a_second_factor_was_used(
    client, settings, oidc_provider, agency, claims, mfa_acr, asked_for_a_code
):
    settings.OIDC_PROVIDERS = oidc_config.parse(oidc_provider.config(mfa_acr=mfa_acr))
    sign_in(client, oidc_provider, f"oversight-{len(claims)}-{len(mfa_acr)}")
    client.post(reverse("logout"))
    user = User.objects.get(external_identities__subject=f"oversight-{len(claims)}-{len(mfa_acr)}")
    user.is_oversight = True
    user.save()
    sign_in(client, oidc_provider, user.external_identities.get().subject, claims=claims)
    response = client.get(reverse("dashboard"))
    if asked_for_a_code:
        assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_setup"))
    else:
        assert response.status_code == 200


def test_a_person_their_organisation_disabled_or_the_tracker_closed_cannot_sign_in(
    client, gmp, oidc_provider
):
    # The provider refuses (a disabled account, or the person says no).
    response = sign_in(client, oidc_provider, "leaver", deny=True)
    assert response.status_code == 403
    assert "did not sign you in" in response.content.decode()
    assert not User.objects.filter(email="leaver@gmp.example.org").exists()
    # Closed in the tracker: the provider still vouches, the tracker says no.
    sign_in(client, oidc_provider, "closed")
    client.post(reverse("logout"))
    User.objects.filter(email="closed@gmp.example.org").update(is_active=False)
    response = sign_in(client, oidc_provider, "closed")
    assert response.status_code == 403
    assert "has been closed" in response.content.decode()
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated


def test_a_tampered_or_replayed_state_signs_nobody_in(client, gmp, oidc_provider):
    oidc_provider.set_user("mallory", email="mallory@gmp.example.org")
    start = client.post(reverse("sso_start"), {"email": "mallory@gmp.example.org"})
    back = oidc_provider.authorize(start["Location"], "mallory").removeprefix("http://testserver")
    params = query(back)
    tampered = back.replace(params["state"], "x" * len(params["state"]))
    assert client.get(tampered).status_code == 400
    assert not User.objects.filter(email="mallory@gmp.example.org").exists()
    assert client.get(back).status_code == 302  # the real one still works, once
    client.post(reverse("logout"))
    assert client.get(back).status_code in (400, 403)
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated


def test_an_id_token_not_signed_by_the_providers_key_is_refused(gmp, oidc_provider):
    meta = sso.metadata(gmp)
    kid = requests.get(meta.jwks_uri, timeout=10).json()["keys"][0]["kid"]
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    claims = {
        "iss": gmp.issuer,
        "aud": "tracker",
        "sub": "x",
        "exp": 4102444800,
        "iat": 1700000000,
        "nonce": "n",
    }
    forged = jwt.encode(claims, forger, algorithm="RS256", headers={"kid": kid})
    with pytest.raises(SuspiciousOperation):
        sso.verify_id_token(gmp, meta, forged, "n")


def test_signing_out_ends_the_providers_session_too(client, gmp, oidc_provider):
    sign_in(client, oidc_provider, "out")
    id_token = client.session[sso.ID_TOKEN]
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    params = query(response["Location"])
    assert response["Location"].startswith(f"{oidc_provider.url}/oauth2/end_session?")
    assert params["id_token_hint"] == id_token
    assert params["post_logout_redirect_uri"] == "http://testserver/"
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated


def test_the_sign_in_page_offers_the_organisations_account_only_when_one_is_set_up(client, settings, gmp):
    assert "Sign in with your organisation" in client.get(reverse("login")).content.decode()
    settings.OIDC_PROVIDERS = ()
    assert "Sign in with your organisation" not in client.get(reverse("login")).content.decode()


def test_choosing_the_organisation_costs_no_queries_beyond_the_session(client, gmp):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("sso_start"))
    assert response.status_code == 200 and "Greater Manchester Police" in response.content.decode()
    assert len(queries) <= 2


def test_an_unknown_organisation_is_404(client, gmp):
    assert client.get(reverse("sso_organisation", args=["nobody"])).status_code == 404


# -- Configuration ---------------------------------------------------------------------------

GOOD = {
    "key": "gmp",
    "name": "GMP",
    "issuer": "https://login.microsoftonline.com/tenant/v2.0",
    "client_id": "id",
    "client_secret_env": "GMP_SECRET",
    "domains": ["gmp.police.uk"],
    "agency": "gmp",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"issuer": "http://login.example.org"}, "https address"),
        ({"domains": []}, "'domains'"),
        ({"domains": ["not a domain"]}, "is not an e-mail domain"),
        ({"client_secret_env": "MISSING_SECRET"}, "MISSING_SECRET"),
        ({"key": "GMP!"}, "lower-case"),
        ({"colour": "blue"}, "unknown field"),
        ({"mfa_acr": "mfa"}, "'mfa_acr'"),
        ({"agency": ""}, "'agency'"),
    ],
)
def test_a_mistake_in_the_configuration_says_what_is_wrong(change, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        oidc_config.parse(json.dumps([{**GOOD, **change}]), {"GMP_SECRET": "s"})


def test_two_providers_cannot_claim_one_domain():
    second = {**GOOD, "key": "gmp-2"}
    with pytest.raises(ImproperlyConfigured, match="already gmp's"):
        oidc_config.parse(json.dumps([GOOD, second]), {"GMP_SECRET": "s"})


def test_a_good_configuration_reads_the_secret_from_the_environment():
    (p,) = oidc_config.parse(json.dumps([GOOD]), {"GMP_SECRET": "s3cret"})
    assert (p.client_secret, p.domains, p.issuer) == ("s3cret", ("gmp.police.uk",), GOOD["issuer"])
    assert "s3cret" not in repr(p)


def test_the_service_will_not_start_with_a_broken_configuration():
    env = {**os.environ, "DEBUG": "True", "OIDC_PROVIDERS": '[{"key": "gmp"}]'}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "OIDC_PROVIDERS 'gmp'" in result.stderr


def test_forms_may_redirect_to_the_organisations_provider_and_nowhere_else(
    client, settings, gmp, oidc_provider
):
    """The e-mail form and the header's sign-out button redirect to the provider, which the
    Content Security Policy's form-action must allow (Chromium blocks it otherwise)."""
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    form_action = next(d for d in policy.split(";") if d.strip().startswith("form-action"))
    assert form_action.split()[1:] == ["'self'", oidc_provider.url]
    settings.OIDC_PROVIDERS = ()
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "form-action 'self';" in policy + ";"


def test_the_database_check_names_a_provider_whose_agency_does_not_exist(settings, oidc_provider, agency):
    from agencies.apps import organisation_agencies_exist

    settings.OIDC_PROVIDERS = oidc_config.parse(oidc_provider.config())
    assert organisation_agencies_exist(databases=["default"]) == []
    settings.OIDC_PROVIDERS = oidc_config.parse(oidc_provider.config(agency="bury"))
    (error,) = organisation_agencies_exist(databases=["default"])
    assert error.id == "agencies.E001" and "'bury'" in error.msg


def test_an_administrator_sees_the_organisation_account_but_cannot_change_it(
    admin_client, client, gmp, oidc_provider
):
    sign_in(client, oidc_provider, "seen")
    user = User.objects.get(email="seen@gmp.example.org")
    page = admin_client.get(reverse("admin:agencies_user_change", args=[user.pk])).content.decode()
    assert "organisation accounts" in page.lower() and oidc_provider.url in page
    assert 'name="external_identities-0-subject"' not in page
