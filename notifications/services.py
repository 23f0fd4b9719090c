"""Who gets which e-mail, and sending each one once.

Two ways in:

- ``notifications_send_due(today=...)``, run by ``manage.py send_reminders`` from cron:
  due-date reminders (14 days and 1 day before), overdue notices, the weekly summary for
  agency leads, and any submitted/returned/assured notice that could not be sent when
  it happened.
- ``event_notify(update_id=...)``, called by ``recommendations.services`` once a
  submission, return or assurance is committed.

Both plan e-mails from a handful of queries whose number does not grow with the number
of actions, skip what was sent already, then hand each e-mail to ``_deliver``, which
inserts the ``SentNotification`` row and sends inside one transaction: if sending fails
the row is rolled back and the next run tries again; if another run got there first the
unique constraint refuses the row and nothing is sent.

A reminder names its event in its key (action, due date, stage), so a moved due date is
a new event and the old reminder can no longer be sent; an action that is submitted,
assured or archived is not selected at all.
"""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from agencies.models import Membership, User
from notifications.models import Kind, NotificationPreference, SentNotification
from recommendations.models import Action, Clock, Status, Update, UpdateKind

logger = logging.getLogger(__name__)

OPEN = (Status.NOT_STARTED, Status.IN_PROGRESS)
# Reminder stages: (key suffix, first day, last day), in days before the due date. A run
# that was missed on a stage's first day still sends it until the next stage begins.
STAGES = (("14-days", 14, 2), ("1-day", 1, 0))
DIGEST_HORIZON_DAYS = 30
# A longer list helps nobody in an e-mail; the link leads to the whole list.
DIGEST_SECTION_LIMIT = 20


def catch_up_days() -> int:
    """How many days late an overdue notice or an event's e-mail may still go out, when
    ``send_reminders`` did not run or the mail server was down."""
    return getattr(settings, "NOTIFICATIONS_CATCH_UP_DAYS", 7)


def absolute_url(path: str) -> str:
    return f"{getattr(settings, 'SITE_URL', 'http://localhost:8000').rstrip('/')}{path}"


@dataclass
class Email:
    """One e-mail to one person about one event, not yet sent."""

    kind: str
    recipient: User
    key: str
    subject: str
    context: dict
    action: Action | None = None

    @property
    def ident(self) -> tuple[str, int, str]:
        return (self.kind, self.recipient.pk, self.key)

    def message(self) -> EmailMessage:
        body = render_to_string(
            f"notifications/email/{self.kind}.txt",
            {
                **self.context,
                "recipient": self.recipient,
                "preferences_url": absolute_url(reverse("notification_preferences")),
            },
        )
        return EmailMessage(
            subject=self.subject,
            body=body,
            to=[self.recipient.email],
            # RFC 3834: out-of-office replies should not answer an automatic e-mail.
            headers={"Auto-Submitted": "auto-generated"},
        )


@dataclass
class Report:
    sent: list[Email] = field(default_factory=list)
    # Refused by the unique constraint: another run sent it in the meantime.
    already_sent: list[Email] = field(default_factory=list)
    # The mail server refused or could not be reached; retried on the next run.
    failed: list[Email] = field(default_factory=list)


class Directory:
    """Who can be sent e-mail, and what they want. Three queries, loaded once a run.

    Only active people with an e-mail address, and only through memberships of active
    agencies.
    """

    def __init__(self) -> None:
        self.leads: dict[int, list[User]] = defaultdict(list)
        self.members: set[tuple[int, int]] = set()
        memberships = (
            Membership.objects.filter(agency__is_active=True, user__is_active=True)
            .exclude(user__email="")
            .select_related("user")
            .order_by("agency_id", "user_id")
        )
        for membership in memberships:
            self.members.add((membership.user_id, membership.agency_id))
            if membership.role == Membership.Role.LEAD:
                self.leads[membership.agency_id].append(membership.user)
        self.oversight = list(
            User.objects.filter(is_oversight=True, is_active=True).exclude(email="").order_by("pk")
        )
        self.preferences = {p.user_id: p for p in NotificationPreference.objects.all()}

    def wants(self, user: User, kind: str) -> bool:
        preference = self.preferences.get(user.pk)
        return preference is None or preference.wants(kind)

    def assurers(self, action: Action) -> list[User]:
        """The assurance team, less anyone in the action's own agency: nobody decides on
        their own agency's work, so they are not asked to."""
        return [u for u in self.oversight if (u.pk, action.agency_id) not in self.members]

    def is_member(self, user: User | None, agency_id: int) -> bool:
        return (
            user is not None and user.is_active and bool(user.email) and (user.pk, agency_id) in self.members
        )


