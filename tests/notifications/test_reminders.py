"""Due-date reminders and overdue notices, sent by ``send_reminders`` as the clock moves.

Each test runs the command as cron would, on the days it is about, twice a day, and
counts the e-mails exactly: once per event, never twice, never for a stale event.
"""

import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management.base import CommandError

from notifications.models import NotificationPreference, SentNotification
from recommendations import services
from recommendations.models import Status
from tests.factories import ActionFactory, MembershipFactory, UserFactory
from tests.notifications.conftest import DUE

pytestmark = pytest.mark.django_db

day = datetime.timedelta(days=1)


def sent_today(before: int) -> list[tuple[str, str]]:
    """``(recipient, subject)`` of the e-mails sent since the outbox held ``before``."""
    return sorted((message.to[0], message.subject) for message in mail.outbox[before:])


def test_each_reminder_is_sent_once_as_the_clock_moves_past_the_due_date(
    run_on, due_action, contributor, lead, no_digest
):
    owner, leader = contributor.email, lead.email
    expected = {
        DUE - 14 * day: [
            (owner, "Due in 14 days: GMP's action on CP 2024 R1"),
            (leader, "Due in 14 days: GMP's action on CP 2024 R1"),
        ],
        DUE - day: [
            (owner, "Due tomorrow: GMP's action on CP 2024 R1"),
            (leader, "Due tomorrow: GMP's action on CP 2024 R1"),
        ],
        DUE + day: [
            (owner, "Overdue: GMP's action on CP 2024 R1"),
            (leader, "Overdue: GMP's action on CP 2024 R1"),
        ],
    }

    today = DUE - 16 * day
    while today <= DUE + 4 * day:
        for run in ("first", "second"):
            before = len(mail.outbox)
            run_on(today)
            wanted = expected.get(today, []) if run == "first" else []
            assert sent_today(before) == sorted(wanted), (today, run)
        today += day

    assert len(mail.outbox) == 6
    assert SentNotification.objects.count() == 6


def test_a_day_cron_missed_is_caught_up_once(run_on, due_action, contributor, lead, no_digest):
    run_on(DUE - 10 * day)
    run_on(DUE - 9 * day)

    assert sent_today(0) == [
        (contributor.email, "Due in 10 days: GMP's action on CP 2024 R1"),
        (lead.email, "Due in 10 days: GMP's action on CP 2024 R1"),
    ]


def test_an_overdue_notice_is_not_sent_weeks_late(run_on, due_action, no_digest, settings):
    settings.NOTIFICATIONS_CATCH_UP_DAYS = 7

    run_on(DUE + 8 * day)

    assert mail.outbox == []


def test_a_moved_due_date_sends_for_the_new_date_and_never_the_stale_one(
    run_on, due_action, contributor, lead, oversight, no_digest
):
    run_on(DUE - 14 * day)
    assert len(mail.outbox) == 2
    new_due = DUE + 20 * day
    services.action_change_due_date(
        action=due_action,
        by=oversight,
        due_date=new_due,
        reason="The partnership board moved its meeting.",
        expected_version=due_action.version,
    )

    sent_on = {}
    today = DUE - 13 * day
    while today <= new_due + 3 * day:
        before = len(mail.outbox)
        run_on(today)
        run_on(today)
        if len(mail.outbox) > before:
            sent_on[today] = sorted({message.subject for message in mail.outbox[before:]})
            assert len(mail.outbox) - before == 2, today  # the owner and the lead
        today += day

    assert sent_on == {
        new_due - 14 * day: ["Due in 14 days: GMP's action on CP 2024 R1"],
        new_due - day: ["Due tomorrow: GMP's action on CP 2024 R1"],
        new_due + day: ["Overdue: GMP's action on CP 2024 R1"],
    }
    keys = set(SentNotification.objects.values_list("key", flat=True))
    stale = f"action-{due_action.pk}/due-{DUE.isoformat()}"
    fresh = f"action-{due_action.pk}/due-{new_due.isoformat()}"
    assert keys == {f"{stale}/14-days", f"{fresh}/14-days", f"{fresh}/1-day", f"{fresh}/overdue"}


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.ASSURED])
def test_an_action_submitted_or_assured_in_time_gets_no_reminder_or_overdue_notice(
    run_on, due_action, no_digest, status
):
    run_on(DUE - 14 * day)
    assert len(mail.outbox) == 2
    due_action.status = status
    due_action.save()

    for offset in (-1, 0, 1, 2):
        run_on(DUE + offset * day)

    assert len(mail.outbox) == 2


def test_archived_actions_and_inactive_agencies_get_no_reminders(run_on, due_action, no_digest):
    due_action.is_archived = True
    due_action.save()
    other = ActionFactory(due_date=DUE, status=Status.IN_PROGRESS)
    MembershipFactory(agency=other.agency, lead=True)
    other.agency.is_active = False
    other.agency.save()

    run_on(DUE - 14 * day)
    run_on(DUE + day)

    assert mail.outbox == []


