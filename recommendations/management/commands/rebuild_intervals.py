"""``manage.py rebuild_intervals``: derive every action's state intervals from its
timeline, and count every agency's tallies of today's figures again."""

from django.core.management.base import BaseCommand

from agencies.models import Agency
from recommendations import cache, intervals, past, reporting, tallies


class Command(BaseCommand):
    help = (
        "Replace every action's state intervals (what the as-at figures read) with those its "
        "timeline gives, and count every agency's tallies of today's figures again. Safe to run "
        "at any time; the write path keeps both in step otherwise."
    )

    def handle(self, *args, **options):
        written = intervals.rebuild()
        # Bulk-written behind the write path: every cached figure may be out of date.
        cache.bump(cache.HISTORY)
        tallies.track(Agency.objects.values_list("pk", flat=True))
        tallies.touch_all()
        tallies.refresh()
        reporting.keep_month_ends()
        days = past.keep_days()
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {written} state intervals from the timeline, counted today's tallies and "
                f"worked out the trend's month-ends and the figures at the end of {days} past days."
            )
        )
