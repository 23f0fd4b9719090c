"""Signing in: lockout after repeated failures, idle sessions, sign-out, strong passwords,
and pages that never say whether an account exists."""

import re
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import axes.utils
import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import DEMO_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.10"
LOCKED_OUT = "You cannot sign in for now"


@pytest.fixture(autouse=True)
def _no_earlier_attempts():
    """django-axes keeps failures in the database; start and end every test clean."""
    axes.utils.reset()
    yield
    axes.utils.reset()


@contextmanager
def clock(minutes_from_now: float):
    """Move the time the session store and django-axes see."""
    moved = timezone.now() + timedelta(minutes=minutes_from_now)
    with (
        mock.patch("django.utils.timezone.now", return_value=moved),
        mock.patch("axes.handlers.proxy.now", return_value=moved),
    ):
        yield


def sign_in(client, username, password, address=ADDRESS):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_five_times(client, username, address=ADDRESS):
    return [sign_in(client, username, "not-the-password", address) for _ in range(5)]


def test_the_fifth_failure_locks_the_account_at_that_address_with_a_clear_message(client, contributor):
    responses = fail_five_times(client, contributor.username)

    assert [r.status_code for r in responses[:4]] == [200, 200, 200, 200]
    for response in responses[:4]:
        assert "Enter a correct username and password" in response.content.decode()
    locked = responses[4]
    assert locked.status_code == 429
    content = locked.content.decode()
    assert LOCKED_OUT in content
    assert "locked for 15 minutes" in content
    assert reverse("password_reset") in content


def test_the_right_password_is_refused_during_the_lockout(client, contributor):
    fail_five_times(client, contributor.username)

    response = sign_in(client, contributor.username, DEMO_PASSWORD)

    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("our_actions")).status_code == 302


def test_the_same_username_from_another_address_can_still_sign_in(client, contributor):
    fail_five_times(client, contributor.username)

    response = sign_in(client, contributor.username, DEMO_PASSWORD, address="198.51.100.20")

    assert response.status_code == 302
    assert client.get(reverse("our_actions")).status_code == 200


def test_another_username_from_the_same_address_can_still_sign_in(client, contributor, lead):
    fail_five_times(client, contributor.username)

    response = sign_in(client, lead.username, DEMO_PASSWORD)

    assert response.status_code == 302
    assert client.get(reverse("our_actions")).status_code == 200


def test_four_failures_then_the_right_password_signs_in_and_starts_the_count_again(client, contributor):
    for _ in range(4):
        sign_in(client, contributor.username, "not-the-password")
    assert sign_in(client, contributor.username, DEMO_PASSWORD).status_code == 302
    client.post(reverse("logout"))

    responses = [sign_in(client, contributor.username, "not-the-password") for _ in range(4)]

    assert [r.status_code for r in responses] == [200, 200, 200, 200]


def test_an_unknown_username_is_locked_out_the_same_way_so_the_lockout_reveals_nothing(client):
    responses = fail_five_times(client, "nobody.here")

    assert responses[4].status_code == 429
    assert LOCKED_OUT in responses[4].content.decode()


def test_the_lockout_ends_after_the_cool_off_time(client, contributor):
    assert timedelta(minutes=15) == django_settings.AXES_COOLOFF_TIME
    fail_five_times(client, contributor.username)

    with clock(minutes_from_now=16):
        response = sign_in(client, contributor.username, DEMO_PASSWORD)

    assert response.status_code == 302
    assert client.get(reverse("our_actions")).status_code == 200


def test_trying_again_during_the_lockout_does_not_restart_the_cool_off(client, contributor):
    """The page promises 15 minutes; retrying while locked must not make it longer."""
    fail_five_times(client, contributor.username)

    with clock(minutes_from_now=14):
        assert sign_in(client, contributor.username, DEMO_PASSWORD).status_code == 429
    with clock(minutes_from_now=16):
        assert sign_in(client, contributor.username, DEMO_PASSWORD).status_code == 302


def test_the_locked_out_page_names_the_configured_cool_off_time(client, contributor, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=40)

    response = fail_five_times(client, contributor.username)[4]

    assert "locked for 40 minutes" in response.content.decode()


# -- Sessions --------------------------------------------------------------------------


def test_sessions_end_after_30_idle_minutes_and_when_the_browser_closes():
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_the_session_cookie_lasts_only_until_the_browser_closes(client, contributor):
    response = sign_in(client, contributor.username, DEMO_PASSWORD)

    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"]


def test_an_idle_session_is_signed_out_after_30_minutes(client, contributor):
    assert sign_in(client, contributor.username, DEMO_PASSWORD).status_code == 302
    assert client.get(reverse("our_actions")).status_code == 200

    with clock(minutes_from_now=31):
        response = client.get(reverse("our_actions"))

    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('login')}?next=")


