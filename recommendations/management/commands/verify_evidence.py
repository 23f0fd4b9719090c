"""Check every stored evidence file against the size and SHA-256 recorded at upload."""

from django.core.management.base import BaseCommand, CommandError

from recommendations.evidence import stored_file_check
from recommendations.models import Evidence


class Command(BaseCommand):
    help = (
        "Check that every evidence file is in the store, with the size and SHA-256 recorded when it "
        "was uploaded. Lists each one that is missing or altered; exits with an error if there is any."
    )

    def handle(self, *args, **options) -> None:
        rows = Evidence.objects.only("file", "original_name", "size", "sha256").order_by("pk")
        checked = 0
        failed = 0
        # Reads every file in full; rows stream in, so a large store needs little memory.
        for evidence in rows.iterator(chunk_size=500):
            checked += 1
            problem = stored_file_check(evidence)
            if problem:
                failed += 1
                self.stdout.write(
                    f"Evidence {evidence.pk}: {evidence.file.name} ({evidence.original_name}): {problem}"
                )
        if failed:
            raise CommandError(
                f"{failed} of {checked} evidence files failed the check. Copy each back from the evidence "
                "folder of a backup made before it changed (it has the same stored name there), then "
                "run this again."
            )
        self.stdout.write(self.style.SUCCESS(f"All {checked} evidence files are present and unaltered."))