def _unique(users: Iterable[User]) -> list[User]:
    return list({user.pk: user for user in users}.values())


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _action_context(action: Action) -> dict:
    return {"action": action, "action_url": absolute_url(action.get_absolute_url())}


def _label(action: Action) -> str:
    return f"{action.agency.short_name}'s action on {action.recommendation.label}"


# -- Due-date reminders and overdue notices ----------------------------------------------


def _stage(days_left: int) -> tuple[str, str] | None:
    """``(kind, key suffix)`` of the reminder an open action gets ``days_left`` days
    before its due date, or ``None``."""
    if days_left < 0:
        return (Kind.OVERDUE, "overdue") if -days_left <= catch_up_days() else None
    for suffix, first, last in STAGES:
        if last <= days_left <= first:
            return (Kind.DUE_SOON, suffix)
    return None


def _when(days_left: int) -> str:
    if days_left == 0:
        return "today"
    if days_left == 1:
        return "tomorrow"
    return f"in {days_left} days"


def _reminder_emails(*, today: date, directory: Directory) -> list[Email]:
    """Reminders for open actions due in the next 14 days or overdue since the catch-up
    window began. One query."""
    actions = Action.objects.filter(
        status__in=OPEN,  # submitted or assured meanwhile: nothing to remind anyone of
        is_archived=False,
        recommendation__is_archived=False,
        agency__is_active=True,
        due_date__gte=today - timedelta(days=catch_up_days()),
        due_date__lte=today + timedelta(days=STAGES[0][1]),
    ).select_related("recommendation__inspection", "agency", "owner")
    emails = []
    for action in actions:
        days_left = (action.due_date - today).days
        stage = _stage(days_left)
        if stage is None:
            continue
        kind, suffix = stage
        key = f"action-{action.pk}/due-{action.due_date.isoformat()}/{suffix}"
        owner = action.owner if directory.is_member(action.owner, action.agency_id) else None
        recipients = _unique([*([owner] if owner else []), *directory.leads.get(action.agency_id, [])])
        if kind == Kind.OVERDUE:
            subject = f"Overdue: {_label(action)}"
        else:
            subject = f"Due {_when(days_left)}: {_label(action)}"
        for recipient in recipients:
            if not directory.wants(recipient, kind):
                continue
            context = {
                **_action_context(action),
                "when": _when(days_left),
                "days_overdue": -days_left,
                "is_owner": owner is not None and recipient.pk == owner.pk,
            }
            emails.append(Email(kind, recipient, key, subject, context, action))
    return emails


def _deadline_emails(*, today: date, directory: Directory) -> list[Email]:
    """Reminders to the GMCA assurance team of the reports' deadlines not yet met: 14 days
    and 1 day before, and the day after one is missed. One query."""
    clocks = (
        Clock.objects.open_on(today)
        .filter(
            due_on__gte=today - timedelta(days=catch_up_days()),
            due_on__lte=today + timedelta(days=STAGES[0][1]),
        )
        .select_related("inspection", "responsible")
    )
    emails = []
    for clock in clocks:
        days_left = (clock.due_on - today).days
        stage = _stage(days_left)
        if stage is None:
            continue
        _, suffix = stage
        key = f"clock-{clock.pk}/due-{clock.due_on.isoformat()}/{suffix}"
        what = f"{clock.inspection.short_name}: {clock.title}"
        subject = f"Deadline missed: {what}" if days_left < 0 else f"Deadline {_when(days_left)}: {what}"
        context = {
            "clock": clock,
            "when": _when(days_left),
            "days_overdue": -days_left,
            "report_url": absolute_url(clock.get_absolute_url()),
        }
        emails += [
            Email(Kind.DEADLINE, person, key, subject, context)
            for person in directory.oversight
            if directory.wants(person, Kind.DEADLINE)
        ]
    return emails


