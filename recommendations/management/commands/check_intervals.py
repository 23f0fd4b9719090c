"""``manage.py check_intervals``: do the stored state intervals match the timeline, and
today's stored tallies the actions?"""

from django.core.management.base import BaseCommand, CommandError

from recommendations import intervals, tallies


class Command(BaseCommand):
    help = (
        "Compare every action's stored state intervals with those its timeline gives, and each "
        "agency's up-to-date tallies of today's figures with a count from scratch. Lists each "
        "difference and exits with status 1 if there is any; 0 when all match."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=50, help="List at most this many of each.")

    def handle(self, *args, limit: int, **options):
        problems = intervals.differences(limit=limit)
        for line in problems:
            self.stdout.write(line)
        tally_problems = tallies.differences(limit=limit)
        for line in tally_problems:
            self.stdout.write(line)
        if problems:
            raise CommandError(
                f"{len(problems)}{'+' if len(problems) >= limit else ''} action(s) differ from their "
                "timeline. Run `manage.py rebuild_intervals` to derive them again."
            )
        if tally_problems:
            raise CommandError(
                f"{len(tally_problems)} difference(s) in today's tallies. Run `manage.py "
                "rebuild_intervals`, which counts every agency's tallies again too."
            )
        self.stdout.write(
            self.style.SUCCESS(
                "Every action's state intervals match its timeline, and every agency's tallies its actions."
            )
        )
