"""The assurance loop as people live it (issue 13, first part): the assurance team decides
with the evidence in view, a returned action is visibly returned until it is submitted
again, its owner hears about it, and an assured action can be reopened with a reason."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recommendations import reporting, services
from recommendations.models import Action, Evidence, Status, Update, UpdateKind
from tests.factories import ActionFactory, EvidenceFactory, MembershipFactory, UpdateFactory
from tests.recommendations.test_workspace_assurance import form

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def lead_submits(action, lead, pdf_upload, narrative="Every investigator trained."):
    """The lead submits ``action`` through the write path, with a file."""
    action.refresh_from_db()
    return services.progress_log(
        action=action,
        by=lead,
        narrative=narrative,
        confidence="green",
        percent_complete=100,
        status_to=Status.SUBMITTED,
        files=[pdf_upload()],
        expected_version=action.version,
    )


@pytest.fixture
def submitted(action, contributor, lead, pdf_upload):
    """``action`` with an earlier progress entry and its evidence, then submitted by its
    lead with a narrative and a file of its own."""
    first = UpdateFactory(
        action=action, author=contributor, narrative="Course designed.", percent_complete=50
    )
    EvidenceFactory(update=first, original_name="course-outline.pdf")
    lead_submits(action, lead, pdf_upload)
    action.refresh_from_db()
    return action


def return_it(action, oversight, reason="The attendance list is missing."):
    return services.action_return(action=action, by=oversight, reason=reason, expected_version=action.version)


def test_the_assure_page_shows_the_latest_narrative_every_file_and_earlier_returns(
    client, oversight, submitted, lead, pdf_upload
):
    return_it(submitted, oversight, reason="Add the attendance list.")
    lead_submits(submitted, lead, pdf_upload, narrative="Attendance list attached.")
    client.force_login(oversight)

    response = client.get(reverse("action_assure", args=[submitted.pk]))
    page = text(response)

    assert "Attendance list attached." in page  # the latest narrative, not the earlier ones
    assert "Every investigator trained." not in page and "Course designed." not in page
    files = Evidence.objects.filter(update__action=submitted)
    assert files.count() == 3  # the outline and one with each submission
    for evidence in files:
        assert f'href="{reverse("evidence_download", args=[evidence.pk])}"' in response.content.decode()
    assert "course-outline.pdf" in page
    assert "Returned before" in page and "Add the attendance list." in page


def test_returning_without_a_reason_shows_an_error_and_changes_nothing(client, oversight, submitted):
    client.force_login(oversight)
    url = reverse("action_return", args=[submitted.pk])
    before = submitted.updates.count()

    response = client.post(url, {**form(client, url), "reason": "  "})

    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert "Enter why the action is being returned" in text(response)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.updates.count()) == (Status.SUBMITTED, before)


def test_a_returned_action_is_tagged_and_bannered_until_it_is_submitted_again(
    client, contributor, lead, oversight, submitted, pdf_upload
):
    return_it(submitted, oversight, reason="The attendance list is missing.")
    client.force_login(contributor)

    detail = client.get(submitted.get_absolute_url())
    page = text(detail)
    assert "Returned by the GMCA assurance team on" in page
    assert "The attendance list is missing." in page
    assert 'govuk-tag--orange">Returned' in detail.content.decode()
    # The timeline heads the entry with who decided, not the status it moved to.
    assert re.search(r'moj-timeline__title">\s*Returned by the GMCA assurance team', detail.content.decode())
    listed = client.get(reverse("our_actions")).content.decode()
    assert 'govuk-tag--orange">Returned' in listed

    lead_submits(submitted, lead, pdf_upload)

    detail = client.get(submitted.get_absolute_url())
    assert "Returned by the GMCA assurance team on" not in text(detail)
    assert 'govuk-tag--orange">Returned' not in detail.content.decode()
    assert 'govuk-tag--orange">Returned' not in client.get(reverse("our_actions")).content.decode()


def test_a_reopened_action_is_not_shown_as_returned(client, contributor, oversight, agency):
    action = ActionFactory(agency=agency, status=Status.ASSURED, percent_complete=100)
    UpdateFactory(action=action, status_from=Status.SUBMITTED, status_to=Status.ASSURED)
    services.action_reopen(
        action=action,
        by=oversight,
        reason="The re-inspection found it again.",
        expected_version=action.version,
    )
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS and not action.is_returned
    client.force_login(contributor)
    assert 'govuk-tag--orange">Returned' not in client.get(action.get_absolute_url()).content.decode()


def test_a_return_emails_the_owner_and_the_leads_once_each(
    agency, contributor, lead, oversight, submitted, django_capture_on_commit_callbacks
):
    submitted.owner = contributor
    submitted.save()
    other_lead = MembershipFactory(agency=agency, role="lead").user
    submitted.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        return_it(submitted, oversight)

    returned = {m.to[0]: m.body for m in mail.outbox if m.subject.startswith("Returned")}
    assert sorted(returned) == sorted([contributor.email, lead.email, other_lead.email])
    assert len([m for m in mail.outbox if m.subject.startswith("Returned")]) == 3
    assert "because you own this action" in returned[contributor.email]
    assert "because you lead your agency's work on this action" in returned[lead.email]


# -- Reopening ------------------------------------------------------------------------


@pytest.fixture
def assured(agency, lead, oversight):
    action = ActionFactory(
        agency=agency, status=Status.ASSURED, percent_complete=100, recommendation__reference="R4"
    )
    UpdateFactory(action=action, author=oversight, status_from=Status.SUBMITTED, status_to=Status.ASSURED)
    action.refresh_from_db()
    return action


def test_the_assurance_team_reopens_an_assured_action_with_a_reason(client, oversight, assured):
    client.force_login(oversight)
    detail = client.get(assured.get_absolute_url()).content.decode()
    url = reverse("action_reopen", args=[assured.pk])
    assert f'href="{url}"' in detail

    response = client.post(url, {**form(client, url), "reason": "The re-inspection found the issue again."})

    assert response.status_code == 302 and response["Location"] == assured.get_absolute_url()
    assured.refresh_from_db()
    assert assured.status == Status.IN_PROGRESS
    entry = assured.updates.order_by("-created_at", "-pk").first()
    assert (entry.status_from, entry.status_to, entry.author) == (
        Status.ASSURED,
        Status.IN_PROGRESS,
        oversight,
    )
    page = client.get(assured.get_absolute_url()).content.decode()
    assert re.search(r'moj-timeline__title">\s*Reopened by the GMCA assurance team', page)
    assert "The re-inspection found the issue again." in page


def test_reopening_without_a_reason_shows_an_error_and_changes_nothing(client, oversight, assured):
    client.force_login(oversight)
    url = reverse("action_reopen", args=[assured.pk])

    response = client.post(url, {**form(client, url), "reason": ""})

    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert "Enter why the action is being reopened" in text(response)
    assured.refresh_from_db()
    assert assured.status == Status.ASSURED
    assert not Update.objects.filter(action=assured, status_from=Status.ASSURED).exists()


@pytest.mark.parametrize("who", ["contributor", "lead", "outsider", "admin_user"])
def test_only_the_assurance_team_may_reopen(client, request, assured, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("action_reopen", args=[assured.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Because.", "version": assured.version}).status_code == 404
    assured.refresh_from_db()
    assert assured.status == Status.ASSURED


def test_nobody_reopens_their_own_agencys_action(client, agency, assured):
    member = MembershipFactory(agency=agency, user__is_oversight=True).user
    client.force_login(member)
    assert client.get(reverse("action_reopen", args=[assured.pk])).status_code == 404


def test_the_reopen_page_of_an_action_not_assured_goes_back_to_the_action(client, oversight, action):
    client.force_login(oversight)

    response = client.get(reverse("action_reopen", args=[action.pk]), follow=True)

    assert response.redirect_chain == [(action.get_absolute_url(), 302)]
    assert "That action is not assured." in response.content.decode()


def test_a_stale_reopen_form_changes_nothing(client, oversight, assured):
    client.force_login(oversight)
    url = reverse("action_reopen", args=[assured.pk])
    fields = form(client, url)
    Action.objects.filter(pk=assured.pk).update(version=assured.version + 1)

    response = client.post(url, {**fields, "reason": "Faded."})

    assert response.status_code == 400
    assert Action.objects.get(pk=assured.pk).status == Status.ASSURED


@pytest.mark.parametrize("name", ["action_assure", "action_reopen"])
def test_a_decision_page_costs_the_same_queries_with_more_evidence_and_returns(
    client, oversight, agency, lead, name, django_assert_num_queries
):
    def make(n: int) -> Action:
        action = ActionFactory(agency=agency, status=Status.SUBMITTED, percent_complete=100)
        for _ in range(n):
            EvidenceFactory(update=UpdateFactory(action=action, author=lead, narrative="More."))
            UpdateFactory(
                action=action, status_from=Status.SUBMITTED, status_to=Status.IN_PROGRESS, narrative="Why."
            )
        last = Status.ASSURED if name == "action_reopen" else Status.SUBMITTED
        UpdateFactory(action=action, status_from=Status.IN_PROGRESS, status_to=last)
        Action.objects.filter(pk=action.pk).update(status=last)
        return action

    small, large = make(1), make(8)
    client.force_login(oversight)
    client.get(reverse(name, args=[small.pk]))  # the session and the like, once
    with CaptureQueriesContext(connection) as counted:
        assert client.get(reverse(name, args=[small.pk])).status_code == 200
    with django_assert_num_queries(len(counted.captured_queries)):
        assert client.get(reverse(name, args=[large.pk])).status_code == 200


# -- What needs doing (the agency's home page) ---------------------------------------


def task_counts(response) -> dict[str, str]:
    """Each task's label and what its status column says."""
    content = response.content.decode()
    items = re.findall(
        r'govuk-task-list__link" href="([^"]+)"[^>]*>([^<]+)</a>.*?govuk-task-list__status"[^>]*>\s*(.*?)\s*</div>',
        content,
        re.S,
    )
    return {
        label: (re.sub(r"<[^>]+>", "", status).strip(), href.replace("&amp;", "&"))
        for href, label, status in items
    }


