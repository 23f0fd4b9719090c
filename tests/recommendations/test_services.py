"""The one write path: every move an action can make, its rules, and what it writes."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from agencies.models import Membership
from recommendations import services
from recommendations.models import Action, StaleVersion, Status, Update
from tests.factories import ActionFactory, EvidenceFactory, MembershipFactory, UpdateFactory, UserFactory

pytestmark = pytest.mark.django_db


def evidence_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("audit.txt", b"Audit of 40 case files", "text/plain")


def start(action, by, **kwargs):
    return services.progress_log(
        action=action,
        by=by,
        narrative="Started.",
        confidence="green",
        percent_complete=10,
        status_to=Status.IN_PROGRESS,
        expected_version=kwargs.pop("expected_version", None),
        **kwargs,
    )


def submit(action, by, **kwargs):
    kwargs.setdefault("files", [evidence_file()])
    return services.progress_log(
        action=action,
        by=by,
        narrative="Done; the audit is attached.",
        confidence="green",
        percent_complete=kwargs.pop("percent_complete", 100),
        status_to=Status.SUBMITTED,
        expected_version=kwargs.pop("expected_version", None),
        **kwargs,
    )


@pytest.fixture
def admin(db):
    return UserFactory(username="ada.admin", is_staff=True, is_superuser=True)


def test_the_transition_table_covers_every_status():
    assert set(Action.TRANSITIONS) == set(Status.values)
    assert Action.TRANSITIONS[Status.ASSURED] == (Status.IN_PROGRESS,)  # reopening


# -- Each legal move, through its command --------------------------------------------------


def test_starting_writes_one_progress_update_and_raises_the_version(contributor, agency):
    action = ActionFactory(agency=agency)

    update = start(action, contributor)

    assert (update.kind, update.status_from, update.status_to) == ("progress", "not_started", "in_progress")
    action.refresh_from_db()
    assert (action.status, action.version, action.percent_complete) == (Status.IN_PROGRESS, 2, 10)
    assert action.updated_at == update.created_at
    assert action.history.latest().version == 2


def test_a_lead_submits_a_complete_action_with_evidence(lead, action):
    update = submit(action, lead)

    assert update.status_to == Status.SUBMITTED
    assert update.evidence.count() == 1
    assert Action.objects.get(pk=action.pk).status == Status.SUBMITTED


def test_submitting_needs_the_action_to_be_complete(lead, action):
    with pytest.raises(ValidationError) as excinfo:
        submit(action, lead, percent_complete=90)

    assert excinfo.value.message_dict == {
        "percent_complete": ["An action submitted for assurance must be 100% complete"]
    }
    assert not Update.objects.exists()


def test_submitting_needs_evidence(lead, action):
    with pytest.raises(ValidationError) as excinfo:
        submit(action, lead, files=[])

    assert list(excinfo.value.message_dict) == ["files"]
    assert Action.objects.get(pk=action.pk).status == Status.IN_PROGRESS


def test_a_contributor_cannot_submit(contributor, action):
    with pytest.raises(ValidationError) as excinfo:
        submit(action, contributor)

    assert list(excinfo.value.message_dict) == ["status_to"]
    assert not Update.objects.exists()


def test_the_assurance_team_assures_and_reopens_with_a_reason(lead, oversight, action):
    submit(action, lead)
    services.action_assure(action=action, by=oversight, note="Evidence reviewed.", expected_version=None)
    assert Action.objects.get(pk=action.pk).status == Status.ASSURED

    update = services.action_reopen(
        action=action, by=oversight, reason="The re-inspection found the gap again.", expected_version=None
    )

    assert (update.status_from, update.status_to) == (Status.ASSURED, Status.IN_PROGRESS)
    assert update.narrative == "The re-inspection found the gap again."
    assert Action.objects.get(pk=action.pk).status == Status.IN_PROGRESS


@pytest.mark.parametrize("reason", ["", "  \n"])
def test_returning_and_reopening_need_a_reason(lead, oversight, action, reason):
    submit(action, lead)

    with pytest.raises(ValidationError) as excinfo:
        services.action_return(action=action, by=oversight, reason=reason, expected_version=None)

    assert excinfo.value.message_dict == {"reason": ["Enter why the action is being returned"]}
    services.action_assure(action=action, by=oversight, expected_version=None)
    with pytest.raises(ValidationError) as excinfo:
        services.action_reopen(action=action, by=oversight, reason=reason, expected_version=None)
    assert excinfo.value.message_dict == {"reason": ["Enter why the action is being reopened"]}


# -- Moves that are not allowed ------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.NOT_STARTED, Status.IN_PROGRESS, Status.ASSURED])
def test_only_a_submitted_action_can_be_returned(oversight, agency, status):
    action = ActionFactory(agency=agency, status=status)

    with pytest.raises(
        ValidationError, match="Only an action that is submitted for assurance can be returned"
    ):
        services.action_return(action=action, by=oversight, reason="Not good enough.", expected_version=None)

    action.refresh_from_db()
    assert (action.status, action.version) == (status, 1)
    assert not Update.objects.exists()


@pytest.mark.parametrize("status", [Status.NOT_STARTED, Status.IN_PROGRESS, Status.ASSURED])
def test_only_a_submitted_action_can_be_assured(oversight, agency, status):
    action = ActionFactory(agency=agency, status=status)

    with pytest.raises(ValidationError) as excinfo:
        services.action_assure(action=action, by=oversight, expected_version=None)

    assert excinfo.value.messages[0].startswith(
        "Only an action that is submitted for assurance can be assured"
    )
    assert not Update.objects.exists()


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.ASSURED])
def test_progress_cannot_be_logged_on_a_submitted_or_assured_action(contributor, agency, status):
    action = ActionFactory(agency=agency, status=status)

    with pytest.raises(ValidationError, match="progress can no longer be logged"):
        services.progress_log(
            action=action,
            by=contributor,
            narrative="More work.",
            confidence="green",
            percent_complete=50,
            expected_version=None,
        )


def test_nobody_assures_their_own_agencys_work(lead, action, agency):
    submit(action, lead)
    insider = UserFactory(is_oversight=True)
    MembershipFactory(user=insider, agency=agency, role=Membership.Role.CONTRIBUTOR)

    with pytest.raises(PermissionDenied):
        services.action_assure(action=action, by=insider, expected_version=None)


def test_a_partner_cannot_assure_or_return(lead, action):
    submit(action, lead)

    with pytest.raises(PermissionDenied):
        services.action_assure(action=action, by=lead, expected_version=None)
    with pytest.raises(PermissionDenied):
        services.action_return(action=action, by=lead, reason="Mine.", expected_version=None)


# -- Versions and form tokens --------------------------------------------------------------


def test_a_stale_version_is_refused_and_changes_nothing(contributor, lead, agency):
    action = ActionFactory(agency=agency)
    loaded = action.version
    start(Action.objects.get(pk=action.pk), contributor)

    with pytest.raises(StaleVersion, match="This action changed while you were editing it"):
        services.action_assign_owner(action=action, by=lead, owner=contributor, expected_version=loaded)

    action.refresh_from_db()
    assert (action.version, action.owner) == (2, None)
    assert Update.objects.count() == 1


def test_a_form_sent_twice_writes_one_update_whatever_the_move(lead, oversight, action):
    submit(action, lead)
    token = uuid.uuid4()
    version = Action.objects.get(pk=action.pk).version

    first = services.action_return(
        action=action, by=oversight, reason="Add the audit.", expected_version=version, form_token=token
    )
    again = services.action_return(
        action=action, by=oversight, reason="Add the audit.", expected_version=version, form_token=token
    )

    assert again.pk == first.pk and again.is_duplicate
    assert Update.objects.filter(status_to=Status.IN_PROGRESS, status_from=Status.SUBMITTED).count() == 1


def test_a_form_token_from_another_action_is_refused(contributor, agency):
    one, other = ActionFactory(agency=agency), ActionFactory(agency=agency)
    token = uuid.uuid4()
    start(one, contributor, form_token=token)

    with pytest.raises(ValidationError, match="This form was not for this action"):
        start(other, contributor, form_token=token)


def test_a_backdated_entry_cannot_come_before_the_latest_one(contributor, agency):
    action = ActionFactory(agency=agency)
    start(action, contributor)

    with pytest.raises(ValidationError, match="cannot come before"):
        services.action_assign_owner(
            action=action,
            by=UserFactory(is_staff=True),
            owner=contributor,
            expected_version=None,
            at=timezone.now() - datetime.timedelta(days=1),
        )


# -- Owners, due dates, archiving ----------------------------------------------------------


def test_an_owner_change_names_the_new_owner_on_the_timeline(lead, contributor, action):
    update = services.action_assign_owner(action=action, by=lead, owner=contributor, expected_version=None)

    assert (update.kind, update.owner_to) == ("owner", contributor)
    assert Action.objects.get(pk=action.pk).owner == contributor


def test_an_owner_must_work_for_the_agency(lead, outsider, action):
    with pytest.raises(ValidationError) as excinfo:
        services.action_assign_owner(action=action, by=lead, owner=outsider, expected_version=None)

    assert list(excinfo.value.message_dict) == ["owner"]


def test_a_due_date_cannot_be_before_the_report_was_published(lead, action):
    published = action.recommendation.inspection.published_on

    with pytest.raises(ValidationError) as excinfo:
        services.action_request_extension(
            action=action,
            by=lead,
            due_date=published - datetime.timedelta(days=1),
            reason="Earlier.",
            expected_version=None,
        )

    assert excinfo.value.message_dict["due_date"][0].startswith("The due date must be on or after")


def test_archiving_is_an_administrators_move_on_the_timeline(admin, lead, action):
    with pytest.raises(PermissionDenied):
        services.action_archive(action=action, by=lead, reason="Tidy up.", expected_version=None)

    update = services.action_archive(
        action=action, by=admin, reason="Superseded by R4.", expected_version=None
    )
    restored = services.action_archive(
        action=action, by=admin, archived=False, reason="Archived by mistake.", expected_version=None
    )

    assert [(u.kind, u.archived) for u in (update, restored)] == [("archive", True), ("archive", False)]
    assert Action.objects.get(pk=action.pk).is_archived is False


def test_archiving_a_recommendation_archives_each_action_on_its_own_timeline(admin, action, agency):
    other = ActionFactory(recommendation=action.recommendation)

    changed = services.recommendation_archive(
        recommendation=action.recommendation, by=admin, reason="Withdrawn by the inspectorate."
    )

    assert changed == 2
    assert set(Update.objects.filter(kind="archive").values_list("action", flat=True)) == {
        action.pk,
        other.pk,
    }
    action.recommendation.refresh_from_db()
    assert action.recommendation.is_archived


def test_an_archived_recommendations_actions_accept_no_partner_moves(admin, lead, contributor, action):
    action.recommendation.is_archived = True
    action.recommendation.save()

    with pytest.raises(PermissionDenied):
        start(action, contributor)
    with pytest.raises(PermissionDenied):
        services.action_assign_owner(action=action, by=lead, owner=contributor, expected_version=None)


def test_creating_an_action_checks_the_due_date_and_the_agency(admin, action, other_agency):
    published = action.recommendation.inspection.published_on

    with pytest.raises(ValidationError) as excinfo:
        services.action_create(
            recommendation=action.recommendation,
            agency=other_agency,
            due_date=published - datetime.timedelta(days=1),
            by=admin,
        )
    assert set(excinfo.value.message_dict) == {"due_date"}
    with pytest.raises(ValidationError) as excinfo:
        services.action_create(
            recommendation=action.recommendation, agency=action.agency, due_date=published, by=admin
        )
    assert set(excinfo.value.message_dict) == {"agency"}
    with pytest.raises(PermissionDenied):
        services.action_create(
            recommendation=action.recommendation, agency=action.agency, due_date=published, by=UserFactory()
        )


def test_an_earlier_update_written_elsewhere_keeps_the_evidence_rule_satisfied(lead, action):
    EvidenceFactory(update=UpdateFactory(action=action, author=lead))

    update = submit(action, lead, files=[])

    assert update.status_to == Status.SUBMITTED
