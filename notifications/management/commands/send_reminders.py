"""Send today's reminders, overdue notices and weekly summaries. Run it from cron.

Safe to run as often as you like: every e-mail is recorded as it is sent and never
sent twice, so a second run the same day sends nothing, and a run after a missed day
catches up. Exits with status 1 if any e-mail could not be sent (they are retried on
the next run).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.formats import date_format

from notifications import services


class Command(BaseCommand):
    help = (
        "Send the due-date reminders, overdue notices and weekly summaries due today, and any "
        "notification that could not be sent earlier. Nothing is ever sent twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent; send and record nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        today = timezone.localdate()
        report = services.notifications_send_due(today=today, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        for email in report.sent:
            self.stdout.write(f"{verb} {services.describe(email)}")
        for email in report.already_sent:
            self.stdout.write(f"Already sent by another run: {services.describe(email)}")
        for email in report.failed:
            self.stderr.write(f"Could not send {services.describe(email)}")
        count = len(report.sent)
        summary = f"{verb} {count} e-mail{'' if count == 1 else 's'} for {date_format(today, 'j F Y')}."
        self.stdout.write(self.style.SUCCESS(summary) if not dry_run else summary)
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} e-mail(s) could not be sent. The next run will try them again."
            )
