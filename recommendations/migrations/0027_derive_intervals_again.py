"""Every action's intervals derived again from its timeline, with what 0025 added; this
also gives intervals to a database that had actions before they existed (0009), and
works out again the figures stored for past days, which the new intervals retire. In a
migration of its own: PostgreSQL refuses to change a table in the transaction that
wrote its rows (0025 adds the columns, 0028 then requires them)."""

from django.db import migrations


def derive_again(apps, schema_editor):
    # The real models: this must stay the latest migration that changes what
    # ``recommendations.intervals`` reads (see 0009), or what the command writes after
    # it: today's tallies and the figures the new intervals retire (the trend's
    # month-ends, every past day). A later migration that changes those moves this call.
    from django.core.management import call_command

    from recommendations.models import Action

    if Action.objects.exists():
        call_command("rebuild_intervals")


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0026_past_changes"),
    ]

    operations = [
        migrations.RunPython(derive_again, migrations.RunPython.noop),
    ]
