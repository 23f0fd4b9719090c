"""Logging progress on an action: what a good update records, and how bad input is refused.

Every refusal is a 400 with a GOV.UK error summary, and changes nothing: no update, no
evidence, the action's version, status and figures as they were.
"""

import hashlib
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations import services
from recommendations.models import Evidence, Status, Update
from tests.factories import EvidenceFactory, UpdateFactory

pytestmark = pytest.mark.django_db


def state(action):
    """What a refused form must leave as it was."""
    action.refresh_from_db()
    return (
        action.version,
        action.status,
        action.confidence,
        action.percent_complete,
        Update.objects.filter(action=action).count(),
        Evidence.objects.filter(update__action=action).count(),
    )


def assert_refused(response, *messages):
    assert response.status_code == 400
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "There is a problem" in content
    assert "<title>Error: " in content
    for message in messages:
        assert message in content, message


@pytest.fixture
def progress_url(action):
    return reverse("action_progress", args=[action.pk])


# -- Bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"narrative": ""}, "Enter what has been done since the last update"),
        ({"narrative": "   \n  "}, "Enter what has been done since the last update"),
        ({"percent_complete": "101"}, "Percent complete must be 100 or less"),
        ({"percent_complete": "-1"}, "Percent complete must be 0 or more"),
        ({"percent_complete": "abc"}, "Percent complete must be a whole number, like 60"),
        ({"percent_complete": ""}, "Enter how complete the action is, from 0 to 100"),
        ({"confidence": None}, "Select a delivery confidence"),
        ({"confidence": "purple"}, "Select a delivery confidence"),
        ({"status_to": "assured"}, "An action that is in progress cannot become assured"),
        ({"status_to": "not_started"}, "An action that is in progress cannot become not started"),
    ],
)
def test_it_refuses_bad_progress_and_changes_nothing(
    client, lead, action, progress_url, progress_data, overrides, message
):
    client.force_login(lead)
    before = state(action)

    response = client.post(progress_url, progress_data(action, **overrides))

    assert_refused(response, message)
    assert state(action) == before


def test_it_keeps_what_was_typed_when_refusing_the_form(
    client, contributor, action, progress_url, progress_data
):
    client.force_login(contributor)

    response = client.post(
        progress_url, progress_data(action, narrative="Training dates agreed.", percent_complete="101")
    )

    assert_refused(response)
    assert "Training dates agreed." in response.content.decode()


def test_a_contributor_who_is_not_the_lead_cannot_submit_for_assurance(
    client, contributor, action, progress_url, progress_data, pdf_upload
):
    client.force_login(contributor)
    before = state(action)

    response = client.post(
        progress_url,
        progress_data(action, status_to="submitted", percent_complete="100", files=pdf_upload()),
    )

    assert_refused(response, "Only your agency&#x27;s lead can submit an action for assurance.")
    assert state(action) == before
    assert "Submitted for assurance" not in client.get(progress_url).content.decode()


def test_a_lead_cannot_submit_without_any_evidence(client, lead, action, progress_url, progress_data):
    client.force_login(lead)
    before = state(action)

    response = client.post(progress_url, progress_data(action, status_to="submitted", percent_complete="100"))

    assert_refused(response, "Attach at least one piece of evidence before submitting for assurance")
    assert state(action) == before


def test_a_lead_cannot_submit_an_action_that_is_not_complete(
    client, lead, action, progress_url, progress_data, pdf_upload
):
    client.force_login(lead)
    before = state(action)

    response = client.post(
        progress_url, progress_data(action, status_to="submitted", percent_complete="90", files=pdf_upload())
    )

    assert_refused(response, "An action submitted for assurance must be 100% complete")
    assert state(action) == before


def test_a_lead_may_submit_on_evidence_logged_earlier(client, lead, action, progress_url, progress_data):
    EvidenceFactory(update=UpdateFactory(action=action, author=lead))
    client.force_login(lead)

    response = client.post(progress_url, progress_data(action, status_to="submitted", percent_complete="100"))

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Status.SUBMITTED


