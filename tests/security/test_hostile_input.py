"""Input that is odd rather than malicious must not break the service: text pasted from
Word into the exports, absurd numbers in a date, and an upload far over the limit."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.urls import reverse

from recommendations.models import Evidence, Update
from tests.factories import ActionFactory, UpdateFactory

pytestmark = pytest.mark.django_db

# What Word puts in the clipboard for a manual line break (Shift+Enter) and a page break,
# and a unit separator for good measure: Excel's file format can hold none of them. (Not a
# NUL: forms refuse it, and PostgreSQL cannot store it.)
FROM_WORD = "Audit the case files.\x0bReport to the board.\x0cThen\x1fclose."


@pytest.fixture
def pasted_from_word(agency, contributor):
    action = ActionFactory(
        agency=agency,
        status="in_progress",
        description="Agree one tool.\x0bTrain every team.",
        recommendation__reference="R7",
        recommendation__wording=FROM_WORD,
    )
    UpdateFactory(action=action, author=contributor, narrative=FROM_WORD)
    return action


def xlsx_cells(response) -> list:
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [cell.value for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("name", ["export_actions", "export_recommendations", "export_updates"])
def test_it_exports_to_excel_text_pasted_from_word(client, oversight, pasted_from_word, name):
    client.force_login(oversight)

    cells = xlsx_cells(client.get(reverse(name, args=["xlsx"])))

    texts = [c for c in cells if isinstance(c, str)]
    # Line and page breaks stay line breaks; anything else shows as a replacement mark.
    assert "Audit the case files.\nReport to the board.\nThen\ufffdclose." in texts
    assert not any(ch in text for text in texts for ch in "\x0b\x0c\x1f")


@pytest.mark.parametrize("name", ["export_actions", "export_recommendations", "export_updates"])
def test_it_exports_to_csv_text_pasted_from_word_as_it_was_written(client, oversight, pasted_from_word, name):
    client.force_login(oversight)

    response = client.get(reverse(name, args=["csv"]))

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert FROM_WORD in [value for row in csv.reader(io.StringIO(body)) for value in row]


def test_exporting_leaves_the_stored_text_as_it_was_written(client, oversight, pasted_from_word):
    client.force_login(oversight)

    for name in ("export_actions", "export_recommendations", "export_updates"):
        assert client.get(reverse(name, args=["xlsx"])).status_code == 200

    pasted_from_word.recommendation.refresh_from_db()
    assert pasted_from_word.recommendation.wording == FROM_WORD
    assert Update.objects.get(action=pasted_from_word).narrative == FROM_WORD


# -- Dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month", "year"), [("2147483648", "1", "2026"), ("1", "2147483648", "2026"), ("1", "1", "99999")]
)
def test_it_answers_an_absurd_due_date_day_with_an_error(
    client, lead, action, progress_data, day, month, year
):
    client.force_login(lead)
    before = (action.version, action.due_date)
    data = progress_data(action, due_date_day=day, due_date_month=month, due_date_year=year, reason="Moved.")

    response = client.post(reverse("action_due_date", args=[action.pk]), data)

    assert response.status_code == 400
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "The new due date must be a real date" in content
    action.refresh_from_db()
    assert (action.version, action.due_date) == before
    assert not action.updates.exists()


# -- Uploads far over the limit ------------------------------------------------------------


@pytest.fixture
def small_limits(settings, tmp_path):
    """A 64 KB limit stands for the real 20 MB one, so the test posts 1 MB, not 300 MB; and
    every upload goes through a temporary file, as a large one does in production."""
    settings.EVIDENCE_MAX_BYTES = 64 * 1024
    settings.IMPORT_MAX_BYTES = 16 * 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "uploading"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    return settings


@pytest.fixture
def bytes_stored(monkeypatch):
    """How many bytes of each upload reached Django's own handlers (memory or temporary file)."""
    received = []
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        real = handler.receive_data_chunk

        def spy(self, raw_data, start, real=real):
            # The memory handler passes every chunk on to the next handler when it is not
            # the one keeping the file (a large upload).
            if getattr(self, "activated", True):
                received.append(len(raw_data))
            return real(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", spy)
    return received


def test_it_refuses_an_upload_over_the_limit_without_storing_it(
    client, contributor, action, progress_data, small_limits, bytes_stored
):
    client.force_login(contributor)
    limit = small_limits.EVIDENCE_MAX_BYTES
    huge = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * (16 * limit), content_type="application/pdf")
    before = (action.version, action.percent_complete)

    response = client.post(
        reverse("action_progress", args=[action.pk]), {**progress_data(action), "files": huge}
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "scan.pdf is 1.0\xa0MB. Each file must be smaller than 64.0\xa0KB." in content
    # The upload was cut off at the limit: nothing past it reached memory or disk.
    assert sum(bytes_stored) <= limit
    assert list(Path(small_limits.FILE_UPLOAD_TEMP_DIR).iterdir()) == []
    assert not Evidence.objects.exists()
    action.refresh_from_db()
    assert (action.version, action.percent_complete) == before


def test_it_keeps_the_other_files_of_a_form_when_one_is_over_the_limit(
    client, contributor, action, progress_data, small_limits, pdf_upload
):
    """The refused file is named on the form; a file under the limit in the same form is
    read as usual (and nothing is saved, as for any error on the form)."""
    client.force_login(contributor)
    huge = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * (2 * small_limits.EVIDENCE_MAX_BYTES))
    data = {**progress_data(action), "files": [pdf_upload("minutes.pdf"), huge, pdf_upload("agenda.pdf")]}

    response = client.post(reverse("action_progress", args=[action.pk]), data)

    assert response.status_code == 400
    content = response.content.decode()
    assert "scan.pdf is 128.0\xa0KB. Each file must be smaller than 64.0\xa0KB." in content
    assert "minutes.pdf is" not in content and "agenda.pdf is" not in content
    assert not Evidence.objects.exists()


def test_an_upload_just_under_the_limit_is_stored(
    client, contributor, action, progress_data, small_limits, bytes_stored
):
    client.force_login(contributor)
    content = b"%PDF-1.4\n" + b"0" * (small_limits.EVIDENCE_MAX_BYTES - 20) + b"\n%%EOF\n"
    assert len(content) < small_limits.EVIDENCE_MAX_BYTES
    upload = SimpleUploadedFile("scan.pdf", content, content_type="application/pdf")

    response = client.post(
        reverse("action_progress", args=[action.pk]), {**progress_data(action), "files": upload}
    )

    assert response.status_code == 302
    assert Evidence.objects.get().size == len(content)
    assert sum(bytes_stored) == len(content)


def test_it_refuses_an_import_file_over_the_limit_as_before(client, admin_user, small_limits, settings):
    """The import form's limit is smaller than the evidence limit: it still names it."""
    from tests.factories import InspectionFactory

    settings.TWO_FACTOR_REQUIRED = False
    inspection = InspectionFactory()
    client.force_login(admin_user)
    big = SimpleUploadedFile("recommendations.csv", b"reference,wording\n" + b"R1,x\n" * 8000)

    response = client.post(reverse("inspection_import", args=[inspection.pk]), {"file": big})

    assert response.status_code == 400
    assert "The file must be smaller than 16.0\xa0KB." in response.content.decode()
