"""Evidence files are checked against the SHA-256 and size recorded at upload wherever
they leave the store: a download, a backup, and the ``verify_evidence`` command. A file
that is missing or altered is never passed on as though it were genuine."""

import hashlib
import logging
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from recommendations.models import EvidenceAccess
from tests.factories import EvidenceFactory, UpdateFactory

GENUINE = b"%PDF-1.4\nthe partnership board's minutes\n%%EOF\n"
# The same length, so only the SHA-256 can tell.
FORGED = GENUINE.replace(b"board", b"BOARD")


@pytest.fixture
def evidence(action, contributor):
    return EvidenceFactory(
        update=UpdateFactory(action=action, author=contributor),
        content=GENUINE,
        original_name="Board minutes (March).pdf",
    )


def stored_path(evidence) -> Path:
    return Path(evidence.file.path)


def download(client, evidence):
    return client.get(reverse("evidence_download", args=[evidence.pk]))


# -- Downloads --------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unaltered_file_still_downloads_and_is_recorded(client, contributor, evidence):
    client.force_login(contributor)

    response = download(client, evidence)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == GENUINE
    assert EvidenceAccess.objects.filter(evidence=evidence, user=contributor).count() == 1


@pytest.mark.django_db
def test_an_altered_file_is_not_served_and_the_person_is_told_why(client, contributor, evidence):
    stored_path(evidence).write_bytes(FORGED)
    client.force_login(contributor)

    response = download(client, evidence)

    assert response.status_code == 409
    assert not response.streaming
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    page = response.content.decode()
    assert "This evidence file has failed its integrity check" in page
    assert "Board minutes (March).pdf" in page
    assert "is no longer the file that was uploaded" in page
    assert "administrators have been told" in page
    assert b"BOARD" not in response.content
    assert evidence.update.action.get_absolute_url() in page


@pytest.mark.django_db
def test_an_altered_file_is_logged_with_both_checksums(client, contributor, evidence, caplog):
    stored_path(evidence).write_bytes(FORGED)
    client.force_login(contributor)

    with caplog.at_level(logging.ERROR, logger="recommendations.evidence"):
        download(client, evidence)

    [record] = [r for r in caplog.records if r.name == "recommendations.evidence"]
    message = record.getMessage()
    assert record.levelno == logging.ERROR
    assert f"Evidence {evidence.pk} failed its integrity check" in message
    assert evidence.file.name in message
    assert hashlib.sha256(GENUINE).hexdigest() in message
    assert hashlib.sha256(FORGED).hexdigest() in message


@pytest.mark.django_db
def test_a_refused_download_is_not_recorded_as_a_download(client, oversight, evidence):
    """Nobody received the file, so the audit of who has had it does not name them."""
    stored_path(evidence).write_bytes(FORGED)
    client.force_login(oversight)

    download(client, evidence)

    assert not EvidenceAccess.objects.exists()


@pytest.mark.django_db
def test_a_truncated_file_is_not_served(client, contributor, evidence):
    stored_path(evidence).write_bytes(GENUINE[:10])
    client.force_login(contributor)

    response = download(client, evidence)

    assert response.status_code == 409
    assert "failed its integrity check" in response.content.decode()


@pytest.mark.django_db
def test_a_missing_file_shows_the_same_explanation_and_is_logged(client, contributor, evidence, caplog):
    stored_path(evidence).unlink()
    client.force_login(contributor)

    with caplog.at_level(logging.ERROR, logger="recommendations.evidence"):
        response = download(client, evidence)

    assert response.status_code == 404
    assert "The stored copy of <strong>Board minutes (March).pdf</strong> is missing" in (
        response.content.decode()
    )
    assert any(
        f"Evidence {evidence.pk} failed" in r.getMessage() and "missing" in r.getMessage()
        for r in caplog.records
    )
    assert not EvidenceAccess.objects.exists()


@pytest.mark.django_db
def test_an_outsider_learns_nothing_about_an_altered_file(client, outsider, evidence):
    stored_path(evidence).write_bytes(FORGED)
    client.force_login(outsider)

    response = download(client, evidence)

    assert response.status_code == 404
    assert b"integrity" not in response.content


