"""Every interval now has its recommendation and the due date first agreed (0027 derived
them, in a transaction of its own, before these columns may refuse a blank)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0027_derive_intervals_again"),
    ]

    operations = [
        migrations.AlterField(
            model_name="actionstate",
            name="recommendation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="recommendations.recommendation",
            ),
        ),
        migrations.AlterField(
            model_name="actionstate",
            name="agreed_due",
            field=models.DateField(verbose_name="due date first agreed"),
        ),
    ]