def test_nobody_whose_preferences_are_off_gets_a_reminder(run_on, due_action, contributor, lead):
    NotificationPreference.objects.create(user=contributor, due_reminders=False, overdue=False)
    NotificationPreference.objects.create(user=lead, due_reminders=False, overdue=False, weekly_digest=False)

    for offset in (-14, -1, 1):
        run_on(DUE + offset * day)

    assert mail.outbox == []


def test_each_preference_switches_off_only_its_own_kind(run_on, due_action, contributor, lead, no_digest):
    NotificationPreference.objects.create(user=contributor, due_reminders=False)

    for offset in (-14, -1, 1):
        run_on(DUE + offset * day)

    assert sent_today(0) == [
        (contributor.email, "Overdue: GMP's action on CP 2024 R1"),
        (lead.email, "Due in 14 days: GMP's action on CP 2024 R1"),
        (lead.email, "Due tomorrow: GMP's action on CP 2024 R1"),
        (lead.email, "Overdue: GMP's action on CP 2024 R1"),
    ]


def test_inactive_people_and_people_without_an_email_address_get_nothing(
    run_on, due_action, contributor, lead
):
    contributor.is_active = False
    contributor.save()
    lead.email = ""
    lead.save()

    run_on(DUE - 14 * day)

    assert mail.outbox == []


def test_an_owner_who_has_left_the_agency_is_not_reminded(run_on, due_action, lead, no_digest):
    due_action.owner = UserFactory(username="former.owner")
    due_action.save()

    run_on(DUE - 14 * day)

    assert [message.to for message in mail.outbox] == [[lead.email]]


def test_the_owner_who_is_also_the_lead_gets_one_email(run_on, due_action, lead, no_digest):
    due_action.owner = lead
    due_action.save()

    run_on(DUE - 14 * day)

    assert [message.to for message in mail.outbox] == [[lead.email]]


def test_the_reminder_says_what_and_when_and_links_to_the_action_without_case_details(
    run_on, due_action, contributor, lead, settings, no_digest
):
    settings.SITE_URL = "https://tracker.example.org"
    services.progress_log(
        action=due_action,
        by=contributor,
        narrative="Casework for a named child is discussed here and must never be e-mailed.",
        confidence="amber",
        percent_complete=50,
        expected_version=due_action.version,
    )

    run_on(DUE - 14 * day)

    message = next(m for m in mail.outbox if m.to == [contributor.email])
    assert message.subject == "Due in 14 days: GMP's action on CP 2024 R1"
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    body = message.body
    assert (
        "Greater Manchester Police's action on CP 2024 R1 is due in 14 days, on Monday 30 June 2025." in body
    )
    assert "Improve how online child sexual exploitation is investigated." in body
    assert f"https://tracker.example.org/actions/{due_action.pk}/" in body
    assert "https://tracker.example.org/notifications/" in body
    assert "because you own this action" in body
    assert "named child" not in body
    assert "&#x27;" not in body  # plain text, not HTML-escaped
    lead_message = next(m for m in mail.outbox if m.to == [lead.email])
    assert "because you lead your agency's work on this action" in lead_message.body


def test_a_dry_run_lists_what_it_would_send_and_sends_and_records_nothing(
    run_on, due_action, lead, no_digest
):
    output = run_on(DUE - 14 * day, "--dry-run")

    assert mail.outbox == []
    assert not SentNotification.objects.exists()
    assert f"Would send due_soon to {lead.email}" in output
    assert "Would send 2 e-mails for 16 June 2025." in output

    output = run_on(DUE - 14 * day)

    assert len(mail.outbox) == 2
    assert f"Sent due_soon to {lead.email}" in output
    assert "Sent 2 e-mails for 16 June 2025." in output


def test_an_email_the_mail_server_refused_is_not_recorded_and_goes_on_the_next_run(
    run_on, due_action, no_digest
):
    with (
        mock.patch.object(EmailBackend, "send_messages", side_effect=smtplib.SMTPServerDisconnected("gone")),
        pytest.raises(CommandError, match="2 e-mail"),
    ):
        run_on(DUE - 14 * day)

    assert mail.outbox == []
    assert not SentNotification.objects.exists()

    run_on(DUE - 13 * day)
    run_on(DUE - 13 * day)

    assert len(mail.outbox) == 2
    assert SentNotification.objects.count() == 2


def test_a_record_another_run_wrote_stops_the_email_even_when_the_early_check_misses_it(
    run_on, due_action, contributor, lead, no_digest
):
    # Written long ago as far as the run's early check can see, so only the unique
    # constraint stands between the run and a second e-mail.
    SentNotification.objects.create(
        kind="due_soon",
        action=due_action,
        recipient=lead,
        key=f"action-{due_action.pk}/due-{DUE.isoformat()}/14-days",
        sent_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )

    output = run_on(DUE - 14 * day)

    assert [message.to for message in mail.outbox] == [[contributor.email]]
    assert f"Already sent by another run: due_soon to {lead.email}" in output
