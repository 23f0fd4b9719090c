"""Faults: a failure halfway through saving leaves nothing half-written, full or
unwritable evidence storage is reported on the form, and a database that goes away
gives a clean error page, then service resumes."""

import errno
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, close_old_connections, connection
from django.urls import reverse

from recommendations import services
from recommendations.models import Evidence, Update

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def pdf(name="minutes.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_files() -> list[Path]:
    return sorted(p for p in Path(storages["evidence"].location).rglob("*") if p.is_file())


def snapshot(action) -> tuple:
    action.refresh_from_db()
    return (
        action.version,
        action.status,
        action.confidence,
        action.percent_complete,
        action.history.count(),
        Update.objects.count(),
        Evidence.objects.count(),
        stored_files(),
    )


def log_progress(action, lead, *files):
    return services.progress_log(
        action=action,
        by=lead,
        narrative="The audit tool is agreed.",
        confidence="red",
        percent_complete=80,
        files=list(files),
        expected_version=action.version,
    )


def test_a_failure_writing_the_update_leaves_the_action_as_it_was(lead, action):
    before = snapshot(action)

    with (
        mock.patch.object(Update, "save", side_effect=OperationalError("disk I/O error")),
        pytest.raises(OperationalError),
    ):
        log_progress(action, lead, pdf())

    assert snapshot(action) == before


def test_a_failure_recording_the_evidence_leaves_nothing_behind_not_even_the_file(lead, action):
    before = snapshot(action)

    with (
        mock.patch.object(Evidence, "save", side_effect=OperationalError("disk I/O error")),
        pytest.raises(OperationalError),
    ):
        log_progress(action, lead, pdf())

    assert snapshot(action) == before


def test_a_failure_on_the_second_file_takes_back_the_first(lead, action):
    before = snapshot(action)
    real_save = Evidence.save
    calls = []

    def fail_second(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise OperationalError("disk I/O error")
        return real_save(self, *args, **kwargs)

    with mock.patch.object(Evidence, "save", fail_second), pytest.raises(OperationalError):
        log_progress(action, lead, pdf("one.pdf"), pdf("two.pdf", PDF + b"% two\n"))

    assert len(calls) == 2
    assert snapshot(action) == before


def full_disk(self, name, content):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    "error", [OSError(errno.ENOSPC, "No space left on device"), PermissionError(13, "denied")]
)
def test_unwritable_evidence_storage_is_reported_on_the_form_and_nothing_is_saved(
    client, lead, action, progress_data, error
):
    client.force_login(lead)
    before = snapshot(action)
    data = progress_data(action)
    data["files"] = [pdf("one.pdf"), pdf("two.pdf", PDF + b"% two\n")]
    real_save = FileSystemStorage._save
    calls = []

    def fail_second(self, name, content):
        calls.append(name)
        if len(calls) == 2:
            raise error
        return real_save(self, name, content)

    with mock.patch.object(FileSystemStorage, "_save", fail_second):
        response = client.post(reverse("action_progress", args=[action.pk]), data)

    assert response.status_code == 400
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "two.pdf could not be stored, so nothing has been saved. Try again later." in content
    assert snapshot(action) == before


def test_once_storage_is_writable_again_the_same_form_saves(client, lead, action, progress_data):
    client.force_login(lead)
    data = progress_data(action)

    with mock.patch.object(FileSystemStorage, "_save", full_disk):
        refused = client.post(reverse("action_progress", args=[action.pk]), {**data, "files": pdf()})
    saved = client.post(reverse("action_progress", args=[action.pk]), {**data, "files": pdf()})

    assert refused.status_code == 400
    assert saved.status_code == 302
    assert Update.objects.count() == 1
    assert len(stored_files()) == 1


def test_a_database_error_gives_the_error_page_and_the_next_request_works(client, contributor, action):
    client.force_login(contributor)
    client.raise_request_exception = False

    with mock.patch(
        "recommendations.views.actions.reporting.action_states", side_effect=OperationalError("server closed")
    ):
        failed = client.get(reverse("action_list"))

    assert failed.status_code == 500
    content = failed.content.decode()
    assert "Sorry, there is a problem with the service" in content
    assert "OperationalError" not in content and "server closed" not in content
    assert client.get(reverse("action_list")).status_code == 200


def test_healthz_answers_503_while_the_database_is_down_and_200_after(client):
    with mock.patch("assurance.views.connection.cursor", side_effect=OperationalError("down")):
        down = client.get(reverse("healthz"))
    up = client.get(reverse("healthz"))

    assert (down.status_code, down.content) == (503, b"database unavailable")
    assert (up.status_code, up.content) == (200, b"ok")
    assert down["Cache-Control"] == up["Cache-Control"]
    assert "no-cache" in up["Cache-Control"]


def test_connections_are_checked_before_reuse():
    """So that after a database restart the next request reconnects instead of failing."""
    assert django_settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL server process")
def test_after_the_database_drops_the_connection_one_request_fails_cleanly_and_the_next_succeeds(
    client, contributor, action
):
    import psycopg

    client.force_login(contributor)
    client.raise_request_exception = False
    assert client.get(reverse("action_list")).status_code == 200
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])

    failed = client.get(reverse("action_list"))
    # What Django's handler does at the start of every request (the test client skips it).
    close_old_connections()
    recovered = client.get(reverse("action_list"))

    assert failed.status_code == 500
    assert "Sorry, there is a problem with the service" in failed.content.decode()
    assert recovered.status_code == 200
