"""Agencies' own plans and impact separate from completion (issue 14, items 1 and 2):
"what we will do", dated milestones and percent complete from them, written by the lead
(and contributors when allowed) through the write path; an impact measure with values
over time; and "impact evidenced", the assurance team's second level of assurance. All
on the timeline and the state intervals, so the dashboard counts them as at any day."""

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from recommendations import intervals, reporting, services, tallies
from recommendations.models import Milestone, Status, Update, UpdateKind
from tests.factories import PUBLISHED_ON

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


@pytest.fixture
def fresh(agency, admin_user):
    """A not-started action created through the write path a month ago, so that its
    timeline alone gives its state intervals."""
    from tests.factories import RecommendationFactory

    return services.action_create(
        recommendation=RecommendationFactory(),
        agency=agency,
        due_date=TODAY() + 90 * DAY,
        by=admin_user,
        at=timezone.now() - 30 * DAY,
    )


def plan(action, person, **changes):
    """Write a plan on ``action`` as ``person``: by default two milestones, one done."""
    action.refresh_from_db()
    fields = {
        "description": "Train every missing-from-home coordinator in the new return interview.",
        "milestones": [
            services.MilestoneSpec("Agree the interview template", TODAY() - 10 * DAY, TODAY() - 12 * DAY),
            services.MilestoneSpec("Train the coordinators", TODAY() + 30 * DAY),
        ],
        **changes,
    }
    return services.action_plan(
        action=action, by=person, plan=services.Plan(**fields), expected_version=action.version
    )


def test_a_lead_writes_a_plan_on_the_timeline_with_the_whole_plan_kept(lead, fresh):
    action = fresh
    update = plan(action, lead, percent_from_milestones=True, impact_measure="Return interviews in 72 hours")
    action.refresh_from_db()
    assert update.kind == UpdateKind.PLAN
    assert "What we will do: written." in update.narrative  # the admin created it with none
    assert "Milestone added: “Train the coordinators”" in update.narrative
    assert "Percent complete now worked out from the milestones: 50%." in update.narrative
    assert [m["title"] for m in update.plan["milestones"]] == [
        "Agree the interview template",
        "Train the coordinators",
    ]
    assert update.plan["milestones"][0]["done_on"] == (TODAY() - 12 * DAY).isoformat()
    # The percent is on the entry too, so the timeline alone gives it.
    assert (action.percent_complete, update.percent_complete) == (50, 50)
    assert action.milestone_due == TODAY() + 30 * DAY
    assert action.description.startswith("Train every")
    assert intervals.differences([action.pk]) == []


def test_changing_a_plan_says_what_changed_and_keeps_removed_milestones(lead, fresh):
    action = fresh
    plan(action, lead)
    first, second = Milestone.objects.filter(action=action).order_by("position")
    update = plan(
        action,
        lead,
        milestones=[
            services.MilestoneSpec(first.title, first.due_on, first.done_on, pk=first.pk, remove=True),
            services.MilestoneSpec("Train all coordinators", second.due_on, TODAY(), pk=second.pk),
        ],
    )
    assert "Milestone removed: “Agree the interview template”." in update.narrative
    assert "Milestone “Train the coordinators” renamed “Train all coordinators”." in update.narrative
    assert f"done on {TODAY():%-d %B %Y}" in update.narrative
    first.refresh_from_db()
    assert first.is_removed  # kept, out of the plan
    action.refresh_from_db()
    assert action.milestone_due is None
    assert intervals.differences([action.pk]) == []


