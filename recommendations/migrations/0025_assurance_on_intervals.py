"""The assurance figures at any moment from the intervals (issue 12): each interval
carries what the timeline has recorded up to its start (progress updates, those with
evidence, the open submission, the days an assurance took), and its action's
recommendation and due date first agreed (blank until 0027 derives every action's
intervals again from its timeline; 0028 then requires them)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_organisation_accounts"),
        ("recommendations", "0024_past_figures"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="actionstate",
            name="agreed_due",
            field=models.DateField(null=True, verbose_name="due date first agreed"),
        ),
        migrations.AddField(
            model_name="actionstate",
            name="assured_days",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="actionstate",
            name="evidenced_updates",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="actionstate",
            name="progress_updates",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="actionstate",
            name="recommendation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="recommendations.recommendation",
            ),
        ),
        migrations.AddField(
            model_name="actionstate",
            name="submitted_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="actionstate",
            index=models.Index(
                condition=models.Q(("assured_days__isnull", False)),
                fields=["valid_from"],
                name="action_state_assured",
            ),
        ),
        migrations.AddIndex(
            model_name="actionstate",
            index=models.Index(
                condition=models.Q(("archived", True)),
                fields=["valid_to", "valid_from"],
                name="action_state_archived",
            ),
        ),
    ]
