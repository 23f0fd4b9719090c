"""State intervals: kept by the write path, derived from the timeline, read by as-at figures.

The property test drives random sequences of workflow moves through the commands, at
increasing moments, and compares the as-at figures with a brute-force replay of the
timeline written independently here."""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agencies.models import Membership
from recommendations import intervals, reporting, services
from recommendations.models import (
    FAR_FUTURE,
    Action,
    ActionState,
    Status,
    TrendPoint,
    Update,
    UpdateKind,
    Voice,
)
from recommendations.reporting import Moment
from tests.factories import (
    AgencyFactory,
    InspectionFactory,
    MembershipFactory,
    RecommendationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

START = datetime.datetime(2025, 1, 6, 9, 0, tzinfo=datetime.UTC)
PUBLISHED = datetime.date(2025, 1, 1)


def brute_force(action: Action, initial_due: datetime.date, cutoff: datetime.datetime) -> tuple | None:
    """The action's state just before ``cutoff``, replayed from its updates alone; None if
    it did not exist then or was archived."""
    if action.created_at >= cutoff:
        return None
    status, confidence, percent, due, archived = Status.NOT_STARTED, "", 0, initial_due, False
    voice, milestone_due, impact = "", None, False
    for update in Update.objects.filter(action=action, created_at__lt=cutoff).order_by("created_at", "pk"):
        status = update.status_to or status
        confidence = update.confidence or confidence
        percent = percent if update.percent_complete is None else update.percent_complete
        if update.kind == UpdateKind.DUE_DATE:
            due = update.due_date_to
        if update.kind == UpdateKind.ARCHIVE:
            archived = update.archived
        if update.kind == UpdateKind.VOICE:
            voice = update.voice
        if update.kind == UpdateKind.PLAN:
            undone = [m["due_on"] for m in update.plan["milestones"] if m["done_on"] is None]
            milestone_due = datetime.date.fromisoformat(sorted(undone)[0]) if undone else None
        if update.kind == UpdateKind.IMPACT:
            impact = True
        if status != Status.ASSURED:
            impact = False
    return None if archived else (status, confidence, percent, due, voice, milestone_due, impact)


def brute_force_assurance(actions: list[Action], due: datetime.date, cutoff: datetime.datetime) -> dict:
    """The assurance figures just before ``cutoff``, replayed from the updates of the
    actions live then: each assurance paired with the decision before it if that was a
    submission, and the progress updates with and without evidence."""
    spans, progress, evidenced = [], 0, 0
    for action in actions:
        if brute_force(action, due, cutoff) is None:
            continue
        submitted = None
        timeline = Update.objects.filter(action=action, created_at__lt=cutoff).annotate(
            files=Count("evidence")
        )
        for update in timeline.order_by("created_at", "pk"):
            if update.kind == UpdateKind.PROGRESS:
                progress += 1
                evidenced += update.files > 0
            if update.status_to == Status.SUBMITTED:
                submitted = update.created_at
            elif update.status_to == Status.ASSURED:
                if submitted is not None:
                    spans.append((update.created_at - submitted).total_seconds() / 86400)
                submitted = None
    return reporting.assurance_summary(spans, progress, evidenced)


def as_at(actions: list[Action], day: datetime.date, *, full: bool = False) -> dict[int, tuple]:
    """Status, confidence, percent and due date as at ``day`` (and, ``full``, the voice,
    the next milestone due and whether impact was evidenced)."""
    states = reporting.action_states(Moment(day=day, is_past=True)).filter(pk__in=[a.pk for a in actions])
    return {
        a.pk: (a.s_status, a.s_confidence, a.s_percent, a.s_due)
        + ((a.s_voice, a.s_milestone_due, a.s_impact) if full else ())
        for a in states
    }


class Team:
    """An agency's lead and contributor, the assurance team and an administrator."""

    def __init__(self):
        self.agency = AgencyFactory()
        self.lead = MembershipFactory(agency=self.agency, role=Membership.Role.LEAD).user
        self.contributor = MembershipFactory(agency=self.agency, role=Membership.Role.CONTRIBUTOR).user
        self.officer = UserFactory(is_oversight=True)
        self.admin = UserFactory(is_staff=True)
        self.inspection = InspectionFactory(published_on=PUBLISHED)

    def new_action(self, due: datetime.date) -> Action:
        return services.action_create(
            recommendation=RecommendationFactory(inspection=self.inspection),
            agency=self.agency,
            due_date=due,
            by=self.admin,
            at=START,
        )


MOVES = [
    "progress",
    "start",
    "ready",
    "submit",
    "assure",
    "return",
    "reopen",
    "owner",
    "due",
    "ask",
    "approve",
    "refuse",
    "archive",
    "voice",
    "plan",
    "value",
    "impact",
]


def play(team: Team, actions: list[Action], steps) -> None:
    """Hypothesis's ``steps`` on ``actions``, at increasing moments from START. A move an
    action cannot make then is refused, and its timeline is unchanged."""
    when = START
    for which, move, value, minutes in steps:
        when += datetime.timedelta(minutes=minutes)
        action = Action.objects.select_related("recommendation").get(pk=actions[which].pk)
        with contextlib.suppress(ValidationError, PermissionDenied):
            make_move(team, action, move, value, when)


def make_move(team: Team, action: Action, move: str, value: int, when: datetime.datetime) -> None:
    common = {"action": action, "expected_version": None, "at": when}
    # Percent complete from milestones is not typed in.
    derived = action.percent_from_milestones
    if move in ("progress", "start"):
        services.progress_log(
            by=team.contributor,
            narrative="Work done.",
            confidence=["green", "amber", "red"][value % 3],
            percent_complete=None if derived else value % 100,
            status_to=Status.IN_PROGRESS if move == "start" else "",
            files=[SimpleUploadedFile("notes.txt", b"Notes", "text/plain")] if value % 3 == 0 else [],
            **common,
        )
    elif move == "submit":
        services.progress_log(
            by=team.lead,
            narrative="Complete.",
            confidence="green",
            percent_complete=None if derived else 100,
            status_to=Status.SUBMITTED,
            files=[SimpleUploadedFile("audit.txt", b"Audit", "text/plain")],
            **common,
        )
    elif move == "assure":
        services.action_assure(by=team.officer, **common)
    elif move == "return":
        services.action_return(by=team.officer, reason="More evidence.", **common)
    elif move == "reopen":
        services.action_reopen(by=team.officer, reason="The issue came back.", **common)
    elif move == "owner":
        owner = None if action.owner_id else [team.lead, team.contributor][value % 2]
        services.action_assign_owner(by=team.lead, owner=owner, **common)
    elif move == "due":
        services.action_change_due_date(
            by=team.officer,
            due_date=PUBLISHED + datetime.timedelta(days=30 + value % 400),
            reason="Agreed.",
            **common,
        )
    elif move == "ready":
        services.action_mark_ready(by=team.contributor, **common)
    elif move == "ask":
        services.action_request_extension(
            by=team.lead,
            due_date=action.due_date + datetime.timedelta(days=1 + value % 200),
            reason="More time.",
            **common,
        )
    elif move in ("approve", "refuse"):
        services.action_decide_extension(
            by=team.officer, approve=move == "approve", note="Decided.", **common
        )
    elif move == "archive":
        services.action_archive(by=team.admin, archived=not action.is_archived, reason="Tidy.", **common)
    elif move == "voice":
        voice = list(Voice.values)[value % len(Voice.values)]
        services.action_record_voice(by=team.contributor, voice=voice, note=f"Heard {value}.", **common)
    elif move == "plan":
        services.action_plan(by=team.lead, plan=random_plan(action, value, when), **common)
    elif move == "value":
        services.action_record_impact_value(
            by=team.contributor, value=Decimal(value) / 10, narrative="Latest survey.", **common
        )
    else:
        services.action_evidence_impact(by=team.officer, note="The survey shows it.", **common)


def random_plan(action: Action, value: int, when: datetime.datetime) -> services.Plan:
    """A new plan replacing the action's milestones with up to three, some done."""
    count, done = value % 4, (value // 4) % 4
    milestones = [
        services.MilestoneSpec(title=m.title, due_on=m.due_on, pk=m.pk, remove=True)
        for m in action.milestones.filter(is_removed=False)
    ]
    milestones += [
        services.MilestoneSpec(
            title=f"Step {i}",
            due_on=PUBLISHED + datetime.timedelta(days=20 * (i + 1) + value % 60),
            done_on=when.date() if i < done else None,
        )
        for i in range(count)
    ]
    return services.Plan(
        description=f"Plan {value}.",
        milestones=milestones,
        percent_from_milestones=bool(count) and value % 3 == 0,
        impact_measure="" if value % 5 == 0 else "Share of staff trained",
        impact_unit="" if value % 5 == 0 else "%",
    )


steps = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=1),  # which of two actions
        st.sampled_from(MOVES),
        st.integers(min_value=0, max_value=10_000),
        st.integers(min_value=1, max_value=6 * 24 * 60),  # minutes since the previous step
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps, probes=st.lists(st.integers(min_value=0, max_value=120), min_size=3, max_size=6))
def test_as_at_figures_equal_a_brute_force_replay_of_the_timeline(db, steps, probes):
    team = Team()
    due = PUBLISHED + datetime.timedelta(days=90)
    actions = [team.new_action(due), team.new_action(due)]
    play(team, actions, steps)
    actions = list(Action.objects.filter(pk__in=[a.pk for a in actions]))

    for offset in [0, *probes]:
        day = START.date() + datetime.timedelta(days=offset)
        cutoff = reporting.end_of_day(day)
        expected = {a.pk: brute_force(a, due, cutoff) for a in actions}
        assert as_at(actions, day, full=True) == {
            pk: state for pk, state in expected.items() if state is not None
        }
        moment = Moment(day=day, is_past=True)
        mine = reporting.assurance_figures(moment, agency=team.agency)
        assert mine == brute_force_assurance(actions, due, cutoff)
    assert intervals.differences([a.pk for a in actions]) == []
    # Where the write path leads is the action's state now.
    for action in actions:
        open_interval = ActionState.objects.get(action=action, valid_to=FAR_FUTURE)
        assert intervals.State.of(action) == intervals.State(
            **{name: getattr(open_interval, name) for name in intervals.STATE_FIELDS}
        )


