"""A token is tied to its owner's authority when it was made (issue 11): a change of
role, agency memberships, password or second factor, made by any path, ends it, and
the token page says why."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Membership, User
from api.models import ApiToken, RevokedReason
from api.services import token_authenticate
from tests.factories import DEMO_PASSWORD, EvidenceFactory, UpdateFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-much-longer-passphrase-2026"


def refused_because(response, reason: RevokedReason) -> bool:
    """The request was refused as a 401 that names the reason, and the token is marked
    revoked with it."""
    token = ApiToken.objects.get()
    return (
        response.status_code == 401
        and f"revoked: {reason.label}" in response.json()["detail"]
        and token.revoked_at is not None
        and token.revoked_reason == reason
    )


@pytest.fixture
def other_agencys_evidence(other_action):
    """Evidence of an agency the contributor does not belong to."""
    return EvidenceFactory(update=UpdateFactory(action=other_action), original_name="rochdale-audit.pdf")


# -- Role ----------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["is_oversight", "is_staff", "is_superuser"])
def test_a_contributors_token_stops_when_the_account_is_given_a_wider_role(
    api_client, contributor, other_agencys_evidence, make_token, flag
):
    secret = make_token(contributor)
    before = api_client.get("/api/updates", secret)
    assert before.status_code == 200
    assert "rochdale-audit.pdf" not in before.content.decode()

    setattr(contributor, flag, True)
    contributor.save()

    response = api_client.get("/api/updates", secret)
    assert refused_because(response, RevokedReason.ROLE_CHANGED)
    assert "rochdale-audit.pdf" not in response.content.decode()


def test_a_role_change_made_by_a_bulk_update_stops_the_token_too(api_client, contributor, make_token):
    """No signal fires for ``QuerySet.update``; the fingerprint notices anyway."""
    secret = make_token(contributor)

    User.objects.filter(pk=contributor.pk).update(is_oversight=True)

    assert refused_because(api_client.get("/api/me", secret), RevokedReason.ROLE_CHANGED)


def test_an_oversight_token_stops_when_oversight_is_taken_away(api_client, oversight, make_token):
    secret = make_token(oversight)

    oversight.is_oversight = False
    oversight.save()

    assert refused_because(api_client.get("/api/me", secret), RevokedReason.ROLE_CHANGED)


def test_a_token_stays_revoked_when_the_role_is_given_back(api_client, contributor, make_token):
    secret = make_token(contributor)
    User.objects.filter(pk=contributor.pk).update(is_staff=True)
    api_client.get("/api/me", secret)

    User.objects.filter(pk=contributor.pk).update(is_staff=False)

    assert refused_because(api_client.get("/api/me", secret), RevokedReason.ROLE_CHANGED)


def test_a_deactivated_accounts_token_is_revoked_and_stays_revoked_after_reactivation(
    api_client, contributor, make_token
):
    secret = make_token(contributor)
    contributor.is_active = False
    contributor.save()
    # Made active again before the token is next used: deactivation still ended it.
    contributor.is_active = True
    contributor.save()

    assert refused_because(api_client.get("/api/me", secret), RevokedReason.DEACTIVATED)


# -- Memberships ---------------------------------------------------------------------


def test_a_token_stops_when_its_owner_joins_another_agency(
    api_client, contributor, other_agency, other_agencys_evidence, make_token
):
    secret = make_token(contributor)

    Membership.objects.create(user=contributor, agency=other_agency)

    response = api_client.get("/api/updates", secret)
    assert refused_because(response, RevokedReason.MEMBERSHIPS_CHANGED)
    assert "rochdale-audit.pdf" not in response.content.decode()


def test_a_token_stops_when_its_owner_leaves_an_agency(api_client, outsider, action, make_token):
    secret = make_token(outsider)

    Membership.objects.filter(user=outsider).delete()

    assert refused_because(api_client.get("/api/actions", secret), RevokedReason.MEMBERSHIPS_CHANGED)


def test_a_token_stops_when_its_owner_is_made_lead(api_client, contributor, make_token):
    secret = make_token(contributor)
    membership = contributor.memberships.get()

    membership.role = Membership.Role.LEAD
    membership.save()

    assert refused_because(api_client.get("/api/me", secret), RevokedReason.MEMBERSHIPS_CHANGED)


def test_a_token_stops_when_its_owners_membership_is_moved_to_another_agency(
    api_client, contributor, other_agency, make_token
):
    secret = make_token(contributor)

    Membership.objects.filter(user=contributor).update(agency=other_agency)

    assert refused_because(api_client.get("/api/me", secret), RevokedReason.MEMBERSHIPS_CHANGED)


def test_an_agency_being_made_inactive_narrows_the_token_without_ending_it(
    api_client, contributor, agency, action, make_token
):
    """The owner's own authority did not change, so the token still works; it reads
    what the owner may read now, which is nothing."""
    secret = make_token(contributor)

    agency.is_active = False
    agency.save()

    assert api_client.get("/api/actions", secret).status_code == 403
    assert ApiToken.objects.get().revoked_at is None


# -- Password ------------------------------------------------------------------------


def test_a_password_changed_on_the_website_stops_the_token(client, api_client, contributor, make_token):
    secret = make_token(contributor)
    client.force_login(contributor)

    response = client.post(
        reverse("password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    assert refused_because(api_client.get("/api/me", secret), RevokedReason.PASSWORD_CHANGED)


def test_a_password_set_in_code_stops_the_token(api_client, contributor, make_token):
    secret = make_token(contributor)

    contributor.set_password(NEW_PASSWORD)
    contributor.save()

    assert refused_because(api_client.get("/api/me", secret), RevokedReason.PASSWORD_CHANGED)


def test_an_unusable_password_stops_the_token(api_client, contributor, make_token):
    secret = make_token(contributor)

    contributor.set_unusable_password()
    contributor.save()

    assert refused_because(api_client.get("/api/me", secret), RevokedReason.PASSWORD_CHANGED)


def test_signing_in_and_editing_ones_name_leave_the_token_working(
    client, api_client, contributor, make_token
):
    secret = make_token(contributor)

    signed_in = client.post(reverse("login"), {"username": contributor.username, "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302
    contributor.first_name = "Renamed"
    contributor.email = "renamed@example.org"
    contributor.save()

    assert api_client.get("/api/me", secret).status_code == 200
    assert ApiToken.objects.get().revoked_at is None


# -- Second factor -------------------------------------------------------------------


def code_for(device: TOTPDevice) -> str:
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"


def test_setting_up_two_factor_on_the_website_stops_the_token_but_opening_the_page_does_not(
    client, api_client, contributor, make_token
):
    secret = make_token(contributor)
    client.force_login(contributor)

    client.get(reverse("two_factor_setup"))  # makes an unconfirmed device, which signs nobody in
    assert api_client.get("/api/me", secret).status_code == 200

    device = TOTPDevice.objects.get(user=contributor)
    response = client.post(reverse("two_factor_setup"), {"token": code_for(device)})

    assert response.status_code == 200
    assert refused_because(api_client.get("/api/me", secret), RevokedReason.TWO_FACTOR_CHANGED)


def test_a_two_factor_reset_by_an_administrator_stops_the_token(
    admin_client, client, api_client, oversight, make_token
):
    """The reset path: an administrator deletes the person's devices in the admin, and
    the person sets up a new app on the website (agencies/views.py)."""
    app = TOTPDevice.objects.create(user=oversight, name="Authenticator app", confirmed=True)
    codes = StaticDevice.objects.create(user=oversight, name="Backup codes", confirmed=True)
    secret = make_token(oversight)
    assert api_client.get("/api/me", secret).status_code == 200

    for name, device in [("otp_totp_totpdevice", app), ("otp_static_staticdevice", codes)]:
        response = admin_client.post(reverse(f"admin:{name}_delete", args=[device.pk]), {"post": "yes"})
        assert response.status_code == 302
    assert not list(devices_for_user(oversight, confirmed=None))
    assert refused_because(api_client.get("/api/me", secret), RevokedReason.TWO_FACTOR_CHANGED)

    # Enrolling the new app afterwards does not bring the old token back.
    client.force_login(oversight)
    client.get(reverse("two_factor_setup"))
    client.post(reverse("two_factor_setup"), {"token": code_for(TOTPDevice.objects.get(user=oversight))})
    assert TOTPDevice.objects.get(user=oversight).confirmed
    assert refused_because(api_client.get("/api/me", secret), RevokedReason.TWO_FACTOR_CHANGED)


@pytest.mark.parametrize(
    "change",
    ["totp_added", "backup_codes_added", "device_unconfirmed", "device_deleted", "devices_bulk_deleted"],
)
def test_any_change_to_the_confirmed_devices_stops_the_token(api_client, oversight, make_token, change):
    device = TOTPDevice.objects.create(user=oversight, name="Authenticator app", confirmed=True)
    secret = make_token(oversight)

    if change == "totp_added":
        TOTPDevice.objects.create(user=oversight, name="Second phone", confirmed=True)
    elif change == "backup_codes_added":
        StaticDevice.objects.create(user=oversight, name="Backup codes", confirmed=True)
    elif change == "device_unconfirmed":
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)
    elif change == "device_deleted":
        device.delete()
    else:
        TOTPDevice.objects.filter(user=oversight).delete()

    assert refused_because(api_client.get("/api/me", secret), RevokedReason.TWO_FACTOR_CHANGED)


def test_another_persons_changes_leave_the_token_working(
    api_client, contributor, outsider, other_agency, make_token
):
    secret = make_token(contributor)

    outsider.set_password(NEW_PASSWORD)
    outsider.is_oversight = True
    outsider.save()
    Membership.objects.filter(user=outsider).delete()
    TOTPDevice.objects.create(user=outsider, name="Authenticator app", confirmed=True)

    assert api_client.get("/api/me", secret).status_code == 200


# -- What the owner sees -------------------------------------------------------------


def test_the_token_page_says_why_a_token_stopped_even_before_it_is_used_again(
    client, contributor, make_token
):
    make_token(contributor, name="Power BI")
    User.objects.filter(pk=contributor.pk).update(is_oversight=True)
    client.force_login(contributor)

    page = client.get("/api/tokens/").content.decode()

    assert "Revoked: your role changed" in page
    assert "govuk-tag--green" not in page
    token = ApiToken.objects.get()
    assert token.revoked_reason == RevokedReason.ROLE_CHANGED


def test_the_token_page_says_who_revoked_a_token(client, admin_client, contributor, make_token):
    make_token(contributor, name="Mine")
    make_token(contributor, name="Theirs")
    client.force_login(contributor)
    client.post(reverse("api_token_revoke", args=[ApiToken.objects.get(name="Mine").pk]))
    admin_client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke_selected", "_selected_action": [ApiToken.objects.get(name="Theirs").pk]},
    )

    page = client.get("/api/tokens/").content.decode()

    assert "Revoked: by you" in page
    assert "Revoked: by an administrator" in page


def test_a_token_without_a_fingerprint_is_refused(api_client, contributor, make_token):
    secret = make_token(contributor)
    ApiToken.objects.update(authority_fingerprint={})

    assert refused_because(api_client.get("/api/me", secret), RevokedReason.NO_FINGERPRINT)


def test_the_migration_revokes_working_tokens_made_before_fingerprints(contributor, make_token):
    make_token(contributor, name="Working")
    make_token(contributor, name="Revoked by its owner")
    ApiToken.objects.filter(name="Revoked by its owner").update(
        revoked_at="2026-01-01T00:00Z", revoked_reason=RevokedReason.OWNER
    )
    ApiToken.objects.update(authority_fingerprint={})
    migration = importlib.import_module("api.migrations.0002_token_authority_fingerprint")

    migration.revoke_tokens_without_fingerprint(django_apps, None)

    assert dict(ApiToken.objects.values_list("name", "revoked_reason")) == {
        "Working": RevokedReason.NO_FINGERPRINT,
        "Revoked by its owner": RevokedReason.OWNER,
    }


def test_checking_a_token_costs_three_queries(contributor, make_token, django_assert_num_queries):
    secret = make_token(contributor)
    token_authenticate(secret)  # records the use, once a minute

    with django_assert_num_queries(3):
        token_authenticate(secret)