def listed_count(client, href) -> int:
    response = client.get(href)
    return int(re.search(r'role="status">(\d+) action', response.content.decode())[1])


@pytest.fixture
def workload(agency, contributor, lead, oversight, pdf_upload):
    """``agency``'s actions: the contributor owns one overdue, one due soon and one
    returned; the lead's agency also has one without an owner and one waiting."""
    today = timezone.localdate()
    mine = {"agency": agency, "owner": contributor}
    overdue = ActionFactory(**mine, status=Status.IN_PROGRESS, due_date=today - datetime.timedelta(days=3))
    ActionFactory(**mine, status=Status.NOT_STARTED, due_date=today + datetime.timedelta(days=10))
    returned = ActionFactory(**mine, status=Status.IN_PROGRESS, due_date=today + datetime.timedelta(days=90))
    lead_submits(returned, lead, pdf_upload)
    return_it(Action.objects.get(pk=returned.pk), oversight)
    ActionFactory(
        agency=agency, owner=None, status=Status.NOT_STARTED, due_date=today + datetime.timedelta(days=200)
    )
    ActionFactory(
        agency=agency, owner=lead, status=Status.SUBMITTED, due_date=today + datetime.timedelta(days=200)
    )
    ActionFactory(
        agency=agency, owner=contributor, status=Status.ASSURED, due_date=today - datetime.timedelta(days=300)
    )
    return overdue


