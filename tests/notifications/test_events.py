"""E-mails about submissions, returns and assurances: sent once the change is committed,
recorded like reminders, and sent by the next ``send_reminders`` run if the mail server
was down at the time."""

import smtplib
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from notifications import services as notifications
from notifications.models import NotificationPreference, SentNotification
from recommendations import services
from recommendations.models import StaleVersion, Status
from tests.factories import EvidenceFactory, MembershipFactory, UpdateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(action, lead):
    """``action`` as its lead submitted it, with evidence, without any e-mail."""
    update = UpdateFactory(
        action=action,
        author=lead,
        status_from=Status.IN_PROGRESS,
        status_to=Status.SUBMITTED,
        percent_complete=100,
    )
    EvidenceFactory(update=update)
    action.status = Status.SUBMITTED
    action.version += 1
    action.save()
    return action


def submit(action, lead, pdf_upload):
    return services.progress_log(
        action=action,
        by=lead,
        narrative="Every investigator has finished the course.",
        confidence="green",
        percent_complete=100,
        status_to=Status.SUBMITTED,
        files=[pdf_upload()],
        expected_version=action.version,
    )


def test_a_submission_emails_oversight_once_when_it_is_committed(
    action, lead, contributor, oversight, pdf_upload, django_capture_on_commit_callbacks, run_on
):
    with django_capture_on_commit_callbacks(execute=True):
        update = submit(action, lead, pdf_upload)
        assert mail.outbox == []  # nothing before the commit

    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([oversight.email], "Submitted for assurance: GMP's action on CP 2024 R1")
    ]
    assert f"{lead} has submitted Greater Manchester Police's action on CP 2024 R1" in mail.outbox[0].body
    record = SentNotification.objects.get()
    assert (record.kind, record.recipient, record.key) == ("submitted", oversight, f"update-{update.pk}")

    # The cron run that follows finds it sent, and so does a second call.
    run_on(timezone.localdate())
    notifications.event_notify(update_id=update.pk)
    assert len([m for m in mail.outbox if m.subject.startswith("Submitted")]) == 1


def test_a_submission_refused_as_stale_emails_nobody(
    action, lead, oversight, pdf_upload, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(StaleVersion):
        services.progress_log(
            action=action,
            by=lead,
            narrative="Done.",
            confidence="green",
            percent_complete=100,
            status_to=Status.SUBMITTED,
            files=[pdf_upload()],
            expected_version=action.version - 1,
        )

    assert mail.outbox == []
    assert not SentNotification.objects.exists()


def test_oversight_is_not_asked_to_assure_their_own_agencys_submission(
    action, lead, oversight, agency, pdf_upload, django_capture_on_commit_callbacks
):
    own = MembershipFactory(agency=agency, user__is_oversight=True, user__username="own.oversight").user
    switched_off = UserFactory(username="quiet.oversight", is_oversight=True)
    NotificationPreference.objects.create(user=switched_off, submitted=False)
    UserFactory(username="gone.oversight", is_oversight=True, is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        submit(action, lead, pdf_upload)

    recipients = [m.to for m in mail.outbox]
    assert recipients == [[oversight.email]]
    assert [own.email] not in recipients


def test_a_return_emails_the_agency_lead_with_the_reason(
    submitted, lead, contributor, oversight, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        update = services.action_return(
            action=submitted,
            by=oversight,
            reason="The training records do not show who attended.",
            expected_version=submitted.version,
        )

    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([lead.email], "Returned: GMP's action on CP 2024 R1")
    ]
    body = mail.outbox[0].body
    assert "The GMCA assurance team has returned Greater Manchester Police's action on CP 2024 R1" in body
    assert "Why it was returned:\nThe training records do not show who attended." in body
    assert SentNotification.objects.filter(
        kind="returned", recipient=lead, key=f"update-{update.pk}"
    ).exists()


def test_a_return_through_the_page_emails_the_lead_once_even_if_the_form_is_sent_twice(
    client, submitted, lead, oversight, django_capture_on_commit_callbacks
):
    client.force_login(oversight)
    data = {"version": submitted.version, "form_token": str(uuid.uuid4()), "reason": "No evidence of audit."}

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("action_return", args=[submitted.pk]), data)
        second = client.post(reverse("action_return", args=[submitted.pk]), data)

    # The second is refused or recognised as a repeat; either way the lead hears once.
    assert first.status_code == 302
    assert second.status_code in (302, 400)
    assert [m.to for m in mail.outbox] == [[lead.email]]


def test_an_assurance_emails_the_agency_lead(submitted, lead, oversight, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.action_assure(
            action=submitted,
            by=oversight,
            note="Strong evidence of change.",
            expected_version=submitted.version,
        )

    assert [(m.to, m.subject) for m in mail.outbox] == [([lead.email], "Assured: GMP's action on CP 2024 R1")]
    assert "The GMCA assurance team's note:\nStrong evidence of change." in mail.outbox[0].body


def test_a_lead_who_switched_returns_off_gets_no_email(
    submitted, lead, oversight, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=lead, returned=False)

    with django_capture_on_commit_callbacks(execute=True):
        services.action_return(
            action=submitted, by=oversight, reason="Not yet.", expected_version=submitted.version
        )

    assert mail.outbox == []


def test_a_mail_server_down_fails_nothing_and_the_next_run_sends_the_email(
    submitted, lead, oversight, django_capture_on_commit_callbacks, run_on
):
    down = mock.patch.object(EmailBackend, "send_messages", side_effect=ConnectionRefusedError)
    with down, django_capture_on_commit_callbacks(execute=True):
        update = services.action_return(
            action=submitted, by=oversight, reason="Not yet.", expected_version=submitted.version
        )

    submitted.refresh_from_db()
    assert submitted.status == Status.IN_PROGRESS  # the return itself stands
    assert mail.outbox == []
    assert not SentNotification.objects.exists()

    run_on(timezone.localdate())
    run_on(timezone.localdate())

    returned = [m for m in mail.outbox if m.subject.startswith("Returned")]
    assert [m.to for m in returned] == [[lead.email]]
    assert SentNotification.objects.filter(key=f"update-{update.pk}").count() == 1


def test_the_mail_server_refusing_is_logged(submitted, oversight, django_capture_on_commit_callbacks, caplog):
    refused = mock.patch.object(EmailBackend, "send_messages", side_effect=smtplib.SMTPRecipientsRefused({}))
    with refused, django_capture_on_commit_callbacks(execute=True):
        services.action_return(
            action=submitted, by=oversight, reason="Not yet.", expected_version=submitted.version
        )

    assert "the next run will try again" in caplog.text


def test_a_run_sends_only_events_that_still_stand(submitted, lead, oversight, run_on):
    # Returned, then submitted again, without any e-mail going out at the time (the
    # callbacks never ran): only the latest event is news.
    services.action_return(
        action=submitted, by=oversight, reason="Not yet.", expected_version=submitted.version
    )
    resubmission = UpdateFactory(
        action=submitted, author=lead, status_from=Status.IN_PROGRESS, status_to=Status.SUBMITTED
    )
    submitted.status = Status.SUBMITTED
    submitted.save()

    run_on(timezone.localdate())

    assert [(m.to, m.subject) for m in mail.outbox if not m.subject.startswith("Weekly")] == [
        ([oversight.email], "Submitted for assurance: GMP's action on CP 2024 R1")
    ]
    assert SentNotification.objects.filter(kind="submitted").get().key == f"update-{resubmission.pk}"
