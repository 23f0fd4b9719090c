"""The admin cannot rewrite history (issue 11).

Every admin page that shows an action's fields either writes through
``recommendations.services`` (an entry on the action's timeline, the version raised)
or changes nothing; django-simple-history's "Revert" is not offered and a forged one
is refused; nothing in the admin is deleted; and a judgement's grade comes from the
inspecting body's own scale on the report's add page as well as on its change page.
"""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from agencies.models import Agency, Membership, User
from recommendations import services
from recommendations.admin import ADMIN_ARCHIVE_REASON, ActionAdmin, ActionInline, NewActionInline
from recommendations.models import (
    Action,
    Grade,
    GradedArea,
    Inspection,
    Inspectorate,
    Judgement,
    Recommendation,
    Theme,
    Update,
)
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    GradedAreaFactory,
    GradeFactory,
    InspectionFactory,
    InspectorateFactory,
    JudgementFactory,
    MembershipFactory,
    RecommendationFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_data(response) -> dict:
    """The POST body an administrator sends by pressing Save without changing anything:
    the page's form and inline formsets with their current values."""
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):  # none on a history page
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            elif isinstance(value, list | tuple):
                value = [str(getattr(item, "pk", item)) for item in value]
            elif isinstance(value, datetime.date):
                value = form[name].field.widget.format_value(value)  # as the page shows it
            data[form.add_prefix(name)] = value
    return data


def timeline(action: Action) -> list[str]:
    return list(Update.objects.filter(action=action).order_by("pk").values_list("kind", flat=True))


@pytest.fixture
def action(agency):
    """A not-started action of ``agency`` with nobody named as its owner."""
    return ActionFactory(agency=agency)


@pytest.fixture
def member(agency):
    return MembershipFactory(agency=agency, user__first_name="Mo", user__last_name="Member").user


# -- Every admin form that shows an action's fields is covered here ---------------------

COVERED = {ActionAdmin, ActionInline, NewActionInline}


def test_every_admin_page_showing_action_fields_is_covered_by_these_tests():
    showing_actions = set()
    for model, model_admin in admin.site._registry.items():
        if model is Action:
            showing_actions.add(type(model_admin))
        showing_actions |= {inline for inline in model_admin.inlines if inline.model is Action}
    assert showing_actions == COVERED


# -- An action's own page ---------------------------------------------------------------


