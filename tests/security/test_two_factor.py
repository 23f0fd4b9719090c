"""Two-factor authentication for oversight and administrators: every page, the Django admin
included, waits until a second factor is set up and verified in the session."""

import base64
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]

ROOT = Path(__file__).resolve().parents[2]
GUARDED = ["/dashboard/", "/admin/", "/actions/all/"]


def code_for(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for ``device``."""
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def backup_codes(user, *codes: str) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return device


def redirected_to(response, name: str, next_url: str) -> bool:
    return response.status_code == 302 and response["Location"] == (
        f"{reverse(name)}?{urlencode({'next': next_url})}"
    )


@pytest.mark.parametrize("persona", ["oversight", "admin_user"])
@pytest.mark.parametrize("url", GUARDED)
def test_oversight_and_administrators_without_a_device_are_sent_to_set_one_up(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona))

    assert redirected_to(client.get(url), "two_factor_setup", url)


@pytest.mark.parametrize("persona", ["oversight", "admin_user"])
@pytest.mark.parametrize("url", GUARDED)
def test_oversight_and_administrators_with_a_device_are_asked_for_a_code(client, request, persona, url):
    user = request.getfixturevalue(persona)
    confirmed_device(user)
    client.force_login(user)

    assert redirected_to(client.get(url), "two_factor_verify", url)


def test_a_post_is_held_back_too_until_the_code_is_given(client, oversight):
    confirmed_device(oversight)
    client.force_login(oversight)

    response = client.post("/admin/agencies/agency/add/", {"name": "Forged", "short_name": "F"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))


def test_contributors_and_leads_need_no_second_factor(client, contributor, lead):
    for person in (contributor, lead):
        client.force_login(person)
        assert client.get("/actions/all/").status_code == 200
        assert client.get("/actions/").status_code == 200


def test_an_unverified_oversight_account_can_still_reach_the_public_pages_and_sign_out(client, oversight):
    client.force_login(oversight)

    for name in ("public_summary", "accessibility", "healthz"):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_setup_page_shows_the_key_to_type_into_the_app(client, oversight):
    client.force_login(oversight)

    response = client.get(reverse("two_factor_setup"))

    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=oversight)
    assert not device.confirmed
    key = base64.b32encode(device.bin_key).decode()
    shown = response.content.decode()
    assert " ".join(key[i : i + 4] for i in range(0, len(key), 4)) in shown
    assert "<svg" in shown


@pytest.mark.parametrize(
    ("persona", "pages"),
    [("oversight", ["/dashboard/", "/actions/all/"]), ("admin_user", GUARDED)],
)
def test_the_right_code_confirms_the_app_shows_ten_backup_codes_and_opens_the_pages(
    client, request, persona, pages
):
    person = request.getfixturevalue(persona)
    client.force_login(person)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=person)

    response = client.post(reverse("two_factor_setup"), {"token": code_for(device), "next": "/dashboard/"})

    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = list(StaticToken.objects.filter(device__user=person).values_list("token", flat=True))
    assert len(codes) == 10
    assert len(set(codes)) == 10
    content = response.content.decode()
    assert all(code in content for code in codes)
    assert 'href="/dashboard/"' in content
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_a_wrong_code_at_setup_is_refused_with_an_error_summary(client, oversight):
    client.force_login(oversight)
    client.get(reverse("two_factor_setup"))

    response = client.post(reverse("two_factor_setup"), {"token": "000000"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "The security code is wrong or has expired" in content
    assert not TOTPDevice.objects.get(user=oversight).confirmed
    assert not StaticToken.objects.exists()
    assert redirected_to(client.get("/dashboard/"), "two_factor_setup", "/dashboard/")


def test_someone_with_only_the_password_cannot_enrol_a_new_app(client, oversight):
    """Otherwise a stolen password would be enough to replace the victim's second factor."""
    confirmed_device(oversight)
    client.force_login(oversight)

    response = client.get(reverse("two_factor_setup"))

    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor_verify")
    assert TOTPDevice.objects.filter(user=oversight).count() == 1


def test_the_code_from_the_app_verifies_the_session(client, oversight):
    device = confirmed_device(oversight)
    client.force_login(oversight)

    response = client.post(reverse("two_factor_verify"), {"token": code_for(device), "next": "/dashboard/"})

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


def test_a_code_with_spaces_as_the_app_shows_it_is_accepted(client, oversight):
    device = confirmed_device(oversight)
    client.force_login(oversight)
    code = code_for(device)

    response = client.post(reverse("two_factor_verify"), {"token": f"{code[:3]} {code[3:]}"})

    assert response.status_code == 302


def test_a_wrong_code_at_verify_is_refused_with_an_error_summary(client, oversight):
    confirmed_device(oversight)
    client.force_login(oversight)

    response = client.post(reverse("two_factor_verify"), {"token": "12345"})

    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert client.get("/dashboard/").status_code == 302


def test_a_backup_code_works_once_only(client, oversight):
    confirmed_device(oversight)
    backup_codes(oversight, "abcd2345", "efgh6789")
    client.force_login(oversight)

    first = client.post(
        reverse("two_factor_verify"), {"token": "abcd2345", "next": "/dashboard/"}, follow=True
    )

    assert first.redirect_chain == [("/dashboard/", 302)]
    assert "You used a backup code. You have 1 left." in first.content.decode()
    client.post(reverse("logout"))
    client.force_login(oversight)
    again = client.post(reverse("two_factor_verify"), {"token": "abcd2345"})
    assert again.status_code == 400
    assert client.get("/dashboard/").status_code == 302


@pytest.mark.parametrize("exempt", [True, False])
def test_demo_accounts_skip_the_second_factor_only_when_the_setting_allows(client, settings, exempt):
    settings.TWO_FACTOR_EXEMPT_DEMO_ACCOUNTS = exempt
    demo = UserFactory(username="demo.oversight", is_oversight=True, is_demo=True)
    client.force_login(demo)

    response = client.get("/dashboard/")

    assert response.status_code == (200 if exempt else 302)


def test_a_real_account_never_skips_the_second_factor(client, settings, oversight):
    settings.TWO_FACTOR_EXEMPT_DEMO_ACCOUNTS = True
    client.force_login(oversight)

    assert client.get("/dashboard/").status_code == 302


def exempt_setting_with(**env: str) -> str:
    """``TWO_FACTOR_EXEMPT_DEMO_ACCOUNTS`` as a fresh interpreter computes it."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="assurance.settings", SECRET_KEY="x" * 50, ALLOWED_HOSTS="x")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.TWO_FACTOR_EXEMPT_DEMO_ACCOUNTS)",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_demo_accounts_are_exempt_only_on_a_development_machine():
    assert django_settings.TWO_FACTOR_EXEMPT_DEMO_ACCOUNTS is False
    assert exempt_setting_with(DEBUG="False") == "False"
    assert exempt_setting_with(DEBUG="True") == "True"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/", "javascript:alert(1)"],
)
def test_the_next_address_cannot_send_anyone_off_the_site(client, oversight, target):
    device = confirmed_device(oversight)
    client.force_login(oversight)

    page = client.get(reverse("two_factor_verify"), {"next": target})
    response = client.post(reverse("two_factor_verify"), {"token": code_for(device), "next": target})

    assert target not in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == "/"
