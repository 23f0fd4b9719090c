"""Draft reports: when a report was published to partners (empty for a draft), and a
"published" entry on the timelines of its actions.

Every report already here was seen by partners from its publication date, so that is
when it counts as published to them: figures for past days stay as they were."""

import datetime
import zoneinfo

from django.conf import settings
from django.db import migrations, models

from recommendations import db_triggers


def released_on_publication(apps, schema_editor):
    Inspection = apps.get_model("recommendations", "Inspection")
    london = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    for inspection in Inspection.objects.filter(released_at__isnull=True).only("pk", "published_on"):
        inspection.released_at = datetime.datetime.combine(inspection.published_on, datetime.time.min, london)
        inspection.save(update_fields=["released_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0015_extension_requests"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # On SQLite, altering the update table rebuilds it and drops its triggers: put them back.
    operations = db_triggers.keep_append_only(
        migrations.RemoveConstraint(
            model_name="update",
            name="update_archive_says_which",
        ),
        migrations.RemoveConstraint(
            model_name="update",
            name="update_kind_valid",
        ),
        migrations.AddField(
            model_name="historicalinspection",
            name="released_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="Empty while the report is a draft that only administrators see.",
                null=True,
                verbose_name="published to partners",
            ),
        ),
        migrations.AddField(
            model_name="inspection",
            name="released_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="Empty while the report is a draft that only administrators see.",
                null=True,
                verbose_name="published to partners",
            ),
        ),
        migrations.AlterField(
            model_name="update",
            name="kind",
            field=models.CharField(
                choices=[
                    ("progress", "Progress update"),
                    ("status", "Status change"),
                    ("owner", "Owner changed"),
                    ("due_date", "Due date changed"),
                    ("archive", "Archived or restored"),
                    ("ready", "Ready for the lead"),
                    ("extension_request", "New due date asked for"),
                    ("extension_refused", "New due date refused"),
                    ("publish", "Published to partners"),
                ],
                default="progress",
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="update",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "progress",
                            "status",
                            "owner",
                            "due_date",
                            "archive",
                            "ready",
                            "extension_request",
                            "extension_refused",
                            "publish",
                        ],
                    )
                ),
                name="update_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="update",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("archived__isnull", False), ("kind", "archive")),
                    models.Q(("archived", False), ("kind", "publish")),
                    models.Q(
                        models.Q(("kind__in", ["archive", "publish"]), _negated=True),
                        ("archived__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="update_archive_says_which",
            ),
        ),
        migrations.RunPython(released_on_publication, migrations.RunPython.noop),
    )