def test_a_contributors_home_lists_their_own_tasks_each_leading_to_that_many_actions(
    client, contributor, workload
):
    client.force_login(contributor)
    tasks = task_counts(client.get(reverse("our_actions")))

    assert {label: count for label, (count, _) in tasks.items()} == {
        "Returned by the GMCA assurance team": "1",
        "Overdue": "1",
        "With a milestone overdue": "None",
        "Due in the next 30 days": "1",
        "In progress": "2",
    }
    for count, href in tasks.values():
        assert listed_count(client, href) == (0 if count == "None" else int(count)), href


def test_a_leads_home_lists_the_agencys_tasks(client, lead, workload):
    client.force_login(lead)
    tasks = task_counts(client.get(reverse("our_actions")))

    assert {label: count for label, (count, _) in tasks.items()} == {
        "Ready for you to submit": "None",
        "Returned by the GMCA assurance team": "1",
        "Overdue": "1",
        "With a milestone overdue": "None",
        "Due in the next 30 days": "1",
        "Open with nobody named as owner": "1",
        "Waiting for the GMCA assurance team": "1",
        "New due dates waiting for a decision": "None",
    }
    for count, href in tasks.values():
        assert listed_count(client, href) == (0 if count == "None" else int(count)), href


def test_the_home_list_leaves_out_assured_actions_until_asked(client, contributor, workload):
    client.force_login(contributor)
    home = client.get(reverse("our_actions")).content.decode()
    assert 'role="status">5 actions' in home  # six, less the assured one
    assert "Show the assured ones" in home
    assert listed_count(client, reverse("our_actions") + "?status=assured") == 1


