"""Figures stored for past days hold until a later change reaches back to their day
(``PastChange``), rather than only while nothing before today has changed at all.
Those already retired under the old rule (another generation than the current one)
are deleted, since no change is on record to retire them."""

from django.db import migrations, models


def drop_retired(apps, schema_editor):
    current = apps.get_model("recommendations", "IntervalsGeneration").objects.values_list("value", flat=True)
    generation = current.first() or 0
    for name in ("PastFigures", "TrendPoint"):
        apps.get_model("recommendations", name).objects.exclude(generation=generation).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0025_assurance_on_intervals"),
    ]

    operations = [
        migrations.CreateModel(
            name="PastChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("generation", models.PositiveBigIntegerField()),
                ("day", models.DateField()),
            ],
            options={
                "indexes": [models.Index(fields=["day", "generation"], name="past_change_day")],
            },
        ),
        migrations.RunPython(drop_retired, migrations.RunPython.noop),
    ]