def test_bad_input_is_refused_by_milestone_and_changes_nothing(lead, action):
    before = (Update.objects.count(), Milestone.objects.count(), action.version)
    cases = [
        ({"description": "  "}, "description", "Enter what your agency will do"),
        ({"milestones": [services.MilestoneSpec("", TODAY())]}, "m0_title", "Enter what milestone 1 is"),
        (
            {"milestones": [services.MilestoneSpec("Audit", None)]},
            "m0_due_on",
            "Enter when milestone 1 is due",
        ),
        (
            {"milestones": [services.MilestoneSpec("Audit", PUBLISHED_ON - DAY)]},
            "m0_due_on",
            "on or after the report was published",
        ),
        (
            {"milestones": [services.MilestoneSpec("Audit", TODAY(), TODAY() + DAY)]},
            "m0_done_on",
            "today or in the past",
        ),
        ({"percent_from_milestones": True, "milestones": []}, "percent_from_milestones", "Add a milestone"),
        ({"impact_target": Decimal(80)}, "impact_measure", "Say what would show"),
    ]
    for changes, field, message in cases:
        with pytest.raises(ValidationError) as refused:
            plan(action, lead, **changes)
        assert message in " ".join(refused.value.message_dict[field])
    with pytest.raises(ValidationError, match="form was for an older plan"):
        plan(action, lead, milestones=[services.MilestoneSpec("Audit", TODAY(), pk=999_999)])
    action.refresh_from_db()
    assert (Update.objects.count(), Milestone.objects.count(), action.version) == before
    plan(action, lead)
    with pytest.raises(ValidationError, match="not changed anything"):
        plan(
            action,
            lead,
            milestones=[
                services.MilestoneSpec(m.title, m.due_on, m.done_on, pk=m.pk)
                for m in Milestone.objects.filter(action=action)
            ],
        )


def test_contributors_change_the_plan_only_when_a_lead_allows_and_never_the_permission(
    contributor, lead, outsider, oversight, action
):
    for person in (contributor, outsider, oversight):
        with pytest.raises(PermissionDenied):
            plan(action, person)
    plan(action, lead, contributors_may_plan=True)
    with pytest.raises(ValidationError, match="Only your agency's lead"):
        plan(action, contributor, contributors_may_plan=False, description="Changed by a contributor.")
    plan(action, contributor, description="Changed by a contributor.")
    action.refresh_from_db()
    assert (action.description, action.contributors_may_plan) == ("Changed by a contributor.", True)


def test_percent_from_milestones_replaces_the_typed_figure_and_gates_submission(lead, action, pdf_upload):
    plan(action, lead, percent_from_milestones=True)
    action.refresh_from_db()
    common = {"action": action, "by": lead, "narrative": "Done.", "confidence": "green"}
    with pytest.raises(ValidationError, match="worked out from the milestones"):
        services.progress_log(percent_complete=90, expected_version=action.version, **common)
    with pytest.raises(ValidationError, match="mark every milestone"):
        services.progress_log(
            percent_complete=None,
            status_to=Status.SUBMITTED,
            files=[pdf_upload()],
            expected_version=action.version,
            **common,
        )
    milestones = [
        services.MilestoneSpec(m.title, m.due_on, TODAY(), pk=m.pk) for m in action.milestones.all()
    ]
    plan(action, lead, percent_from_milestones=True, milestones=milestones)
    action.refresh_from_db()
    assert action.percent_complete == 100
    services.progress_log(
        percent_complete=None,
        status_to=Status.SUBMITTED,
        files=[pdf_upload()],
        expected_version=action.version,
        **common,
    )
    action.refresh_from_db()
    assert action.status == Status.SUBMITTED
    # Waiting for the assurance team, the plan cannot move under them.
    with pytest.raises(ValidationError, match="submitted for assurance"):
        plan(action, lead, description="Something else.")


def assured(action, oversight, lead, pdf_upload):
    plan(
        action,
        lead,
        impact_measure="Return interviews within 72 hours",
        impact_unit="%",
        impact_baseline=Decimal(41),
    )
    action.refresh_from_db()
    if action.status == Status.NOT_STARTED:
        services.progress_log(
            action=action,
            by=lead,
            narrative="Started.",
            confidence="green",
            percent_complete=50,
            status_to=Status.IN_PROGRESS,
            expected_version=None,
        )
    services.progress_log(
        action=action,
        by=lead,
        narrative="Done.",
        confidence="green",
        percent_complete=100,
        status_to=Status.SUBMITTED,
        files=[pdf_upload()],
        expected_version=action.version,
    )
    services.action_assure(action=action, by=oversight, expected_version=None)
    action.refresh_from_db()
    return action


