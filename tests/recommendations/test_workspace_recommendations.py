"""All recommendations, and a recommendation's page: every partner reads every agency's
progress, because peer learning is the point of the Greater Manchester process."""

import datetime
import re

import pytest
from django.urls import reverse

from recommendations.models import Recommendation, Status
from tests.factories import (
    ActionFactory,
    GradedAreaFactory,
    GradeFactory,
    InspectionFactory,
    JudgementFactory,
    RecommendationFactory,
    ThemeFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    """The references of the recommendations a page lists, in order."""
    assert response.status_code == 200
    pks = list(dict.fromkeys(re.findall(r'href="/recommendations/(\d+)/"', response.content.decode())))
    by_pk = dict(Recommendation.objects.filter(pk__in=pks).values_list("pk", "reference"))
    return [by_pk[int(pk)] for pk in pks]


@pytest.fixture
def library(agency, other_agency):
    """Two reports with recommendations addressed to one or both agencies."""
    older = InspectionFactory(title="Interim findings letter", published_on=datetime.date(2024, 12, 13))
    newer = InspectionFactory(title="Part Four final report", published_on=datetime.date(2025, 7, 10))
    online, tools = ThemeFactory(name="Online CSE"), ThemeFactory(name="Consistent tools and processes")
    r1 = RecommendationFactory(
        inspection=older,
        reference="L1",
        wording="Include the voices of children and families.",
        themes=[online],
    )
    r2 = RecommendationFactory(
        inspection=older,
        reference="L2",
        kind=Recommendation.Kind.AREA_FOR_IMPROVEMENT,
        wording="Use one case-file audit tool.",
        themes=[online, tools],
    )
    r3 = RecommendationFactory(
        inspection=newer, reference="P1", wording="Share data between police and councils."
    )
    ActionFactory(recommendation=r1, agency=agency, status=Status.SUBMITTED)
    ActionFactory(recommendation=r1, agency=other_agency, status=Status.ASSURED)
    ActionFactory(recommendation=r2, agency=agency, status=Status.IN_PROGRESS)
    ActionFactory(recommendation=r3, agency=other_agency, status=Status.NOT_STARTED)
    RecommendationFactory(inspection=newer, reference="P9", is_archived=True)
    return {"older": older, "newer": newer, "online": online, "tools": tools, "r1": r1}


def all_recommendations(client, query=""):
    return client.get(reverse("recommendation_list") + query)


def test_all_recommendations_are_grouped_by_report_newest_report_first(client, outsider, library):
    client.force_login(outsider)

    response = all_recommendations(client)

    assert listed(response) == ["P1", "L1", "L2"]
    content = response.content.decode()

    def link(reference):
        return content.index(
            reverse("recommendation_detail", args=[Recommendation.objects.get(reference=reference).pk]) + '"'
        )

    results = content.index('role="status"')  # after the filters, whose report dropdown names both reports
    newer, older = (
        content.index("Part Four final report", results),
        content.index("Interim findings letter", results),
    )
    # Each report's heading comes before its own recommendations and after the previous report's.
    assert newer < link("P1") < older < link("L1") < link("L2")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=L2", ["L2"]),
        ("?q=audit+tool", ["L2"]),
        ("?q=POLICE", ["P1"]),
        ("?kind=area_for_improvement", ["L2"]),
        ("?kind=recommendation", ["P1", "L1"]),
    ],
)
def test_all_recommendations_filter_from_the_query_string(client, contributor, library, query, expected):
    client.force_login(contributor)
    assert listed(all_recommendations(client, query)) == expected


def test_all_recommendations_filter_by_report(client, contributor, library):
    client.force_login(contributor)
    assert listed(all_recommendations(client, f"?inspection={library['older'].pk}")) == ["L1", "L2"]


def test_all_recommendations_filter_by_theme_lists_each_once(client, contributor, library):
    client.force_login(contributor)
    assert listed(all_recommendations(client, f"?theme={library['online'].pk}")) == ["L1", "L2"]
    assert listed(all_recommendations(client, f"?theme={library['tools'].pk}")) == ["L2"]


def test_all_recommendations_filter_by_addressed_agency_lists_each_once(
    client, contributor, agency, other_agency, library
):
    client.force_login(contributor)

    response = all_recommendations(client, f"?agency={other_agency.pk}")

    assert listed(response) == ["P1", "L1"]
    assert "2 recommendations match your filters" in response.content.decode()
    assert listed(all_recommendations(client, f"?agency={agency.pk}")) == ["L1", "L2"]


