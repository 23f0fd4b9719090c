"""E-mail reminders and notifications: what each person wants, and what was sent.

``SentNotification`` is how nothing is sent twice: a row per e-mail, unique on
(kind, recipient, key), written in the same transaction as the sending. The key names
the event, so an event that changes (a due date moved) is a new key and the old
reminder is never sent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class Kind(models.TextChoices):
    DUE_SOON = "due_soon", "Due date reminder"
    OVERDUE = "overdue", "Overdue"
    SUBMITTED = "submitted", "Submitted for assurance"
    RETURNED = "returned", "Returned by the GMCA assurance team"
    ASSURED = "assured", "Assured by the GMCA assurance team"
    DIGEST = "digest", "Weekly summary"
    READY = "ready", "Ready to submit"
    REOPENED = "reopened", "Reopened by the GMCA assurance team"
    DUE_DATE_ASKED = "due_date_asked", "New due date asked for"
    DUE_DATE_DECIDED = "due_date_decided", "New due date decided"
    DEADLINE = "deadline", "Report deadline"


class NotificationPreference(models.Model):
    """Which e-mails a person wants. No row means every kind is on."""

    # Which preference switches each kind of e-mail on or off.
    FIELD_OF_KIND = {
        Kind.DUE_SOON: "due_reminders",
        Kind.OVERDUE: "overdue",
        Kind.RETURNED: "returned",
        Kind.ASSURED: "assured",
        Kind.SUBMITTED: "submitted",
        Kind.DIGEST: "weekly_digest",
        Kind.READY: "ready",
        # Reopening, like a return, gives the agency work to do again.
        Kind.REOPENED: "returned",
        Kind.DUE_DATE_ASKED: "due_dates",
        Kind.DUE_DATE_DECIDED: "due_dates",
        Kind.DEADLINE: "deadlines",
    }

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    due_reminders = models.BooleanField(
        "due date reminders", default=True, help_text="14 days and 1 day before an action is due."
    )
    overdue = models.BooleanField(default=True, help_text="On the day an action becomes overdue.")
    returned = models.BooleanField(
        "returned or reopened actions",
        default=True,
        help_text="When the GMCA assurance team returns or reopens an action you own or lead.",
    )
    assured = models.BooleanField(
        "assured actions", default=True, help_text="When the GMCA assurance team assures an agency's action."
    )
    submitted = models.BooleanField(
        "submitted actions",
        default=True,
        help_text="The GMCA assurance team: when an action is submitted for assurance.",
    )
    ready = models.BooleanField(
        "actions ready to submit",
        default=True,
        help_text="Agency leads: when a contributor says an action is ready to submit for assurance.",
    )
    due_dates = models.BooleanField(
        "new due dates",
        default=True,
        help_text="The GMCA assurance team: when an agency asks for a new due date. "
        "Agency leads: when the team approves, refuses or sets one.",
    )
    deadlines = models.BooleanField(
        "report deadlines",
        default=True,
        help_text="The GMCA assurance team: 14 days and 1 day before a report's deadline "
        "(such as the Mayor's 56-day response), and when it is missed.",
    )
    weekly_digest = models.BooleanField(
        "weekly summary", default=True, help_text="Agency leads: the agency's actions that need attention."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__username"]
        verbose_name = "notification preference"

    def __str__(self) -> str:
        return f"E-mail preferences of {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("notification_preferences")

    def wants(self, kind: str) -> bool:
        return getattr(self, self.FIELD_OF_KIND[kind])


class SentNotification(models.Model):
    """One e-mail sent to one person about one event. Never sent twice."""

    Kind = Kind

    kind = models.CharField(max_length=20, choices=Kind.choices)
    action = models.ForeignKey(
        "recommendations.Action",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sent_notifications",
        help_text="Empty for a weekly summary, which covers several actions.",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_notifications"
    )
    key = models.CharField(
        max_length=200,
        help_text="The event, e.g. action-12/due-2025-06-30/14-days, update-40 or 2025-W27/agency-3.",
    )
    subject = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = "sent e-mail"
        verbose_name_plural = "sent e-mails"
        constraints = [
            models.UniqueConstraint(fields=["kind", "recipient", "key"], name="sent_notification_once"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="sent_notification_kind_valid"),
            models.CheckConstraint(condition=~Q(key=""), name="sent_notification_key_not_empty"),
        ]
        indexes = [
            # send_reminders reads the e-mails of the last few weeks to skip what was sent.
            models.Index(fields=["sent_at"], name="sent_notification_sent_at"),
            # "E-mails sent to you recently" on the preferences page.
            models.Index(fields=["recipient", "-sent_at"], name="sent_notification_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} ({self.key})"

    def get_absolute_url(self) -> str:
        return self.action.get_absolute_url() if self.action_id else reverse("notification_preferences")
