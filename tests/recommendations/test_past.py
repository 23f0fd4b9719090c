"""A past day's figures from a stored earlier day plus what changed in between
(``recommendations.past``), against a count from scratch of every interval."""

from __future__ import annotations

import contextlib
import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommendations import intervals, past, reporting, services
from recommendations.models import Action, PastFigures
from recommendations.reporting import Moment
from tests.factories import GradedAreaFactory, RecommendationFactory, ThemeFactory
from tests.recommendations.test_intervals import START, Team, make_move, play, steps

pytestmark = pytest.mark.django_db


def from_scratch(day: datetime.date) -> tuple:
    moment = Moment(day=day, is_past=True)
    states = reporting.action_states(moment)
    summary = reporting.summarise(states, moment)
    themes = {
        row["recommendation__themes__id"]: {k: row[k] for k in past.THEME_MEASURES}
        for row in reporting.progress_by_theme(states)
    }
    assurance = reporting.assurance_figures(moment)
    return summary, themes, (assurance["progress_updates"], assurance["evidence_pct"])


def with_counts(summary, themes, counts: dict) -> tuple:
    """``past.figures``' result as ``from_scratch`` gives it."""
    assurance = reporting.assurance_summary([], counts["progress_updates"], counts["evidenced_updates"])
    return summary, themes, (assurance["progress_updates"], assurance["evidence_pct"])


def shown(data: dict) -> tuple:
    return with_counts(
        past.summary_of(data),
        {int(k): past._theme_row(v) for k, v in data["themes"].items()},
        {key: data["totals"].get(key, 0) for key in past.ASSURANCE_MEASURES},
    )


def grouped_team() -> tuple[Team, list[Action]]:
    """Two agencies' worth of actions on recommendations with reports, areas and themes."""
    team, other = Team(), Team()
    area = GradedAreaFactory()
    themes = [ThemeFactory(), ThemeFactory()]
    due = team.inspection.published_on + datetime.timedelta(days=90)
    actions = []
    for i, who in enumerate([team, team, other]):
        recommendation = RecommendationFactory(inspection=who.inspection, area=area if i != 1 else None)
        recommendation.themes.set(themes[: i + 1] if i < 2 else themes[1:])
        actions.append(
            services.action_create(
                recommendation=recommendation, agency=who.agency, due_date=due, by=who.admin, at=START
            )
        )
    return team, actions


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=steps,
    probes=st.lists(
        st.tuples(st.integers(min_value=-2, max_value=150), st.integers(min_value=0, max_value=60)),
        min_size=2,
        max_size=5,
    ),
)
def test_a_day_moved_on_from_an_earlier_one_equals_a_count_from_scratch(db, steps, probes):
    team, actions = grouped_team()
    play(team, actions, steps)
    for offset, gap in probes:
        early = START.date() + datetime.timedelta(days=offset)
        late = early + datetime.timedelta(days=gap)
        rolled = past.roll(past.count(Moment(day=early, is_past=True)), early, late)
        assert shown(rolled) == from_scratch(late)


def test_the_days_stored_in_bulk_match_a_count_from_scratch(db):
    team, actions = grouped_team()
    when = START
    moves = ["start", "progress", "submit", "assure", "voice", "plan", "due", "return", "archive", "reopen"]
    for i, move in enumerate(moves * 2):
        when += datetime.timedelta(days=3, hours=5)
        action = Action.objects.select_related("recommendation").get(pk=actions[i % 3].pk)
        with contextlib.suppress(ValidationError, PermissionDenied):
            make_move(team, action, move, 1000 + i, when)
    days = past.keep_days()
    assert days > 300 and PastFigures.objects.count() == days
    for stored in PastFigures.objects.order_by("day")[::7]:
        assert shown(stored.figures) == from_scratch(stored.day), stored.day
    for offset in (0, 1, 4, 9, 30, 61, 95):
        day = START.date() + datetime.timedelta(days=offset)
        assert with_counts(*past.figures(Moment(day=day, is_past=True))) == from_scratch(day)


def test_a_viewed_day_is_kept_and_a_backdated_change_retires_it(db, django_assert_max_num_queries):
    team, actions = grouped_team()
    day = START.date() + datetime.timedelta(days=10)
    moment = Moment(day=day, is_past=True)
    first = past.figures(moment)
    assert PastFigures.objects.filter(day=day, generation=intervals.generation()).exists()
    with django_assert_max_num_queries(2):  # the generation and the stored day
        assert past.figures(moment) == first
    intervals.past_changed()
    assert past.figures(moment) == first
    assert with_counts(*first) == from_scratch(day)


def test_a_backdated_entry_retires_the_days_from_its_own_on_and_keeps_those_before(
    db, django_assert_max_num_queries
):
    team, actions = grouped_team()
    before, after = (Moment(day=START.date() + datetime.timedelta(days=n), is_past=True) for n in (10, 20))
    kept_before, kept_after = past.figures(before), past.figures(after)

    action = Action.objects.select_related("recommendation").get(pk=actions[0].pk)
    make_move(team, action, "progress", 55, START + datetime.timedelta(days=15))

    stored = PastFigures.objects.order_by("day")
    assert list(stored.values_list("day", flat=True)) == [before.day, after.day]  # both were kept
    assert list(intervals.still_valid(stored).values_list("day", flat=True)) == [before.day]
    with django_assert_max_num_queries(2):  # the generation and the stored day
        assert past.figures(before) == kept_before
    again = past.figures(after)
    assert again != kept_after and again[0].totals["percent_sum"] == 55
    assert with_counts(*again) == from_scratch(after.day)


def test_keeping_the_days_again_stores_only_those_a_backdated_entry_retired(db, monkeypatch):
    # Yesterday has settled, even in the first minutes after midnight (it is counted below).
    monkeypatch.setattr(reporting, "SETTLE", datetime.timedelta(0))
    team, actions = grouped_team()
    all_days = past.keep_days()
    assert past.keep_days() == 0  # nothing missing: nothing rolled
    entry = START + datetime.timedelta(days=40)
    action = Action.objects.select_related("recommendation").get(pk=actions[1].pk)
    make_move(team, action, "start", 33, entry)

    out = StringIO()
    call_command("keep_past_figures", stdout=out)

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    again = (yesterday - entry.date()).days + 1
    assert f"at the end of {again} past day(s)" in out.getvalue() and again < all_days
    assert intervals.still_valid(PastFigures.objects.all()).count() == PastFigures.objects.count() == all_days
    for offset in (39, 40, 41, 90):
        day = START.date() + datetime.timedelta(days=offset)
        stored = PastFigures.objects.get(day=day)
        assert shown(stored.figures) == from_scratch(day), day


def test_moving_a_recommendation_to_another_area_retires_the_stored_days(db):
    team, actions = grouped_team()
    generation = intervals.generation()
    recommendation = actions[1].recommendation
    recommendation.reference = "Renamed"
    recommendation.save()
    assert intervals.generation() == generation  # its wording is not what the figures group by
    recommendation.area = GradedAreaFactory()
    recommendation.save()
    assert intervals.generation() > generation
    generation = intervals.generation()
    recommendation.themes.add(ThemeFactory())
    assert intervals.generation() > generation


def test_a_day_before_anything_happened_is_empty(db):
    grouped_team()
    summary, themes, _ = past.figures(Moment(day=START.date() - datetime.timedelta(days=3), is_past=True))
    assert summary.totals["total"] == 0 and summary.by_agency == {} and themes == {}
