"""Passwords are hashed with Argon2; older hashes still verify and are re-hashed at sign-in
(issue 12), and that re-hash is not a password change: the person's API tokens keep
working, while a real password change still ends them."""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher
from django.test import Client
from django.urls import reverse

from api.models import ApiToken, RevokedReason
from api.services import token_authenticate, token_create
from assurance import settings as project_settings
from tests.factories import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-much-longer-passphrase-2026"
ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"
PBKDF2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"


@pytest.fixture(autouse=True)
def _real_hashers(settings):
    """The project's hashers, not the suite's fast MD5 (tests/conftest.py)."""
    settings.PASSWORD_HASHERS = [ARGON2, PBKDF2]


def older_pbkdf2(password: str) -> str:
    """A PBKDF2 hash as an older release made it, with fewer iterations than today's. The
    count plays no part in the upgrade (a hash not made by the first hasher is upgraded);
    Django 6.1's 1.5 million, hashed here and checked at each sign-in, cost a second a test."""
    hasher = PBKDF2PasswordHasher()
    return hasher.encode(password, hasher.salt(), iterations=10_000)


@pytest.fixture
def pbkdf2_user(contributor):
    """A contributor whose password was hashed before Argon2 came first."""
    contributor.password = older_pbkdf2(DEMO_PASSWORD)
    contributor.save(update_fields=["password"])
    return contributor


def api_get(secret: str):
    return Client().get("/api/me", headers={"Authorization": f"Bearer {secret}"})


def sign_in(client, user, password=DEMO_PASSWORD):
    return client.post(reverse("login"), {"username": user.username, "password": password})


def algorithm(user) -> str:
    user.refresh_from_db(fields=["password"])
    return identify_hasher(user.password).algorithm


def test_argon2_is_the_projects_first_hasher_and_older_hashers_still_verify():
    # The settings module as written; the suite's fixtures override django.conf.settings.
    assert project_settings.PASSWORD_HASHERS[:3] == [
        ARGON2,
        PBKDF2,
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ]


def test_signing_in_with_a_pbkdf2_hash_upgrades_it_to_argon2(client, pbkdf2_user):
    assert algorithm(pbkdf2_user) == "pbkdf2_sha256"

    response = sign_in(client, pbkdf2_user)

    assert response.status_code == 302
    assert algorithm(pbkdf2_user) == "argon2"
    assert client.session["_auth_user_id"] == str(pbkdf2_user.pk)
    # Signing in again checks the new hash.
    client.logout()
    assert sign_in(client, pbkdf2_user).status_code == 302


def test_a_wrong_password_neither_signs_in_nor_upgrades_the_hash(client, pbkdf2_user):
    response = sign_in(client, pbkdf2_user, password="not-the-password")

    assert response.status_code == 200
    assert algorithm(pbkdf2_user) == "pbkdf2_sha256"


def test_an_api_token_still_works_after_the_hash_is_upgraded_at_sign_in(client, pbkdf2_user):
    token, secret = token_create(user=pbkdf2_user, name="Reporting tool", expires_in_days=90)

    assert sign_in(client, pbkdf2_user).status_code == 302
    assert algorithm(pbkdf2_user) == "argon2"

    assert token_authenticate(secret).pk == token.pk
    assert api_get(secret).status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_real_password_change_after_the_upgrade_still_ends_the_token(client, pbkdf2_user):
    _, secret = token_create(user=pbkdf2_user, name="Reporting tool", expires_in_days=90)
    assert sign_in(client, pbkdf2_user).status_code == 302

    response = client.post(
        reverse("password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert algorithm(pbkdf2_user) == "argon2"
    refused = api_get(secret)
    assert refused.status_code == 401
    assert ApiToken.objects.get().revoked_reason == RevokedReason.PASSWORD_CHANGED


def test_a_token_made_under_an_older_password_stays_ended_when_a_later_hash_is_upgraded(client, pbkdf2_user):
    """The password changed after the token was made (hashed with PBKDF2 then, as an
    old server would have); the upgrade at the next sign-in must not bring it back."""
    _, secret = token_create(user=pbkdf2_user, name="Reporting tool", expires_in_days=90)
    pbkdf2_user.password = older_pbkdf2(NEW_PASSWORD)
    pbkdf2_user.save(update_fields=["password"])

    assert sign_in(client, pbkdf2_user, password=NEW_PASSWORD).status_code == 302
    assert algorithm(pbkdf2_user) == "argon2"

    refused = api_get(secret)
    assert refused.status_code == 401
    assert ApiToken.objects.get().revoked_reason == RevokedReason.PASSWORD_CHANGED


def test_an_upgrade_raced_by_a_password_change_does_not_overwrite_it(pbkdf2_user):
    """Another request changed the password after this one loaded the user: checking
    the old password may still say yes, but must not write the old password back."""
    loaded_earlier = type(pbkdf2_user).objects.get(pk=pbkdf2_user.pk)
    pbkdf2_user.set_password(NEW_PASSWORD)
    pbkdf2_user.save()

    assert loaded_earlier.check_password(DEMO_PASSWORD)

    pbkdf2_user.refresh_from_db()
    assert pbkdf2_user.check_password(NEW_PASSWORD)
    assert not pbkdf2_user.check_password(DEMO_PASSWORD)
