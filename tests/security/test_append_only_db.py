"""The timeline cannot be rewritten even by SQL that goes round the application.

Triggers on recommendations_update, recommendations_evidence and
recommendations_evidenceaccess refuse every UPDATE and DELETE, on SQLite and on
PostgreSQL. The test database is built by running every migration, so these tests also
fail if a later migration rebuilds one of the tables (as SQLite does to alter it) and
loses the triggers. ``flush``, the one sanctioned wipe, still empties them.
"""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from recommendations.models import Evidence, EvidenceAccess, Update
from tests.factories import EvidenceFactory, UpdateFactory

# table -> (model, a column a forger might rewrite, the forged value)
TABLES = {
    "recommendations_update": (Update, "narrative", "x"),
    "recommendations_evidence": (Evidence, "original_name", "forged.pdf"),
    "recommendations_evidenceaccess": (EvidenceAccess, "ip_address", "192.0.2.1"),
}


@pytest.fixture
def timeline(action, contributor, oversight):
    """One row in each append-only table."""
    update = UpdateFactory(action=action, author=contributor, narrative="The audit tool was agreed.")
    evidence = EvidenceFactory(update=update, original_name="audit-tool.pdf")
    EvidenceAccess.objects.create(evidence=evidence, user=oversight, ip_address="203.0.113.9")


def rows_of(model) -> list[dict]:
    return list(model._base_manager.order_by("pk").values())


def run_sql(sql: str, params=()) -> None:
    # Its own transaction (a savepoint in a test): on PostgreSQL a refused statement
    # aborts the transaction it is in.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
@pytest.mark.parametrize("table", list(TABLES))
def test_raw_sql_cannot_change_a_row_of_the_timeline(timeline, table):
    model, column, forged = TABLES[table]
    before = rows_of(model)

    with pytest.raises(IntegrityError, match=f"{table} is append-only"):
        run_sql(f"UPDATE {table} SET {column} = %s", [forged])  # noqa: S608

    assert rows_of(model) == before


@pytest.mark.django_db
@pytest.mark.parametrize("table", list(TABLES))
def test_raw_sql_cannot_delete_a_row_of_the_timeline(timeline, table):
    model, _, _ = TABLES[table]
    before = rows_of(model)
    assert before

    with pytest.raises(IntegrityError, match=f"{table} is append-only"):
        run_sql(f"DELETE FROM {table}")  # noqa: S608

    assert rows_of(model) == before


@pytest.mark.django_db
def test_new_rows_are_still_written(timeline, action, contributor):
    UpdateFactory(action=action, author=contributor)

    assert Update.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_timeline_and_leaves_it_guarded(timeline, action, contributor):
    call_command("flush", interactive=False, verbosity=0)

    assert not Update.objects.exists()
    assert not Evidence.objects.exists()
    assert not EvidenceAccess.objects.exists()
    # The triggers are back: the next test's rows are as protected as these were.
    update = UpdateFactory(action__agency__slug="bury", narrative="After the flush.")
    with pytest.raises(IntegrityError, match="recommendations_update is append-only"):
        run_sql("UPDATE recommendations_update SET narrative = 'x'")
    with pytest.raises(IntegrityError, match="recommendations_update is append-only"):
        run_sql("DELETE FROM recommendations_update")
    assert Update.objects.get().narrative == update.narrative == "After the flush."


# pytest-django empties the database with ``flush`` after each transactional test. The
# first test fails at teardown if that flush is refused; the second sees that it emptied
# the tables (it runs after the first, in file order).


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_may_write_the_timeline(timeline):
    assert Update.objects.count() == Evidence.objects.count() == EvidenceAccess.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_timeline_is_empty_after_a_transactional_test():
    assert not Update.objects.exists()
    assert not Evidence.objects.exists()
    assert not EvidenceAccess.objects.exists()
