"""``flush``, able to empty the append-only tables: the one sanctioned wipe.

Django's own ``flush`` empties every table. pytest-django runs it after each
transactional test (``django_db(transaction=True)``: the browser, backup and deployment
tests), and a demo reset may use it. On PostgreSQL it is ``TRUNCATE``, which the
append-only triggers let through (they are row triggers); on SQLite it is ``DELETE``,
which they refuse. This command lifts them for the length of the flush, in the same
transaction, and puts them back before it commits (``db_triggers.suspended``).

It replaces Django's because a project app's command takes precedence over
``django.core``'s (``django.core.management.get_commands``).
"""

from django.core.management.commands import flush
from django.db import connections

from recommendations import db_triggers


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor == "sqlite" and options["interactive"]:
            # Ask before lifting the triggers, so the write lock is not held while a
            # person reads the question.
            answer = input(
                f'This will IRREVERSIBLY DESTROY all data in the "{connection.settings_dict["NAME"]}" '
                "database, the append-only timeline included.\n"
                "Are you sure you want to do this?\n\n    Type 'yes' to continue, or 'no' to cancel: "
            )
            if answer != "yes":
                self.stdout.write("Flush cancelled.")
                return
            options = {**options, "interactive": False}
        with db_triggers.suspended(connection):
            super().handle(**options)
