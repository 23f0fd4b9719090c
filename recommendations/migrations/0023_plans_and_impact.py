"""Agencies' own plans (what they will do, dated milestones, percent complete from
them), impact separate from completion (a measure, values over time, and "impact
evidenced" as a second level of assurance), on the action, its timeline, its state
intervals and the tallies (no milestones and no impact evidenced for everything
recorded before)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F

from recommendations import db_triggers


def count_again(apps, schema_editor):
    """The tallies and the figures for past days have no impact or milestone counts yet.
    (The intervals of a database that had actions before they existed are derived by
    0027, the latest migration that changes what the intervals code reads.)"""
    apps.get_model("recommendations", "TallyState").objects.update(version=F("version") + 1)
    apps.get_model("recommendations", "IntervalsGeneration").objects.update(value=F("value") + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("recommendations", "0022_voice"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # On SQLite, altering the update table rebuilds it and drops its triggers: put them back.
    operations = db_triggers.keep_append_only(
        migrations.CreateModel(
            name="Milestone",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200)),
                ("due_on", models.DateField(verbose_name="due")),
                ("done_on", models.DateField(blank=True, null=True, verbose_name="done on")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("is_removed", models.BooleanField(default=False, verbose_name="removed from the plan")),
            ],
            options={
                "ordering": ["action", "position", "pk"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="update",
            name="update_kind_valid",
        ),
        migrations.AddField(
            model_name="action",
            name="contributors_may_plan",
            field=models.BooleanField(default=False, verbose_name="contributors may change the plan"),
        ),
        migrations.AddField(
            model_name="action",
            name="impact_baseline",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="baseline"
            ),
        ),
        migrations.AddField(
            model_name="action",
            name="impact_evidenced",
            field=models.BooleanField(default=False, verbose_name="impact evidenced"),
        ),
        migrations.AddField(
            model_name="action",
            name="impact_measure",
            field=models.TextField(blank=True, verbose_name="what would show it made a difference"),
        ),
        migrations.AddField(
            model_name="action",
            name="impact_target",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="target"
            ),
        ),
        migrations.AddField(
            model_name="action",
            name="impact_unit",
            field=models.CharField(blank=True, max_length=40, verbose_name="unit"),
        ),
        migrations.AddField(
            model_name="action",
            name="milestone_due",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="next milestone due"),
        ),
        migrations.AddField(
            model_name="action",
            name="percent_from_milestones",
            field=models.BooleanField(default=False, verbose_name="percent complete from milestones"),
        ),
        migrations.AddField(
            model_name="actionstate",
            name="impact_evidenced",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="actionstate",
            name="milestone_due",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="contributors_may_plan",
            field=models.BooleanField(default=False, verbose_name="contributors may change the plan"),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="impact_baseline",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="baseline"
            ),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="impact_evidenced",
            field=models.BooleanField(default=False, verbose_name="impact evidenced"),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="impact_measure",
            field=models.TextField(blank=True, verbose_name="what would show it made a difference"),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="impact_target",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="target"
            ),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="impact_unit",
            field=models.CharField(blank=True, max_length=40, verbose_name="unit"),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="milestone_due",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="next milestone due"),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="percent_from_milestones",
            field=models.BooleanField(default=False, verbose_name="percent complete from milestones"),
        ),
        migrations.AddField(
            model_name="tally",
            name="impact",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="update",
            name="impact_value",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="latest value"
            ),
        ),
        migrations.AddField(
            model_name="update",
            name="plan",
            field=models.JSONField(blank=True, null=True),
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
                    ("plan", "Plan changed"),
                    ("impact", "Impact evidenced"),
                ],
                default="progress",
                max_length=20,
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                condition=models.Q(
                    ("is_archived", False),
                    ("milestone_due__isnull", False),
                    ("status__in", ["not_started", "in_progress"]),
                ),
                fields=["milestone_due"],
                name="action_open_milestone_due",
            ),
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.CheckConstraint(
                condition=models.Q(("impact_evidenced", False), ("status", "assured"), _connector="OR"),
                name="action_impact_only_when_assured",
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
                            "plan",
                            "impact",
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
                    models.Q(("kind", "plan"), ("plan__isnull", False)),
                    models.Q(models.Q(("kind", "plan"), _negated=True), ("plan__isnull", True)),
                    _connector="OR",
                ),
                name="update_plan_only_on_plan_entry",
            ),
        ),
        migrations.AddConstraint(
            model_name="update",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind", "progress"), ("impact_value__isnull", True), _connector="OR"),
                name="update_impact_value_on_progress",
            ),
        ),
        migrations.AddField(
            model_name="milestone",
            name="action",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="milestones",
                to="recommendations.action",
            ),
        ),
        migrations.AddConstraint(
            model_name="milestone",
            constraint=models.CheckConstraint(
                condition=models.Q(("title", ""), _negated=True), name="milestone_title_not_empty"
            ),
        ),
        migrations.RunPython(count_again, migrations.RunPython.noop),
    )