def test_each_request_keeps_an_active_session_alive(client, contributor):
    assert sign_in(client, contributor.username, DEMO_PASSWORD).status_code == 302

    with clock(minutes_from_now=25):
        assert client.get(reverse("our_actions")).status_code == 200
    with clock(minutes_from_now=50):
        assert client.get(reverse("our_actions")).status_code == 200
    with clock(minutes_from_now=81):
        assert client.get(reverse("our_actions")).status_code == 302


def test_signing_out_takes_a_post_not_a_link(client, contributor):
    client.force_login(contributor)

    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("our_actions")).status_code == 200

    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("our_actions")).status_code == 302


# -- Passwords -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("password1234", "This password is too common."),
        ("Sh0rt-pass", "This password is too short. It must contain at least 12 characters."),
        ("739182645019", "This password is entirely numeric."),
        ("casey.contributor", "The password is too similar to the username."),
    ],
)
def test_a_weak_new_password_is_refused_and_the_old_one_still_works(
    client, contributor, new_password, message
):
    client.force_login(contributor)

    response = client.post(
        reverse("password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code in (200, 400)
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert message in content
    contributor.refresh_from_db()
    assert contributor.check_password(DEMO_PASSWORD)
    assert not contributor.check_password(new_password)


def test_a_strong_new_password_is_accepted(client, contributor):
    client.force_login(contributor)
    new = "correct horse battery staple"

    response = client.post(
        reverse("password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert response.status_code == 302
    contributor.refresh_from_db()
    assert contributor.check_password(new)


# -- No user enumeration ------------------------------------------------------------------


def comparable(content: bytes) -> str:
    """A page without what differs on every request anyway (nonces, CSRF tokens)."""
    text = content.decode()
    text = re.sub(r'nonce="[^"]*"', 'nonce=""', text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', text)


def test_a_password_reset_looks_the_same_whether_or_not_the_account_exists(client, contributor):
    known = client.post(reverse("password_reset"), {"email": contributor.email}, follow=True)
    sent = len(mail.outbox)
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert comparable(known.content) == comparable(unknown.content)
    assert sent == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [contributor.email]


def test_a_reset_for_an_inactive_account_sends_nothing_and_looks_the_same(client, contributor):
    inactive = UserFactory(username="ina.inactive", is_active=False)

    known = client.post(reverse("password_reset"), {"email": contributor.email}, follow=True)
    quiet = client.post(reverse("password_reset"), {"email": inactive.email}, follow=True)

    assert comparable(known.content) == comparable(quiet.content)
    assert [m.to for m in mail.outbox] == [[contributor.email]]


def test_a_wrong_password_and_an_unknown_username_get_the_same_page(client, contributor):
    wrong = sign_in(client, contributor.username, "not-the-password")
    unknown = sign_in(client, "nobody.here", "not-the-password")

    assert wrong.status_code == unknown.status_code == 200
    assert comparable(wrong.content).replace(contributor.username, "X") == comparable(
        unknown.content
    ).replace("nobody.here", "X")


# -- Behind a proxy ----------------------------------------------------------------------

PROXY = "10.0.0.2"


def sign_in_via_proxy(client, username, password, forwarded_for):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_proxy_one_persons_failures_do_not_lock_out_everyone(client, settings, contributor):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    for _ in range(5):
        sign_in_via_proxy(client, contributor.username, "not-the-password", "198.51.100.7")

    mine = sign_in_via_proxy(client, contributor.username, DEMO_PASSWORD, "198.51.100.7")
    theirs = sign_in_via_proxy(client, contributor.username, DEMO_PASSWORD, "192.0.2.33")

    assert mine.status_code == 429
    assert theirs.status_code == 302


def test_behind_a_proxy_a_forged_forwarded_address_does_not_escape_the_lockout(client, settings, contributor):
    """The proxy appends the real address; what the browser wrote before it is not trusted."""
    settings.AXES_IPWARE_PROXY_COUNT = 1
    for n in range(5):
        sign_in_via_proxy(client, contributor.username, "not-the-password", f"203.0.113.{n}, 198.51.100.7")

    response = sign_in_via_proxy(client, contributor.username, DEMO_PASSWORD, "203.0.113.99, 198.51.100.7")

    assert response.status_code == 429


def test_without_a_proxy_a_forwarded_address_header_is_ignored(client, contributor):
    for n in range(5):
        client.post(
            reverse("login"),
            {"username": contributor.username, "password": "not-the-password"},
            REMOTE_ADDR=ADDRESS,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )

    assert sign_in(client, contributor.username, DEMO_PASSWORD).status_code == 429
