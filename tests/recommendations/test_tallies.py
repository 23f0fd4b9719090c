"""Today's tallies: kept per agency, counted again only where something changed, and
always equal to a count of every action from scratch.

The property test drives random workflow moves through the write path on two agencies,
reading today's figures from the tallies at random points in between (so that stored
tallies must be retired by the moves that follow), and compares every figure with the
whole-partnership aggregates the dashboard used before the tallies."""

from __future__ import annotations

import contextlib
import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommendations import reporting, services, tallies
from recommendations.models import Action, Status, Tally, TallyDimension, TallyState
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    GradedAreaFactory,
    RecommendationFactory,
    ThemeFactory,
)
from tests.recommendations.test_intervals import MOVES, PUBLISHED, START, Team, make_move

pytestmark = pytest.mark.django_db


def from_scratch(agency=None) -> dict:
    """Today's figures the way the dashboard counted them before the tallies: every
    live action at once (and the timeline for assurance)."""
    states = reporting.action_states(reporting.now())
    if agency is not None:
        states = states.filter(agency=agency)
    summary = reporting.summarise(states, reporting.now())
    return {
        "totals": summary.totals,
        "by_agency": summary.by_agency,
        "by_inspection": {
            k: {name: v[name] for name in tallies.COUNTS} for k, v in summary.by_inspection.items()
        },
        "open_work": {k: v for k, v in summary.open_by_agency_area.items() if v},
        "themes": reporting.progress_by_theme(states),
        "assurance": reporting.assurance_figures(reporting.now(), agency=agency),
    }


def from_tallies(agency=None) -> dict:
    today = tallies.today(agency)
    return {
        "totals": today.summary.totals,
        "by_agency": today.summary.by_agency,
        "by_inspection": today.summary.by_inspection,
        "open_work": {k: v for k, v in today.summary.open_by_agency_area.items() if v},
        "themes": reporting.theme_rows(today.themes),
        "assurance": today.assurance,
    }


def assert_same(agency=None) -> None:
    expected, got = from_scratch(agency), from_tallies(agency)
    for key in expected:
        assert got[key] == expected[key], key


steps = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3),  # which of four actions (two agencies)
        st.sampled_from(MOVES),
        st.integers(min_value=0, max_value=10_000),
        st.integers(min_value=1, max_value=6 * 24 * 60),  # minutes since the previous step
        st.booleans(),  # read today's figures after this step
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_todays_figures_from_the_tallies_equal_a_count_from_scratch(db, steps):
    teams = [Team(), Team()]
    areas = [GradedAreaFactory(inspectorate=teams[0].inspection.inspectorate) for _ in range(2)]
    themes = [ThemeFactory(), ThemeFactory()]
    actions = []
    for i in range(4):
        team = teams[i % 2]
        recommendation = RecommendationFactory(
            inspection=team.inspection, area=areas[i % 2] if i < 3 else None, themes=themes[: 1 + i % 2]
        )
        actions.append(
            tallies_action(team, recommendation, PUBLISHED + datetime.timedelta(days=30 + 400 * (i % 2)))
        )
    when = START
    for which, move, value, minutes, read in steps:
        when += datetime.timedelta(minutes=minutes)
        action = Action.objects.select_related("recommendation").get(pk=actions[which].pk)
        with contextlib.suppress(ValidationError, PermissionDenied):
            make_move(teams[which % 2], action, move, value, when)
        if read:
            assert_same()
    assert_same()
    assert_same(teams[0].agency)
    assert tallies.differences() == []


def tallies_action(team: Team, recommendation, due: datetime.date) -> Action:
    return services.action_create(
        recommendation=recommendation, agency=team.agency, due_date=due, by=team.admin, at=START
    )


def test_an_agency_is_counted_again_only_after_a_change_to_it(db, django_assert_num_queries):
    first, second = ActionFactory(), ActionFactory()
    tallies.today()
    states = dict(TallyState.objects.values_list("agency_id", "computed_version"))
    team = Team()
    action = tallies_action(team, RecommendationFactory(inspection=team.inspection), PUBLISHED)
    make_move(team, action, "start", 40, START)

    counted = []
    original = tallies.count

    def spy(agency_ids=None):
        counted.append(agency_ids)
        return original(agency_ids)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tallies, "count", spy)
        assert tallies.today().summary.totals[Status.IN_PROGRESS] == 1
        assert counted == [[team.agency.pk]]
        # Nothing changed since: read from the stored rows alone, in five queries.
        with django_assert_num_queries(5):
            tallies.today()
        assert counted == [[team.agency.pk]]
    after = dict(TallyState.objects.values_list("agency_id", "computed_version"))
    assert after[first.agency_id] == states[first.agency_id]
    assert after[second.agency_id] == states[second.agency_id]