def test_archiving_later_leaves_earlier_figures_alone(db):
    team = Team()
    action = team.new_action(PUBLISHED + datetime.timedelta(days=90))
    services.progress_log(
        action=action,
        by=team.contributor,
        narrative="Started.",
        confidence="amber",
        percent_complete=20,
        status_to=Status.IN_PROGRESS,
        expected_version=None,
        at=START + datetime.timedelta(days=1),
    )
    before = as_at([action], START.date() + datetime.timedelta(days=5))

    services.action_archive(
        action=action,
        by=team.admin,
        reason="Superseded.",
        expected_version=None,
        at=START + datetime.timedelta(days=9),
    )

    assert before == {action.pk: (Status.IN_PROGRESS, "amber", 20, action.due_date)}
    assert as_at([action], START.date() + datetime.timedelta(days=5)) == before
    assert as_at([action], START.date() + datetime.timedelta(days=10)) == {}


def test_each_update_closes_one_interval_and_opens_the_next(db):
    team = Team()
    action = team.new_action(PUBLISHED + datetime.timedelta(days=90))
    contributor = team.contributor
    services.action_assign_owner(action=action, by=team.lead, owner=contributor, expected_version=None)

    rows = list(ActionState.objects.filter(action=action).order_by("valid_from"))
    update = Update.objects.get(action=action)
    assert [(r.valid_from, r.valid_to) for r in rows] == [
        (action.created_at, update.created_at),
        (update.created_at, FAR_FUTURE),
    ]
    assert (rows[0].owner_id, rows[1].owner_id) == (None, contributor.pk)


