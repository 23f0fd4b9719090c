"""Deadlines reports set (issue 14, item 4): the Mayor's published response within 56 days
of an HMICFRS report on GMP, action plans and others an administrator adds. The GMCA
assurance team sees those due soon and overdue, and is reminded."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications.services import notifications_send_due, preference_update
from recommendations import reporting
from recommendations.models import Clock
from tests.factories import AgencyFactory, InspectionFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def day(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def report():
    return InspectionFactory(short_name="GMP CP 2024", published_on=day(-100))


def clock(report, due_in: int, **extra) -> Clock:
    return Clock.objects.create(
        inspection=report, title=extra.pop("title", "An action plan, sent"), due_on=day(due_in), **extra
    )


def test_the_statutory_response_is_due_56_days_from_publication_counting_that_day():
    for published, due in (
        (datetime.date(2024, 12, 13), datetime.date(2025, 2, 6)),
        (datetime.date(2025, 7, 3), datetime.date(2025, 8, 27)),
    ):
        report = InspectionFactory(published_on=published)
        assert Clock.statutory_response(report).due_on == due


def test_deadlines_split_into_overdue_and_due_soon_and_leave_out_met_later_and_drafts(report):
    overdue = clock(report, -3, title="The Mayor's comments, published")
    soon = clock(report, 10)
    clock(report, 45)  # not yet within 30 days
    clock(report, -5, met_on=day(-6))  # met
    clock(InspectionFactory(released_at=None), -2)  # a draft's

    found = reporting.deadlines(reporting.now())

    assert found["overdue"] == [overdue] and found["overdue"][0].overdue_days == 3
    assert found["due_soon"] == [soon]


def test_as_at_a_past_day_a_deadline_met_since_was_open_and_one_recorded_since_did_not_count(report):
    met_since = clock(report, -10, met_on=day(-1))
    Clock.objects.filter(pk=met_since.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    clock(report, -10, title="Recorded today")
    three_days_ago = reporting.Moment(day=day(-3), is_past=True)
    assert reporting.deadlines(three_days_ago)["overdue"] == [met_since]


def test_a_date_met_before_publication_or_a_response_with_no_date_is_refused(report):
    early = Clock(
        inspection=report,
        title="Plan",
        due_on=day(1),
        met_on=report.published_on - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        early.full_clean()
    assert "must be on or after the report was published" in str(error.value)
    undated = Clock(inspection=report, title="Plan", due_on=day(1), response_url="https://www.example.org/r")
    with pytest.raises(ValidationError, match="Enter the date it was met"):
        undated.full_clean()


def test_the_assurance_teams_home_lists_deadlines_overdue_and_due_soon(
    client, oversight, report, django_assert_max_num_queries
):
    clock(report, -3, title="The Mayor's comments, published")
    clock(report, 12, title="The force's action plan, sent")
    client.force_login(oversight)
    with django_assert_max_num_queries(14):
        page = text(client.get(reverse("assurance_queue")))
    assert "Report deadlines" in page
    assert "GMP CP 2024 : The Mayor's comments, published, due" in page and "3 days overdue" in page
    assert "The force's action plan, sent" in page


def test_the_dashboard_and_the_report_page_show_them(client, oversight, report):
    clock(report, -3, title="The Mayor's comments, published")
    client.force_login(oversight)
    assert "3 days overdue" in text(client.get(reverse("dashboard")))
    page = text(client.get(reverse("report_detail", args=[report.pk])))
    assert "Deadlines" in page and "The Mayor's comments, published" in page and "Overdue" in page


@pytest.mark.parametrize(
    ("due_in", "subject"),
    [
        (14, "Deadline in 14 days: GMP CP 2024: The Mayor's comments, published"),
        (1, "Deadline tomorrow: GMP CP 2024: The Mayor's comments, published"),
        (-1, "Deadline missed: GMP CP 2024: The Mayor's comments, published"),
    ],
)
def test_the_assurance_team_is_reminded_once_at_each_stage(oversight, lead, report, due_in, subject):
    clock(report, due_in, title="The Mayor's comments, published")
    notifications_send_due(today=timezone.localdate())
    notifications_send_due(today=timezone.localdate())
    deadline_mail = [m for m in mail.outbox if m.subject.startswith("Deadline")]
    assert [(m.to, m.subject) for m in deadline_mail] == [([oversight.email], subject)]
    assert reverse("report_detail", args=[report.pk]) in deadline_mail[0].body


def test_a_met_deadline_and_the_preference_switched_off_send_nothing(oversight, report):
    clock(report, 1, met_on=day(0))
    other = clock(report, 1)
    preference_update(user=oversight, offered=["deadline"], enabled=[])
    notifications_send_due(today=timezone.localdate())
    assert [m for m in mail.outbox if m.subject.startswith("Deadline")] == []
    # Switched on again, the one not met is sent.
    preference_update(user=oversight, offered=["deadline"], enabled=["deadline"])
    notifications_send_due(today=timezone.localdate())
    assert [m.subject for m in mail.outbox] == [f"Deadline tomorrow: GMP CP 2024: {other.title}"]


def test_the_admin_adds_the_56_day_response_once(admin_client, report):
    gmca = AgencyFactory(kind="combined_authority", short_name="GMCA")
    url = reverse("admin:recommendations_inspection_changelist")
    for _ in range(2):
        admin_client.post(url, {"action": "add_statutory_response", "_selected_action": [report.pk]})
    (added,) = Clock.objects.filter(inspection=report)
    assert added.kind == Clock.Kind.STATUTORY_RESPONSE and added.responsible == gmca
    assert added.due_on == report.published_on + datetime.timedelta(days=55)
    assert added.history.first().history_user is not None
