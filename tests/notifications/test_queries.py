"""``send_reminders`` reads with a fixed number of queries, however many actions there are.

Reading costs the same for 5 actions as for 50. Sending costs three queries an e-mail
(savepoint, insert, release), because each e-mail is recorded in its own transaction
so that one the mail server refuses is retried without resending the others.
"""

import datetime

import pytest
from django.core import mail

from recommendations.models import Status
from tests.factories import ActionFactory, InspectionFactory, LeadMembershipFactory, derived_once
from tests.notifications.conftest import DUE

pytestmark = pytest.mark.django_db

day = datetime.timedelta(days=1)
READING = 8  # people, oversight, preferences, sent e-mails, events, reminders, deadlines, summaries
PER_EMAIL = 3


@derived_once()
def add_actions(agency, count: int, *, due: datetime.date, status=Status.IN_PROGRESS) -> None:
    inspection = InspectionFactory()
    for _ in range(count):
        ActionFactory(agency=agency, recommendation__inspection=inspection, due_date=due, status=status)


@pytest.fixture
def leads(agency, other_agency):
    return [LeadMembershipFactory(agency=agency).user, LeadMembershipFactory(agency=other_agency).user]


def test_a_run_with_nothing_new_costs_the_same_for_5_and_50_actions(
    run_on, agency, other_agency, leads, django_assert_max_num_queries
):
    add_actions(agency, 3, due=DUE)
    add_actions(other_agency, 2, due=DUE)
    run_on(DUE - 14 * day)
    sent = len(mail.outbox)
    assert sent == 5 + 2  # a reminder an action, and each lead's summary

    with django_assert_max_num_queries(READING) as five:
        run_on(DUE - 14 * day)

    add_actions(agency, 25, due=DUE)
    add_actions(other_agency, 20, due=DUE)
    run_on(DUE - 14 * day)
    assert len(mail.outbox) == sent + 45

    with django_assert_max_num_queries(len(five.captured_queries)):
        run_on(DUE - 14 * day)
    assert len(mail.outbox) == sent + 45


@pytest.mark.parametrize("others", [0, 45])
def test_sending_costs_the_same_however_many_other_actions_there_are(
    run_on, agency, other_agency, leads, django_assert_max_num_queries, others
):
    add_actions(agency, 5, due=DUE)
    # Not due today, closed, or long overdue: read past, never sent.
    add_actions(agency, others // 3, due=DUE + 40 * day)
    add_actions(other_agency, others // 3, due=DUE, status=Status.SUBMITTED)
    add_actions(other_agency, others // 3, due=DUE - 60 * day, status=Status.ASSURED)

    emails = 5 + 1  # five reminders and the lead's summary
    with django_assert_max_num_queries(READING + PER_EMAIL * emails):
        run_on(DUE - 14 * day)

    assert len(mail.outbox) == emails
