"""``manage.py check_intervals``: do the stored state intervals match the timeline?"""

from django.core.management.base import BaseCommand, CommandError

from recommendations import intervals


class Command(BaseCommand):
    help = (
        "Compare every action's stored state intervals with those its timeline gives. Lists "
        "each action that differs and exits with status 1 if any does; 0 when all match."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=50, help="List at most this many actions.")

    def handle(self, *args, limit: int, **options):
        problems = intervals.differences(limit=limit)
        for line in problems:
            self.stdout.write(line)
        if problems:
            raise CommandError(
                f"{len(problems)}{'+' if len(problems) >= limit else ''} action(s) differ from their "
                "timeline. Run `manage.py rebuild_intervals` to derive them again."
            )
        self.stdout.write(self.style.SUCCESS("Every action's state intervals match its timeline."))