@pytest.mark.django_db
def test_the_refusal_page_takes_a_fixed_number_of_queries(
    client, contributor, evidence, django_assert_max_num_queries
):
    stored_path(evidence).write_bytes(FORGED)
    client.force_login(contributor)

    # Session, person, evidence with its action, their memberships; the session save
    # (in a savepoint) that every page makes.
    with django_assert_max_num_queries(8):  # the navigation's count is one
        response = download(client, evidence)

    assert response.status_code == 409


# -- Backups ----------------------------------------------------------------------------


@pytest.fixture
def two_files(action, contributor):
    update = UpdateFactory(action=action, author=contributor)
    first = EvidenceFactory(update=update, content=GENUINE, original_name="first.pdf")
    second = EvidenceFactory(update=update, content=GENUINE + b"% two\n", original_name="second.pdf")
    return first, second


@pytest.mark.django_db(transaction=True)
def test_a_backup_stops_at_an_altered_file_and_names_it(tmp_path, two_files):
    _, altered = two_files
    stored_path(altered).write_bytes(FORGED + b"% two\n")
    target = tmp_path / "backup"

    with pytest.raises(CommandError) as refused:
        call_command("backup", str(target), verbosity=0)

    message = str(refused.value)
    assert f"Evidence {altered.pk} (second.pdf, stored as {altered.file.name})" in message
    assert "SHA-256" in message
    assert not target.exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_stops_at_a_missing_file_and_leaves_the_empty_folder_empty(tmp_path, two_files):
    missing, _ = two_files
    stored_path(missing).unlink()
    target = tmp_path / "backup"
    target.mkdir()

    with pytest.raises(CommandError, match=rf"Evidence {missing.pk} \(first.pdf, stored as .*missing"):
        call_command("backup", str(target), verbosity=0)

    assert list(target.iterdir()) == []


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_unaltered_files_still_completes(tmp_path, two_files):
    target = tmp_path / "backup"

    call_command("backup", str(target), verbosity=0)

    for evidence in two_files:
        assert (target / "evidence" / evidence.file.name).read_bytes() == stored_path(evidence).read_bytes()


# -- verify_evidence --------------------------------------------------------------------


def verify(capsys):
    call_command("verify_evidence")
    return capsys.readouterr().out


@pytest.mark.django_db
def test_verify_evidence_lists_each_missing_or_altered_file_and_fails(action, contributor, capsys):
    update = UpdateFactory(action=action, author=contributor)
    fine = EvidenceFactory(update=update, content=GENUINE, original_name="fine.pdf")
    altered = EvidenceFactory(update=update, content=GENUINE, original_name="altered.pdf")
    missing = EvidenceFactory(update=update, content=GENUINE, original_name="missing.pdf")
    stored_path(altered).write_bytes(FORGED)
    stored_path(missing).unlink()

    with pytest.raises(CommandError, match="2 of 3 evidence files failed the check"):
        verify(capsys)

    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"Evidence {altered.pk}: {altered.file.name} (altered.pdf): the file has changed: its SHA-256 is "
        f"{hashlib.sha256(FORGED).hexdigest()}, not the {altered.sha256} recorded",
        f"Evidence {missing.pk}: {missing.file.name} (missing.pdf): the file is missing",
    ]
    assert not any(fine.file.name in line for line in lines)


@pytest.mark.django_db
def test_verify_evidence_reports_a_file_of_the_wrong_size(action, contributor, capsys):
    shortened = EvidenceFactory(update=UpdateFactory(action=action, author=contributor), content=GENUINE)
    stored_path(shortened).write_bytes(GENUINE[:10])

    with pytest.raises(CommandError, match="1 of 1 evidence files"):
        verify(capsys)

    assert f"it is 10 bytes, not the {len(GENUINE)} recorded" in capsys.readouterr().out


@pytest.mark.django_db
def test_verify_evidence_succeeds_when_every_file_is_whole(two_files, capsys, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        out = verify(capsys)

    assert out.strip() == "All 2 evidence files are present and unaltered."


@pytest.mark.django_db
def test_verify_evidence_exits_non_zero_from_the_command_line(two_files):
    """``manage.py verify_evidence`` in a cron job or a deployment check must fail loudly."""
    from django.core.management import ManagementUtility

    stored_path(two_files[0]).unlink()

    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "verify_evidence"]).execute()

    assert exited.value.code == 1
