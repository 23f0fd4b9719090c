"""``manage.py keep_past_figures``: store the past days' figures an entry backdated into
a past day retired, so that no viewer works them out."""

from django.core.management.base import BaseCommand

from recommendations import past, reporting


class Command(BaseCommand):
    help = (
        "Store the whole partnership's figures at the end of every past day that has none still "
        "valid (an entry backdated into a past day retires that day's and later ones), and the "
        "trend's month-ends likewise. Two queries when nothing is missing: run it from cron."
    )

    def handle(self, *args, **options):
        days = past.keep_days()
        ends = reporting.keep_month_ends()
        self.stdout.write(
            self.style.SUCCESS(
                f"Stored the figures at the end of {days} past day(s); all {ends} month-ends of the "
                "trend are kept."
            )
        )
