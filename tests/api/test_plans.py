"""The API and the exports carry the agency's plan and impact (issue 14): the next
milestone due and whether one is overdue, the impact measure, whether impact is
evidenced (as at any day), each update's value, and the filters."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations import services

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_an_action_carries_its_milestones_and_impact_and_filters_find_them(
    api_client, make_token, contributor, lead, action
):
    action.refresh_from_db()
    services.action_plan(
        action=action,
        by=lead,
        plan=services.Plan(
            description="Audit the referrals.",
            milestones=[services.MilestoneSpec("Audit", TODAY() - datetime.timedelta(days=3))],
            impact_measure="Referrals answered in a day",
            impact_unit="%",
        ),
        expected_version=action.version,
    )
    update = services.action_record_impact_value(
        action=action, by=contributor, value=Decimal("62.5"), narrative="Audit of May.", expected_version=None
    )
    token = make_token(contributor)

    body = api_client.get(reverse("api:action_detail", args=[action.pk]), token).json()
    assert body["next_milestone_due"] == (TODAY() - datetime.timedelta(days=3)).isoformat()
    assert (body["has_milestone_overdue"], body["impact_evidenced"]) == (True, False)
    assert body["impact_measure"] == "Referrals answered in a day"
    listed = api_client.get(reverse("api:action_list"), token, due="milestone").json()
    assert [a["id"] for a in listed["results"]] == [action.pk]
    assert api_client.get(reverse("api:action_list"), token, impact="evidenced").json()["results"] == []
    updates = api_client.get(reverse("api:update_list"), token, action=action.pk).json()["results"]
    assert {u["id"]: u["impact_value"] for u in updates}[update.pk] == 62.5


def test_the_actions_export_has_the_plan_and_impact_columns(client, lead, action, settings):
    settings.TWO_FACTOR_REQUIRED = False
    action.refresh_from_db()
    due = TODAY() + datetime.timedelta(days=20)
    services.action_plan(
        action=action,
        by=lead,
        plan=services.Plan(
            description="Audit the referrals.",
            milestones=[services.MilestoneSpec("Audit", due)],
            impact_measure="Referrals answered in a day",
        ),
        expected_version=action.version,
    )
    client.force_login(lead)
    response = client.get(reverse("export_actions", args=["csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(body))
    assert row["Next milestone due"] == due.isoformat()
    assert row["What would show it made a difference"] == "Referrals answered in a day"
    assert row["Impact evidenced"] == "No"