def test_impact_is_a_second_level_the_assurance_team_records_and_reopening_clears(
    contributor, lead, oversight, fresh, pdf_upload
):
    action = fresh
    with pytest.raises(ValidationError, match="Only an action assured as delivered"):
        services.action_evidence_impact(action=action, by=oversight, note="x", expected_version=None)
    action = assured(action, oversight, lead, pdf_upload)
    # Values come after delivery too.
    services.action_record_impact_value(
        action=action, by=contributor, value=Decimal("63.5"), narrative="Q2 audit.", expected_version=None
    )
    for person in (contributor, lead):
        with pytest.raises(PermissionDenied):
            services.action_evidence_impact(action=action, by=person, note="x", expected_version=None)
    with pytest.raises(ValidationError, match="Enter what shows"):
        services.action_evidence_impact(action=action, by=oversight, note=" ", expected_version=None)
    update = services.action_evidence_impact(
        action=action,
        by=oversight,
        note="The audit shows 63% within 72 hours.",
        files=[pdf_upload()],
        expected_version=None,
    )
    action.refresh_from_db()
    assert (update.kind, action.impact_evidenced, update.evidence.count()) == (UpdateKind.IMPACT, True, 1)
    totals = tallies.today().summary.totals
    assert (totals[Status.ASSURED], totals["impact"], totals["impact_pct"]) == (1, 1, 100)
    with pytest.raises(ValidationError, match="already evidenced"):
        services.action_evidence_impact(action=action, by=oversight, note="Again.", expected_version=None)
    services.action_reopen(action=action, by=oversight, reason="The rate fell back.", expected_version=None)
    action.refresh_from_db()
    assert not action.impact_evidenced
    assert tallies.today().summary.totals["impact"] == 0
    assert tallies.differences() == [] and intervals.differences() == []


def test_a_value_needs_a_measure_a_number_and_words(contributor, lead, action):
    with pytest.raises(ValidationError, match="Say in the plan"):
        services.action_record_impact_value(
            action=action, by=contributor, value=Decimal(5), narrative="x", expected_version=None
        )
    plan(action, lead, impact_measure="Referrals a month")
    for value, narrative, message in ((None, "x", "Enter the latest value"), (Decimal(5), " ", "Say where")):
        with pytest.raises(ValidationError, match=message):
            services.action_record_impact_value(
                action=action, by=contributor, value=value, narrative=narrative, expected_version=None
            )


def test_figures_as_at_a_past_day_count_milestones_overdue_and_impact_as_they_stood(lead, fresh):
    """Backdated: a milestone due ten days ago, written twenty days ago, was overdue from
    its due date; the figures for the day before it fell due do not count it."""
    action, ago = fresh, timezone.now() - 20 * DAY
    services.action_plan(
        action=action,
        by=lead,
        plan=services.Plan(
            description="Audit the referrals.",
            milestones=[services.MilestoneSpec("Audit", TODAY() - 10 * DAY)],
        ),
        expected_version=None,
        at=ago,
    )

    def figures(day):
        moment = reporting.Moment(day=day, is_past=True)
        return reporting.summarise(reporting.action_states(moment), moment).totals

    assert figures(TODAY() - 11 * DAY)["milestone_overdue"] == 0
    assert figures(TODAY() - 9 * DAY)["milestone_overdue"] == 1
    assert tallies.today().summary.totals["milestone_overdue"] == 1
    assert figures(TODAY() - 9 * DAY)["impact"] == 0


