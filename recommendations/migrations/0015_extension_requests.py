"""Requests for a new due date: two kinds of update and the date asked for."""

from django.conf import settings
from django.db import migrations, models

from recommendations import db_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0014_update_kind_ready"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # On SQLite, altering the update table rebuilds it and drops its triggers: put them back.
    operations = db_triggers.keep_append_only(
        migrations.RemoveConstraint(
            model_name="update",
            name="update_kind_valid",
        ),
        migrations.AddField(
            model_name="update",
            name="requested_due_date",
            field=models.DateField(blank=True, null=True),
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
                ],
                default="progress",
                max_length=20,
            ),
        ),
        migrations.AddIndex(
            model_name="update",
            index=models.Index(
                condition=models.Q(("kind", "extension_request")),
                fields=["action"],
                name="update_extension_requests",
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
                        ],
                    )
                ),
                name="update_kind_valid",
            ),
        ),
    )
