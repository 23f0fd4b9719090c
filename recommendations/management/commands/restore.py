from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recommendations.backup import BackupError, restore_run


class Command(BaseCommand):
    help = "Check a backup's checksums, then restore it into an empty, migrated database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="A folder written by the backup command.")

    def handle(self, *args, path: Path, **options) -> None:
        try:
            manifest = restore_run(source=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Restored {rows} rows and {len(manifest['files']) - 1} evidence files.")
        )
