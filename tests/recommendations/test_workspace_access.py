"""Who may open each page of the partner workspace, and who is told it does not exist.

Outsiders get 404, never 403, so a URL does not reveal that a record exists. Every URL in
``recommendations/urls.py`` (and the password change page) is tried for every persona:
signed out, a contributor and a lead of the action's agency, oversight, a contributor of
another agency (the outsider), an administrator and a signed-in person with no agency.
"""

import pytest
from django.urls import reverse

from recommendations.models import Status
from tests.factories import EvidenceFactory, UpdateFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["signed_out", "contributor", "lead", "oversight", "outsider", "admin_user", "newcomer"]

# What a GET of each page about ``agency``'s submitted action (or its evidence) answers
# each persona, in the order of PERSONAS. 302 for signed out means "sent to sign in".
EXPECTED_GET = {
    # signed out, contributor, lead, oversight, outsider, admin_user, newcomer
    "our_actions": (302, 200, 200, 404, 200, 404, 404),
    "action_detail": (302, 200, 200, 200, 200, 200, 404),
    # Submitted: the agency waits for oversight, so the form sends it back to the action.
    "action_progress": (302, 302, 302, 404, 404, 404, 404),
    "action_owner": (302, 404, 200, 404, 404, 404, 404),
    "action_due_date": (302, 404, 200, 404, 404, 404, 404),
    # Assuring is oversight's alone: administrators manage records but do not assure.
    "action_assure": (302, 404, 404, 200, 404, 404, 404),
    "action_return": (302, 404, 404, 200, 404, 404, 404),
    "assurance_queue": (302, 404, 404, 200, 404, 404, 404),
    "recommendation_list": (302, 200, 200, 200, 200, 200, 404),
    "recommendation_detail": (302, 200, 200, 200, 200, 200, 404),
    "evidence_download": (302, 200, 200, 200, 404, 200, 404),
    "password_change": (302, 200, 200, 200, 200, 200, 200),
}


@pytest.fixture
def submitted(action, lead):
    """``agency``'s action, submitted for assurance with one piece of evidence."""
    update = UpdateFactory(action=action, author=lead, status_from="in_progress", status_to="submitted")
    evidence = EvidenceFactory(update=update)
    action.status = Status.SUBMITTED
    action.percent_complete = 100
    action.save()
    return evidence


def url_for(name, evidence):
    action = evidence.update.action
    if name in ("our_actions", "assurance_queue", "recommendation_list", "password_change"):
        return reverse(name)
    if name == "recommendation_detail":
        return reverse(name, args=[action.recommendation_id])
    if name == "evidence_download":
        return reverse(name, args=[evidence.pk])
    return reverse(name, args=[action.pk])


def sign_in(client, request, persona):
    if persona != "signed_out":
        client.force_login(request.getfixturevalue(persona))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", list(EXPECTED_GET))
def test_each_page_answers_each_persona_as_expected(client, request, submitted, other_agency, name, persona):
    sign_in(client, request, persona)
    url = url_for(name, submitted)

    response = client.get(url)

    expected = dict(zip(PERSONAS, EXPECTED_GET[name], strict=True))[persona]
    assert response.status_code == expected, f"{persona} GET {url}"
    if expected == 302 and persona == "signed_out":
        assert response["Location"].startswith(f"{reverse('login')}?next=")
    elif expected == 302:
        assert response["Location"] == submitted.update.action.get_absolute_url()


@pytest.mark.parametrize("persona", ["contributor", "lead", "oversight", "outsider", "admin_user"])
def test_the_agency_switcher_only_takes_posts(client, request, persona):
    sign_in(client, request, persona)
    assert client.get(reverse("switch_agency")).status_code == 405


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("signed_out", 302),
        ("contributor", 302),
        ("lead", 302),
        ("oversight", 404),
        ("outsider", 404),
        ("admin_user", 404),
        ("newcomer", 404),
    ],
)
def test_only_a_member_may_switch_to_an_agency(client, request, agency, persona, expected):
    sign_in(client, request, persona)

    response = client.post(reverse("switch_agency"), {"agency": agency.pk})

    assert response.status_code == expected
    if persona == "signed_out":
        assert response["Location"].startswith(reverse("login"))
    elif expected == 302:
        assert response["Location"] == reverse("our_actions")
        assert client.session["agency_id"] == agency.pk
    else:
        assert "agency_id" not in client.session


@pytest.mark.parametrize("name", ["action_progress", "action_owner", "action_due_date"])
def test_an_outsider_opening_another_agencys_edit_page_is_told_it_does_not_exist(
    client, outsider, submitted, name
):
    client.force_login(outsider)
    url = reverse(name, args=[submitted.update.action_id])

    for response in (client.get(url), client.post(url, {"version": 1})):
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("name", ["action_assure", "action_return"])
@pytest.mark.parametrize("persona", ["contributor", "lead", "outsider"])
def test_a_partner_cannot_assure_or_return_by_posting_either(client, request, submitted, name, persona):
    client.force_login(request.getfixturevalue(persona))
    action = submitted.update.action

    response = client.post(
        reverse(name, args=[action.pk]), {"version": action.version, "reason": "Not enough evidence."}
    )

    assert response.status_code == 404
    action.refresh_from_db()
    assert action.status == Status.SUBMITTED
    assert action.updates.count() == 1


def test_a_page_about_an_action_that_does_not_exist_is_not_found(client, lead):
    client.force_login(lead)
    for name in ("action_detail", "action_progress", "action_owner", "action_due_date", "evidence_download"):
        assert client.get(reverse(name, args=[999_999])).status_code == 404, name
    assert client.get(reverse("recommendation_detail", args=[999_999])).status_code == 404


def test_the_assure_page_of_an_action_not_waiting_for_assurance_goes_back_to_the_action(
    client, oversight, action
):
    client.force_login(oversight)

    response = client.get(reverse("action_assure", args=[action.pk]), follow=True)

    assert response.redirect_chain == [(action.get_absolute_url(), 302)]
    assert "That action is not submitted for assurance." in response.content.decode()


def test_an_archived_action_is_hidden_from_partners_but_not_from_administrators(
    client, contributor, admin_user, action
):
    action.is_archived = True
    action.save()
    url = reverse("action_detail", args=[action.pk])

    client.force_login(contributor)
    assert client.get(url).status_code == 404
    assert client.get(reverse("action_progress", args=[action.pk])).status_code == 404
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_a_member_of_an_inactive_agency_reads_nothing(client, contributor, agency, action):
    agency.is_active = False
    agency.save()
    client.force_login(contributor)

    assert client.get(reverse("recommendation_list")).status_code == 404
    assert client.get(reverse("action_progress", args=[action.pk])).status_code == 404
