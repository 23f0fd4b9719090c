"""The audit trails: who downloaded which evidence file and when (append-only), who
changed what (history), both readable by administrators; and nothing the timeline
depends on can be deleted in the admin."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from recommendations import services
from recommendations.models import Action, Evidence, EvidenceAccess, Recommendation, Update
from tests.factories import EvidenceFactory, UpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(action, contributor):
    return EvidenceFactory(update=UpdateFactory(action=action, author=contributor))


def download(client, evidence, address="203.0.113.44"):
    response = client.get(reverse("evidence_download", args=[evidence.pk]), REMOTE_ADDR=address)
    if response.streaming:
        # Reading it to the end closes the file (the test client closes the response).
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("persona", ["contributor", "lead", "oversight", "admin_user"])
def test_each_download_writes_one_audit_row_naming_who_when_and_where(client, request, evidence, persona):
    person = request.getfixturevalue(persona)
    client.force_login(person)
    before = timezone.now()

    first = download(client, evidence, "203.0.113.44")
    second = download(client, evidence, "2001:db8::7")

    assert first.status_code == second.status_code == 200
    rows = list(EvidenceAccess.objects.order_by("pk"))
    assert [(r.evidence_id, r.user_id, r.ip_address) for r in rows] == [
        (evidence.pk, person.pk, "203.0.113.44"),
        (evidence.pk, person.pk, "2001:db8::7"),
    ]
    assert all(before <= r.accessed_at <= timezone.now() for r in rows)


def test_behind_a_proxy_the_audit_records_the_persons_address_not_the_proxys(
    client, settings, lead, evidence
):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    client.force_login(lead)

    response = client.get(
        reverse("evidence_download", args=[evidence.pk]),
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.250, 198.51.100.7",
    )

    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert EvidenceAccess.objects.get().ip_address == "198.51.100.7"


def test_without_a_proxy_a_forged_forwarded_address_is_not_recorded(client, lead, evidence):
    client.force_login(lead)

    download_with_header = client.get(
        reverse("evidence_download", args=[evidence.pk]),
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="203.0.113.250",
    )

    b"".join(download_with_header.streaming_content)
    assert EvidenceAccess.objects.get().ip_address == "198.51.100.7"


def test_a_refused_download_writes_no_audit_row(client, outsider, evidence):
    client.force_login(outsider)

    assert download(client, evidence).status_code == 404
    assert not EvidenceAccess.objects.exists()


def test_a_signed_out_visitor_writes_no_audit_row(client, evidence):
    assert download(client, evidence).status_code == 302
    assert not EvidenceAccess.objects.exists()


def test_a_file_missing_from_the_store_is_not_found_and_not_recorded_as_downloaded(
    client, contributor, evidence
):
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(contributor)

    assert download(client, evidence).status_code == 404
    assert not EvidenceAccess.objects.exists()


@pytest.fixture
def access_row(evidence, contributor):
    return EvidenceAccess.objects.create(evidence=evidence, user=contributor, ip_address="203.0.113.44")


def test_an_audit_row_cannot_be_changed_or_deleted(access_row, oversight):
    access_row.user = oversight
    access_row.accessed_at = timezone.now() - timedelta(days=300)

    with pytest.raises(ValidationError):
        access_row.save()
    with pytest.raises(ValidationError):
        access_row.delete()

    stored = EvidenceAccess.objects.get()
    assert stored.user_id != oversight.pk
    assert stored.accessed_at > timezone.now() - timedelta(days=1)


def test_the_audit_trail_cannot_be_changed_or_deleted_in_bulk(access_row, oversight):
    rows = EvidenceAccess.objects.all()

    with pytest.raises(ValidationError):
        rows.update(user=oversight)
    with pytest.raises(ValidationError):
        rows.delete()
    with pytest.raises(ValidationError):
        EvidenceAccess.objects.filter(pk=access_row.pk).delete()
    access_row.user = oversight
    with pytest.raises(ValidationError), transaction.atomic():
        EvidenceAccess.objects.bulk_update([access_row], ["user"])

    assert EvidenceAccess.objects.get().user_id == access_row.evidence.update.author_id


def test_updates_and_evidence_cannot_be_changed_or_deleted_either(evidence):
    update = evidence.update
    update.narrative = "Rewritten."
    evidence.original_name = "renamed.pdf"

    for row in (update, evidence):
        with pytest.raises(ValidationError):
            row.save()
        with pytest.raises(ValidationError):
            row.delete()
    for manager, change in ((Update.objects, {"narrative": "Rewritten."}), (Evidence.objects, {"size": 1})):
        with pytest.raises(ValidationError):
            manager.all().update(**change)
        with pytest.raises(ValidationError):
            manager.all().delete()

    assert Update.objects.get().narrative != "Rewritten."
    assert Evidence.objects.get().original_name == "board-minutes.pdf"


# -- Reading the audit in the admin ------------------------------------------------------


def test_administrators_read_the_download_audit_in_the_admin(admin_client, access_row):
    response = admin_client.get(reverse("admin:recommendations_evidenceaccess_changelist"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "203.0.113.44" in content
    assert str(access_row.user) in content
    assert "board-minutes.pdf" in content


def test_administrators_read_who_changed_an_action_in_its_history(
    admin_client, action, lead, django_assert_max_num_queries
):
    services.progress_log(
        action=action,
        by=lead,
        narrative="The tool is agreed.",
        confidence="amber",
        percent_complete=70,
        expected_version=action.version,
    )

    with django_assert_max_num_queries(30):
        response = admin_client.get(reverse("admin:recommendations_action_history", args=[action.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert lead.username in content or str(lead) in content
    assert action.history.count() == 2
    assert action.history.first().history_user == lead


def test_the_history_records_who_archived_a_recommendation_in_the_admin(admin_client, admin_user, action):
    recommendation = action.recommendation

    admin_client.post(
        reverse("admin:recommendations_recommendation_changelist"),
        {"action": "archive_selected", "_selected_action": [recommendation.pk]},
    )

    recommendation.refresh_from_db()
    assert recommendation.is_archived
    latest = recommendation.history.first()
    assert (latest.is_archived, latest.history_user) == (True, admin_user)
    page = admin_client.get(reverse("admin:recommendations_recommendation_history", args=[recommendation.pk]))
    assert page.status_code == 200


def test_other_people_cannot_read_the_audit(client, oversight, lead, access_row):
    url = reverse("admin:recommendations_evidenceaccess_changelist")
    for person in (oversight, lead):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


# -- Nothing the timeline depends on is deleted ------------------------------------------------


MODELS = {
    "recommendation": Recommendation,
    "action": Action,
    "update": Update,
    "evidence": Evidence,
    "evidenceaccess": EvidenceAccess,
}


@pytest.mark.parametrize("model_name", list(MODELS))
def test_nothing_the_timeline_depends_on_can_be_deleted_in_the_admin(
    admin_client, evidence, access_row, model_name
):
    model = MODELS[model_name]
    obj = model._base_manager.order_by("pk").first()
    before = model._base_manager.count()

    delete_page = admin_client.get(reverse(f"admin:recommendations_{model_name}_delete", args=[obj.pk]))
    delete_post = admin_client.post(
        reverse(f"admin:recommendations_{model_name}_delete", args=[obj.pk]), {"post": "yes"}
    )
    changelist = admin_client.get(reverse(f"admin:recommendations_{model_name}_changelist"))
    bulk = admin_client.post(
        reverse(f"admin:recommendations_{model_name}_changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )

    assert delete_page.status_code == 403
    assert delete_post.status_code == 403
    assert 'value="delete_selected"' not in changelist.content.decode()
    assert bulk.status_code in (200, 302)
    assert model._base_manager.count() == before


@pytest.mark.parametrize("current", ["nobody", "contributor"])
def test_saving_the_owner_unchanged_writes_nothing_to_the_timeline(
    client, lead, contributor, action, current
):
    if current == "contributor":
        action.owner = contributor
        action.save()
    client.force_login(lead)

    response = client.post(
        reverse("action_owner", args=[action.pk]),
        {"version": action.version, "owner": action.owner_id or ""},
    )

    assert response.status_code == 400
    assert "Choose someone other than the current owner" in response.content.decode()
    assert not action.updates.exists()
