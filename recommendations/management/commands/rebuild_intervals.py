"""``manage.py rebuild_intervals``: derive every action's state intervals from its timeline."""

from django.core.management.base import BaseCommand

from recommendations import cache, intervals


class Command(BaseCommand):
    help = (
        "Replace every action's state intervals (what the as-at figures read) with those its "
        "timeline gives. Safe to run at any time; the write path keeps them in step otherwise."
    )

    def handle(self, *args, **options):
        written = intervals.rebuild()
        # Bulk-written behind the write path: every cached figure may be out of date.
        cache.bump(cache.HISTORY)
        self.stdout.write(self.style.SUCCESS(f"Wrote {written} state intervals from the timeline."))
