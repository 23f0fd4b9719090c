"""A contributor's "ready for the lead" entry: a kind of update."""

from django.conf import settings
from django.db import migrations, models

from recommendations import db_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0013_action_state_due_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # On SQLite, changing the constraint rebuilds the table, dropping its triggers.
    operations = db_triggers.keep_append_only(
        migrations.RemoveConstraint(
            model_name="update",
            name="update_kind_valid",
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
                ],
                default="progress",
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="update",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind__in", ["progress", "status", "owner", "due_date", "archive", "ready"])
                ),
                name="update_kind_valid",
            ),
        ),
    )
