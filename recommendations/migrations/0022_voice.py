"""The voice of children, young people and families on each action, its timeline and
its state intervals (empty for everything recorded before)."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import F

from recommendations import db_triggers


def count_again(apps, schema_editor):
    """The tallies and the figures for past days have no voice count yet. (A database
    that had actions before intervals existed gets them in 0027, the latest migration
    that changes what ``recommendations.intervals`` reads.)"""
    apps.get_model("recommendations", "TallyState").objects.update(version=F("version") + 1)
    apps.get_model("recommendations", "IntervalsGeneration").objects.update(value=F("value") + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("recommendations", "0021_report_deadlines"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # On SQLite, altering the update table rebuilds it and drops its triggers: put them back.
    operations = db_triggers.keep_append_only(
        migrations.RemoveConstraint(
            model_name="update",
            name="update_kind_valid",
        ),
        migrations.AddField(
            model_name="action",
            name="voice",
            field=models.CharField(
                blank=True,
                choices=[
                    ("children", "Children or young people were asked for their views"),
                    ("families", "Parents or carers were asked for their views"),
                    ("co_produced", "Designed with children, young people or families"),
                    ("represented", "Through advocates or a group that represents them"),
                    ("none", "Their views have not shaped this action"),
                ],
                max_length=20,
                verbose_name="voice of children and families",
            ),
        ),
        migrations.AddField(
            model_name="action",
            name="voice_note",
            field=models.TextField(blank=True, verbose_name="how their views shaped it"),
        ),
        migrations.AddField(
            model_name="actionstate",
            name="voice",
            field=models.CharField(
                blank=True,
                choices=[
                    ("children", "Children or young people were asked for their views"),
                    ("families", "Parents or carers were asked for their views"),
                    ("co_produced", "Designed with children, young people or families"),
                    ("represented", "Through advocates or a group that represents them"),
                    ("none", "Their views have not shaped this action"),
                ],
                default="",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="voice",
            field=models.CharField(
                blank=True,
                choices=[
                    ("children", "Children or young people were asked for their views"),
                    ("families", "Parents or carers were asked for their views"),
                    ("co_produced", "Designed with children, young people or families"),
                    ("represented", "Through advocates or a group that represents them"),
                    ("none", "Their views have not shaped this action"),
                ],
                max_length=20,
                verbose_name="voice of children and families",
            ),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="voice_note",
            field=models.TextField(blank=True, verbose_name="how their views shaped it"),
        ),
        migrations.AddField(
            model_name="tally",
            name="voice",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="update",
            name="voice",
            field=models.CharField(
                blank=True,
                choices=[
                    ("children", "Children or young people were asked for their views"),
                    ("families", "Parents or carers were asked for their views"),
                    ("co_produced", "Designed with children, young people or families"),
                    ("represented", "Through advocates or a group that represents them"),
                    ("none", "Their views have not shaped this action"),
                ],
                max_length=20,
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
                    ("voice", "Voice of children and families recorded"),
                ],
                default="progress",
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("voice__in", ["", "children", "families", "co_produced", "represented", "none"])
                ),
                name="action_voice_valid",
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
                            "voice",
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
                    models.Q(
                        ("kind", "voice"),
                        ("voice__in", ["children", "families", "co_produced", "represented", "none"]),
                    ),
                    models.Q(models.Q(("kind", "voice"), _negated=True), ("voice", "")),
                    _connector="OR",
                ),
                name="update_voice_only_on_voice_entry",
            ),
        ),
        migrations.RunPython(count_again, migrations.RunPython.noop),
    )
