"""Every workspace page runs the same number of queries with 5 rows as with 100.

Each test measures a page with 5 rows (actions, recommendations or updates, with owners,
themes, several agencies and evidence on some updates), grows the data to 100 rows and
measures again: the second count may not exceed the first. The first count is also held
under a ceiling, so a page cannot quietly become expensive at any size.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations.models import Status
from tests.factories import (
    ActionFactory,
    EvidenceFactory,
    InspectionFactory,
    MembershipFactory,
    RecommendationFactory,
    ThemeFactory,
    UpdateFactory,
    derived_once,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 100


def assert_constant(client, url, grow, django_assert_max_num_queries, ceiling):
    """``url`` costs no more queries after ``grow()`` adds rows than before."""
    assert client.get(url).status_code == 200  # warm per-process caches (content types, ...)
    with django_assert_max_num_queries(ceiling) as small:
        assert client.get(url).status_code == 200
    grow()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
        assert response.status_code == 200
    return response


@pytest.fixture
def themes(db):
    return [ThemeFactory(), ThemeFactory()]


@pytest.fixture
def inspections(db):
    return [InspectionFactory(), InspectionFactory()]


@derived_once()
def make_actions(count, agency, other_agency, owner, themes, inspections, status=Status.IN_PROGRESS):
    actions = []
    for n in range(count):
        recommendation = RecommendationFactory(inspection=inspections[n % 2], themes=themes[: n % 3])
        actions.append(
            ActionFactory(
                recommendation=recommendation,
                agency=agency,
                owner=owner if n % 2 else None,
                status=status,
                confidence="green" if n % 3 else "",
            )
        )
        ActionFactory(recommendation=recommendation, agency=other_agency, status=Status.NOT_STARTED)
    return actions


@derived_once()
def make_updates(count, action, authors):
    base = timezone.now() - datetime.timedelta(days=count)
    for n in range(count):
        update = UpdateFactory(
            action=action, author=authors[n % len(authors)], created_at=base + datetime.timedelta(hours=n)
        )
        if n % 4 == 0:
            EvidenceFactory(update=update)
        if n % 8 == 0:
            EvidenceFactory(update=update, original_name="second-file.pdf")


def test_our_actions_query_count_is_constant(
    client, contributor, agency, other_agency, themes, inspections, django_assert_max_num_queries
):
    make_actions(SMALL, agency, other_agency, contributor, themes, inspections)
    client.force_login(contributor)

    response = assert_constant(
        client,
        reverse("our_actions"),
        lambda: make_actions(LARGE - SMALL, agency, other_agency, contributor, themes, inspections),
        django_assert_max_num_queries,
        ceiling=15,
    )
    assert "100 actions" in response.content.decode()


def test_our_actions_filtered_by_theme_query_count_is_constant(
    client, contributor, agency, other_agency, themes, inspections, django_assert_max_num_queries
):
    make_actions(SMALL, agency, other_agency, contributor, themes, inspections)
    client.force_login(contributor)

    assert_constant(
        client,
        reverse("our_actions") + f"?theme={themes[0].pk}&status=in_progress&sort=-percent",
        lambda: make_actions(LARGE - SMALL, agency, other_agency, contributor, themes, inspections),
        django_assert_max_num_queries,
        ceiling=16,  # with the navigation's count of actions needing the person
    )


def test_all_recommendations_query_count_is_constant(
    client, outsider, agency, other_agency, contributor, themes, inspections, django_assert_max_num_queries
):
    make_actions(SMALL, agency, other_agency, contributor, themes, inspections)
    client.force_login(outsider)

    response = assert_constant(
        client,
        reverse("recommendation_list"),
        lambda: make_actions(LARGE - SMALL, agency, other_agency, contributor, themes, inspections),
        django_assert_max_num_queries,
        ceiling=15,
    )
    assert "100 recommendations" in response.content.decode()


def test_a_recommendation_page_with_a_long_timeline_has_a_constant_query_count(
    client, oversight, agency, other_agency, contributor, lead, django_assert_max_num_queries
):
    ours = ActionFactory(agency=agency, owner=contributor, recommendation__themes=[ThemeFactory()])
    theirs = ActionFactory(agency=other_agency, recommendation=ours.recommendation)
    outsider_lead = MembershipFactory(agency=other_agency, lead=True).user
    make_updates(SMALL, ours, [contributor, lead])
    client.force_login(oversight)

    def grow():
        make_updates(LARGE // 2, ours, [contributor, lead])
        make_updates(LARGE // 2 - SMALL, theirs, [outsider_lead])

    assert_constant(
        client,
        reverse("recommendation_detail", args=[ours.recommendation_id]),
        grow,
        django_assert_max_num_queries,
        ceiling=15,
    )


def test_an_action_page_with_a_long_timeline_has_a_constant_query_count(
    client, contributor, lead, action, django_assert_max_num_queries
):
    make_updates(SMALL, action, [contributor, lead])
    client.force_login(contributor)

    assert_constant(
        client,
        action.get_absolute_url(),
        lambda: make_updates(LARGE - SMALL, action, [contributor, lead]),
        django_assert_max_num_queries,
        # Two more for the plan and impact sections: its milestones and its latest values.
        ceiling=17,
    )


def test_the_assurance_queue_query_count_is_constant(
    client, oversight, lead, agency, other_agency, themes, inspections, django_assert_max_num_queries
):
    def submitted(count):
        for action in make_actions(count, agency, other_agency, lead, themes, inspections):
            UpdateFactory(action=action, author=lead, status_from="in_progress", status_to="submitted")
            action.status = Status.SUBMITTED
            action.save()

    submitted(SMALL)
    client.force_login(oversight)

    response = assert_constant(
        client,
        reverse("assurance_queue"),
        lambda: submitted(LARGE - SMALL),
        django_assert_max_num_queries,
        ceiling=12,
    )
    assert "100 actions waiting" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "persona"),
    [("action_progress", "lead"), ("action_owner", "lead"), ("action_due_date", "lead")],
)
def test_the_action_forms_have_a_constant_query_count(
    client, request, contributor, lead, agency, action, name, persona, django_assert_max_num_queries
):
    make_updates(SMALL, action, [contributor, lead])
    client.force_login(request.getfixturevalue(persona))

    def grow():
        make_updates(LARGE - SMALL, action, [contributor, lead])
        for _ in range(20):
            MembershipFactory(agency=agency)

    assert_constant(client, reverse(name, args=[action.pk]), grow, django_assert_max_num_queries, ceiling=12)