def test_check_command_finds_a_tampered_interval_and_rebuild_mends_it(db):
    team = Team()
    action = team.new_action(PUBLISHED + datetime.timedelta(days=90))
    services.action_assign_owner(action=action, by=team.lead, owner=team.contributor, expected_version=None)
    call_command("check_intervals", stdout=StringIO())
    ActionState.objects.filter(action=action, valid_to=FAR_FUTURE).update(status=Status.ASSURED)

    with pytest.raises(CommandError, match="1 action"):
        call_command("check_intervals", stdout=(out := StringIO()))
    assert f"Action {action.pk}:" in out.getvalue()

    call_command("rebuild_intervals", stdout=StringIO())
    call_command("check_intervals", stdout=(out := StringIO()))
    assert "match" in out.getvalue()


def test_check_command_finds_an_action_with_no_intervals(db):
    action = Team().new_action(PUBLISHED + datetime.timedelta(days=90))
    ActionState.objects.filter(action=action).delete()

    with pytest.raises(CommandError):
        call_command("check_intervals", stdout=(out := StringIO()))
    assert "no stored intervals" in out.getvalue()


def test_the_demos_intervals_match_its_timeline(db, demo_snapshot):
    demo_snapshot.restore()  # the rows a real load_demo wrote

    assert Action.objects.count() > 50
    assert intervals.differences() == []
    # Every action's open interval is its state now.
    for action in Action.objects.select_related("recommendation"):
        state = ActionState.objects.get(action=action, valid_to=FAR_FUTURE)
        assert intervals.State.of(action) == intervals.State(
            **{name: getattr(state, name) for name in intervals.STATE_FIELDS}
        )


