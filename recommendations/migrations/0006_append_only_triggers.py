"""The timeline's tables refuse UPDATE and DELETE in the database itself.

Written by hand: see ``recommendations/db_triggers.py``. Any later migration that alters
recommendations_update, recommendations_evidence or recommendations_evidenceaccess must
wrap its operations in ``db_triggers.keep_append_only(...)``: on SQLite, rebuilding a
table drops its triggers.
"""

from django.db import migrations

from recommendations import db_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0005_recent_updates_index"),
    ]

    operations = [
        db_triggers.install_operation(),
    ]
