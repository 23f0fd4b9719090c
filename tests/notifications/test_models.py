"""The database itself refuses a second record of the same e-mail."""

import pytest
from django.db import IntegrityError, transaction

from notifications.models import NotificationPreference, SentNotification

pytestmark = pytest.mark.django_db


def test_the_same_email_cannot_be_recorded_twice(lead, action):
    SentNotification.objects.create(
        kind="due_soon", action=action, recipient=lead, key="action-1/due-2025-06-30/1-day"
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        SentNotification.objects.create(
            kind="due_soon", action=action, recipient=lead, key="action-1/due-2025-06-30/1-day"
        )

    assert SentNotification.objects.count() == 1


def test_the_same_event_may_go_to_another_person_or_as_another_kind(lead, contributor, action):
    SentNotification.objects.create(kind="due_soon", action=action, recipient=lead, key="k")
    SentNotification.objects.create(kind="due_soon", action=action, recipient=contributor, key="k")
    SentNotification.objects.create(kind="overdue", action=action, recipient=lead, key="k")

    assert SentNotification.objects.count() == 3


@pytest.mark.parametrize("fields", [{"kind": "carrier_pigeon"}, {"key": ""}])
def test_a_record_without_a_known_kind_or_a_key_is_refused(lead, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        SentNotification.objects.create(
            **{"kind": "digest", "recipient": lead, "key": "2025-W27/agency-1", **fields}
        )


def test_a_person_has_one_preference_row(lead):
    NotificationPreference.objects.create(user=lead)

    with pytest.raises(IntegrityError), transaction.atomic():
        NotificationPreference.objects.create(user=lead)


def test_every_kind_is_on_until_the_person_chooses(lead):
    preference = NotificationPreference(user=lead)

    assert all(preference.wants(kind) for kind in SentNotification.Kind.values)