def test_the_queue_shows_days_waiting_and_evidence_files_oldest_first(client, oversight, agency, lead):
    older = ActionFactory(agency=agency, status=Status.SUBMITTED, percent_complete=100)
    newer = ActionFactory(agency=agency, status=Status.SUBMITTED, percent_complete=100)
    for action, days, files in ((older, 12, 2), (newer, 3, 1)):
        update = UpdateFactory(
            action=action,
            author=lead,
            status_from=Status.IN_PROGRESS,
            status_to=Status.SUBMITTED,
            created_at=timezone.now() - datetime.timedelta(days=days),
        )
        for _ in range(files):
            EvidenceFactory(update=update)
    client.force_login(oversight)

    content = client.get(reverse("assurance_queue")).content.decode()

    rows = re.findall(
        r'data-label="Days waiting">(\d+)</td>.*?href="/actions/(\d+)/".*?data-label="Evidence files">(\d+)</td>',
        content,
        re.S,
    )
    assert rows == [("12", str(older.pk), "2"), ("3", str(newer.pk), "1")]


# -- Ready for the lead, and submitting as it stands -----------------------------------


@pytest.fixture
def finished(action, contributor, lead):
    """``action`` at 100% with evidence, in progress, owned by the contributor."""
    update = UpdateFactory(
        action=action, author=contributor, narrative="All teams trained.", percent_complete=100
    )
    EvidenceFactory(update=update, original_name="training-register.pdf")
    Action.objects.filter(pk=action.pk).update(percent_complete=100, owner=contributor)
    action.refresh_from_db()
    return action


def test_a_contributor_marks_an_action_ready_and_the_leads_hear_once(
    client, contributor, lead, agency, finished, django_capture_on_commit_callbacks
):
    other_lead = MembershipFactory(agency=agency, role="lead").user
    client.force_login(contributor)
    url = reverse("action_ready", args=[finished.pk])
    assert f'href="{url}"' in client.get(finished.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**form(client, url), "note": "Register attached last week."})

    assert response.status_code == 302
    finished.refresh_from_db()
    entry = finished.updates.order_by("-created_at", "-pk").first()
    assert (entry.kind, entry.author, finished.status) == (UpdateKind.READY, contributor, Status.IN_PROGRESS)
    ready_mail = [m for m in mail.outbox if m.subject.startswith("Ready to submit")]
    assert sorted(m.to[0] for m in ready_mail) == sorted([lead.email, other_lead.email])
    assert "Register attached last week." in ready_mail[0].body
    page = client.get(finished.get_absolute_url()).content.decode()
    assert "Ready for the lead</strong>" in page
    assert f'href="{url}"' not in page  # said once is enough

    again = client.post(url, {**form_fields(finished), "note": ""})
    assert again.status_code == 400
    assert "already marked ready" in text(again)
    assert finished.updates.filter(kind=UpdateKind.READY).count() == 1


def form_fields(action) -> dict:
    action.refresh_from_db()
    return {"version": action.version, "form_token": str(uuid.uuid4())}


def test_the_lead_finds_it_ready_and_submits_it_as_it_stands(
    client, contributor, lead, oversight, finished, django_capture_on_commit_callbacks
):
    services.action_mark_ready(action=finished, by=contributor, expected_version=finished.version)
    client.force_login(lead)
    tasks = task_counts(client.get(reverse("our_actions")))
    count, href = tasks["Ready for you to submit"]
    assert count == "1" and listed_count(client, href) == 1

    url = reverse("action_submit", args=[finished.pk])
    page = client.get(url)
    assert "All teams trained." in text(page) and "training-register.pdf" in text(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**form(client, url), "note": ""})

    assert response.status_code == 302
    finished.refresh_from_db()
    assert finished.status == Status.SUBMITTED
    entry = finished.updates.order_by("-created_at", "-pk").first()
    assert (entry.kind, entry.status_to, entry.author) == (UpdateKind.STATUS, Status.SUBMITTED, lead)
    assert [m.to for m in mail.outbox if m.subject.startswith("Submitted")] == [[oversight.email]]
    assert "Ready for the lead</strong>" not in client.get(finished.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("percent", "with_evidence", "message"),
    [
        (80, True, "This action is 80% complete. Log progress to 100% before submitting it."),
        (100, False, "Attach at least one piece of evidence before submitting for assurance"),
    ],
)
def test_submitting_an_unfinished_action_shows_why_and_changes_nothing(
    client, lead, action, percent, with_evidence, message
):
    if with_evidence:
        EvidenceFactory(update=UpdateFactory(action=action, author=lead))
    Action.objects.filter(pk=action.pk).update(percent_complete=percent)
    client.force_login(lead)
    url = reverse("action_submit", args=[action.pk])
    before = action.updates.count()

    response = client.post(url, {**form(client, url), "note": ""})

    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert message in text(response)
    action.refresh_from_db()
    assert (action.status, action.updates.count()) == (Status.IN_PROGRESS, before)


