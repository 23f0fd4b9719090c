"""The assurance workflow, end to end through the browser's requests: a contributor logs
progress with evidence, the lead submits, oversight returns it with a reason, the lead
resubmits, oversight assures; and nobody assures their own agency's submission."""

import datetime
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations import services
from recommendations.models import Status, Update
from tests.factories import (
    ActionFactory,
    EvidenceFactory,
    MembershipFactory,
    RecommendationFactory,
    UpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def form(client, url) -> dict:
    """The hidden fields of the form at ``url``, as a browser would post them back."""
    response = client.get(url)
    assert response.status_code == 200, url
    content = response.content.decode()
    fields = dict(re.findall(r'<input type="hidden" name="(version|form_token)" value="([^"]*)"', content))
    assert set(fields) == {"version", "form_token"}, fields
    return fields


def queue(client) -> list[int]:
    response = client.get(reverse("assurance_queue"))
    assert response.status_code == 200
    ids = [int(pk) for pk in re.findall(r'href="/actions/(\d+)/assure/"', response.content.decode())]
    return list(dict.fromkeys(ids))


def submit(action, lead, *, at=None):
    """Put ``action`` in the queue as if its lead had submitted it at ``at``."""
    update = UpdateFactory(
        action=action,
        author=lead,
        status_from=action.status,
        status_to=Status.SUBMITTED,
        percent_complete=100,
        created_at=at or timezone.now(),
    )
    EvidenceFactory(update=update)
    action.status = Status.SUBMITTED
    action.version += 1
    action.save()
    return update


def test_the_whole_workflow_through_the_browser(client, contributor, lead, oversight, action, pdf_upload):
    progress_url = reverse("action_progress", args=[action.pk])
    recommendation_url = reverse("recommendation_detail", args=[action.recommendation_id])

    # A contributor logs progress with a PDF.
    client.force_login(contributor)
    response = client.post(
        progress_url,
        {
            **form(client, progress_url),
            "narrative": "Investigators trained; the course is attached.",
            "confidence": "green",
            "percent_complete": "90",
            "files": pdf_upload("course-outline.pdf"),
        },
    )
    assert response.status_code == 302

    # The lead submits it for assurance, on the evidence already logged.
    client.force_login(lead)
    response = client.post(
        progress_url,
        {
            **form(client, progress_url),
            "narrative": "Complete: every investigator has been trained.",
            "confidence": "green",
            "percent_complete": "100",
            "status_to": "submitted",
        },
        follow=True,
    )
    assert "Progress logged and the action submitted for assurance." in response.content.decode()
    action.refresh_from_db()
    assert action.status == Status.SUBMITTED

    # Oversight finds it in the queue and tries to return it without saying why.
    client.force_login(oversight)
    assert queue(client) == [action.pk]
    return_url = reverse("action_return", args=[action.pk])
    response = client.post(return_url, {**form(client, return_url), "reason": "  "})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert "Enter why the action is being returned" in response.content.decode()
    action.refresh_from_db()
    assert action.status == Status.SUBMITTED

    # With a reason it goes back to the agency.
    response = client.post(
        return_url,
        {**form(client, return_url), "reason": "Attach the attendance figures, not only the outline."},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("assurance_queue"), 302)]
    assert "GMP&#x27;s action on R1 has been returned." in response.content.decode()
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS
    assert queue(client) == []

    # The lead sees why on the timeline and resubmits with the figures.
    client.force_login(lead)
    assert (
        "Attach the attendance figures, not only the outline."
        in client.get(action.get_absolute_url()).content.decode()
    )
    response = client.post(
        progress_url,
        {
            **form(client, progress_url),
            "narrative": "Attendance figures attached.",
            "confidence": "green",
            "percent_complete": "100",
            "status_to": "submitted",
            "files": pdf_upload("attendance.pdf"),
        },
    )
    assert response.status_code == 302

    # Oversight assures it: the action is closed.
    client.force_login(oversight)
    assure_url = reverse("action_assure", args=[action.pk])
    response = client.post(assure_url, {**form(client, assure_url), "note": "Good evidence."}, follow=True)
    assert "GMP&#x27;s action on R1 is assured." in response.content.decode()
    action.refresh_from_db()
    assert action.status == Status.ASSURED

    # Every step is on the recommendation's timeline, newest first, with who did it.
    updates = list(Update.objects.filter(action=action).order_by("created_at", "pk"))
    assert [(u.author, u.status_from, u.status_to) for u in updates] == [
        (contributor, "", ""),
        (lead, "in_progress", "submitted"),
        (oversight, "submitted", "in_progress"),
        (lead, "in_progress", "submitted"),
        (oversight, "submitted", "assured"),
    ]
    content = client.get(recommendation_url).content.decode()
    steps = [
        "Good evidence.",
        "Attendance figures attached.",
        "Attach the attendance figures, not only the outline.",
        "Complete: every investigator has been trained.",
        "Investigators trained; the course is attached.",
    ]
    positions = [content.index(step) for step in steps]
    assert positions == sorted(positions)
    for name in ("course-outline.pdf", "attendance.pdf", str(contributor), str(lead), str(oversight)):
        assert name in content
    assert "Closed" in content


def test_the_queue_lists_the_oldest_submission_first(client, oversight, lead, agency):
    now = timezone.now()
    later, earlier = ActionFactory(agency=agency), ActionFactory(agency=agency)
    submit(later, lead, at=now - datetime.timedelta(days=1))
    submit(earlier, lead, at=now - datetime.timedelta(days=5))
    ActionFactory(agency=agency, status=Status.IN_PROGRESS)
    ActionFactory(agency=agency, status=Status.ASSURED)
    client.force_login(oversight)

    assert queue(client) == [earlier.pk, later.pk]