def test_an_unknown_filter_on_all_recommendations_is_ignored_with_a_message(client, contributor, library):
    client.force_login(contributor)

    response = all_recommendations(client, "?kind=bogus&inspection=999999")

    assert "Some filters were not recognised and have been ignored." in response.content.decode()
    assert listed(response) == ["P1", "L1", "L2"]


def test_all_recommendations_show_each_addressed_agencys_status(client, outsider, library):
    client.force_login(outsider)

    content = all_recommendations(client).content.decode()

    card = content[content.index("Include the voices") :]
    card = card[: card.index("Use one case-file audit tool.")]
    assert re.search(r">GMP</a>\s*<strong[^>]*>Submitted for assurance<", card)
    assert re.search(r">Rochdale</a>\s*<strong[^>]*>Assured<", card)
    assert "1 of 2 agencies assured" in card


def test_all_recommendations_leave_out_archived_ones(client, contributor, library):
    client.force_login(contributor)
    assert "P9" not in listed(all_recommendations(client))
    archived = Recommendation.objects.get(reference="P9")
    assert client.get(reverse("recommendation_detail", args=[archived.pk])).status_code == 404


def test_all_recommendations_paginate(client, contributor):
    inspection = InspectionFactory()
    for n in range(30):
        RecommendationFactory(inspection=inspection, reference=f"R{n:02}")
    client.force_login(contributor)

    first, second = listed(all_recommendations(client)), listed(all_recommendations(client, "?page=2"))

    assert first == [f"R{n:02}" for n in range(25)]
    assert second == [f"R{n:02}" for n in range(25, 30)]


# -- A recommendation's page ------------------------------------------------------------


def test_the_recommendation_page_shows_the_wording_source_grade_themes_and_every_agencys_action(
    client, outsider, agency, other_agency, contributor
):
    inspection = InspectionFactory(
        title="National child protection inspection of GMP", source_url="https://www.example.org/gmp-report"
    )
    area = GradedAreaFactory(inspectorate=inspection.inspectorate, name="Investigating abuse")
    JudgementFactory(
        inspection=inspection,
        agency=agency,
        area=area,
        grade=GradeFactory(inspectorate=inspection.inspectorate, label="Adequate"),
    )
    recommendation = RecommendationFactory(
        inspection=inspection,
        area=area,
        wording="Improve the investigation of online child sexual exploitation.",
        themes=[ThemeFactory(name="Online CSE")],
    )
    ActionFactory(
        recommendation=recommendation,
        agency=agency,
        owner=contributor,
        status=Status.IN_PROGRESS,
        confidence="amber",
        percent_complete=45,
    )
    ActionFactory(recommendation=recommendation, agency=other_agency, status=Status.NOT_STARTED)
    client.force_login(outsider)

    content = client.get(reverse("recommendation_detail", args=[recommendation.pk])).content.decode()

    for text in (
        "Improve the investigation of online child sexual exploitation.",
        'href="https://www.example.org/gmp-report"',
        "Investigating abuse",
        "GMP: <strong>Adequate</strong>",
        "Online CSE",
        str(contributor),
        "45%",
        "Amber",
        "In progress",
        "Not started",
        "Rochdale",
    ):
        assert text in content, text
    assert ">Closed<" not in content


def test_the_recommendation_timeline_names_each_agency_and_pages_a_long_history(client, lead, action):
    for n in range(35):
        UpdateFactory(action=action, author=lead, narrative=f"Monthly update number {n:02}.")
    client.force_login(lead)
    url = reverse("recommendation_detail", args=[action.recommendation_id])

    first, second = client.get(url).content.decode(), client.get(url + "?page=2").content.decode()

    assert "Monthly update number 34." in first and "Monthly update number 05." in first
    assert "Monthly update number 04." not in first
    assert "Monthly update number 04." in second and "Monthly update number 00." in second
    assert "GMP:" in first


def test_the_recommendation_timeline_leaves_out_archived_actions(client, lead, action, other_agency):
    archived = ActionFactory(recommendation=action.recommendation, agency=other_agency, is_archived=True)
    UpdateFactory(action=archived, narrative="From an archived action.")
    UpdateFactory(action=action, narrative="From a live action.")
    client.force_login(lead)

    content = client.get(reverse("recommendation_detail", args=[action.recommendation_id])).content.decode()

    assert "From a live action." in content
    assert "From an archived action." not in content