def test_only_a_lead_submits_and_only_members_mark_ready(client, contributor, outsider, oversight, finished):
    client.force_login(contributor)
    assert client.post(reverse("action_submit", args=[finished.pk]), form_fields(finished)).status_code == 404
    for person in (outsider, oversight):
        client.force_login(person)
        assert (
            client.post(reverse("action_ready", args=[finished.pk]), form_fields(finished)).status_code == 404
        )
    finished.refresh_from_db()
    assert finished.status == Status.IN_PROGRESS
    assert not finished.updates.filter(kind=UpdateKind.READY).exists()


def test_the_submit_page_costs_the_same_queries_with_more_evidence(
    client, lead, agency, django_assert_num_queries
):
    def make(n: int) -> Action:
        action = ActionFactory(agency=agency, status=Status.IN_PROGRESS, percent_complete=100)
        for _ in range(n):
            EvidenceFactory(update=UpdateFactory(action=action, author=lead, narrative="More."))
        return action

    small, large = make(1), make(8)
    client.force_login(lead)
    client.get(reverse("action_submit", args=[small.pk]))
    with CaptureQueriesContext(connection) as counted:
        assert client.get(reverse("action_submit", args=[small.pk])).status_code == 200
    with django_assert_num_queries(len(counted.captured_queries)):
        assert client.get(reverse("action_submit", args=[large.pk])).status_code == 200


@pytest.mark.parametrize(
    ("utc", "shown"),
    [
        (datetime.datetime(2026, 12, 3, 16, 3, tzinfo=datetime.UTC), "4:03pm"),
        (datetime.datetime(2026, 12, 3, 0, 5, tzinfo=datetime.UTC), "12:05am"),
        (datetime.datetime(2026, 12, 3, 12, 15, tzinfo=datetime.UTC), "12:15pm"),
        # Summer time: London is an hour ahead of UTC.
        (datetime.datetime(2026, 7, 1, 8, 0, tzinfo=datetime.UTC), "9:00am"),
    ],
)
def test_times_read_as_people_write_them_in_london(utc, shown):
    from recommendations.templatetags.govuk import clock

    assert clock(utc) == shown


# -- Due dates keep their history ----------------------------------------------------


def test_a_moved_due_date_shows_how_often_it_moved_and_the_date_first_agreed(client, lead, oversight, agency):
    action = ActionFactory(
        agency=agency, status=Status.IN_PROGRESS, created_at=timezone.now() - datetime.timedelta(days=60)
    )
    first = action.due_date
    for days in (30, 60):
        action.refresh_from_db()
        services.action_change_due_date(
            action=action,
            by=oversight,
            due_date=first + datetime.timedelta(days=days),
            reason="Waiting for the new system.",
            expected_version=action.version,
        )
    client.force_login(lead)
    first_agreed = f"Moved 2 times: first agreed for {first:%-d %B %Y}"
    assert first_agreed in text(client.get(action.get_absolute_url()))
    listed = text(client.get(reverse("our_actions")))
    assert f"Moved 2 times (first {first:%-d %b %Y})" in listed
    client.force_login(oversight)
    assert f"Moved 2 times (first {first:%-d %b %Y})" in text(client.get(reverse("action_list")))
    # As at a day before the moves, the list shows the date as it then stood.
    before = reporting.now().day - datetime.timedelta(days=1)
    assert "Moved" not in text(client.get(reverse("action_list") + f"?as_at={before.isoformat()}"))


def test_an_unmoved_due_date_says_nothing_more(client, lead, action):
    client.force_login(lead)
    assert "Moved" not in text(client.get(action.get_absolute_url()))


# -- Asking for a new due date ---------------------------------------------------------


@pytest.fixture
def overdue(agency):
    """An in-progress action of ``agency`` ten days past its due date."""
    return ActionFactory(
        agency=agency,
        status=Status.IN_PROGRESS,
        due_date=timezone.localdate() - datetime.timedelta(days=10),
        created_at=timezone.now() - datetime.timedelta(days=200),
    )


def ask(action, lead, days=60, reason="The new system went live late."):
    action.refresh_from_db()
    return services.action_request_extension(
        action=action,
        by=lead,
        due_date=timezone.localdate() + datetime.timedelta(days=days),
        reason=reason,
        expected_version=action.version,
    )