def test_a_returned_and_resubmitted_action_queues_by_its_latest_submission(client, oversight, lead, agency):
    now = timezone.now()
    first, second = ActionFactory(agency=agency), ActionFactory(agency=agency)
    submit(first, lead, at=now - datetime.timedelta(days=10))
    submit(second, lead, at=now - datetime.timedelta(days=5))
    UpdateFactory(
        action=first,
        author=oversight,
        kind="status",
        status_from="submitted",
        status_to="in_progress",
        confidence="",
        percent_complete=None,
        created_at=now - datetime.timedelta(days=4),
    )
    first.status = Status.IN_PROGRESS
    first.save()
    submit(first, lead, at=now - datetime.timedelta(days=1))
    client.force_login(oversight)

    assert queue(client) == [second.pk, first.pk]


def test_nobody_assures_their_own_agencys_submission(client, oversight, lead, agency, other_agency):
    MembershipFactory(user=oversight, agency=agency)
    ours, theirs = ActionFactory(agency=agency), ActionFactory(agency=other_agency)
    submit(ours, lead)
    submit(theirs, MembershipFactory(agency=other_agency, lead=True).user)
    client.force_login(oversight)

    assert queue(client) == [theirs.pk]
    for name in ("action_assure", "action_return"):
        url = reverse(name, args=[ours.pk])
        assert client.get(url).status_code == 404
        response = client.post(url, {"version": ours.version, "reason": "Looks fine to me.", "note": ""})
        assert response.status_code == 404
    ours.refresh_from_db()
    assert ours.status == Status.SUBMITTED
    page = client.get(ours.get_absolute_url()).content.decode()
    assert reverse("action_assure", args=[ours.pk]) not in page
    assert (
        reverse("action_assure", args=[theirs.pk]) in client.get(theirs.get_absolute_url()).content.decode()
    )


def test_an_administrator_cannot_assure_because_assurance_is_oversights_alone(
    client, admin_user, lead, action
):
    submit(action, lead)
    client.force_login(admin_user)
    url = reverse("action_assure", args=[action.pk])

    assert client.get(url).status_code == 404
    response = client.post(url, {"version": action.version + 1, "note": ""})

    assert response.status_code == 404
    action.refresh_from_db()
    assert action.status == Status.SUBMITTED


def test_assuring_an_action_that_was_returned_meanwhile_is_refused(client, oversight, lead, action):
    submit(action, lead)
    client.force_login(oversight)
    assure_url = reverse("action_assure", args=[action.pk])
    fields = form(client, assure_url)
    services.action_return(
        action=action,
        by=UserFactory(is_oversight=True),
        reason="Returned by a colleague.",
        expected_version=None,
    )

    response = client.post(assure_url, {**fields, "note": ""})

    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS


def test_a_double_submitted_assurance_writes_one_update(client, oversight, lead, action):
    submit(action, lead)
    client.force_login(oversight)
    url = reverse("action_assure", args=[action.pk])
    fields = {**form(client, url), "note": "Good."}

    first = client.post(url, fields)
    client.post(url, fields)

    assert first.status_code == 302
    assert Update.objects.filter(action=action, status_to=Status.ASSURED).count() == 1


@pytest.fixture
def shared_recommendation(agency, other_agency, lead):
    """One recommendation addressed to two agencies, both submitted."""
    ours = ActionFactory(agency=agency, recommendation__reference="R7")
    theirs = ActionFactory(agency=other_agency, recommendation=ours.recommendation)
    submit(ours, lead)
    submit(theirs, MembershipFactory(agency=other_agency, lead=True).user)
    return ours, theirs


def closed_tag_shown(client, recommendation) -> bool:
    content = client.get(reverse("recommendation_detail", args=[recommendation.pk])).content.decode()
    return ">Closed<" in content


def test_a_recommendation_is_closed_only_when_every_agencys_action_is_assured(
    client, oversight, shared_recommendation
):
    ours, theirs = shared_recommendation
    client.force_login(oversight)
    assert not closed_tag_shown(client, ours.recommendation)

    for action in (ours, theirs):
        url = reverse("action_assure", args=[action.pk])
        assert client.post(url, {**form(client, url), "note": ""}).status_code == 302
        if action is ours:
            assert not closed_tag_shown(client, ours.recommendation)

    assert closed_tag_shown(client, ours.recommendation)


def test_a_recommendation_with_no_actions_is_not_shown_as_closed(client, oversight):
    client.force_login(oversight)
    assert not closed_tag_shown(client, RecommendationFactory())


def test_returning_needs_a_reason_that_goes_on_the_timeline_for_every_partner(
    client, oversight, outsider, lead, action
):
    submit(action, lead)
    client.force_login(oversight)
    url = reverse("action_return", args=[action.pk])
    client.post(url, {**form(client, url), "reason": "The evidence is for a different action."})

    client.force_login(outsider)
    content = client.get(reverse("recommendation_detail", args=[action.recommendation_id])).content.decode()
    assert "The evidence is for a different action." in content


def test_the_return_form_is_stale_when_the_action_changed_since_it_was_opened(
    client, oversight, lead, action
):
    submit(action, lead)
    client.force_login(oversight)
    url = reverse("action_return", args=[action.pk])
    fields = form(client, url)
    fields["version"] = str(int(fields["version"]) - 1)

    response = client.post(url, {**fields, "reason": "Missing figures.", "form_token": str(uuid.uuid4())})

    assert response.status_code == 400
    assert "This action changed while you were editing it" in response.content.decode()
    action.refresh_from_db()
    assert action.status == Status.SUBMITTED
