"""The due date first agreed is now filled for every action (0017): require it. A
migration of its own, so PostgreSQL alters the table after the rows were updated, in
another transaction."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0017_original_due_date"),
    ]

    operations = [
        migrations.AlterField(
            model_name="action",
            name="original_due_date",
            field=models.DateField(
                editable=False,
                help_text="The due date agreed when the action was created.",
                verbose_name="due date first agreed",
            ),
        ),
        migrations.AlterField(
            model_name="historicalaction",
            name="original_due_date",
            field=models.DateField(
                editable=False,
                help_text="The due date agreed when the action was created.",
                verbose_name="due date first agreed",
            ),
        ),
        migrations.AlterField(
            model_name="action",
            name="due_date",
            field=models.DateField(help_text="The due date in force."),
        ),
        migrations.AlterField(
            model_name="historicalaction",
            name="due_date",
            field=models.DateField(help_text="The due date in force."),
        ),
    ]