def test_an_overdue_action_stays_overdue_while_its_new_date_waits(client, lead, overdue):
    ask(overdue, lead)
    overdue.refresh_from_db()

    assert overdue.is_overdue
    assert overdue.pending_extension().requested_due_date == timezone.localdate() + datetime.timedelta(
        days=60
    )
    client.force_login(lead)
    page = text(client.get(overdue.get_absolute_url()))
    assert "is waiting for the GMCA assurance team" in page
    assert "Ask for a new date" not in page  # one request at a time
    with pytest.raises(ValidationError, match="already waiting"):
        ask(overdue, lead, days=90)
    tasks = task_counts(client.get(reverse("our_actions")))
    count, href = tasks["New due dates waiting for a decision"]
    assert count == "1" and listed_count(client, href) == 1


def test_the_assurance_team_approves_a_new_date_and_it_is_in_force(client, lead, oversight, overdue):
    ask(overdue, lead)
    client.force_login(oversight)
    queue = client.get(reverse("assurance_queue")).content.decode()
    url = reverse("action_extension", args=[overdue.pk])
    assert f'href="{url}"' in queue

    page = client.get(url)
    assert "The new system went live late." in text(page)
    response = client.post(url, {**form(client, url), "decision": "approve", "note": ""})

    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.due_date == timezone.localdate() + datetime.timedelta(days=60)
    assert not overdue.is_overdue and overdue.pending_extension() is None
    entry = overdue.updates.order_by("-created_at", "-pk").first()
    assert (entry.kind, entry.author, entry.due_date_to) == (UpdateKind.DUE_DATE, oversight, overdue.due_date)
    assert f'href="{url}"' not in client.get(reverse("assurance_queue")).content.decode()
    assert overdue.due_history()[0] == 1


def test_refusing_needs_a_reason_and_leaves_the_date_in_force(client, lead, oversight, overdue):
    ask(overdue, lead)
    before = overdue.due_date
    client.force_login(oversight)
    url = reverse("action_extension", args=[overdue.pk])

    for data, message in (
        ({"decision": "refuse", "note": ""}, "Enter why the new due date is refused"),
        ({"note": "Why?"}, "Select whether you approve the new due date"),
    ):
        response = client.post(url, {**form(client, url), **data})
        assert response.status_code == 400 and message in text(response)
        assert "govuk-error-summary" in response.content.decode()
    assert overdue.updates.count() == 1

    response = client.post(url, {**form(client, url), "decision": "refuse", "note": "Agree a plan first."})
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.due_date == before and overdue.is_overdue
    assert overdue.pending_extension() is None
    assert overdue.updates.order_by("-created_at", "-pk").first().kind == UpdateKind.EXTENSION_REFUSED
    ask(overdue, lead, days=30, reason="With the plan agreed.")  # and may ask again
    assert overdue.pending_extension() is not None