def test_as_at_reads_one_interval_per_action_in_one_query(db, django_assert_num_queries):
    team = Team()
    actions = [team.new_action(PUBLISHED + datetime.timedelta(days=90)) for _ in range(5)]
    for action in actions:
        for step in range(3):
            services.progress_log(
                action=action,
                by=team.contributor,
                narrative="Work.",
                confidence="green",
                percent_complete=10 * step,
                expected_version=None,
                at=START + datetime.timedelta(days=step + 1),
            )

    with django_assert_num_queries(1):
        rows = as_at(actions, START.date() + datetime.timedelta(days=2))

    assert {state[2] for state in rows.values()} == {10}


def test_a_past_month_end_is_worked_out_once_and_retired_by_a_backdated_entry(
    db, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(reporting, "SETTLE", datetime.timedelta(0))  # even in the first minutes of a month
    team = Team()
    action = team.new_action(PUBLISHED + datetime.timedelta(days=90))
    moment = reporting.now()
    past_days = reporting.month_ends(moment)[:-1]

    def counted_now() -> list[dict]:
        """Every past month-end counted from the intervals as they are, kept or not."""
        return [{"day": day, **v} for day, v in reporting._trend_points(past_days).items()]

    first = reporting.trend(moment)
    assert TrendPoint.objects.filter(scope=0, day__in=past_days).count() == 11
    with django_assert_num_queries(3):  # the generation, the kept month-ends, today's figures
        assert reporting.trend(moment) == first

    # An entry backdated into 2025 changes every month-end after it: worked out again.
    make_move(team, action, "progress", 50, START + datetime.timedelta(days=3))
    backdated = reporting.trend(moment)
    assert backdated[:-1] == counted_now() != first[:-1]

    # Progress written now cannot change a day that has ended: the month-ends are kept.
    action.refresh_from_db()
    services.progress_log(
        action=action,
        by=team.contributor,
        narrative="Started.",
        confidence="amber",
        percent_complete=10,
        status_to=Status.IN_PROGRESS,
        expected_version=None,
    )
    with django_assert_num_queries(3):
        again = reporting.trend(moment)
    assert again[:-1] == backdated[:-1] == counted_now()
    assert again[-1] != backdated[-1]


def test_an_action_created_in_a_past_day_retires_the_kept_month_ends(db):
    team = Team()
    before = intervals.generation()
    team.new_action(PUBLISHED + datetime.timedelta(days=90))  # created at START, in 2025
    assert intervals.generation() > before
    now_generation = intervals.generation()
    services.action_create(
        recommendation=RecommendationFactory(inspection=team.inspection),
        agency=team.agency,
        due_date=PUBLISHED + datetime.timedelta(days=90),
        by=team.admin,
    )  # created now: no ended day changes
    assert intervals.generation() == now_generation


def test_a_day_that_ended_moments_ago_is_shown_but_not_kept(db, monkeypatch):
    team = Team()
    team.new_action(PUBLISHED + datetime.timedelta(days=90))
    yesterday = reporting.now().day - datetime.timedelta(days=1)
    # As if yesterday had ended moments ago: an update stamped before midnight may still commit.
    monkeypatch.setattr(reporting, "SETTLE", datetime.timedelta(days=2))
    assert reporting._past_points([yesterday])[yesterday]["total"] == 1
    assert not TrendPoint.objects.filter(day=yesterday).exists()
    # Settled: kept (with no wait, so that this holds in the first minutes after midnight too).
    monkeypatch.setattr(reporting, "SETTLE", datetime.timedelta(0))
    reporting._past_points([yesterday])
    assert TrendPoint.objects.filter(day=yesterday).exists()
