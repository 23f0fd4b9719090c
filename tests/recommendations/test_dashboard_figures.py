"""Every dashboard figure against a hand-computed expectation on a small partnership.

Two agencies (GMP and Rochdale) and a third with no actions, two reports graded by the
same inspectorate, two themes and nine live actions in known states, relative to today:

==  ===  ========  ===========  =====  ===  =========  ==============================
#   rec  agency    status       conf   pct  due        notes
==  ===  ========  ===========  =====  ===  =========  ==============================
1   R1   GMP       in progress  red    30   today-10   overdue, red
2   R1   Rochdale  not started         0    today+10   due soon
3   R2   GMP       submitted    green  100  today-5    past due but waiting: not overdue
4   R2   Rochdale  assured      green  100  today-50
5   R3   GMP       assured      green  100  today+100
6   R3   Rochdale  in progress  amber  50   today+40
7   R4   GMP       in progress  red    20   today+30   due soon (last day), red
8   R4   Rochdale  not started         0    today-1    overdue
9   R5   Rochdale  submitted    red    90   today+5    red but waiting: not counted red
==  ===  ========  ===========  =====  ===  =========  ==============================

plus an archived action (R5, GMP) and an action on an archived recommendation (R6,
Rochdale), which no figure counts. R1 and R4 are about "Investigating", R2 about
"Leadership"; R1, R2 (and archived R6) have the theme "Online CSE"; R2, R4, R5 have
"Workforce wellbeing".
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency
from recommendations import reporting
from recommendations.models import Status, UpdateKind
from recommendations.reporting import Moment
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    EvidenceFactory,
    GradedAreaFactory,
    GradeFactory,
    InspectionFactory,
    InspectorateFactory,
    JudgementFactory,
    RecommendationFactory,
    ThemeFactory,
    UpdateFactory,
    UserFactory,
    derived_once,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
CREATED = datetime.datetime(2025, 1, 2, 9, 0, tzinfo=LONDON)


def at(day: str, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour, minute), LONDON)


def status_update(action, author, when, from_, to, **extra):
    fields = {"narrative": "", "confidence": "", "percent_complete": None, **extra}
    return UpdateFactory(
        action=action,
        author=author,
        kind=UpdateKind.STATUS,
        status_from=from_,
        status_to=to,
        created_at=when,
        **fields,
    )


@pytest.fixture
@derived_once()
def partnership(agency, other_agency):
    today = timezone.localdate()
    AgencyFactory(name="Wigan Council", short_name="Wigan", slug="wigan")  # active, no actions
    AgencyFactory(name="Defunct Partnership", short_name="Defunct", slug="defunct", is_active=False)

    hmi = InspectorateFactory(short_name="HMICFRS")
    grades = {
        label: GradeFactory(inspectorate=hmi, label=label, rank=rank)
        for rank, label in enumerate(
            ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"], start=1
        )
    }
    leadership = GradedAreaFactory(inspectorate=hmi, name="Leadership", order=1)
    investigating = GradedAreaFactory(inspectorate=hmi, name="Investigating", order=2)
    first = InspectionFactory(
        inspectorate=hmi, title="First inspection", published_on=datetime.date(2024, 12, 13)
    )
    second = InspectionFactory(
        inspectorate=hmi, title="Second inspection", published_on=datetime.date(2025, 7, 1)
    )
    online = ThemeFactory(name="Online CSE")
    wellbeing = ThemeFactory(name="Workforce wellbeing")

    recs = {
        "R1": RecommendationFactory(inspection=first, reference="R1", area=investigating, themes=[online]),
        "R2": RecommendationFactory(
            inspection=first, reference="R2", area=leadership, themes=[online, wellbeing]
        ),
        "R3": RecommendationFactory(inspection=first, reference="R3"),
        "R4": RecommendationFactory(
            inspection=second, reference="R4", area=investigating, themes=[wellbeing]
        ),
        "R5": RecommendationFactory(inspection=second, reference="R5", themes=[wellbeing]),
        "R6": RecommendationFactory(
            inspection=second, reference="R6", area=investigating, themes=[online], is_archived=True
        ),
    }

    def make(ref, ag, status, confidence, percent, due_in, **extra):
        return ActionFactory(
            recommendation=recs[ref],
            agency=ag,
            status=status,
            confidence=confidence,
            percent_complete=percent,
            due_date=today + datetime.timedelta(days=due_in),
            created_at=CREATED,
            **extra,
        )

    gmp, roch = agency, other_agency
    actions = {
        1: make("R1", gmp, Status.IN_PROGRESS, "red", 30, -10),
        2: make("R1", roch, Status.NOT_STARTED, "", 0, 10),
        3: make("R2", gmp, Status.SUBMITTED, "green", 100, -5),
        4: make("R2", roch, Status.ASSURED, "green", 100, -50),
        5: make("R3", gmp, Status.ASSURED, "green", 100, 100),
        6: make("R3", roch, Status.IN_PROGRESS, "amber", 50, 40),
        7: make("R4", gmp, Status.IN_PROGRESS, "red", 20, 30),
        8: make("R4", roch, Status.NOT_STARTED, "", 0, -1),
        9: make("R5", roch, Status.SUBMITTED, "red", 90, 5),
    }
    archived = make("R5", gmp, Status.IN_PROGRESS, "red", 10, -30, is_archived=True)
    on_archived = make("R6", roch, Status.IN_PROGRESS, "red", 10, -30)

    judgements = {
        "gmp_leadership": JudgementFactory(
            inspection=first, agency=gmp, area=leadership, grade=grades["Good"]
        ),
        "gmp_investigating_old": JudgementFactory(
            inspection=first, agency=gmp, area=investigating, grade=grades["Adequate"]
        ),
        "roch_investigating": JudgementFactory(
            inspection=first, agency=roch, area=investigating, grade=grades["Requires improvement"]
        ),
        "gmp_investigating": JudgementFactory(
            inspection=second, agency=gmp, area=investigating, grade=grades["Good"]
        ),
        "roch_leadership": JudgementFactory(
            inspection=second, agency=roch, area=leadership, grade=grades["Inadequate"]
        ),
    }

    # The timeline behind the assurance figures and recent activity.
    officer = UserFactory(username="olu.officer")
    a4, a5 = actions[4], actions[5]
    updates = {
        "p1": UpdateFactory(action=actions[1], author=officer, created_at=at("2025-02-01")),
        "p2": UpdateFactory(action=actions[6], author=officer, created_at=at("2025-02-10")),
        "s1": status_update(a4, officer, at("2025-03-01"), Status.IN_PROGRESS, Status.SUBMITTED),
        "r": status_update(
            a4, officer, at("2025-03-03"), Status.SUBMITTED, Status.IN_PROGRESS, narrative="More, please."
        ),
        "s2": status_update(a4, officer, at("2025-03-06"), Status.IN_PROGRESS, Status.SUBMITTED),
        "a4": status_update(a4, officer, at("2025-03-07"), Status.SUBMITTED, Status.ASSURED),
        "s5": status_update(a5, officer, at("2025-04-01"), Status.IN_PROGRESS, Status.SUBMITTED),
        "a5": status_update(a5, officer, at("2025-04-05"), Status.SUBMITTED, Status.ASSURED),
        "p3": UpdateFactory(action=actions[7], author=officer, created_at=at("2025-04-10")),
        "p4": UpdateFactory(action=actions[2], author=officer, created_at=at("2025-05-01")),
        "p5": UpdateFactory(action=actions[3], author=officer, created_at=at("2025-05-02")),
        "due": UpdateFactory(
            action=actions[6],
            author=officer,
            kind=UpdateKind.DUE_DATE,
            confidence="",
            percent_complete=None,
            due_date_from=datetime.date(2025, 9, 1),
            due_date_to=today + datetime.timedelta(days=40),
            created_at=at("2025-06-01"),
        ),
        "owner": UpdateFactory(
            action=actions[6],
            author=officer,
            kind=UpdateKind.OWNER,
            confidence="",
            percent_complete=None,
            created_at=at("2025-06-02"),
        ),
        "archived": UpdateFactory(action=archived, author=officer, created_at=at("2025-02-01")),
    }
    EvidenceFactory(update=updates["p1"])
    EvidenceFactory(update=updates["p3"], original_name="one.pdf")
    EvidenceFactory(update=updates["p3"], original_name="two.pdf")
    EvidenceFactory(update=updates["archived"])

    return SimpleNamespace(
        today=today,
        gmp=gmp,
        roch=roch,
        first=first,
        second=second,
        online=online,
        wellbeing=wellbeing,
        leadership=leadership,
        investigating=investigating,
        actions=actions,
        archived=archived,
        on_archived=on_archived,
        judgements=judgements,
        updates=updates,
    )


def long_date(day: datetime.date) -> str:
    """A date as the pages write it, e.g. 5 March 2025."""
    return f"{day.day} {day:%B %Y}"


@pytest.fixture(autouse=True)
def _plain_http_and_one_factor(settings):
    """These tests are about figures: sign-in hardening has tests of its own."""
    settings.SECURE_SSL_REDIRECT = False
    settings.TWO_FACTOR_REQUIRED = False


def now_states():
    return reporting.action_states(reporting.now())


def test_the_totals_count_each_status_overdue_due_soon_and_red_open_actions(partnership):
    totals = reporting.totals(now_states(), reporting.now())

    assert totals["total"] == 9
    assert {s: totals[s] for s in Status.values} == {
        "not_started": 2,
        "in_progress": 3,
        "submitted": 2,
        "assured": 2,
    }
    assert totals["overdue"] == 2  # 1 and 8; 3 is past due but submitted
    assert totals["due_soon"] == 2  # 2 and 7 (due on the thirtieth day)
    assert totals["red"] == 2  # 1 and 7; 9 is red but submitted
    assert totals["amber"] == 1
    assert totals["green"] == 0
    assert totals["assured_pct"] == 22  # 2 of 9
    assert totals["not_started_pct"] == 22
    assert totals["in_progress_pct"] == 33
    assert totals["submitted_pct"] == 22
    assert totals["avg_percent"] == pytest.approx(490 / 9)


def test_the_matrix_has_a_row_for_every_active_agency_with_its_counts(partnership):
    matrix = reporting.agency_matrix(now_states(), reporting.now())

    rows = {
        row["agency"].short_name: {k: v for k, v in row.items() if k not in ("agency", "agency_id")}
        for row in matrix
    }
    assert [row["agency"].short_name for row in matrix] == ["GMP", "Rochdale", "Wigan"]
    assert rows["GMP"] == {
        "total": 4,
        "not_started": 0,
        "in_progress": 2,
        "submitted": 1,
        "assured": 1,
        "overdue": 1,
        "red": 2,
        "slipped": 0,
        "voice": 0,
        "impact": 0,
        "milestone_overdue": 0,
    }
    assert rows["Rochdale"] == {
        "total": 5,
        "not_started": 2,
        "in_progress": 1,
        "submitted": 1,
        "assured": 1,
        "overdue": 1,
        "red": 0,
        "slipped": 0,
        "voice": 0,
        "impact": 0,
        "milestone_overdue": 0,
    }
    assert rows["Wigan"] == {
        "total": 0,
        "not_started": 0,
        "in_progress": 0,
        "submitted": 0,
        "assured": 0,
        "overdue": 0,
        "red": 0,
        "slipped": 0,
        "voice": 0,
        "impact": 0,
        "milestone_overdue": 0,
    }


def test_an_inactive_agency_keeps_its_matrix_row_while_it_has_actions(partnership):
    Agency.objects.filter(pk=partnership.roch.pk).update(is_active=False)

    matrix = reporting.agency_matrix(now_states(), reporting.now())

    assert [row["agency"].short_name for row in matrix] == ["GMP", "Rochdale", "Wigan"]


def test_progress_by_report_gives_each_reports_shares_newest_report_first(partnership):
    rows = reporting.progress_by_inspection(now_states())

    assert [
        (
            r["recommendation__inspection__title"],
            r["total"],
            r["assured_pct"],
            r["submitted_pct"],
            r["in_progress_pct"],
            r["not_started_pct"],
        )
        for r in rows
    ] == [
        ("Second inspection", 3, 0, 33, 33, 33),
        ("First inspection", 6, 33, 17, 33, 17),
    ]


def test_progress_by_theme_counts_an_action_under_each_of_its_themes(partnership):
    rows = reporting.progress_by_theme(now_states())

    assert [
        (
            r["recommendation__themes__name"],
            r["total"],
            r["assured_pct"],
            r["submitted_pct"],
            r["in_progress_pct"],
            r["not_started_pct"],
        )
        for r in rows
    ] == [
        ("Online CSE", 4, 25, 25, 25, 25),  # R1 and R2; archived R6 is left out
        ("Workforce wellbeing", 5, 20, 40, 20, 20),  # R2, R4 and R5
    ]


def test_the_latest_grade_wins_when_two_reports_graded_the_same_area(partnership):
    rows = reporting.grades_with_open_work(now_states(), reporting.now())

    assert [
        (
            r["agency"],
            r["area"],
            r["grade"],
            r["title"],
            r["open_actions"],
        )
        for r in rows
    ] == [
        ("GMP", "Leadership", "Good", "First inspection", 1),  # 3 (submitted)
        ("GMP", "Investigating", "Good", "Second inspection", 2),  # 1 and 7
        ("Rochdale", "Leadership", "Inadequate", "Second inspection", 0),  # 4 is assured
        ("Rochdale", "Investigating", "Requires improvement", "First inspection", 2),  # 2 and 8
    ]


def test_grades_as_at_a_day_before_a_report_use_the_earlier_grade(partnership):
    before_second = Moment(day=datetime.date(2025, 6, 30), is_past=True)

    rows = reporting.grades_with_open_work(reporting.action_states(before_second), before_second)

    grades = {(r["agency"], r["area"]): r for r in rows}
    assert set(grades) == {("GMP", "Leadership"), ("GMP", "Investigating"), ("Rochdale", "Investigating")}
    assert grades["GMP", "Investigating"]["grade"] == "Adequate"


def test_the_median_days_to_assurance_counts_from_the_latest_submission(partnership):
    figures = reporting.assurance_figures(reporting.now())

    # Action 4: resubmitted 6 March, assured 7 March (1 day); action 5: 4 days.
    assert figures["median_days_to_assure"] == 2.5
    assert figures["assured_count"] == 2


def test_the_evidence_share_counts_progress_updates_on_live_actions(partnership):
    figures = reporting.assurance_figures(reporting.now())

    # p1 and p3 (two files, counted once) of p1..p5; the archived action's update is left out.
    assert figures["progress_updates"] == 5
    assert figures["evidence_pct"] == 40


def test_the_assurance_figures_for_one_agency_count_only_its_updates(partnership):
    gmp = reporting.assurance_figures(reporting.now(), agency=partnership.gmp)
    roch = reporting.assurance_figures(reporting.now(), agency=partnership.roch)

    assert (gmp["median_days_to_assure"], gmp["progress_updates"], gmp["evidence_pct"]) == (4.0, 3, 67)
    assert (roch["median_days_to_assure"], roch["progress_updates"], roch["evidence_pct"]) == (1.0, 2, 0)


def test_the_assurance_figures_as_at_a_past_day_leave_out_later_updates(partnership):
    figures = reporting.assurance_figures(Moment(day=datetime.date(2025, 3, 31), is_past=True))

    assert figures["median_days_to_assure"] == 1.0
    assert figures["assured_count"] == 1
    assert (figures["progress_updates"], figures["evidence_pct"]) == (2, 50)


def test_assurance_figures_are_blank_rather_than_zero_with_no_updates(db):
    figures = reporting.assurance_figures(reporting.now())

    assert figures["median_days_to_assure"] is None
    assert figures["evidence_pct"] is None


def test_recent_activity_lists_progress_and_status_updates_newest_first(partnership):
    u = partnership.updates

    activity = reporting.recent_activity(reporting.now())

    assert activity == [
        u["p5"],
        u["p4"],
        u["p3"],
        u["a5"],
        u["s5"],
        u["a4"],
        u["s2"],
        u["r"],
        u["s1"],
        u["p2"],
        u["p1"],
    ]  # no owner or due-date changes, nothing on the archived action


def test_recent_activity_is_limited_and_breaks_ties_by_the_later_entry(partnership):
    u = partnership.updates
    same_time = UpdateFactory(action=partnership.actions[8], created_at=u["p5"].created_at)

    assert reporting.recent_activity(reporting.now(), limit=3) == [same_time, u["p5"], u["p4"]]


def test_recent_activity_as_at_a_past_day_ends_that_day(partnership):
    u = partnership.updates

    activity = reporting.recent_activity(Moment(day=datetime.date(2025, 3, 6), is_past=True))

    assert activity == [u["s2"], u["r"], u["s1"], u["p2"], u["p1"]]


def test_recent_activity_for_one_agency_shows_only_its_updates(partnership):
    u = partnership.updates

    activity = reporting.recent_activity(reporting.now(), agency=partnership.gmp)

    assert activity == [u["p5"], u["p3"], u["a5"], u["s5"], u["p1"]]


def test_the_dashboard_shows_the_headline_figures(client, oversight, partnership):
    client.force_login(oversight)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert f"Today, {long_date(partnership.today)}." in text
    assert (
        "2 submitted and waiting for assurance; 2 due in the next 30 days; 2 open actions rated red." in text
    )
    assert "40% of 5 progress updates have evidence attached." in text
    assert '<span class="app-figure">22%</span> <span class="app-figure-caption">assured (2)</span>' in text
    assert '<span class="app-figure">2.5</span>' in text
    assert 'aria-label="2 in progress for GMP"' in text
    assert 'aria-label="2 not started for Rochdale"' in text
    assert 'aria-label="2 rated red for GMP"' in text


def test_the_dashboard_lists_overdue_and_due_soon_actions_by_due_date(client, oversight, partnership):
    client.force_login(oversight)

    response = client.get(reverse("dashboard"))

    overdue, due_soon = (rows for _, rows, _ in response.context["deadline_lists"])
    a = partnership.actions
    assert overdue == [a[1], a[8]]
    assert due_soon == [a[2], a[7]]


def test_the_trend_ends_today_with_the_headline_figures(partnership):
    rows = reporting.trend(reporting.now())

    assert len(rows) == 12
    assert rows[-1]["day"] == partnership.today
    # Actions untouched since the end of today (all of them) are read as they are
    # now, so the last point agrees with the headline figures.
    headline = reporting.totals(now_states(), reporting.now())
    for key in ("total", "assured", "green", "amber", "red"):
        assert rows[-1][key] == headline[key], key


def test_the_trend_rebuilds_each_month_end_from_the_timeline(partnership):
    moment = Moment(day=datetime.date(2025, 4, 30), is_past=True)

    rows = {row["day"]: row for row in reporting.trend(moment, months=4)}

    assert list(rows) == [
        datetime.date(2025, 1, 31),
        datetime.date(2025, 2, 28),
        datetime.date(2025, 3, 31),
        datetime.date(2025, 4, 30),
    ]
    # Nine live actions existed from 2 January; green comes from the progress
    # updates (p1 on action 1, p2 on action 6, p3 on action 7), which stay open.
    assert [rows[d]["total"] for d in rows] == [9, 9, 9, 9]
    assert [rows[d]["green"] for d in rows] == [0, 2, 2, 3]
    assert [rows[d]["assured"] for d in rows] == [0, 0, 1, 2]


def test_the_grades_for_one_agency_leave_out_the_others(partnership):
    states = now_states().filter(agency=partnership.gmp)

    rows = reporting.grades_with_open_work(states, reporting.now(), agency=partnership.gmp)

    assert [(r["area"], r["open_actions"]) for r in rows] == [
        ("Leadership", 1),
        ("Investigating", 2),
    ]
