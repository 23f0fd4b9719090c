"""The demo, loaded once per test process and put back wherever a test wants it.

``load_demo`` takes six to ten seconds, most of it in the write path it deliberately
goes through for every entry. Tests about the loaded demo (not about loading it) were
paying that once per test, module or class. Here it runs once per test process, inside
a transaction rolled back afterwards; every row it left in every table is kept in
memory, with the evidence files it wrote, and :meth:`DemoSnapshot.restore` writes them
back in one transaction: the same rows with the same keys, about 3,000 of them, in a
fraction of a second.

The tests of ``load_demo`` itself (``test_load_demo.py``) still call the command.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from recommendations import db_triggers
from recommendations.models import Evidence


def _tables():
    """Every concrete table Django manages, each once (proxies share their model's)."""
    seen = {}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.managed and not opts.proxy and opts.db_table not in seen:
            seen[opts.db_table] = model
    return list(seen.values())


@contextmanager
def evidence_under(location: Path) -> Iterator[None]:
    """Evidence files go to (and are read from) ``location`` for the block.

    ``Evidence.file`` resolved its storage once, when the model class was built, so the
    field itself is pointed there, and back afterwards."""
    evidence = Evidence._meta.get_field("file")
    original = evidence.storage
    evidence.storage = FileSystemStorage(location=location)
    try:
        yield
    finally:
        evidence.storage = original


@dataclass
class DemoSnapshot:
    output: str
    files: Path
    rows: dict = field(default_factory=dict)  # model -> (attnames, [row, ...])

    @classmethod
    def take(cls, files: Path) -> DemoSnapshot:
        """Load the demo into the test database, keep what it holds, and roll it back.

        Call with the database unblocked and the test settings in place (the fast
        password hasher, a dummy cache); evidence files are written under ``files``."""
        out = StringIO()
        with evidence_under(files), transaction.atomic():
            call_command("load_demo", force=True, stdout=out)
            snapshot = cls(output=out.getvalue(), files=files)
            for model in _tables():
                names = [f.attname for f in model._meta.local_concrete_fields]
                rows = list(model._base_manager.order_by("pk").values_list(*names))
                snapshot.rows[model] = (names, rows)
            transaction.set_rollback(True)
        ContentType.objects.clear_cache()
        return snapshot

    def restore(self) -> None:
        """Make the database hold exactly the demo as loaded, and its files exist in the
        evidence storage now in effect.

        Whatever the tables held is replaced (after a transactional test's flush that is
        the content types and permissions ``post_migrate`` made again, under other keys).
        The append-only tables must be empty: nothing here may rewrite a timeline."""
        models = list(self.rows)
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for table in db_triggers.TABLES:
                cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608
                assert cursor.fetchone() is None, f"{table} is not empty: the demo goes in an empty record"
            # Foreign keys are checked at commit (Django makes them deferrable), so the
            # order of the tables does not matter inside the transaction.
            for model in models:
                if model._meta.db_table not in db_triggers.TABLES:
                    cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608
            for model, (names, rows) in self.rows.items():
                model._base_manager.bulk_create(
                    [model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=500
                )
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        ContentType.objects.clear_cache()
        storage = Evidence._meta.get_field("file").storage
        shutil.copytree(self.files, storage.location, dirs_exist_ok=True)

    @contextmanager
    def held(self, location: Path) -> Iterator[None]:
        """The demo in the database for the block, its files under ``location``, inside a
        transaction rolled back afterwards: tests nest their own transactions inside it.
        Call with the database unblocked."""
        with evidence_under(location), transaction.atomic():
            self.restore()
            yield
            transaction.set_rollback(True)
