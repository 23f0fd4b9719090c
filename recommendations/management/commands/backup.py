from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recommendations.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write a consistent backup (database rows, evidence files and a SHA-256 manifest) to a new folder."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="A folder that does not exist yet, or is empty.")

    def handle(self, *args, path: Path, **options) -> None:
        try:
            manifest = backup_create(target=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = len(manifest["files"]) - 1
        rows = sum(manifest["rows"].values())
        self.stdout.write(self.style.SUCCESS(f"Backed up {rows} rows and {files} evidence files to {path}."))
