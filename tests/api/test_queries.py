"""Every API list costs the same number of queries with 5 rows as with 50.

Each list is read with 5 rows (actions with owners, themes, two agencies, judgements,
updates with evidence on some), then the data grows to 50 and it is read again: the
second count may not exceed the first, and the first stays under a ceiling.
"""

import datetime

import pytest
from django.utils import timezone

from recommendations import tallies
from recommendations.models import Status
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    EvidenceFactory,
    InspectionFactory,
    JudgementFactory,
    RecommendationFactory,
    ThemeFactory,
    UpdateFactory,
    derived_once,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 50
CEILING = 10
# The public summary after a change to every agency: today's tallies are counted again
# (six queries) and stored (six more, the savepoint's included) before the usual reads.
PUBLIC_CEILING = 22


@derived_once()
def grow(count, agency, other_agency, owner, theme):
    """``count`` recommendations, each with an action for both agencies made a week ago,
    themes, a judgement, a report covering both agencies, and updates with and without
    evidence; and ``count`` more agencies."""
    themes = [theme, ThemeFactory()]
    week_ago = timezone.now() - datetime.timedelta(days=7)
    for n in range(count):
        inspection = InspectionFactory(agencies=[agency, other_agency])
        JudgementFactory(inspection=inspection, agency=agency)
        recommendation = RecommendationFactory(inspection=inspection, themes=themes[: 1 + n % 2])
        ours = ActionFactory(
            recommendation=recommendation,
            agency=agency,
            owner=owner if n % 2 else None,
            status=Status.IN_PROGRESS,
            confidence="amber",
            created_at=week_ago,
        )
        theirs = ActionFactory(recommendation=recommendation, agency=other_agency, created_at=week_ago)
        for action in (ours, theirs):
            update = UpdateFactory(
                action=action, author=owner, created_at=timezone.now() - datetime.timedelta(hours=n)
            )
            if n % 2 == 0:
                EvidenceFactory(update=update)
        AgencyFactory()


LISTS = [
    "/api/actions?limit=100",
    "/api/actions?limit=100&sort=-percent&status=in_progress&theme={theme}",
    "/api/actions?limit=100&as_at={yesterday}",
    "/api/recommendations?limit=100",
    "/api/recommendations?limit=100&agency={agency}&theme={theme}",
    "/api/inspections?limit=100",
    "/api/inspections?limit=100&agency={agency}",
    "/api/judgements?limit=100",
    "/api/updates?limit=100",
    "/api/updates?limit=100&agency={agency}",
    "/api/agencies?limit=100",
    "/api/themes?limit=100",
    "/api/public/summary",
]


@pytest.mark.parametrize("persona", ["contributor", "oversight"])
def test_each_list_costs_the_same_queries_for_5_and_50_rows(
    api_client, request, agency, other_agency, contributor, make_token, django_assert_max_num_queries, persona
):
    theme = ThemeFactory()
    grow(SMALL, agency, other_agency, contributor, theme)
    secret = make_token(request.getfixturevalue(persona))
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    urls = [path.format(agency=agency.pk, theme=theme.pk, yesterday=yesterday) for path in LISTS]
    assert api_client.get(urls[0], secret).status_code == 200  # records the token's use

    small = {}
    for url in urls:
        tallies.touch_all()  # the public summary then counts every agency again: its most
        with django_assert_max_num_queries(PUBLIC_CEILING if "public" in url else CEILING) as captured:
            response = api_client.get(url, secret)
            assert response.status_code == 200, url
        small[url] = (len(captured.captured_queries), len(response.json().get("results", [])))

    grow(LARGE - SMALL, agency, other_agency, contributor, theme)
    for url in urls:
        queries, rows = small[url]
        tallies.touch_all()
        with django_assert_max_num_queries(queries):
            response = api_client.get(url, secret)
            assert response.status_code == 200, url
        if "results" in response.json():
            assert len(response.json()["results"]) > rows, url
