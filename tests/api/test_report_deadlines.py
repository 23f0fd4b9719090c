"""The API serves each report's short name and deadlines (issue 14), and actions due later
than first agreed (issue 13)."""

import datetime

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import Clock
from tests.factories import AgencyFactory, InspectionFactory

pytestmark = pytest.mark.django_db


def test_a_report_comes_with_its_short_name_and_deadlines(api_client, make_token, contributor):
    report = InspectionFactory(short_name="GMP CP 2024", published_on=datetime.date(2024, 12, 13))
    gmca = AgencyFactory(short_name="GMCA")
    clock = Clock.statutory_response(report, responsible=gmca)
    clock.met_on = datetime.date(2025, 2, 4)
    clock.is_illustrative = True
    clock.save()

    body = api_client.get(reverse("api:inspection_detail", args=[report.pk]), make_token(contributor)).json()

    assert body["short_name"] == "GMP CP 2024"
    assert body["deadlines"] == [
        {
            "kind": "statutory_response",
            "title": "The Mayor's comments on the report, published",
            "responsible": {"id": gmca.pk, "name": gmca.name, "short_name": "GMCA"},
            "due_on": "2025-02-06",
            "met_on": "2025-02-04",
            "response_url": "",
            "is_illustrative": True,
        }
    ]


def test_actions_due_later_than_first_agreed_are_a_filter(api_client, make_token, lead, oversight, action):
    action.refresh_from_db()
    services.action_change_due_date(
        action=action,
        by=oversight,
        due_date=action.due_date + datetime.timedelta(days=30),
        reason="Agreed at the board.",
        expected_version=action.version,
    )
    body = api_client.get(reverse("api:action_list"), make_token(lead), due="moved").json()
    assert [a["id"] for a in body["results"]] == [action.pk]