def docx_bytes(*, with_word_part=True) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if with_word_part:
            archive.writestr("word/document.xml", "<document/>")
        else:
            archive.writestr("payload/run.js", "alert(1)")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "tool.exe is not an allowed type"),
        (
            "report.pdf",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "report.pdf is not a real PDF file",
        ),
        ("report.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "report.pdf is not a real PDF file"),
        ("plan.docx", docx_bytes(with_word_part=False), "plan.docx is not a real DOCX file"),
        ("plan.docx", b"PK\x03\x04 this is not really a zip", "plan.docx is not a real DOCX file"),
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "setup.pdf is not a real PDF file"),
        ("page.txt", b"<html><body>hello</body></html>", "page.txt is not a real TXT file"),
        ("image.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image.svg is not an allowed type"),
        ("empty.pdf", b"", "empty.pdf is empty"),
    ],
)
def test_it_refuses_files_that_are_not_what_they_claim_and_keeps_nothing(
    client, contributor, action, progress_url, progress_data, tmp_path, name, content, message
):
    client.force_login(contributor)
    before = state(action)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")

    response = client.post(progress_url, progress_data(action, files=upload))

    assert_refused(response, message)
    assert state(action) == before
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_one_bad_file_among_good_ones_refuses_them_all(
    client, contributor, action, progress_url, progress_data, pdf_upload
):
    client.force_login(contributor)
    before = state(action)
    bad = SimpleUploadedFile("notes.pdf", b"<html></html>", content_type="application/pdf")

    response = client.post(progress_url, progress_data(action, files=[pdf_upload(), bad]))

    assert_refused(response, "notes.pdf is not a real PDF file")
    assert state(action) == before


def test_it_refuses_a_file_over_the_size_limit(
    client, contributor, action, progress_url, progress_data, pdf_upload, settings
):
    settings.EVIDENCE_MAX_BYTES = 1000
    client.force_login(contributor)
    before = state(action)

    response = client.post(
        progress_url, progress_data(action, files=pdf_upload("big.pdf", b"%PDF-1.4\n" + b"0" * 1200))
    )

    assert_refused(response, "big.pdf is 1.2\xa0KB. Each file must be smaller than 1000\xa0bytes.")
    assert state(action) == before


def test_a_file_just_under_the_size_limit_is_accepted(
    client, contributor, action, progress_url, progress_data, pdf_upload, settings
):
    settings.EVIDENCE_MAX_BYTES = 1000
    client.force_login(contributor)

    response = client.post(
        progress_url, progress_data(action, files=pdf_upload("ok.pdf", b"%PDF-1.4\n" + b"0" * 991))
    )

    assert response.status_code == 302
    assert Evidence.objects.get(update__action=action).size == 1000


def test_a_stale_form_is_refused_and_shows_what_changed(client, contributor, lead, action, progress_data):
    client.force_login(contributor)
    url = reverse("action_progress", args=[action.pk])
    loaded_version = action.version
    # Someone else logs progress after the form was opened.
    services.progress_log(
        action=action,
        by=lead,
        expected_version=None,
        narrative="The lead agreed a new audit timetable.",
        confidence="red",
        percent_complete=20,
    )
    before = state(action)

    response = client.post(
        url, progress_data(action, version=loaded_version, narrative="My stale update.", confidence="green")
    )

    assert_refused(response, "This action changed while you were editing it")
    content = response.content.decode()
    assert "What changed while you were editing" in content
    assert "The lead agreed a new audit timetable." in content
    assert state(action) == before
    action.refresh_from_db()
    assert action.confidence == "red"
    assert not Update.objects.filter(narrative="My stale update.").exists()


# -- Good input ------------------------------------------------------------------------


