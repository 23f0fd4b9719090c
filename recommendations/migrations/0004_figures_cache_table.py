from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:
    # The figures cache lives in the database (settings.CACHES); create its table with
    # the schema so no deployment can forget it. createcachetable skips existing tables.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0003_as_at_indexes")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
