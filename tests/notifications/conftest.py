"""Helpers for moving the clock: ``run_on(day)`` runs ``send_reminders`` as cron would
at 7 in the morning of ``day``, Greater Manchester time."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from notifications.models import NotificationPreference

DUE = datetime.date(2025, 6, 30)  # a Monday


def at_seven(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(7, 0)))


@pytest.fixture
def run_on():
    def run(day: datetime.date, *args: str) -> str:
        out = StringIO()
        with mock.patch("django.utils.timezone.now", return_value=at_seven(day)):
            call_command("send_reminders", *args, stdout=out, stderr=StringIO())
        return out.getvalue()

    return run


@pytest.fixture
def due_action(action, contributor, lead):
    """``agency``'s in-progress action on R1, owned by ``contributor``, due on ``DUE``."""
    action.owner = contributor
    action.due_date = DUE
    action.save()
    return action


@pytest.fixture
def no_digest(lead):
    """The weekly summary would land in the same outbox; tests about reminders turn it off."""
    return NotificationPreference.objects.create(user=lead, weekly_digest=False)
