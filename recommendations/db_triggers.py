"""Database triggers that make the timeline append-only in the database itself.

The models refuse to change or delete an ``Update``, an ``Evidence`` row or an
``EvidenceAccess`` row, but only when the change goes through the ORM. These triggers
refuse any ``UPDATE`` or ``DELETE`` on their tables whatever sends it: raw SQL, a
database shell, another program, a future bug. Both engines answer with an integrity
error (SQLSTATE 23001 on PostgreSQL, ``SQLITE_CONSTRAINT_TRIGGER`` on SQLite) whose
message names the table, e.g. "recommendations_update is append-only".

Someone who may drop a trigger (the tables' owner) can still get round them; they guard
the record against the application and its people, not against the database's owner.

Later migrations: on SQLite, Django alters most columns by rebuilding the table (create
a new one, copy the rows, drop the old, rename), and dropping a table drops its
triggers. **Every migration that alters one of ``TABLES`` must therefore install the
triggers again.** Wrap its operations in :func:`keep_append_only`::

    operations = db_triggers.keep_append_only(
        migrations.AddField(model_name="update", name="...", field=...),
    )

which adds a ``RunPython`` at the end (installs them when the migration is applied) and
one at the start (installs them when it is reversed, since reversing runs operations
last to first). ``install`` is idempotent, so calling it on PostgreSQL, where ``ALTER
TABLE`` keeps triggers, does no harm. ``tests/security/test_append_only_db.py`` checks
the migrated test database and fails if a migration loses them.

Emptying the database: ``flush`` is the one sanctioned wipe (tests between transactional
test cases, and a demo reset). On PostgreSQL it is ``TRUNCATE``, which fires no row
triggers (so there is deliberately no ``TRUNCATE`` trigger). On SQLite it is ``DELETE``,
so the project's ``flush`` command lifts the triggers with :func:`suspended`, inside the
flush's transaction, and puts them back before committing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import migrations, transaction

TABLES = ("recommendations_update", "recommendations_evidence", "recommendations_evidenceaccess")
PG_FUNCTION = "recommendations_refuse_change"


def _sqlite_name(table: str, event: str) -> str:
    return f"{table}_no_{event.lower()}"


def _sqlite_install() -> list[str]:
    statements = []
    for table in TABLES:
        for event in ("UPDATE", "DELETE"):
            name = _sqlite_name(table, event)
            message = (
                f"{table} is append-only: a row cannot be {'changed' if event == 'UPDATE' else 'deleted'}"
            )
            statements += [
                f"DROP TRIGGER IF EXISTS {name}",
                f"CREATE TRIGGER {name} BEFORE {event} ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END",
            ]
    return statements


def _sqlite_uninstall() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {_sqlite_name(t, e)}" for t in TABLES for e in ("UPDATE", "DELETE")]


# No "%" anywhere: a cursor given parameters would read it as a placeholder.
_PG_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = TG_TABLE_NAME || ' is append-only: a row cannot be '
            || CASE TG_OP WHEN 'UPDATE' THEN 'changed' ELSE 'deleted' END,
        ERRCODE = 'restrict_violation';
END;
$$
"""


def _pg_install() -> list[str]:
    return [_PG_FUNCTION_SQL] + [
        f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()"
        for table in TABLES
    ]


def _pg_uninstall() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}" for table in TABLES] + [
        f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()"
    ]


SQL = {
    "sqlite": (_sqlite_install, _sqlite_uninstall),
    "postgresql": (_pg_install, _pg_uninstall),
}


def _run(connection, install: bool) -> None:
    if connection.vendor not in SQL:
        # Better to stop than to run without the protection and not know it.
        raise NotImplementedError(f"No append-only triggers are written for {connection.vendor}.")
    statements = SQL[connection.vendor][0 if install else 1]()
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(schema_editor) -> None:
    """Create (or re-create) the triggers. Idempotent."""
    _run(schema_editor.connection, install=True)


def uninstall(schema_editor) -> None:
    _run(schema_editor.connection, install=False)


def _install(apps, schema_editor) -> None:
    install(schema_editor)


def _uninstall(apps, schema_editor) -> None:
    uninstall(schema_editor)


def install_operation() -> migrations.RunPython:
    """Installs the triggers when applied; removes them when reversed (for 0006 only)."""
    return migrations.RunPython(_install, _uninstall)


def keep_append_only(*operations) -> list:
    """``operations`` with the triggers installed again after them, whichever way they run."""
    return [
        migrations.RunPython(migrations.RunPython.noop, _install),
        *operations,
        migrations.RunPython(_install, migrations.RunPython.noop),
    ]


@contextmanager
def suspended(connection) -> Iterator[None]:
    """Lift the SQLite triggers for the block, in one transaction with it, for ``flush`` only.

    The triggers present are dropped and re-created from their own stored SQL at the
    end, so exactly what was there comes back; if the block fails, the rollback puts
    them back and keeps the rows. Other connections never see the tables unguarded:
    SQLite lets one writer in at a time. Elsewhere this does nothing.
    """
    if connection.vendor != "sqlite":
        yield
        return
    names = [_sqlite_name(t, e) for t in TABLES for e in ("UPDATE", "DELETE")]
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(names))
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({placeholders})",  # noqa: S608
                names,
            )
            present = cursor.fetchall()
            for name, _ in present:
                cursor.execute(f"DROP TRIGGER {name}")
        yield
        with connection.cursor() as cursor:
            for _, sql in present:
                cursor.execute(sql)
