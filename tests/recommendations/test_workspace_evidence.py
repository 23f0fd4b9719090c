"""Evidence downloads: only to the agency that owns it, oversight and administrators, and
always as an attachment a browser will not render."""

import hashlib

import pytest
from django.urls import reverse

from tests.factories import EvidenceFactory, UpdateFactory

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4\nthe partnership board's minutes\n%%EOF\n"


@pytest.fixture
def evidence(action, contributor):
    return EvidenceFactory(
        update=UpdateFactory(action=action, author=contributor),
        content=CONTENT,
        original_name="Board minutes (March).pdf",
    )


@pytest.fixture
def others_evidence(other_action, outsider):
    return EvidenceFactory(
        update=UpdateFactory(action=other_action, author=outsider), original_name="rochdale-plan.pdf"
    )


def download(client, evidence):
    return client.get(reverse("evidence_download", args=[evidence.pk]))


@pytest.mark.parametrize("persona", ["contributor", "lead"])
def test_a_partner_downloads_their_own_agencys_evidence_as_an_attachment(client, request, evidence, persona):
    client.force_login(request.getfixturevalue(persona))

    response = download(client, evidence)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Board minutes (March).pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


def test_the_download_carries_the_recorded_type_not_one_guessed_from_the_name(client, contributor, action):
    csv = EvidenceFactory(
        update=UpdateFactory(action=action, author=contributor),
        content=b"area,count\nBolton,3\n",
        original_name="figures.csv",
        content_type="text/csv",
    )
    client.force_login(contributor)

    response = download(client, csv)

    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("persona", ["contributor", "lead", "newcomer"])
def test_a_partner_gets_not_found_for_another_agencys_evidence(client, request, others_evidence, persona):
    client.force_login(request.getfixturevalue(persona))

    response = download(client, others_evidence)

    assert response.status_code == 404
    assert b"rochdale" not in response.content


def test_an_outsider_gets_not_found_for_our_evidence(client, outsider, evidence):
    client.force_login(outsider)
    assert download(client, evidence).status_code == 404


@pytest.mark.parametrize("persona", ["oversight", "admin_user"])
def test_oversight_and_administrators_download_any_agencys_evidence(
    client, request, evidence, others_evidence, persona
):
    client.force_login(request.getfixturevalue(persona))

    for item in (evidence, others_evidence):
        response = download(client, item)
        assert response.status_code == 200
        assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == item.sha256


def test_evidence_whose_file_has_gone_is_not_found_rather_than_an_error(client, contributor, evidence):
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(contributor)

    assert download(client, evidence).status_code == 404


def test_a_download_cannot_be_posted(client, contributor, evidence):
    client.force_login(contributor)
    assert client.post(reverse("evidence_download", args=[evidence.pk])).status_code == 405
