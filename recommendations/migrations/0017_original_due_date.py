"""The due date first agreed, kept on each action, and the tallies' count of actions
due later than that.

Filled from each action's timeline: the date its first due-date change moved away from,
or the date in force if it never moved. The stored tallies and the figures worked out
for past days are retired, so that the next reader counts the new figure too."""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def first_agreed(apps, schema_editor):
    Action = apps.get_model("recommendations", "Action")
    HistoricalAction = apps.get_model("recommendations", "HistoricalAction")
    Update = apps.get_model("recommendations", "Update")
    TallyState = apps.get_model("recommendations", "TallyState")
    IntervalsGeneration = apps.get_model("recommendations", "IntervalsGeneration")
    first_move = (
        Update.objects.filter(action=OuterRef("pk"), kind="due_date")
        .order_by("created_at", "pk")
        .values("due_date_from")[:1]
    )
    Action.objects.update(original_due_date=Coalesce(Subquery(first_move), F("due_date")))
    HistoricalAction.objects.update(
        original_due_date=Subquery(Action.objects.filter(pk=OuterRef("id")).values("original_due_date")[:1])
    )
    TallyState.objects.update(version=F("version") + 1)
    IntervalsGeneration.objects.update(value=F("value") + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0016_draft_reports"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="original_due_date",
            field=models.DateField(
                editable=False,
                null=True,
                help_text="The due date agreed when the action was created.",
                verbose_name="due date first agreed",
            ),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="original_due_date",
            field=models.DateField(
                editable=False,
                null=True,
                help_text="The due date agreed when the action was created.",
                verbose_name="due date first agreed",
            ),
        ),
        migrations.AddField(
            model_name="tally",
            name="slipped",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="tally",
            name="slipped_days",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.RunPython(first_agreed, migrations.RunPython.noop),
    ]
