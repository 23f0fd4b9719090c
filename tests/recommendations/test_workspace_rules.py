"""Rules a partner meets once an action has left their hands, and resent forms."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from recommendations import services
from recommendations.models import Status, Update
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.ASSURED])
def test_progress_cannot_be_logged_on_an_action_waiting_for_or_past_assurance(
    client, contributor, agency, status
):
    action = ActionFactory(agency=agency, status=status, percent_complete=100, confidence="green")
    with pytest.raises(ValidationError, match="progress can no longer be logged"):
        services.progress_log(
            action=action,
            by=contributor,
            narrative="Dropping back.",
            confidence="red",
            percent_complete=10,
            expected_version=action.version,
        )
    action.refresh_from_db()
    assert (action.percent_complete, action.confidence, action.updates.count()) == (100, "green", 0)

    client.force_login(contributor)
    response = client.get(reverse("action_progress", args=[action.pk]))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "progress can no longer be logged" in page
    assert reverse("action_progress", args=[action.pk]) not in page


def test_a_resent_due_date_request_asks_once_and_is_not_an_error(client, lead, agency):
    action = ActionFactory(agency=agency, status=Status.IN_PROGRESS)
    client.force_login(lead)
    url = reverse("action_due_date", args=[action.pk])
    new = action.due_date.replace(year=action.due_date.year + 1)
    data = {
        "version": action.version,
        "form_token": str(uuid.uuid4()),
        "due_date_day": new.day,
        "due_date_month": new.month,
        "due_date_year": new.year,
        "reason": "The supplier's release moved.",
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Update.objects.filter(action=action, kind=Update.Kind.EXTENSION_REQUEST).count() == 1
    assert action.pending_extension().requested_due_date == new


def test_a_resent_assure_form_assures_once(client, oversight, agency, lead):
    action = ActionFactory(agency=agency, status=Status.SUBMITTED, percent_complete=100)
    client.force_login(oversight)
    data = {"version": action.version, "form_token": str(uuid.uuid4()), "note": "Evidence is convincing."}
    url = reverse("action_assure", args=[action.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Update.objects.filter(action=action, status_to=Status.ASSURED).count() == 1