def test_a_new_owner_saved_in_the_admin_goes_on_the_timeline(admin_client, action, member):
    page = admin_client.get(admin_url(Action, "change", action.pk))
    data = {**form_data(page), "owner": member.pk}
    response = admin_client.post(admin_url(Action, "change", action.pk), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.owner == member
    assert action.version == 2
    update = Update.objects.get(action=action)
    assert update.kind == Update.Kind.OWNER
    assert update.owner_to == member
    assert update.author.username == "admin"


def test_a_new_due_date_with_a_reason_goes_on_the_timeline(admin_client, action):
    old_due = action.due_date
    new_due = old_due + datetime.timedelta(days=30)
    page = admin_client.get(admin_url(Action, "change", action.pk))
    data = {**form_data(page), "due_date": new_due.isoformat(), "reason": "The audit moved to spring."}
    response = admin_client.post(admin_url(Action, "change", action.pk), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.due_date, action.version) == (new_due, 2)
    update = Update.objects.get(action=action)
    assert update.kind == Update.Kind.DUE_DATE
    assert (update.due_date_from, update.due_date_to) == (old_due, new_due)
    assert update.narrative == "The audit moved to spring."


def test_a_new_due_date_without_a_reason_is_refused_and_nothing_is_saved(admin_client, action, member):
    old_due = action.due_date
    page = admin_client.get(admin_url(Action, "change", action.pk))
    data = {
        **form_data(page),
        "owner": member.pk,
        "due_date": (old_due + datetime.timedelta(days=30)).isoformat(),
    }
    response = admin_client.post(admin_url(Action, "change", action.pk), data)
    assert response.status_code == 200
    assert "Enter why the due date is changing" in response.content.decode()
    action.refresh_from_db()
    # The owner change was refused with the due date: the whole save is one transaction.
    assert (action.due_date, action.owner, action.version) == (old_due, None, 1)
    assert timeline(action) == []


def test_a_due_date_before_the_report_was_published_is_refused(admin_client, action):
    page = admin_client.get(admin_url(Action, "change", action.pk))
    data = {**form_data(page), "due_date": "2020-01-01", "reason": "Typo in the import."}
    response = admin_client.post(admin_url(Action, "change", action.pk), data)
    assert response.status_code == 200
    assert "The due date must be on or after the report was published" in response.content.decode()
    action.refresh_from_db()
    assert action.version == 1
    assert timeline(action) == []


def test_a_save_from_a_stale_page_is_refused_with_nothing_saved(admin_client, admin_user, action, member):
    page = admin_client.get(admin_url(Action, "change", action.pk))
    # Someone names an owner on the website while the administrator has the page open.
    services.action_assign_owner(action=action, by=admin_user, owner=member, expected_version=1)
    old_due = action.due_date
    data = {
        **form_data(page),
        "due_date": (old_due + datetime.timedelta(days=30)).isoformat(),
        "reason": "The audit moved to spring.",
    }
    response = admin_client.post(admin_url(Action, "change", action.pk), data)
    assert response.status_code == 200
    assert "This action changed while you were editing it" in response.content.decode()
    action.refresh_from_db()
    assert (action.due_date, action.owner, action.version) == (old_due, member, 2)
    assert timeline(action) == [Update.Kind.OWNER]


def test_an_owner_from_another_agency_is_not_offered_or_accepted(admin_client, action, outsider):
    page = admin_client.get(admin_url(Action, "change", action.pk))
    assert outsider not in page.context["adminform"].form.fields["owner"].queryset
    response = admin_client.post(
        admin_url(Action, "change", action.pk), {**form_data(page), "owner": outsider.pk}
    )
    assert response.status_code == 200
    action.refresh_from_db()
    assert (action.owner, action.version) == (None, 1)
    assert timeline(action) == []


def test_posted_timeline_fields_are_ignored(admin_client, action, other_agency):
    page = admin_client.get(admin_url(Action, "change", action.pk))
    forged = {
        "agency": other_agency.pk,
        "recommendation": RecommendationFactory().pk,
        "status": "assured",
        "confidence": "green",
        "percent_complete": "100",
        "is_archived": "on",
    }
    response = admin_client.post(admin_url(Action, "change", action.pk), {**form_data(page), **forged})
    assert response.status_code == 302
    before = Action.history.filter(id=action.pk).count()
    action.refresh_from_db()
    assert (action.agency_id, action.status, action.percent_complete, action.is_archived, action.version) == (
        action.agency_id,
        "not_started",
        0,
        False,
        1,
    )
    assert action.agency != other_agency
    assert timeline(action) == []
    assert Action.history.filter(id=action.pk).count() == before


def test_a_forged_version_is_refused_as_stale(admin_client, action):
    page = admin_client.get(admin_url(Action, "change", action.pk))
    old_due = action.due_date
    data = {
        **form_data(page),
        "version": "7",
        "due_date": (old_due + datetime.timedelta(days=30)).isoformat(),
        "reason": "Agreed.",
    }
    response = admin_client.post(admin_url(Action, "change", action.pk), data)
    assert response.status_code == 200
    assert "This action changed while you were editing it" in response.content.decode()
    action.refresh_from_db()
    assert (action.version, action.due_date) == (1, old_due)


def test_what_the_agency_will_do_is_the_agencys_plan_and_read_only_here(admin_client, action):
    """Changed only through the plan (``services.action_plan``), with a timeline entry:
    a posted description is ignored and nothing is written."""
    page = admin_client.get(admin_url(Action, "change", action.pk))
    assert "description" not in page.context["adminform"].form.fields
    before = Action.history.filter(id=action.pk).count()
    response = admin_client.post(
        admin_url(Action, "change", action.pk), {**form_data(page), "description": "Audit every case file."}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.version) == (ActionFactory.description, 1)
    assert Action.history.filter(id=action.pk).count() == before
    assert timeline(action) == []


def test_an_action_added_in_the_admin_is_created_by_the_command(admin_client, admin_user, agency, member):
    recommendation = RecommendationFactory()
    due = recommendation.inspection.published_on + datetime.timedelta(days=60)
    data = {
        "recommendation": recommendation.pk,
        "agency": agency.pk,
        "owner": member.pk,
        "due_date": due.isoformat(),
        "description": "A new piece of work.",
    }
    response = admin_client.post(admin_url(Action, "add"), data)
    assert response.status_code == 302
    action = Action.objects.get(recommendation=recommendation, agency=agency)
    assert (action.owner, action.due_date, action.status, action.version) == (member, due, "not_started", 1)
    assert action.history.get().history_user == admin_user


def test_an_action_added_with_an_early_due_date_is_refused(admin_client, agency):
    recommendation = RecommendationFactory()
    data = {"recommendation": recommendation.pk, "agency": agency.pk, "due_date": "2020-01-01"}
    response = admin_client.post(admin_url(Action, "add"), data)
    assert response.status_code == 200
    assert "The due date must be on or after the report was published" in response.content.decode()
    assert not Action.objects.exists()


def test_an_action_added_with_an_owner_from_another_agency_is_refused(admin_client, agency, outsider):
    recommendation = RecommendationFactory()
    due = recommendation.inspection.published_on + datetime.timedelta(days=60)
    data = {"recommendation": recommendation.pk, "agency": agency.pk, "owner": outsider.pk, "due_date": due}
    response = admin_client.post(admin_url(Action, "add"), data)
    assert response.status_code == 200
    assert "Choose someone who works for the agency" in response.content.decode()
    assert not Action.objects.exists()


# -- A recommendation's page: its actions ------------------------------------------------


def test_a_recommendations_actions_are_read_only_on_its_page(admin_client, action, other_agency):
    recommendation = action.recommendation
    page = admin_client.get(admin_url(Recommendation, "change", recommendation.pk))
    assert admin_url(Action, "change", action.pk) in page.content.decode()  # edited on its own page
    data = form_data(page)
    assert not any(key.startswith("actions-0-") and key.endswith(("due_date", "owner")) for key in data)
    forged = {
        "actions-0-due_date": "2030-01-01",
        "actions-0-status": "assured",
        "actions-0-agency": other_agency.pk,
        "actions-0-is_archived": "on",
    }
    response = admin_client.post(admin_url(Recommendation, "change", recommendation.pk), {**data, **forged})
    assert response.status_code == 302
    due = action.due_date
    action.refresh_from_db()
    assert (action.due_date, action.status, action.agency_id, action.is_archived, action.version) == (
        due,
        "not_started",
        action.agency_id,
        False,
        1,
    )
    assert action.agency != other_agency
    assert timeline(action) == []


def test_an_action_added_on_a_recommendations_page_is_created_by_the_command(
    admin_client, admin_user, action, other_agency
):
    recommendation = action.recommendation
    page = admin_client.get(admin_url(Recommendation, "change", recommendation.pk))
    due = recommendation.inspection.published_on + datetime.timedelta(days=45)
    data = {
        **form_data(page),
        "actions-2-TOTAL_FORMS": "1",
        "actions-2-0-agency": other_agency.pk,
        "actions-2-0-due_date": due.isoformat(),
        "actions-2-0-description": "Rochdale's part.",
    }
    response = admin_client.post(admin_url(Recommendation, "change", recommendation.pk), data)
    assert response.status_code == 302
    added = Action.objects.get(recommendation=recommendation, agency=other_agency)
    assert (added.due_date, added.status, added.version) == (due, "not_started", 1)
    assert added.history.get().history_user == admin_user


def test_actions_added_with_a_new_recommendation_are_created_by_the_command(admin_client, agency):
    inspection = InspectionFactory()
    due = inspection.published_on + datetime.timedelta(days=45)
    data = {
        "inspection": inspection.pk,
        "reference": "R7",
        "kind": "recommendation",
        "wording": "Partners should share one audit tool.",
        "response": "awaiting",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
        "actions-2-TOTAL_FORMS": "1",
        "actions-2-INITIAL_FORMS": "0",
        "actions-2-0-agency": agency.pk,
        "actions-2-0-due_date": due.isoformat(),
    }
    response = admin_client.post(admin_url(Recommendation, "add"), data)
    assert response.status_code == 302
    added = Action.objects.get(recommendation__reference="R7")
    assert (added.agency, added.due_date, added.version) == (agency, due, 1)


def test_an_action_added_on_a_recommendations_page_keeps_the_due_date_rule(
    admin_client, action, other_agency
):
    recommendation = action.recommendation
    page = admin_client.get(admin_url(Recommendation, "change", recommendation.pk))
    data = {
        **form_data(page),
        "actions-2-TOTAL_FORMS": "1",
        "actions-2-0-agency": other_agency.pk,
        "actions-2-0-due_date": "2020-01-01",
    }
    response = admin_client.post(admin_url(Recommendation, "change", recommendation.pk), data)
    assert response.status_code == 200
    assert "The due date must be on or after the report was published" in response.content.decode()
    assert not Action.objects.filter(agency=other_agency).exists()


# -- Archiving goes on the timeline -----------------------------------------------------


def test_archiving_and_restoring_an_action_in_the_admin_go_on_its_timeline(admin_client, action):
    for name in ("archive_selected", "restore_selected"):
        response = admin_client.post(
            admin_url(Action, "changelist"), {"action": name, "_selected_action": [action.pk]}
        )
        assert response.status_code == 302
    action.refresh_from_db()
    assert (action.is_archived, action.version) == (False, 3)
    archived, restored = Update.objects.filter(action=action).order_by("pk")
    assert (archived.kind, archived.archived, archived.narrative) == ("archive", True, ADMIN_ARCHIVE_REASON)
    assert (restored.kind, restored.archived) == ("archive", False)


def test_archiving_a_recommendation_in_the_admin_archives_each_action_on_its_timeline(admin_client, action):
    second = ActionFactory(recommendation=action.recommendation)
    response = admin_client.post(
        admin_url(Recommendation, "changelist"),
        {"action": "archive_selected", "_selected_action": [action.recommendation_id]},
    )
    assert response.status_code == 302
    action.recommendation.refresh_from_db()
    assert action.recommendation.is_archived
    for each in (action, second):
        each.refresh_from_db()
        assert (each.is_archived, each.version, timeline(each)) == (True, 2, ["archive"])


def test_a_recommendation_is_not_archived_by_ticking_a_box(admin_client, action):
    recommendation = action.recommendation
    page = admin_client.get(admin_url(Recommendation, "change", recommendation.pk))
    response = admin_client.post(
        admin_url(Recommendation, "change", recommendation.pk), {**form_data(page), "is_archived": "on"}
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert not recommendation.is_archived


# -- No revert ---------------------------------------------------------------------------


def test_an_actions_history_offers_no_revert_and_a_forged_one_changes_nothing(
    admin_client, admin_user, action, member
):
    first_version = action.history.earliest()
    services.action_assign_owner(action=action, by=admin_user, owner=member, expected_version=1)
    url = admin_url(Action, "simple_history", action.pk, first_version.history_id)
    page = admin_client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert 'name="_save"' not in content
    assert 'name="_change_history"' not in content
    assert "Revert" not in content
    response = admin_client.post(url, {**form_data(page), "owner": ""})
    assert response.status_code == 403
    action.refresh_from_db()
    assert (action.owner, action.version) == (member, 2)
    assert timeline(action) == [Update.Kind.OWNER]


def test_a_judgements_history_offers_no_revert_and_a_forged_one_changes_nothing(admin_client):
    judgement = JudgementFactory()
    first_version = judgement.history.earliest()
    better = GradeFactory(inspectorate=judgement.inspection.inspectorate)
    judgement.grade = better
    judgement.save()
    url = admin_url(Judgement, "simple_history", judgement.pk, first_version.history_id)
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "Revert" not in page.content.decode()
    response = admin_client.post(url, form_data(page))
    assert response.status_code == 403
    judgement.refresh_from_db()
    assert judgement.grade == better
    assert judgement.history.count() == 2


# -- Nothing is deleted ------------------------------------------------------------------

FACTORIES = {
    Judgement: JudgementFactory,
    Theme: ThemeFactory,
    Grade: GradeFactory,
    GradedArea: GradedAreaFactory,
    Inspectorate: InspectorateFactory,
    Membership: MembershipFactory,
    Agency: AgencyFactory,
    User: UserFactory,
}


@pytest.mark.parametrize("model", FACTORIES, ids=lambda m: m.__name__)
def test_the_admin_deletes_nothing(model, admin_client):
    obj = FACTORIES[model]()
    page = admin_client.get(admin_url(model, "change", obj.pk))
    assert page.status_code == 200
    assert admin_url(model, "delete", obj.pk) not in page.content.decode()
    assert 'value="delete_selected"' not in admin_client.get(admin_url(model, "changelist")).content.decode()
    response = admin_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"})
    assert response.status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (Inspectorate, lambda: GradeFactory().inspectorate),
        (Inspection, lambda: JudgementFactory().inspection),
        (Agency, lambda: MembershipFactory().agency),
        (User, lambda: MembershipFactory().user),
    ],
    ids=["grades", "judgements", "agency members", "memberships"],
)
def test_inline_records_cannot_be_deleted_from_their_parents_page(model, make, admin_client):
    parent = make()
    page = admin_client.get(admin_url(model, "change", parent.pk))
    assert page.status_code == 200
    assert all(not inline.formset.can_delete for inline in page.context["inline_admin_formsets"])
    assert "-DELETE" not in page.content.decode()