def test_a_count_overtaken_by_a_change_is_shown_but_not_stored(db):
    action = ActionFactory()
    versions = dict(TallyState.objects.filter(agency=action.agency).values_list("agency_id", "version"))
    counted = tallies.count(list(versions))
    tallies.touch(versions)  # a writer commits between the count and the store
    assert tallies._store(versions, counted) == set()
    state = TallyState.objects.get(agency=action.agency)
    assert state.computed_version != state.version
    assert tallies.today().summary.totals["total"] == 1  # counted again, and now stored
    state.refresh_from_db()
    assert state.computed_version == state.version


def test_a_recommendation_moved_to_another_area_moves_its_actions_figures(db):
    action = ActionFactory(status=Status.IN_PROGRESS)
    old_area = action.recommendation.area
    new_area = GradedAreaFactory(inspectorate=action.recommendation.inspection.inspectorate)
    assert from_tallies()["open_work"] == from_scratch()["open_work"]
    recommendation = action.recommendation
    recommendation.area = new_area
    recommendation.save()
    open_work = from_tallies()["open_work"]
    assert open_work == {(action.agency_id, new_area.pk): 1}
    assert (action.agency_id, getattr(old_area, "pk", None)) not in open_work


def test_overdue_counts_earlier_months_from_the_tallies_and_this_month_from_the_actions(db):
    today = reporting.now().day
    agency = AgencyFactory()
    for days in (-400, -40, -1, 0, 10, 29, 31, 90):
        ActionFactory(agency=agency, due_date=today + datetime.timedelta(days=days))
    ActionFactory(agency=agency, due_date=today - datetime.timedelta(days=5), status=Status.SUBMITTED)
    totals = tallies.today().summary.totals
    assert (totals["overdue"], totals["due_soon"]) == (3, 3)
    assert Tally.objects.filter(agency=agency, dimension=TallyDimension.DUE_MONTH).exists()
    assert from_scratch()["totals"] == totals


def test_the_check_command_finds_a_tampered_tally(db):
    action = ActionFactory()
    tallies.today()
    call_command("check_intervals", stdout=StringIO())
    Tally.objects.filter(agency=action.agency, dimension=TallyDimension.AGENCY).update(total=7)
    out = StringIO()
    with pytest.raises(CommandError, match="tallies"):
        call_command("check_intervals", stdout=out)
    assert f"agency {action.agency_id}" in out.getvalue()


def test_a_partners_update_is_counted_as_soon_as_it_commits(db, django_capture_on_commit_callbacks):
    team = Team()
    action = tallies_action(team, RecommendationFactory(inspection=team.inspection), PUBLISHED)
    tallies.today()
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_log(
            action=action,
            by=team.contributor,
            narrative="Begun.",
            confidence="green",
            percent_complete=5,
            status_to=Status.IN_PROGRESS,
            expected_version=None,
        )
    # Up to date before anyone reads the dashboard: the next reader counts nothing.
    state = TallyState.objects.get(agency=team.agency)
    assert state.computed_version == state.version
    assert Tally.objects.get(agency=team.agency, dimension=TallyDimension.AGENCY).in_progress == 1


def test_an_agency_emptied_while_a_writer_holds_it_shows_as_empty_not_as_before(db, monkeypatch):
    team = Team()
    action = tallies_action(team, RecommendationFactory(inspection=team.inspection), PUBLISHED)
    assert tallies.today().summary.totals["total"] == 1
    make_move(team, action, "archive", 0, START + datetime.timedelta(days=1))
    monkeypatch.setattr(tallies, "_store", lambda versions, counted: set())  # a writer holds every row
    assert tallies.today().summary.totals["total"] == 0
    assert tallies.today(team.agency).summary.by_agency == {}
    assert_same()


def test_a_recommendations_themes_and_archiving_move_its_figures(db):
    team = Team()
    recommendation = RecommendationFactory(inspection=team.inspection)
    tallies_action(team, recommendation, PUBLISHED)
    online, partners = ThemeFactory(), ThemeFactory()
    assert_same()
    recommendation.themes.add(online)  # from the recommendation's side
    assert_same()
    partners.recommendations.add(recommendation)  # from the theme's side
    assert_same()
    partners.recommendations.clear()
    assert_same()
    services.recommendation_archive(recommendation=recommendation, by=team.admin, reason="Superseded.")
    assert tallies.today().summary.totals["total"] == 0
    assert_same()
    assert tallies.differences() == []
