"""Forged ids in POST bodies and URLs: nothing of another agency's is ever reached or
changed, and a forged id reads as "not found", never as "forbidden"."""

import uuid

import pytest
from django.urls import reverse

from api.services import token_create
from recommendations.models import Action, Status, Update
from tests.factories import ActionFactory, MembershipFactory, RecommendationFactory, UpdateFactory

pytestmark = pytest.mark.django_db


def test_a_lead_cannot_make_another_agencys_person_the_owner(client, lead, outsider, action):
    client.force_login(lead)

    response = client.post(
        reverse("action_owner", args=[action.pk]), {"version": action.version, "owner": outsider.pk}
    )

    assert response.status_code == 400
    assert "Choose someone who works for the agency" in response.content.decode()
    action.refresh_from_db()
    assert action.owner_id is None
    assert action.version == 1
    assert not action.updates.exists()


def test_the_owner_list_names_only_the_agencys_own_people(client, lead, contributor, outsider, action):
    client.force_login(lead)

    content = client.get(reverse("action_owner", args=[action.pk])).content.decode()

    assert f'value="{contributor.pk}"' in content
    assert f'value="{outsider.pk}"' not in content


def test_a_forged_agency_in_the_switcher_changes_nothing(client, contributor, outsider, other_agency, action):
    other_action = ActionFactory(agency=other_agency, recommendation__reference="R-OTHER")
    client.force_login(contributor)

    response = client.post(reverse("switch_agency"), {"agency": other_agency.pk})

    assert response.status_code == 404
    assert "agency_id" not in client.session
    listing = client.get(reverse("our_actions")).content.decode()
    assert action.recommendation.reference in listing
    assert other_action.recommendation.reference not in listing


@pytest.mark.parametrize("value", ["", "abc", "-1", "1e3", "99999999999999999999999"])
def test_a_malformed_agency_in_the_switcher_is_not_found(client, contributor, value):
    client.force_login(contributor)

    assert client.post(reverse("switch_agency"), {"agency": value}).status_code == 404
    assert "agency_id" not in client.session


@pytest.mark.parametrize("name", ["action_progress", "action_owner", "action_due_date"])
def test_posting_to_another_agencys_action_reaches_nothing(client, lead, other_agency, progress_data, name):
    other_action = ActionFactory(agency=other_agency, status=Status.IN_PROGRESS)
    client.force_login(lead)
    data = progress_data(
        other_action,
        owner=lead.pk,
        due_date_0="1",
        due_date_1="1",
        due_date_2="2030",
        reason="Moved for the board.",
    )

    response = client.post(reverse(name, args=[other_action.pk]), data)

    assert response.status_code == 404
    other_action.refresh_from_db()
    assert (other_action.version, other_action.owner_id, other_action.percent_complete) == (1, None, 0)
    assert not other_action.updates.exists()


def test_a_form_token_from_another_agencys_update_is_refused(
    client, lead, other_agency, action, progress_data
):
    other_action = ActionFactory(agency=other_agency, status=Status.IN_PROGRESS)
    theirs = UpdateFactory(action=other_action, form_token=uuid.uuid4(), narrative="Their own words.")
    client.force_login(lead)

    response = client.post(
        reverse("action_progress", args=[action.pk]), progress_data(action, form_token=str(theirs.form_token))
    )

    assert response.status_code == 400
    assert "This form was not for this action" in response.content.decode()
    assert "Their own words." not in response.content.decode()
    action.refresh_from_db()
    assert action.version == 1
    assert Update.objects.count() == 1


def test_a_lead_of_two_agencies_changes_only_the_action_in_the_url(
    client, lead, agency, other_agency, action
):
    """Being a member of both agencies is no licence to move an action between them."""
    MembershipFactory(user=lead, agency=other_agency, role="lead")
    client.force_login(lead)

    response = client.post(
        reverse("action_owner", args=[action.pk]),
        {"version": action.version, "owner": lead.pk, "agency": other_agency.pk},
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.agency_id, action.owner_id) == (agency.pk, lead.pk)
    assert not Action.objects.filter(agency=other_agency).exists()


def test_a_forged_recommendation_id_finds_nothing_archived(client, contributor, agency):
    archived = RecommendationFactory(is_archived=True)
    client.force_login(contributor)

    assert client.get(reverse("recommendation_detail", args=[archived.pk])).status_code == 404


def test_nobody_can_revoke_another_persons_api_token(client, contributor, lead, outsider):
    token, _ = token_create(user=contributor, name="Power BI report", expires_in_days=None)
    url = reverse("api_token_revoke", args=[token.pk])

    for person in (lead, outsider):
        client.force_login(person)
        assert client.post(url).status_code == 404

    token.refresh_from_db()
    assert token.revoked_at is None