def test_logging_progress_records_an_update_and_moves_the_action(
    client, contributor, action, progress_url, progress_data, pdf_upload, tmp_path
):
    client.force_login(contributor)
    content = b"%PDF-1.4\nminutes of the board\n%%EOF\n"
    version = action.version

    response = client.post(
        progress_url,
        progress_data(
            action,
            narrative="Audit tool agreed by every partner.",
            confidence="amber",
            percent_complete="60",
            files=pdf_upload("../../etc/passwd.pdf", content),
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == action.get_absolute_url()
    update = Update.objects.get(action=action)
    assert (update.author, update.kind, update.narrative, update.confidence, update.percent_complete) == (
        contributor,
        "progress",
        "Audit tool agreed by every partner.",
        "amber",
        60,
    )
    action.refresh_from_db()
    assert (action.confidence, action.percent_complete, action.version) == ("amber", 60, version + 1)
    assert action.status == Status.IN_PROGRESS
    evidence = update.evidence.get()
    assert evidence.original_name == "passwd.pdf"
    assert "/" not in evidence.original_name and "\\" not in evidence.original_name
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.size == len(content)
    assert evidence.content_type == "application/pdf"
    # Stored under a generated name inside the evidence storage, with the same bytes.
    stored = tmp_path / evidence.file.name
    assert stored.read_bytes() == content
    assert "passwd" not in evidence.file.name


def test_logged_progress_appears_on_the_action_and_recommendation_timelines(
    client, contributor, action, progress_url, progress_data, pdf_upload
):
    client.force_login(contributor)

    response = client.post(
        progress_url,
        progress_data(action, narrative="Audit tool agreed by every partner.", files=pdf_upload("tool.pdf")),
        follow=True,
    )

    content = response.content.decode()
    assert "Progress logged." in content
    assert "Audit tool agreed by every partner." in content
    evidence = Evidence.objects.get(update__action=action)
    assert "tool.pdf" in content
    assert evidence.sha256[:16] in content
    assert reverse("evidence_download", args=[evidence.pk]) in content
    page = client.get(reverse("recommendation_detail", args=[action.recommendation_id])).content.decode()
    assert "Audit tool agreed by every partner." in page
    assert "tool.pdf" in page
    assert reverse("evidence_download", args=[evidence.pk]) in page


def test_an_outsider_reads_the_timeline_but_gets_no_link_to_the_evidence(
    client, contributor, outsider, action, progress_url, progress_data, pdf_upload
):
    client.force_login(contributor)
    client.post(progress_url, progress_data(action, files=pdf_upload("tool.pdf")))
    evidence = Evidence.objects.get(update__action=action)

    client.force_login(outsider)
    for url in (action.get_absolute_url(), reverse("recommendation_detail", args=[action.recommendation_id])):
        content = client.get(url).content.decode()
        assert "tool.pdf" in content
        assert reverse("evidence_download", args=[evidence.pk]) not in content


def test_it_attaches_several_files_to_one_update(
    client, contributor, action, progress_url, progress_data, pdf_upload
):
    client.force_login(contributor)
    docx = SimpleUploadedFile("plan.docx", docx_bytes(), content_type="application/octet-stream")
    csv = SimpleUploadedFile("figures.csv", b"area,count\nBolton,3\n", content_type="text/csv")

    response = client.post(progress_url, progress_data(action, files=[pdf_upload(), docx, csv]))

    assert response.status_code == 302
    evidence = Update.objects.get(action=action).evidence.order_by("pk")
    assert [(e.original_name, e.content_type) for e in evidence] == [
        ("board-minutes.pdf", "application/pdf"),
        ("plan.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("figures.csv", "text/csv"),
    ]


def test_a_contributor_starts_an_action_that_has_not_started(
    client, contributor, action, progress_url, progress_data
):
    action.status = Status.NOT_STARTED
    action.save()
    client.force_login(contributor)

    response = client.post(progress_url, progress_data(action, status_to="in_progress"))

    assert response.status_code == 302
    update = Update.objects.get(action=action)
    assert (update.status_from, update.status_to) == ("not_started", "in_progress")
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS


def test_a_double_submitted_form_writes_one_update_and_one_set_of_evidence(
    client, contributor, action, progress_url, progress_data, pdf_upload
):
    client.force_login(contributor)
    data = progress_data(action, narrative="Sent twice by a double click.")

    first = client.post(progress_url, {**data, "files": pdf_upload()})
    second = client.post(progress_url, {**data, "files": pdf_upload()})

    assert first.status_code == second.status_code == 302
    assert Update.objects.filter(action=action).count() == 1
    assert Evidence.objects.filter(update__action=action).count() == 1
    action.refresh_from_db()
    assert action.version == data["version"] + 1


def test_a_double_submitted_submission_writes_one_update_and_does_not_show_an_error(
    client, lead, action, progress_url, progress_data, pdf_upload
):
    client.force_login(lead)
    data = progress_data(action, status_to="submitted", percent_complete="100")

    first = client.post(progress_url, {**data, "files": pdf_upload()})
    second = client.post(progress_url, {**data, "files": pdf_upload()})

    assert first.status_code == 302
    assert second.status_code == 302
    assert Update.objects.filter(action=action).count() == 1
    assert Evidence.objects.filter(update__action=action).count() == 1


def test_a_form_token_forged_from_another_action_is_refused_not_a_server_error(
    client, contributor, agency, action, progress_data
):
    from tests.factories import ActionFactory

    second = ActionFactory(agency=agency, status="in_progress")
    client.force_login(contributor)
    token = str(uuid.uuid4())
    client.post(reverse("action_progress", args=[action.pk]), progress_data(action, form_token=token))

    response = client.post(
        reverse("action_progress", args=[second.pk]), progress_data(second, form_token=token)
    )

    assert_refused(response, "This form was not for this action")
    assert not Update.objects.filter(action=second).exists()


def test_a_partner_cannot_take_back_a_submitted_action_by_logging_progress(
    client, contributor, lead, action, progress_url, progress_data
):
    action.status = Status.SUBMITTED
    action.percent_complete = 100
    action.save()
    for person in (contributor, lead):
        client.force_login(person)
        before = state(action)

        response = client.post(progress_url, progress_data(action, status_to="in_progress"))

        assert_refused(response)
        assert state(action) == before