def test_the_plan_form_saves_milestones_and_bad_input_gets_an_error_summary(
    client, lead, action, django_assert_max_num_queries
):
    client.force_login(lead)
    url = reverse("action_plan", args=[action.pk])
    with django_assert_max_num_queries(13):
        page = client.get(url).content.decode()
    assert "Never enter names or details of children" in page
    data = {
        "version": action.version,
        "form_token": str(uuid.uuid4()),
        "description": "Train the coordinators.",
        "m0_title": "Agree the template",
        "m0_due_on_day": "",
        "m0_due_on_month": "",
        "m0_due_on_year": "",
        "impact_measure": "Interviews in 72 hours",
        "impact_target": "eighty",
    }
    bad = client.post(url, data)
    text = bad.content.decode()
    assert bad.status_code == 400 and "There is a problem" in text
    assert "Target value must be a number" in text
    assert not Update.objects.filter(kind=UpdateKind.PLAN).exists()
    data["impact_target"] = "80"
    missing_date = client.post(url, data)
    assert (
        missing_date.status_code == 400 and "Enter when milestone 1 is due" in missing_date.content.decode()
    )
    due = TODAY() + 40 * DAY
    data.update({"m0_due_on_day": due.day, "m0_due_on_month": due.month, "m0_due_on_year": due.year})
    # An empty row between two milestones is skipped, and errors name the row's own number.
    data.update(
        {"m2_title": "Audit", "m2_due_on_day": "31", "m2_due_on_month": "2", "m2_due_on_year": "2027"}
    )
    wrong = client.post(url, data)
    assert "The due date of milestone 3 must be a real date" in wrong.content.decode()
    data.update({"m2_due_on_day": "28"})
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert [m.title for m in action.milestones.all()] == ["Agree the template", "Audit"]
    assert action.impact_target == Decimal(80)
    detail = client.get(action.get_absolute_url()).content.decode()
    assert "Agree the template" in detail and "Interviews in 72 hours" in detail
    assert "Plan changed" in detail


def test_the_impact_pages_and_the_dashboard(
    client, contributor, lead, oversight, action, pdf_upload, django_assert_max_num_queries
):
    action = assured(action, oversight, lead, pdf_upload)
    client.force_login(contributor)
    value_url = reverse("action_impact_value", args=[action.pk])
    bad = client.post(value_url, {"version": action.version, "impact_value": "lots", "narrative": "Audit."})
    assert bad.status_code == 400 and "Latest value must be a number" in bad.content.decode()
    client.post(value_url, {"version": action.version, "impact_value": "63.5", "narrative": "Q2 audit."})
    client.force_login(oversight)
    url = reverse("action_impact", args=[action.pk])
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert "63.5%" in page and "Baseline 41%" in page
    action.refresh_from_db()
    assert client.post(url, {"version": action.version, "note": ""}).status_code == 400
    client.post(url, {"version": action.version, "note": "The Q2 audit shows it."})
    action.refresh_from_db()
    assert action.impact_evidenced
    dashboard = " ".join(re.sub(r"<[^>]+>", " ", client.get(reverse("dashboard")).content.decode()).split())
    assert "1 assured as delivered, of which 1 (100%) with impact evidenced" in dashboard
    listed = client.get(reverse("action_list"), {"impact": "evidenced"})
    assert [a.pk for a in listed.context["page"].object_list] == [action.pk]


def test_our_actions_lists_milestones_overdue(client, lead, action):
    plan(action, lead, milestones=[services.MilestoneSpec("Audit", TODAY() - DAY)])
    client.force_login(lead)
    page = client.get(reverse("our_actions"))
    tasks = {t["key"]: t["count"] for t in page.context["tasks"]}
    assert tasks["milestone_overdue"] == 1
    assert "Milestone overdue" in page.content.decode()
    listed = client.get(reverse("our_actions"), {"due": "milestone"})
    assert [a.pk for a in listed.context["page"].object_list] == [action.pk]


def test_the_assurance_team_can_attach_their_own_evidence_when_assuring(
    client, lead, oversight, fresh, pdf_upload
):
    action = fresh
    plan(action, lead, impact_measure="Interviews within 72 hours")
    action.refresh_from_db()
    services.progress_log(
        action=action,
        by=lead,
        narrative="Started.",
        confidence="green",
        percent_complete=100,
        status_to=Status.IN_PROGRESS,
        expected_version=None,
    )
    services.progress_log(
        action=action,
        by=lead,
        narrative="Done.",
        confidence="green",
        percent_complete=100,
        status_to=Status.SUBMITTED,
        files=[pdf_upload()],
        expected_version=None,
    )
    action.refresh_from_db()
    client.force_login(oversight)
    response = client.post(
        reverse("action_assure", args=[action.pk]),
        {"version": action.version, "note": "Seen at the site visit.", "files": pdf_upload("site-visit.pdf")},
    )
    assert response.status_code == 302
    decision = Update.objects.get(action=action, status_to=Status.ASSURED)
    assert [e.original_name for e in decision.evidence.all()] == ["site-visit.pdf"]
