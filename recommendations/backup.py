"""Consistent backups of the database and the evidence files, and verified restores.

A backup is a folder: ``data.json`` (Django's serialisation of every record, with
natural keys so it loads into any fresh database), ``evidence/`` (a copy of every
evidence file under its stored name) and ``manifest.json`` (the SHA-256 and size of
each of those files, and the number of rows of each model). A restore checks every
checksum before it writes anything, and only into an empty database.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import django
from django.apps import apps
from django.core import serializers
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from agencies.models import Agency
from recommendations import cache, intervals, tallies
from recommendations.evidence import stored_file_check

# 2: the state intervals carry their recommendation and what the timeline recorded
# (migrations 0025-0028); a format 1 backup no longer loads into the models.
FORMAT = 2
# Rebuilt by migrate, or not worth keeping: content types and permissions, sessions,
# sign-in attempt logs; today's tallies, the trend's month-ends and the figures stored
# for past days are derived, and worked out again after a restore.
EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "recommendations.Tally",
    "recommendations.TallyState",
    "recommendations.TrendPoint",
    "recommendations.PastFigures",
    "recommendations.PastChange",
    "recommendations.IntervalsGeneration",
]
MODELS_CHECKED = [
    "agencies.User",
    "agencies.Agency",
    "recommendations.Action",
    "recommendations.Update",
    "recommendations.Evidence",
]


class BackupError(Exception):
    pass


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"agencies", "recommendations", "otp_totp", "otp_static", "admin"}
        and model._meta.label not in EXCLUDE
    }


def backup_create(*, target: Path) -> dict:
    """Write a backup folder at ``target`` (which must not exist, or be empty).

    Every evidence file is checked against the SHA-256 and size recorded when it was
    uploaded before it is copied: a backup of a damaged or altered file would restore it
    as though it were genuine. Any failure leaves ``target`` as it was found.
    """
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty. Choose a new folder for the backup.")
    existed = target.exists()
    try:
        return _backup_write(target)
    except BaseException:
        if existed:
            for child in target.iterdir():
                if child.is_dir():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        else:
            shutil.rmtree(target, ignore_errors=True)
        raise


def _backup_write(target: Path) -> dict:
    (target / "evidence").mkdir(parents=True, exist_ok=True)
    storage = storages["evidence"]
    from recommendations.models import Evidence

    # data.json stays a plain JSON fixture; only the writing keeps every microsecond.
    serializers.register_serializer("backup_json", "recommendations.backup_json")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One snapshot for every query below, so the files and rows agree.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        call_command(
            "dumpdata",
            format="backup_json",
            exclude=EXCLUDE,
            natural_foreign=True,
            natural_primary=False,
            indent=None,
            output=str(target / "data.json"),
            verbosity=0,
        )
        counts = _row_counts()
        evidence_rows = list(Evidence.objects.only("file", "original_name", "size", "sha256").order_by("pk"))
    files = {}
    for evidence in evidence_rows:
        name = evidence.file.name
        destination = target / "evidence" / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            source = storage.open(name, "rb")
        except FileNotFoundError:
            source = None  # stored_file_check reports it missing
        try:
            problem = stored_file_check(evidence, handle=source)
            if problem:
                raise BackupError(
                    f"Evidence {evidence.pk} ({evidence.original_name}, stored as {name}) failed its "
                    f"integrity check: {problem}. No backup was written. Put back the file from an "
                    "earlier backup, then run verify_evidence."
                )
            with destination.open("wb") as out:
                shutil.copyfileobj(source, out)
        finally:
            if source is not None:
                source.close()
        files[f"evidence/{name}"] = {"sha256": sha256_of(destination), "size": destination.stat().st_size}
    files["data.json"] = {
        "sha256": sha256_of(target / "data.json"),
        "size": (target / "data.json").stat().st_size,
    }
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "django": django.get_version(),
        "database": connection.vendor,
        "rows": counts,
        "files": files,
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def backup_verify(*, source: Path) -> dict:
    """Check every file in the manifest is there with its recorded checksum."""
    manifest_path = source / "manifest.json"
    if not manifest_path.is_file():
        raise BackupError(f"{source} has no manifest.json: it is not a backup made by this tracker.")
    manifest = json.loads(manifest_path.read_text())
    found = manifest.get("format")
    if isinstance(found, int) and found < FORMAT:
        raise BackupError(
            f"This backup was made by an earlier version of the tracker (format {found}; this one "
            f"reads {FORMAT}). Restore it with that version, then run manage.py migrate."
        )
    if found != FORMAT:
        raise BackupError(f"Unknown backup format {found!r}.")
    problems = []
    for relative, expected in manifest["files"].items():
        path = (source / relative).resolve()
        if source.resolve() not in path.parents:
            problems.append(f"{relative}: outside the backup folder")
        elif not path.is_file():
            problems.append(f"{relative}: missing")
        elif sha256_of(path) != expected["sha256"]:
            problems.append(f"{relative}: checksum does not match")
    if problems:
        raise BackupError("The backup is damaged, nothing was restored:\n  " + "\n  ".join(problems))
    return manifest


def restore_run(*, source: Path) -> dict:
    """Restore a verified backup into an empty database and evidence store."""
    manifest = backup_verify(source=source)
    from recommendations.models import Evidence

    if any(_row_counts().values()):
        raise BackupError("The database is not empty. Restore only into a freshly migrated database.")
    storage = storages["evidence"]
    written: list[str] = []
    try:
        # The backup holds the history rows already; loading must not write new ones.
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(source / "data.json"), verbosity=0)
            for evidence in Evidence.objects.all().iterator():
                path = source / "evidence" / evidence.file.name
                if sha256_of(path) != evidence.sha256:
                    raise BackupError(
                        f"Evidence {evidence.pk} ({evidence.original_name}) does not match its recorded SHA-256."
                    )
                if storage.exists(evidence.file.name):
                    raise BackupError(
                        f"The evidence store already has {evidence.file.name}; restore into an empty store."
                    )
                with path.open("rb") as handle:
                    saved = storage.save(evidence.file.name, handle)
                written.append(saved)
                if saved != evidence.file.name:
                    raise BackupError(f"The evidence store renamed {evidence.file.name} to {saved}.")
            cache.bump(cache.HISTORY)
            tallies.track(Agency.objects.values_list("pk", flat=True))
            intervals.past_changed()
            restored = _row_counts()
            different = {k: (v, restored.get(k)) for k, v in manifest["rows"].items() if restored.get(k) != v}
            if different:
                raise BackupError(f"Row counts differ after the restore (backup, restored): {different}")
    except BaseException:
        # The rows were rolled back; take the files out too, so that nothing is half
        # restored and the store is empty for the next attempt.
        for name in written:
            storage.delete(name)
        raise
    return manifest