# -- Submitted, returned and assured -----------------------------------------------------


def _event_kind(update: Update) -> str | None:
    if update.kind == UpdateKind.READY:
        return Kind.READY
    if update.kind == UpdateKind.EXTENSION_REQUEST:
        return Kind.DUE_DATE_ASKED
    if update.kind in (UpdateKind.EXTENSION_REFUSED, UpdateKind.DUE_DATE):
        return Kind.DUE_DATE_DECIDED
    if update.status_from == Status.ASSURED and update.status_to == Status.IN_PROGRESS:
        return Kind.REOPENED
    if update.status_to == Status.SUBMITTED:
        return Kind.SUBMITTED
    if update.status_from == Status.SUBMITTED and update.status_to == Status.IN_PROGRESS:
        return Kind.RETURNED
    if update.status_to == Status.ASSURED:
        return Kind.ASSURED
    return None


# Entries about the due date that mail someone: a request, a refusal, a new date set.
DUE_DATE_KINDS = [UpdateKind.EXTENSION_REQUEST, UpdateKind.EXTENSION_REFUSED, UpdateKind.DUE_DATE]


def _event_updates(updates: QuerySet[Update]) -> QuerySet[Update]:
    """Status changes that mail someone, each with the id of its action's latest status
    change: an event overtaken by a later one (returned, then resubmitted) is old news."""
    latest = (
        Update.objects.filter(action=OuterRef("action"))
        .exclude(status_to="")
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    return (
        updates.filter(
            Q(status_to=Status.SUBMITTED)
            | Q(status_from__in=[Status.SUBMITTED, Status.ASSURED])
            | Q(kind__in=DUE_DATE_KINDS)
            | Q(kind=UpdateKind.READY)
        )
        .filter(action__is_archived=False, action__agency__is_active=True)
        .annotate(
            latest_change=Subquery(latest),
            latest_change_at=Subquery(
                Update.objects.filter(action=OuterRef("action"))
                .exclude(status_to="")
                .order_by("-created_at", "-pk")
                .values("created_at")[:1]
            ),
        )
        .select_related("action__recommendation__inspection", "action__agency", "action__owner", "author")
    )


def _event_emails(updates: Iterable[Update], *, directory: Directory) -> list[Email]:
    emails = []
    for update in updates:
        kind = _event_kind(update)
        if kind is None:
            continue
        # Old news once a later status change has come (returned, then resubmitted);
        # "ready" entries are not status changes, so the latest change must be older.
        # Due dates are news whatever the status did since.
        if kind == Kind.READY:
            if update.latest_change_at is not None and update.latest_change_at >= update.created_at:
                continue
        elif kind not in (Kind.DUE_DATE_ASKED, Kind.DUE_DATE_DECIDED) and update.latest_change != update.pk:
            continue
        action = update.action
        if kind == Kind.DUE_DATE_ASKED:
            recipients = directory.assurers(action)
            subject = f"New due date asked for: {_label(action)}"
        elif kind == Kind.DUE_DATE_DECIDED:
            # The agency's leads, who ask; not the team member who decided.
            recipients = [u for u in directory.leads.get(action.agency_id, []) if u.pk != update.author_id]
            verb = "refused" if update.kind == UpdateKind.EXTENSION_REFUSED else "set"
            subject = f"New due date {verb}: {_label(action)}"
        elif kind == Kind.READY:
            # The leads, who submit; not whoever said it was ready.
            recipients = [u for u in directory.leads.get(action.agency_id, []) if u.pk != update.author_id]
            subject = f"Ready to submit: {_label(action)}"
        elif kind == Kind.SUBMITTED:
            recipients = directory.assurers(action)
            subject = f"Submitted for assurance: {_label(action)}"
        else:
            recipients = list(directory.leads.get(action.agency_id, []))
            # A return or a reopening asks for more work: the person who owns the action
            # hears too (while an active member of the agency, with an address).
            if kind in (Kind.RETURNED, Kind.REOPENED) and directory.is_member(action.owner, action.agency_id):
                recipients.insert(0, action.owner)
            verb = {Kind.RETURNED: "Returned", Kind.REOPENED: "Reopened"}.get(kind, "Assured")
            subject = f"{verb}: {_label(action)}"
        for recipient in _unique(recipients):
            if directory.wants(recipient, kind):
                context = {
                    **_action_context(action),
                    "update": update,
                    "is_owner": recipient.pk == action.owner_id,
                }
                emails.append(Email(kind, recipient, f"update-{update.pk}", subject, context, action))
    return emails


def event_notify(*, update_id: int) -> Report:
    """Mail the assurance team about a submission, the agency's leads about an
    assurance, or its leads and the action's owner about a return. Called on commit; what cannot be sent now, the next ``send_reminders``
    run sends. Five queries, and three for each e-mail."""
    directory = Directory()
    emails = _event_emails(_event_updates(Update.objects.filter(pk=update_id)), directory=directory)
    sent = set(
        SentNotification.objects.filter(key=f"update-{update_id}").values_list("kind", "recipient_id", "key")
    )
    return _deliver(emails, sent=sent)


# -- Weekly summary ----------------------------------------------------------------------


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _digest_emails(*, today: date, directory: Directory, sent: set) -> list[Email]:
    """One summary a week for each lead of each agency, on the first run of the ISO week
    that finds something to report. One query, none if every lead has had this week's."""
    keys = {agency_id: f"{week_key(today)}/agency-{agency_id}" for agency_id in directory.leads}
    pending = {
        agency_id: [
            lead
            for lead in _unique(leads)
            if directory.wants(lead, Kind.DIGEST) and (Kind.DIGEST, lead.pk, keys[agency_id]) not in sent
        ]
        for agency_id, leads in directory.leads.items()
    }
    pending = {agency_id: leads for agency_id, leads in pending.items() if leads}
    if not pending:
        return []
    horizon = today + timedelta(days=DIGEST_HORIZON_DAYS)
    actions = (
        Action.objects.filter(
            agency_id__in=pending, status__in=OPEN, is_archived=False, recommendation__is_archived=False
        )
        # Returned: in progress, its latest move away from "submitted" (not yet submitted again).
        .with_last_move()
        .filter(Q(due_date__lte=horizon) | Q(status=Status.IN_PROGRESS, last_move_from=Status.SUBMITTED))
        .select_related("recommendation__inspection", "agency", "owner")
        .order_by("due_date", "pk")
    )
    sections: dict[int, dict] = {}
    for action in actions:
        agency_sections = sections.setdefault(
            action.agency_id, {"agency": action.agency, "overdue": [], "due_soon": [], "returned": []}
        )
        if action.due_date < today:
            agency_sections["overdue"].append(action)
        elif action.due_date <= horizon:
            agency_sections["due_soon"].append(action)
        if action.is_returned:
            agency_sections["returned"].append(action)
    emails = []
    for agency_id, found in sections.items():
        agency = found["agency"]
        counts = {name: len(found[name]) for name in ("overdue", "due_soon", "returned")}
        subject = (
            f"Weekly summary for {agency.short_name}: {counts['overdue']} overdue, "
            f"{counts['due_soon']} due in the next {DIGEST_HORIZON_DAYS} days, {counts['returned']} returned"
        )
        context = {
            "agency": agency,
            "today": today,
            "horizon_days": DIGEST_HORIZON_DAYS,
            "counts": counts,
            "limit": DIGEST_SECTION_LIMIT,
            "sections": [
                (title, [(a, absolute_url(a.get_absolute_url())) for a in found[name][:DIGEST_SECTION_LIMIT]])
                for name, title in (
                    ("overdue", "Overdue"),
                    ("due_soon", f"Due in the next {DIGEST_HORIZON_DAYS} days"),
                    ("returned", "Returned by the GMCA assurance team and not yet submitted again"),
                )
            ],
            "truncated": any(count > DIGEST_SECTION_LIMIT for count in counts.values()),
            "list_url": absolute_url(reverse("our_actions")),
        }
        for lead in pending[agency_id]:
            emails.append(Email(Kind.DIGEST, lead, keys[agency_id], subject, context))
    return emails


# -- Running and sending -----------------------------------------------------------------


def notifications_send_due(*, today: date, dry_run: bool = False) -> Report:
    """Send everything due on ``today``: what ``send_reminders`` does.

    Idempotent: a second run the same day sends nothing. Seven queries however many
    actions and people there are, and three for each e-mail sent. With ``dry_run`` the
    report lists what would be sent, and nothing is sent or recorded.
    """
    directory = Directory()
    window_start = _day_start(today - timedelta(days=catch_up_days()))
    # Every e-mail still sendable today was first due within this window: older rows
    # cannot match, and the unique constraint would catch one that did.
    sent = set(
        SentNotification.objects.filter(
            sent_at__gte=window_start - timedelta(days=STAGES[0][1] + 7)
        ).values_list("kind", "recipient_id", "key")
    )
    events = _event_updates(
        Update.objects.filter(
            created_at__gte=window_start, created_at__lt=_day_start(today + timedelta(days=1))
        )
    ).order_by("created_at", "pk")
    emails = [
        *_event_emails(events, directory=directory),
        *_reminder_emails(today=today, directory=directory),
        *_deadline_emails(today=today, directory=directory),
        *_digest_emails(today=today, directory=directory, sent=sent),
    ]
    return _deliver(emails, sent=sent, dry_run=dry_run)


def _deliver(emails: Iterable[Email], *, sent: set, dry_run: bool = False) -> Report:
    """Record and send each e-mail not in ``sent``, each in its own transaction."""
    report = Report()
    for email in emails:
        if email.ident in sent:
            continue
        sent.add(email.ident)
        if dry_run:
            report.sent.append(email)
            continue
        message = email.message()
        try:
            with transaction.atomic():
                # The row first: a concurrent run that inserted it already makes this
                # one fail here, before anything is sent.
                SentNotification.objects.create(
                    kind=email.kind,
                    action=email.action,
                    recipient=email.recipient,
                    key=email.key,
                    subject=email.subject[:300],
                )
                # Raising rolls the row back, so the next run tries again.
                mailers.default.send_messages([message])
        except IntegrityError:
            report.already_sent.append(email)
        except (smtplib.SMTPException, OSError):
            logger.exception(
                "Could not send the %s e-mail %s to user %s; the next run will try again.",
                email.kind,
                email.key,
                email.recipient.pk,
            )
            report.failed.append(email)
        else:
            report.sent.append(email)
    return report


# -- Preferences -------------------------------------------------------------------------


def kinds_offered(user: User, *, roles: dict[int, str]) -> list[str]:
    """The kinds of e-mail ``user`` can get, so the only ones worth a choice.
    ``roles`` is ``{agency_id: role}`` of the person's memberships of active agencies."""
    kinds = []
    if roles:
        # Returns (and reopenings, which share the choice) go to the action's owner as
        # well as its leads.
        kinds += [Kind.DUE_SOON, Kind.OVERDUE, Kind.RETURNED]
    if Membership.Role.LEAD in roles.values():
        kinds += [Kind.READY, Kind.ASSURED, Kind.DIGEST, Kind.DUE_DATE_DECIDED]
    if user.is_oversight:
        kinds += [Kind.SUBMITTED, Kind.DEADLINE]
        # One choice switches both kinds about due dates: a lead already has it.
        if Kind.DUE_DATE_DECIDED not in kinds:
            kinds.append(Kind.DUE_DATE_ASKED)
    return kinds


def preference_for(user: User) -> NotificationPreference:
    """The person's preferences; unsaved, with every kind on, if they never chose. One query."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


def preference_update(
    *, user: User, offered: Iterable[str], enabled: Iterable[str]
) -> NotificationPreference:
    """Switch each offered kind on if it is in ``enabled``, off if not; kinds not offered
    keep their setting."""
    offered, enabled = set(offered), set(enabled)
    if enabled - offered:
        raise ValueError(f"Not offered: {sorted(enabled - offered)}")
    preference = preference_for(user)
    for kind in offered:
        setattr(preference, NotificationPreference.FIELD_OF_KIND[kind], kind in enabled)
    preference.save()
    return preference


def describe(email: Email) -> str:
    """One line for the command's output."""
    return f"{email.kind} to {email.recipient.email} ({email.key}): {email.subject}"
