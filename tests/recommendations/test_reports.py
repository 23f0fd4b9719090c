"""A report's page (``report_detail``): what was published, its grades, and progress on
its recommendations, for readers only."""

import pytest
from django.urls import reverse

from recommendations.models import Status
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    GradedAreaFactory,
    GradeFactory,
    InspectionFactory,
    JudgementFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(agency):
    return InspectionFactory(
        title="Greater Manchester – National child protection inspection",
        authors="A. Inspector, HM Inspector of Constabulary",
        programme="National child protection inspections",
        source_url="https://www.example.org/publication-html/gm-ncpi-2024/",
        summary="Five areas were graded.",
        agencies=[agency],
    )


def page_of(client, user, report):
    client.force_login(user)
    return client.get(reverse("report_detail", args=[report.pk]))


def test_signed_out_visitors_are_sent_to_sign_in(client, report):
    response = client.get(reverse("report_detail", args=[report.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_someone_who_belongs_to_no_agency_gets_404(client, newcomer, report):
    assert page_of(client, newcomer, report).status_code == 404


def test_a_report_that_does_not_exist_is_404(client, contributor):
    client.force_login(contributor)
    assert client.get(reverse("report_detail", args=[999999])).status_code == 404


def test_it_shows_what_was_published_and_the_grades(client, outsider, report, agency):
    area = GradedAreaFactory(inspectorate=report.inspectorate, name="Working with safeguarding partners")
    JudgementFactory(
        inspection=report,
        agency=agency,
        area=area,
        grade=GradeFactory(inspectorate=report.inspectorate, label="Good"),
    )

    response = page_of(client, outsider, report)  # another agency's people read it too

    assert response.status_code == 200
    text = response.content.decode()
    for expected in (
        "Greater Manchester – National child protection inspection",
        report.inspectorate.name,
        "A. Inspector, HM Inspector of Constabulary",
        "National child protection inspections",
        "https://www.example.org/publication-html/gm-ncpi-2024/",
        "Five areas were graded.",
        "Working with safeguarding partners",
        agency.name,
    ):
        assert expected in text
    assert [(j.agency, j.area.name, j.grade.label) for j in response.context["judgements"]] == [
        (agency, "Working with safeguarding partners", "Good")
    ]


def test_it_counts_each_recommendations_actions_by_status_and_leaves_out_archived_ones(
    client, contributor, report
):
    first = RecommendationFactory(inspection=report, reference="R2", wording="Share data promptly.")
    tenth = RecommendationFactory(inspection=report, reference="R10", is_illustrative=True)
    RecommendationFactory(inspection=report, reference="R3", is_archived=True, wording="An archived one.")
    for status in (Status.ASSURED, Status.ASSURED, Status.IN_PROGRESS):
        ActionFactory(recommendation=first, status=status)
    ActionFactory(recommendation=first, status=Status.NOT_STARTED, is_archived=True)
    ActionFactory(recommendation=tenth, status=Status.SUBMITTED)

    response = page_of(client, contributor, report)

    rows = response.context["recommendations"]
    assert [r.reference for r in rows] == ["R2", "R10"]
    counts = {r.reference: {status: n for status, _, n in r.status_counts} for r in rows}
    assert counts["R2"] == {"not_started": 0, "in_progress": 1, "submitted": 0, "assured": 2}
    assert counts["R10"] == {"not_started": 0, "in_progress": 0, "submitted": 1, "assured": 0}
    assert [r.n_actions for r in rows] == [3, 1]
    text = response.content.decode()
    assert "An archived one." not in text
    assert text.count("Illustrative: not the published wording") == 2  # the key and R10's tag


def test_the_recommendation_page_links_to_its_report_and_tags_illustrative_wording(
    client, contributor, report
):
    published = RecommendationFactory(inspection=report)
    illustrative = RecommendationFactory(inspection=report, is_illustrative=True)
    client.force_login(contributor)
    link = f'href="{reverse("report_detail", args=[report.pk])}"'

    published_page = client.get(reverse("recommendation_detail", args=[published.pk])).content.decode()
    illustrative_page = client.get(reverse("recommendation_detail", args=[illustrative.pk])).content.decode()

    assert link in published_page and link in illustrative_page
    assert "Illustrative: not the published wording" not in published_page
    assert "Illustrative: not the published wording" in illustrative_page


def test_the_number_of_queries_does_not_grow_with_the_report(
    client, contributor, report, django_assert_max_num_queries
):
    def grow(recommendations: int) -> None:
        for _ in range(recommendations):
            recommendation = RecommendationFactory(inspection=report)
            ActionFactory(recommendation=recommendation, status=Status.IN_PROGRESS)
            ActionFactory(recommendation=recommendation, status=Status.ASSURED)
        area = GradedAreaFactory(inspectorate=report.inspectorate)
        JudgementFactory(inspection=report, agency=AgencyFactory(), area=area)

    grow(3)
    client.force_login(contributor)
    with django_assert_max_num_queries(30) as small:
        assert client.get(reverse("report_detail", args=[report.pk])).status_code == 200

    grow(27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("report_detail", args=[report.pk]))
    assert len(response.context["recommendations"]) == 30