@pytest.mark.parametrize("who", ["contributor", "lead", "outsider", "admin_user"])
def test_only_the_assurance_team_decides_on_a_new_date(client, request, lead, overdue, who):
    ask(overdue, lead)
    client.force_login(request.getfixturevalue(who))
    url = reverse("action_extension", args=[overdue.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {**form_fields(overdue), "decision": "approve"}).status_code == 404
    overdue.refresh_from_db()
    assert overdue.pending_extension() is not None


def test_a_lead_can_no_longer_move_a_due_date_alone(lead, overdue):
    with pytest.raises(PermissionDenied):
        services.action_change_due_date(
            action=overdue, by=lead, due_date=timezone.localdate(), reason="Moved.", expected_version=None
        )


def test_the_decision_page_of_an_action_with_no_request_goes_back_to_it(client, oversight, overdue):
    client.force_login(oversight)
    response = client.get(reverse("action_extension", args=[overdue.pk]), follow=True)
    assert response.redirect_chain == [(overdue.get_absolute_url(), 302)]
    assert "No request for a new due date is waiting" in response.content.decode()


def test_the_queue_costs_the_same_queries_with_more_requests(
    client, oversight, agency, lead, django_assert_num_queries
):
    def make(n: int) -> None:
        for _ in range(n):
            ask(ActionFactory(agency=agency, status=Status.IN_PROGRESS), lead)

    make(1)
    client.force_login(oversight)
    client.get(reverse("assurance_queue"))
    with CaptureQueriesContext(connection) as counted:
        assert client.get(reverse("assurance_queue")).status_code == 200
    make(6)
    with django_assert_num_queries(len(counted.captured_queries)):
        content = client.get(reverse("assurance_queue")).content.decode()
    assert content.count("/due-date/decide/") == 7


# -- How far due dates have slipped, on the dashboard -----------------------------------


def approve(action, lead, oversight, days=60):
    ask(action, lead, days=days)
    action.refresh_from_db()
    return services.action_decide_extension(
        action=action, by=oversight, approve=True, expected_version=action.version
    )


def test_the_dashboard_counts_actions_due_later_than_first_agreed_and_by_how_much(
    client, lead, oversight, overdue, action
):
    from recommendations import tallies

    first_agreed = overdue.due_date
    approve(overdue, lead, oversight, days=60)
    # A refused request moves nothing.
    ask(action, lead, days=30)
    action.refresh_from_db()
    services.action_decide_extension(
        action=action, by=oversight, approve=False, note="Not yet.", expected_version=action.version
    )
    overdue.refresh_from_db()
    assert (
        overdue.original_due_date == first_agreed
        and overdue.due_date == first_agreed + datetime.timedelta(days=70)
    )

    live = tallies.today().summary.totals
    now = reporting.now()
    counted = reporting.summarise(reporting.action_states(now), now).totals
    assert (live["slipped"], live["slipped_days"], live["slipped_avg_days"]) == (1, 70, 70)
    assert (counted["slipped"], counted["slipped_days"]) == (1, 70)
    assert tallies.differences() == []

    client.force_login(oversight)
    page = text(client.get(reverse("dashboard")))
    assert "1 action is due later than first agreed , by 70 days on average." in page
    listed = client.get(reverse("action_list"), {"due": "moved"})
    assert [a.pk for a in listed.context["page"].object_list] == [overdue.pk]


def test_as_at_a_day_before_the_move_nothing_had_slipped(oversight, lead, overdue):
    approve(overdue, lead, oversight)
    before = reporting.Moment(day=timezone.localdate() - datetime.timedelta(days=1), is_past=True)
    assert reporting.summarise(reporting.action_states(before), before).totals["slipped"] == 0
    today = reporting.now()
    assert reporting.summarise(reporting.action_states(today), today).totals["slipped"] == 1


def test_a_first_agreed_date_that_disagrees_with_the_timeline_is_reported(lead, oversight, overdue):
    from recommendations import intervals

    approve(overdue, lead, oversight)

    def first_agreed_problems():
        return [p for p in intervals.differences([overdue.pk]) if "first agreed" in p]

    assert first_agreed_problems() == []
    Action.objects.filter(pk=overdue.pk).update(original_due_date=F("due_date"))
    (problem,) = first_agreed_problems()
    assert problem.startswith(f"Action {overdue.pk}: due date first agreed {overdue.due_date}")


# -- Counts in the navigation -----------------------------------------------------------


def nav_count(response, section: str) -> str | None:
    """The count beside ``section`` in the service navigation, as a screen reader hears it."""
    nav = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', response.content.decode(), re.S)
    link = re.search(rf">{section}(.*?)</a>", nav.group(0), re.S)
    hidden = re.sub(r"<[^>]+>", "", link.group(1)).strip()
    return " ".join(hidden.split()) or None


def test_the_navigation_counts_the_actions_that_need_the_person(client, contributor, lead, agency, overdue):
    MembershipFactory(agency=agency, role="contributor", user__username="nat.notowner")
    Action.objects.filter(pk=overdue.pk).update(owner=contributor)
    client.force_login(contributor)
    assert nav_count(client.get(reverse("home"), follow=True), "Our actions") == "1 needs attention"
    # The lead sees the agency's: the overdue one and another marked ready for them.
    ready = ActionFactory(agency=agency, status=Status.IN_PROGRESS, percent_complete=100)
    services.action_mark_ready(action=ready, by=contributor, expected_version=ready.version)
    client.force_login(lead)
    assert nav_count(client.get(reverse("recommendation_list")), "Our actions") == "2 need attention"
    # Someone in the agency who owns none of them has nothing waiting.
    client.force_login(agency.memberships.get(user__username="nat.notowner").user)
    assert nav_count(client.get(reverse("recommendation_list")), "Our actions") is None


def test_a_returned_action_counts_for_its_owner_until_it_is_resubmitted(
    client, contributor, oversight, submitted
):
    Action.objects.filter(pk=submitted.pk).update(owner=contributor)
    client.force_login(contributor)
    assert nav_count(client.get(reverse("recommendation_list")), "Our actions") is None
    submitted.refresh_from_db()
    return_it(submitted, oversight)
    assert nav_count(client.get(reverse("recommendation_list")), "Our actions") == "1 needs attention"


def test_the_assurance_team_sees_its_queue_counted_in_the_navigation(
    client, oversight, lead, submitted, overdue
):
    client.force_login(oversight)
    assert nav_count(client.get(reverse("recommendation_list")), "Assurance queue") == "1 waiting"
    ask(overdue, lead)
    assert nav_count(client.get(reverse("recommendation_list")), "Assurance queue") == "2 waiting"
    # Nobody decides on their own agency's work, so it is not waiting for them.
    MembershipFactory(agency=submitted.agency, user=oversight, role="contributor")
    assert nav_count(client.get(reverse("recommendation_list")), "Assurance queue") is None


# -- E-mails about reopening and due dates -----------------------------------------------


def subjects(start: str) -> dict[str, str]:
    return {m.to[0]: m.body for m in mail.outbox if m.subject.startswith(start)}


def test_a_reopening_emails_the_owner_and_the_leads_once_each(
    contributor, lead, oversight, assured, django_capture_on_commit_callbacks
):
    Action.objects.filter(pk=assured.pk).update(owner=contributor)
    assured.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.action_reopen(
            action=assured,
            by=oversight,
            reason="The re-inspection found it again.",
            expected_version=assured.version,
        )
    reopened = subjects("Reopened: GMP's action on")
    assert sorted(reopened) == sorted([contributor.email, lead.email])
    assert len(mail.outbox) == 2
    assert "The re-inspection found it again." in reopened[lead.email]
    assert "because you own this action" in reopened[contributor.email]


def test_a_request_for_a_new_date_emails_the_assurance_team_and_the_decision_the_leads(
    agency, lead, oversight, overdue, django_capture_on_commit_callbacks
):
    other_lead = MembershipFactory(agency=agency, role="lead").user
    with django_capture_on_commit_callbacks(execute=True):
        ask(overdue, lead, days=60, reason="The new system went live late.")
    asked = subjects("New due date asked for")
    assert list(asked) == [oversight.email]
    assert "The new system went live late." in asked[oversight.email]
    assert "Until you decide, the action is due on" in asked[oversight.email]

    mail.outbox.clear()
    overdue.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.action_decide_extension(
            action=overdue,
            by=oversight,
            approve=False,
            note="Agree a plan first.",
            expected_version=overdue.version,
        )
    refused = subjects("New due date refused")
    assert sorted(refused) == sorted([lead.email, other_lead.email]) and len(mail.outbox) == 2
    assert "Agree a plan first." in refused[lead.email]

    mail.outbox.clear()
    ask(overdue, lead, days=90)
    mail.outbox.clear()
    overdue.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.action_decide_extension(
            action=overdue, by=oversight, approve=True, expected_version=overdue.version
        )
    approved = subjects("New due date set")
    assert sorted(approved) == sorted([lead.email, other_lead.email]) and len(mail.outbox) == 2
    new_date = timezone.localdate() + datetime.timedelta(days=90)
    assert f"{new_date:%-d %B %Y} instead of" in approved[lead.email]


def test_the_new_due_dates_preference_switches_those_emails_off(
    lead, oversight, overdue, django_capture_on_commit_callbacks
):
    from notifications.services import preference_update

    preference_update(user=oversight, offered=["due_date_asked"], enabled=[])
    with django_capture_on_commit_callbacks(execute=True):
        ask(overdue, lead)
    assert mail.outbox == []


def test_a_milestone_overdue_counts_once_in_the_navigation(client, lead, agency, overdue):
    """An action with a milestone overdue needs the lead too; one already overdue
    itself still counts once."""
    client.force_login(lead)
    assert nav_count(client.get(reverse("recommendation_list")), "Our actions") == "1 needs attention"
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    on_time = ActionFactory(
        agency=agency, status=Status.IN_PROGRESS, due_date=timezone.localdate() + datetime.timedelta(days=60)
    )
    for action in (on_time, overdue):
        action.refresh_from_db()
        services.action_plan(
            action=action,
            by=lead,
            plan=services.Plan(
                description="Audit the referrals.", milestones=[services.MilestoneSpec("Audit", yesterday)]
            ),
            expected_version=action.version,
        )
    assert nav_count(client.get(reverse("recommendation_list")), "Our actions") == "2 need attention"