def test_a_person_is_deactivated_rather_than_deleted(admin_client, member):
    response = admin_client.post(
        admin_url(User, "changelist"), {"action": "deactivate_selected", "_selected_action": [member.pk]}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert member.memberships.exists()


# -- A judgement's grade on the report's add page -----------------------------------------


def inspection_add_data(inspectorate, grade, area, agency) -> dict:
    return {
        "title": "Joint targeted area inspection",
        "short_name": "JTAI 2025",
        "slug": "jtai-2025",
        "inspectorate": inspectorate.pk,
        "kind": "inspection_report",
        "published_on": "2025-01-10",
        "source_url": "https://www.example.org/jtai",
        "judgements-TOTAL_FORMS": "1",
        "judgements-INITIAL_FORMS": "0",
        "judgements-0-agency": agency.pk,
        "judgements-0-area": area.pk,
        "judgements-0-grade": grade.pk,
        "recommendations-TOTAL_FORMS": "0",
        "recommendations-INITIAL_FORMS": "0",
        "clocks-TOTAL_FORMS": "0",
        "clocks-INITIAL_FORMS": "0",
    }


def test_a_judgement_added_with_a_report_takes_a_grade_from_its_inspectorates_scale(admin_client, agency):
    hmicfrs = InspectorateFactory(short_name="HMICFRS")
    GradeFactory(inspectorate=hmicfrs, label="Adequate")
    area = GradedAreaFactory(inspectorate=hmicfrs)
    ofsted_grade = GradeFactory(label="Requires improvement to be good")  # another inspectorate's scale
    response = admin_client.post(
        admin_url(Inspection, "add"), inspection_add_data(hmicfrs, ofsted_grade, area, agency)
    )
    assert response.status_code == 200
    assert "Choose a grade from HMICFRS&#x27;s scale: Adequate." in response.content.decode()
    assert not Inspection.objects.exists()
    assert not Judgement.objects.exists()


def test_a_judgement_added_with_a_report_takes_an_area_its_inspectorate_grades(admin_client, agency):
    hmicfrs = InspectorateFactory(short_name="HMICFRS")
    grade = GradeFactory(inspectorate=hmicfrs)
    other_area = GradedAreaFactory()
    response = admin_client.post(
        admin_url(Inspection, "add"), inspection_add_data(hmicfrs, grade, other_area, agency)
    )
    assert response.status_code == 200
    assert "Choose an area that HMICFRS grades." in response.content.decode()
    assert not Inspection.objects.exists()


def test_a_judgement_from_the_right_scale_is_added_with_its_report(admin_client, agency):
    hmicfrs = InspectorateFactory(short_name="HMICFRS")
    grade = GradeFactory(inspectorate=hmicfrs)
    area = GradedAreaFactory(inspectorate=hmicfrs)
    response = admin_client.post(
        admin_url(Inspection, "add"), inspection_add_data(hmicfrs, grade, area, agency)
    )
    assert response.status_code == 302
    assert Judgement.objects.get().grade == grade
