"""The weekly summary for agency leads: once per ISO week, only what needs attention."""

import datetime

import pytest
from django.core import mail

from notifications.models import NotificationPreference, SentNotification
from recommendations.models import Status
from tests.factories import ActionFactory, InspectionFactory, LeadMembershipFactory, UpdateFactory
from tests.notifications.conftest import DUE, at_seven

pytestmark = pytest.mark.django_db

day = datetime.timedelta(days=1)
MONDAY = DUE  # 30 June 2025, ISO week 27


def digests() -> list:
    return [m for m in mail.outbox if m.subject.startswith("Weekly summary")]


@pytest.fixture
def agency_actions(agency, lead, contributor, oversight):
    """One of each: overdue, due soon, returned (due later), due much later, submitted, archived."""
    inspection = InspectionFactory()

    def make(reference, due, status=Status.IN_PROGRESS, **kwargs):
        return ActionFactory(
            agency=agency,
            due_date=due,
            status=status,
            recommendation__inspection=inspection,
            recommendation__reference=reference,
            **kwargs,
        )

    returned = make("R-RETURNED", MONDAY + 90 * day)
    long_ago = at_seven(MONDAY - 30 * day)
    for author, status_from, status_to in (
        (lead, Status.IN_PROGRESS, Status.SUBMITTED),
        (oversight, Status.SUBMITTED, Status.IN_PROGRESS),
    ):
        UpdateFactory(
            action=returned, author=author, status_from=status_from, status_to=status_to, created_at=long_ago
        )
    return {
        "overdue": make("R-OVERDUE", MONDAY - 3 * day, owner=contributor),
        "due_soon": make("R-SOON", MONDAY + 20 * day),
        "returned": returned,
        "later": make("R-LATER", MONDAY + 60 * day),
        "submitted": make("R-SUBMITTED", MONDAY - 3 * day, status=Status.SUBMITTED),
        "archived": make("R-ARCHIVED", MONDAY - 3 * day, is_archived=True),
    }


@pytest.fixture
def lead_without_reminders(lead, contributor):
    NotificationPreference.objects.create(user=lead, due_reminders=False, overdue=False)
    NotificationPreference.objects.create(user=contributor, due_reminders=False, overdue=False)
    return lead


def test_a_lead_gets_one_summary_a_week_as_the_clock_moves(run_on, agency_actions, lead_without_reminders):
    first_run_of_each_week = {MONDAY, MONDAY + 7 * day}

    today = MONDAY
    while today < MONDAY + 14 * day:
        for run in ("first", "second"):
            before = len(digests())
            run_on(today)
            expected = 1 if today in first_run_of_each_week and run == "first" else 0
            assert len(digests()) - before == expected, (today, run)
        today += day

    assert len(digests()) == 2
    assert len(mail.outbox) == 2
    assert sorted(SentNotification.objects.filter(kind="digest").values_list("key", flat=True)) == [
        f"2025-W27/agency-{agency_actions['overdue'].agency_id}",
        f"2025-W28/agency-{agency_actions['overdue'].agency_id}",
    ]


def test_the_summary_lists_the_overdue_the_due_soon_and_the_returned(
    run_on, agency_actions, lead_without_reminders
):
    run_on(MONDAY)

    (message,) = digests()
    assert message.to == [lead_without_reminders.email]
    assert message.subject == "Weekly summary for GMP: 1 overdue, 1 due in the next 30 days, 1 returned"
    body = message.body
    overdue, soon, returned = (
        body.index("\nOverdue\n"),
        body.index("\nDue in the next 30 days\n"),
        body.index("\nReturned by the GMCA assurance team and not yet submitted again\n"),
    )
    assert (
        overdue < body.index("R-OVERDUE") < soon < body.index("R-SOON") < returned < body.index("R-RETURNED")
    )
    for absent in ("R-LATER", "R-SUBMITTED", "R-ARCHIVED"):
        assert absent not in body
    assert f"/actions/{agency_actions['overdue'].pk}/" in body


def test_a_week_with_nothing_to_report_sends_no_summary(run_on, lead_without_reminders, action):
    action.due_date = MONDAY + 120 * day
    action.save()

    run_on(MONDAY)

    assert digests() == []


def test_a_lead_who_switched_the_summary_off_gets_none(run_on, agency_actions, lead):
    NotificationPreference.objects.create(user=lead, weekly_digest=False)

    run_on(MONDAY)

    assert digests() == []


def test_each_lead_of_each_agency_gets_that_agencys_summary(
    run_on, agency_actions, lead_without_reminders, other_agency
):
    second_lead = LeadMembershipFactory(agency=other_agency, user__username="rhian.lead").user
    LeadMembershipFactory(agency=agency_actions["overdue"].agency, user=second_lead)
    ActionFactory(agency=other_agency, due_date=MONDAY + 5 * day, status=Status.IN_PROGRESS)
    NotificationPreference.objects.create(user=second_lead, due_reminders=False, overdue=False)

    run_on(MONDAY)
    run_on(MONDAY + day)

    assert sorted((m.to[0], m.subject.split(":")[0]) for m in digests()) == [
        (lead_without_reminders.email, "Weekly summary for GMP"),
        (second_lead.email, "Weekly summary for GMP"),
        (second_lead.email, "Weekly summary for Rochdale"),
    ]
