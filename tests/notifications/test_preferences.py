"""The e-mail preferences page: each person sees and changes their own, and only the
kinds of e-mail their roles can bring."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import NotificationPreference, SentNotification
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

URL = "/notifications/"
EVERY_KIND_OFF = {
    "due_reminders": False,
    "overdue": False,
    "returned": False,
    "assured": False,
    "submitted": False,
    "weekly_digest": False,
    "ready": False,
    "due_dates": False,
    "deadlines": False,
}


def boxes(response) -> dict[str, bool]:
    """``{value: checked}`` of the page's checkboxes."""
    found = re.findall(r'<input class="govuk-checkboxes__input"[^>]*>', response.content.decode())
    return {re.search(r'value="([^"]+)"', tag).group(1): " checked" in tag for tag in found}


def stored(user) -> dict[str, bool]:
    preference = NotificationPreference.objects.get(user=user)
    return {name: getattr(preference, name) for name in EVERY_KIND_OFF}


def test_the_page_has_the_url_the_navigation_links_to():
    assert reverse("notification_preferences") == URL


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


def test_someone_who_gets_no_email_has_no_page(client, newcomer, admin_user):
    for person in (newcomer, admin_user):
        client.force_login(person)
        assert client.get(URL).status_code == 404


def test_a_lead_sees_every_kind_their_role_brings_all_on_until_they_choose(client, lead):
    client.force_login(lead)

    response = client.get(URL)

    assert response.status_code == 200
    assert boxes(response) == {
        "due_soon": True,
        "overdue": True,
        "returned": True,
        "ready": True,
        "assured": True,
        "digest": True,
        "due_date_decided": True,
    }
    content = response.content.decode()
    assert f"We send e-mails to <strong>{lead.email}</strong>" in content
    assert 'aria-current="page">Notifications</a>' in content


def test_a_contributor_is_offered_reminders_and_oversight_submissions(client, contributor, oversight):
    client.force_login(contributor)
    # Returns go to an action's owner too.
    assert boxes(client.get(URL)) == {"due_soon": True, "overdue": True, "returned": True}

    client.force_login(oversight)
    assert boxes(client.get(URL)) == {"submitted": True, "deadline": True, "due_date_asked": True}


def test_unticking_switches_those_emails_off_and_the_page_shows_it(client, lead):
    client.force_login(lead)

    response = client.post(URL, {"kinds": ["overdue", "returned"]}, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "Your e-mail preferences have been saved." in response.content.decode()
    assert boxes(response) == {
        "due_soon": False,
        "overdue": True,
        "returned": True,
        "ready": False,
        "assured": False,
        "digest": False,
        "due_date_decided": False,
    }
    assert stored(lead) == {
        "due_reminders": False,
        "overdue": True,
        "returned": True,
        "assured": False,
        "submitted": True,  # not offered to a lead, so left as it was
        "weekly_digest": False,
        "ready": False,
        "due_dates": False,
        "deadlines": True,  # not offered to a lead, so left as it was
    }


def test_ticking_nothing_switches_every_offered_email_off(client, contributor):
    client.force_login(contributor)

    client.post(URL, {})

    assert stored(contributor)["due_reminders"] is False
    assert stored(contributor)["overdue"] is False
    assert stored(contributor)["weekly_digest"] is True


def test_a_person_changes_only_their_own_preferences(client, lead, outsider):
    NotificationPreference.objects.create(user=outsider, **EVERY_KIND_OFF)
    client.force_login(lead)

    client.post(URL, {"kinds": ["due_soon"], "user": outsider.pk, "user_id": outsider.pk})

    assert stored(outsider) == EVERY_KIND_OFF
    assert stored(lead)["due_reminders"] is True
    assert stored(lead)["overdue"] is False


@pytest.mark.parametrize(
    "kinds",
    [
        ["not-a-kind"],
        ["due_soon", "digest"],  # a contributor gets no summary to switch on
        ["submitted"],  # nor oversight's e-mails
        ["due_soon", "x" * 5000],
    ],
)
def test_a_bad_post_gets_a_message_and_changes_nothing(client, contributor, kinds):
    NotificationPreference.objects.create(user=contributor, **EVERY_KIND_OFF)
    client.force_login(contributor)

    response = client.post(URL, {"kinds": kinds})

    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Select only the e-mails listed" in content
    assert stored(contributor) == EVERY_KIND_OFF


def test_a_post_without_the_csrf_token_changes_nothing(lead):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(lead)

    response = browser.post(URL, {"kinds": []})

    assert response.status_code == 403
    assert not NotificationPreference.objects.exists()


def test_the_page_lists_only_the_emails_sent_to_the_person(client, lead, contributor, action):
    SentNotification.objects.create(
        kind="due_soon", action=action, recipient=lead, key="a", subject="Due tomorrow: GMP's action on R1"
    )
    SentNotification.objects.create(
        kind="overdue", action=action, recipient=contributor, key="b", subject="Overdue: GMP's action on R1"
    )
    client.force_login(lead)

    content = client.get(URL).content.decode()

    assert "Due tomorrow: GMP&#x27;s action on R1" in content
    assert f'href="/actions/{action.pk}/"' in content
    assert "Overdue: GMP" not in content


def test_someone_without_an_email_address_is_told_so(client, lead):
    lead.email = ""
    lead.save()
    client.force_login(lead)

    assert "We do not have an e-mail address for you" in client.get(URL).content.decode()


def test_the_page_costs_the_same_queries_however_many_emails_were_sent(
    client, lead, action, django_assert_max_num_queries
):
    client.force_login(lead)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)

    for number in range(30):
        SentNotification.objects.create(kind="due_soon", action=action, recipient=lead, key=f"k{number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.content.decode().count('class="govuk-table__row"') == 1 + 10


def test_partners_and_oversight_see_the_link_and_others_do_not(client, contributor, oversight, admin_user):
    for person, shown in ((contributor, True), (oversight, True), (admin_user, False)):
        client.force_login(person)
        content = client.get(reverse("accessibility")).content.decode()
        assert (f'href="{URL}"' in content) is shown, person


def test_a_member_of_an_inactive_agency_only_has_no_page(client):
    membership = MembershipFactory(agency__is_active=False)
    client.force_login(membership.user)

    assert client.get(URL).status_code == 404
