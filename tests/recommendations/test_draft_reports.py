"""Draft reports (issue 13, item 7): an administrator prepares a report, its grades,
recommendations and agencies' actions, and publishes it to partners when ready. Until
then partners, the assurance team, the public page and the API see none of it, and
publishing changes no figure for an earlier day."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from recommendations import intervals, reporting, services, tallies
from recommendations.models import Action, Inspection, Update, UpdateKind
from tests.factories import (
    GradedAreaFactory,
    GradeFactory,
    InspectorateFactory,
)
from tests.recommendations.test_admin_history import inspection_add_data

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def draft_actions(inspection) -> list[Action]:
    return list(Action.objects.filter(recommendation__inspection=inspection).order_by("pk"))


# -- The write path ----------------------------------------------------------------------


def test_a_draft_reports_actions_are_created_out_of_the_lists_and_figures(draft, agency):
    actions = draft_actions(draft)
    assert len(actions) == 3
    assert all(a.is_archived for a in actions)
    assert not Action.objects.filter(is_archived=False, recommendation__inspection=draft).exists()
    # Their intervals say so from creation, exactly as the timeline does.
    assert intervals.differences([a.pk for a in actions]) == []
    assert tallies.today().summary.totals["total"] == 0


def test_nobody_can_change_a_draft_action_before_it_is_published(draft, admin_user, lead):
    action = draft_actions(draft)[0]
    with pytest.raises(PermissionDenied):
        services.progress_log(
            action=action,
            by=lead,
            narrative="Started.",
            confidence="green",
            percent_complete=10,
            status_to="in_progress",
            expected_version=action.version,
        )
    with pytest.raises(ValidationError, match="still a draft"):
        services.action_archive(
            action=action, by=admin_user, archived=False, reason="x", expected_version=None
        )
    assert Update.objects.filter(action=action).count() == 0


def test_publishing_brings_every_action_in_with_an_entry_on_its_timeline(draft, admin_user):
    before = timezone.now()
    published = services.inspection_publish(inspection=draft, by=admin_user)

    draft.refresh_from_db()
    assert published == 3
    assert not draft.is_draft and draft.released_at >= before
    actions = draft_actions(draft)
    assert [a.is_archived for a in actions] == [False, False, False]
    entries = Update.objects.filter(action__in=actions)
    assert [(u.kind, u.archived, u.author) for u in entries] == [(UpdateKind.PUBLISH, False, admin_user)] * 3
    assert intervals.differences([a.pk for a in actions]) == []
    assert tallies.today().summary.totals["total"] == 3
    # The history says who published it.
    assert draft.history.first().history_user == admin_user


def test_publishing_twice_is_refused_and_changes_nothing(draft, admin_user):
    services.inspection_publish(inspection=draft, by=admin_user)
    with pytest.raises(ValidationError, match="already published to partners"):
        services.inspection_publish(inspection=draft, by=admin_user)
    assert Update.objects.filter(kind=UpdateKind.PUBLISH).count() == 3


def test_only_an_administrator_publishes(draft, oversight, lead):
    for person in (oversight, lead):
        with pytest.raises(PermissionDenied):
            services.inspection_publish(inspection=draft, by=person)
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_recommendation_archived_in_the_draft_stays_out_when_it_is_published(draft, admin_user):
    second = draft.recommendations.get(reference="D2")
    assert services.recommendation_archive(recommendation=second, by=admin_user, reason="Merged into D1") == 0
    assert services.inspection_publish(inspection=draft, by=admin_user) == 1
    assert list(
        Action.objects.filter(recommendation__inspection=draft, is_archived=False).values_list(
            "recommendation__reference", flat=True
        )
    ) == ["D1"]


def test_publishing_changes_no_figure_for_an_earlier_day(draft, admin_user, action):
    yesterday = reporting.Moment(day=timezone.localdate() - datetime.timedelta(days=1), is_past=True)
    before = reporting.summarise(reporting.action_states(yesterday), yesterday).totals
    services.inspection_publish(inspection=draft, by=admin_user)
    after = reporting.summarise(reporting.action_states(yesterday), yesterday).totals
    assert after == before
    # Today's figures count the published actions.
    now = reporting.now()
    assert reporting.summarise(reporting.action_states(now), now).totals["total"] == 4


def test_grades_of_a_draft_are_left_out_until_it_is_published(draft, admin_user, agency):
    def grades(moment):
        return [
            row
            for row in reporting.grades_with_open_work(reporting.action_states(moment), moment)
            if row["title"] == draft.title
        ]

    assert grades(reporting.now()) == []
    services.inspection_publish(inspection=draft, by=admin_user)
    assert len(grades(reporting.now())) == 1
    # As at yesterday the grade was not yet published to partners.
    yesterday = reporting.Moment(day=timezone.localdate() - datetime.timedelta(days=1), is_past=True)
    assert grades(yesterday) == []


def test_importing_into_a_draft_creates_its_actions_as_drafts_too(draft, admin_user, agency):
    from recommendations.imports import recommendations_import

    csv = (
        "reference,kind,wording,agencies,themes,due date\n"
        f"D3,recommendation,Agree one audit tool.,{agency.short_name},,"
        f"{(draft.published_on + datetime.timedelta(days=200)).isoformat()}\n"
    )
    result = recommendations_import(inspection=draft, name="draft.csv", data=csv.encode(), by=admin_user)
    assert result.created == ["D3"]
    assert Action.objects.get(recommendation__reference="D3").is_archived
    assert services.inspection_publish(inspection=draft, by=admin_user) == 4


# -- What partners, the assurance team, the public and the API see -------------------------


def test_partners_and_the_assurance_team_get_404_for_a_draft(client, draft, contributor, oversight, outsider):
    recommendation = draft.recommendations.get(reference="D1")
    action = draft_actions(draft)[0]
    for person in (contributor, oversight, outsider):
        client.force_login(person)
        for url in (
            reverse("report_detail", args=[draft.pk]),
            reverse("recommendation_detail", args=[recommendation.pk]),
            reverse("action_detail", args=[action.pk]),
            reverse("report_publish", args=[draft.pk]),
        ):
            assert client.get(url).status_code == 404, (person, url)


def test_a_draft_is_in_no_partners_list_filter_or_figure(client, draft, contributor, lead, action):
    client.force_login(lead)
    for name in ("recommendation_list", "our_actions", "action_list", "dashboard"):
        page = text(client.get(reverse(name)))
        assert "Train every investigator" not in page and "Draft inspection" not in page, name
    client.force_login(contributor)
    # Not offered as a filter either.
    assert "Draft inspection" not in client.get(reverse("recommendation_list")).content.decode()
    exported = client.get(reverse("export_recommendations", args=["csv"]))
    assert "Train every investigator" not in b"".join(exported.streaming_content).decode()


def test_the_public_page_does_not_show_a_draft(client, draft, action):
    page = text(client.get(reverse("public_summary")))
    assert "Draft inspection" not in page
    assert action.recommendation.inspection.title in page


def test_once_published_partners_see_it_everywhere(client, draft, admin_user, lead):
    services.inspection_publish(inspection=draft, by=admin_user)
    client.force_login(lead)
    assert client.get(reverse("report_detail", args=[draft.pk])).status_code == 200
    assert "Train every investigator" in text(client.get(reverse("our_actions")))
    assert "Draft inspection" in text(client.get(reverse("public_summary")))


# -- The administrator's pages ---------------------------------------------------------------


def test_an_administrator_previews_a_draft_with_every_action_it_will_publish(client, draft, admin_user):
    client.force_login(admin_user)
    page = text(client.get(reverse("report_detail", args=[draft.pk])))
    assert "Draft Only administrators can see this report." in page
    assert "Check and publish to partners" in page
    assert "Train every investigator" in page
    recommendation = draft.recommendations.get(reference="D2")
    page = text(client.get(reverse("recommendation_detail", args=[recommendation.pk])))
    assert "Only administrators can see this recommendation" in page
    assert "GMP" in page and "Rochdale" in page


def test_the_publish_page_says_what_partners_will_see(
    client, draft, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("report_publish", args=[draft.pk]))
    page = text(response)
    assert "Check the report before you publish it to partners" in page
    assert "GMP: 2" in page and "Rochdale: 1" in page
    assert "D2 : Share data weekly. (GMP, Rochdale)" in page
    assert "its 3 agency actions from now on" in page


def test_the_publish_page_publishes_and_goes_back_to_the_report(client, draft, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("report_publish", args=[draft.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("report_detail", args=[draft.pk])
    assert "is published to partners, with 3 agency actions" in text(response)
    draft.refresh_from_db()
    assert not draft.is_draft
    # A second tab sending the form again is told, and nothing changes.
    again = client.post(reverse("report_publish", args=[draft.pk]), follow=True)
    assert "already been published to partners" in text(again)
    assert Update.objects.filter(kind=UpdateKind.PUBLISH).count() == 3


def test_a_failure_to_publish_shows_an_error_summary_and_changes_nothing(
    client, draft, admin_user, monkeypatch
):
    def refuse(**kwargs):
        raise ValidationError("Someone else is publishing this report. Try again.")

    monkeypatch.setattr(services, "inspection_publish", refuse)
    client.force_login(admin_user)
    response = client.post(reverse("report_publish", args=[draft.pk]))
    assert response.status_code == 400
    assert "There is a problem Someone else is publishing this report" in text(response)
    assert Inspection.objects.get(pk=draft.pk).is_draft


def test_the_admin_lists_drafts(client, draft, admin_user, action):
    client.force_login(admin_user)
    page = text(client.get(reverse("admin:recommendations_inspection_changelist")))
    assert "Draft inspection of exploitation" in page and "Draft" in page
    drafts = client.get(reverse("admin:recommendations_inspection_changelist"), {"released_at__isempty": "1"})
    assert list(drafts.context["cl"].result_list) == [draft]


def test_a_new_report_added_in_the_admin_is_a_draft(admin_client, agency):
    hmicfrs = InspectorateFactory(short_name="HMICFRS")
    data = inspection_add_data(
        hmicfrs, GradeFactory(inspectorate=hmicfrs), GradedAreaFactory(inspectorate=hmicfrs), agency
    )
    assert admin_client.post(reverse("admin:recommendations_inspection_add"), data).status_code == 302
    assert Inspection.objects.get(slug="jtai-2025").is_draft
