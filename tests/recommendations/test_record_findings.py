"""Issue 11's findings about the workflow, reproduced through the pages people use.

Each failed on the code before the one write path: oversight could "return" an action
that was never submitted, a return form sent twice answered 400, and an archived
recommendation's actions still opened and took progress."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from recommendations.models import Action, Status, Update
from tests.factories import EvidenceFactory, UpdateFactory

pytestmark = pytest.mark.django_db


def hidden_fields(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    fields = dict(
        re.findall(
            r'<input type="hidden" name="(version|form_token)" value="([^"]*)"', response.content.decode()
        )
    )
    assert set(fields) == {"version", "form_token"}
    return fields


def make_submitted(action, lead) -> None:
    update = UpdateFactory(action=action, author=lead, status_from=action.status, status_to=Status.SUBMITTED)
    EvidenceFactory(update=update)
    Action.objects.filter(pk=action.pk).update(status=Status.SUBMITTED, version=action.version + 1)
    action.refresh_from_db()


def test_returning_an_action_that_was_never_submitted_is_refused_and_changes_nothing(
    client, oversight, action
):
    Action.objects.filter(pk=action.pk).update(status=Status.NOT_STARTED)
    client.force_login(oversight)

    response = client.post(
        reverse("action_return", args=[action.pk]),
        {
            "version": action.version,
            "form_token": "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
            "reason": "Not good enough.",
        },
    )

    assert response.status_code == 400
    assert "Only an action that is submitted for assurance can be returned" in response.content.decode()
    action.refresh_from_db()
    assert (action.status, action.version) == (Status.NOT_STARTED, 1)
    assert not Update.objects.exists()


def test_a_return_form_sent_twice_returns_the_action_once(client, oversight, lead, action):
    make_submitted(action, lead)
    client.force_login(oversight)
    url = reverse("action_return", args=[action.pk])
    data = {**hidden_fields(client, url), "reason": "Add the audit results."}

    first = client.post(url, data)
    second = client.post(url, data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert Update.objects.filter(status_from=Status.SUBMITTED, status_to=Status.IN_PROGRESS).count() == 1
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS


@pytest.mark.parametrize("name", ["action_detail", "action_progress", "action_owner", "action_due_date"])
def test_an_archived_recommendations_actions_are_not_found_for_partners(client, lead, action, name):
    action.recommendation.is_archived = True
    action.recommendation.save()
    client.force_login(lead)

    assert client.get(reverse(name, args=[action.pk])).status_code == 404


def test_an_archived_recommendations_action_takes_no_progress(client, contributor, action):
    client.force_login(contributor)
    url = reverse("action_progress", args=[action.pk])
    data = {
        **hidden_fields(client, url),
        "narrative": "More.",
        "confidence": "green",
        "percent_complete": "50",
    }
    action.recommendation.is_archived = True
    action.recommendation.save()

    assert client.post(url, data).status_code == 404
    assert not Update.objects.exists()
