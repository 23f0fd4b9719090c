"""The dashboard "as at" a past day, rebuilt from the append-only timeline.

The history is written the way the application writes it, through ``Action.record``
and ``Action.transition``, with the clock frozen at each moment:

GMP's action P (R1), created 10 January 2025, due 31 March 2025:
  20 Jan  in progress, amber, 20%
  15 Feb  due date moved to 31 May
  10 Mar  red, 50%
   1 Apr  submitted, green, 100%
   3 Apr  returned to in progress ("Add the audit results.")
  20 Apr  submitted again
   1 May  due date moved to 15 June
   2 May  assured
Rochdale's action Q (R2), created 1 March 2025, due 20 March 2025, never started:
  10 Apr  due date moved to 30 June
  30 Jun  23:30 (British Summer Time) in progress, green, 10%
Rochdale's action S (R3), created 1 June 2025, due 31 January 2027, never touched.
"""

from __future__ import annotations

import datetime
import re
from contextlib import contextmanager
from types import SimpleNamespace
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import Membership
from recommendations import reporting, services
from recommendations.models import Status
from recommendations.reporting import Moment
from tests.factories import (
    ActionFactory,
    InspectionFactory,
    MembershipFactory,
    RecommendationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
D = datetime.date.fromisoformat


def at(day: str, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(D(day), datetime.time(hour, minute), LONDON)


@contextmanager
def clock(when: datetime.datetime):
    """Freeze ``timezone.now()``, which the models call for every timestamp they write."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        yield


@pytest.fixture(autouse=True)
def _plain_http_and_one_factor(settings):
    """These tests are about figures: sign-in hardening has tests of its own."""
    settings.SECURE_SSL_REDIRECT = False
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture
def history(agency, other_agency):
    lead = UserFactory(username="lena.lead")
    officer = UserFactory(username="olu.officer", is_oversight=True)
    inspection = InspectionFactory(title="Part Four", published_on=D("2024-12-13"))
    rec = {ref: RecommendationFactory(inspection=inspection, reference=ref) for ref in ("R1", "R2", "R3")}
    p = ActionFactory(
        recommendation=rec["R1"], agency=agency, due_date=D("2025-03-31"), created_at=at("2025-01-10")
    )
    q = ActionFactory(
        recommendation=rec["R2"], agency=other_agency, due_date=D("2025-03-20"), created_at=at("2025-03-01")
    )
    s = ActionFactory(
        recommendation=rec["R3"], agency=other_agency, due_date=D("2027-01-31"), created_at=at("2025-06-01")
    )

    for partner in (agency, other_agency):
        MembershipFactory(user=lead, agency=partner, role=Membership.Role.LEAD)
    evidence = SimpleUploadedFile("audit.txt", b"Audit results", "text/plain")

    def progress(action, narrative, confidence, percent, status_to="", files=()):
        services.progress_log(
            action=action,
            by=lead,
            narrative=narrative,
            confidence=confidence,
            percent_complete=percent,
            status_to=status_to,
            files=files,
            expected_version=None,
        )

    def move_due(action, reason, due):
        services.action_change_due_date(
            action=action, by=officer, due_date=due, reason=reason, expected_version=None
        )

    with clock(at("2025-01-20")):
        progress(p, "Started.", "amber", 20, Status.IN_PROGRESS)
    with clock(at("2025-02-15")):
        move_due(p, "Training slipped.", D("2025-05-31"))
    with clock(at("2025-03-10")):
        progress(p, "Behind.", "red", 50)
    with clock(at("2025-04-01")):
        progress(p, "Done.", "green", 100, Status.SUBMITTED, files=[evidence])
    with clock(at("2025-04-03")):
        services.action_return(action=p, by=officer, reason="Add the audit results.", expected_version=None)
    with clock(at("2025-04-10")):
        move_due(q, "Agreed later.", D("2025-06-30"))
    with clock(at("2025-04-20")):
        progress(p, "With the audit.", "green", 100, Status.SUBMITTED)
    with clock(at("2025-05-01")):
        move_due(p, "Board date.", D("2025-06-15"))
    with clock(at("2025-05-02")):
        services.action_assure(action=p, by=officer, note="Assured.", expected_version=None)
    with clock(at("2025-06-30", 23, 30)):
        progress(q, "Late start.", "green", 10, Status.IN_PROGRESS)
    return SimpleNamespace(p=p, q=q, s=s, agency=agency, other_agency=other_agency)


def states_on(day: str) -> dict:
    moment = Moment(day=D(day), is_past=True)
    return {
        a.pk: (a.s_status, a.s_confidence, a.s_percent, a.s_due)
        for a in reporting.action_states(moment).order_by("pk")
    }


def test_the_history_left_each_action_in_its_current_state(history):
    history.p.refresh_from_db()
    history.q.refresh_from_db()
    assert (history.p.status, history.p.due_date, history.p.version) == (Status.ASSURED, D("2025-06-15"), 9)
    assert (history.q.status, history.q.due_date) == (Status.IN_PROGRESS, D("2025-06-30"))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-01-10", (Status.NOT_STARTED, "", 0, D("2025-03-31"))),  # created that day, nothing yet
        ("2025-01-19", (Status.NOT_STARTED, "", 0, D("2025-03-31"))),
        ("2025-01-20", (Status.IN_PROGRESS, "amber", 20, D("2025-03-31"))),  # midday counts for the day
        ("2025-02-14", (Status.IN_PROGRESS, "amber", 20, D("2025-03-31"))),  # the original due date
        ("2025-02-15", (Status.IN_PROGRESS, "amber", 20, D("2025-05-31"))),  # the new one
        ("2025-03-10", (Status.IN_PROGRESS, "red", 50, D("2025-05-31"))),
        ("2025-04-01", (Status.SUBMITTED, "green", 100, D("2025-05-31"))),
        ("2025-04-02", (Status.SUBMITTED, "green", 100, D("2025-05-31"))),  # between submitted and returned
        ("2025-04-03", (Status.IN_PROGRESS, "green", 100, D("2025-05-31"))),  # returned
        ("2025-04-20", (Status.SUBMITTED, "green", 100, D("2025-05-31"))),
        ("2025-05-01", (Status.SUBMITTED, "green", 100, D("2025-06-15"))),  # the second move
        ("2025-05-02", (Status.ASSURED, "green", 100, D("2025-06-15"))),
        ("2025-11-30", (Status.ASSURED, "green", 100, D("2025-06-15"))),
    ],
)
def test_an_actions_state_as_at_each_day_is_rebuilt_from_its_updates(history, day, expected):
    assert states_on(day)[history.p.pk] == expected


def test_an_action_created_after_the_day_is_absent(history):
    assert set(states_on("2025-01-10")) == {history.p.pk}
    assert set(states_on("2025-02-28")) == {history.p.pk}
    assert set(states_on("2025-03-01")) == {history.p.pk, history.q.pk}
    assert set(states_on("2025-06-01")) == {history.p.pk, history.q.pk, history.s.pk}


def test_an_update_late_in_the_evening_counts_for_its_own_london_day(history):
    assert states_on("2025-06-29")[history.q.pk] == (Status.NOT_STARTED, "", 0, D("2025-06-30"))
    assert states_on("2025-06-30")[history.q.pk] == (Status.IN_PROGRESS, "green", 10, D("2025-06-30"))


def test_overdue_as_at_a_day_uses_the_due_date_in_force_then(history):
    def overdue_on(day):
        moment = Moment(day=D(day), is_past=True)
        return set(
            reporting.action_states(moment).filter(reporting.overdue_q(moment)).values_list("pk", flat=True)
        )

    assert overdue_on("2025-03-20") == set()  # Q is due that day, not yet overdue
    assert overdue_on("2025-03-21") == {history.q.pk}  # due 20 March then
    assert overdue_on("2025-04-09") == {history.q.pk}
    assert overdue_on("2025-04-10") == set()  # moved to 30 June that day
    # P's first due date (31 March) passed while it was in progress, but by then it
    # had been moved to 31 May.
    assert overdue_on("2025-04-05") == {history.q.pk}
    assert overdue_on("2025-07-01") == {history.q.pk}  # in progress, due 30 June


def test_due_soon_as_at_a_day_uses_the_due_date_in_force_then(history):
    moment = Moment(day=D("2025-03-05"), is_past=True)

    due_soon = reporting.action_states(moment).filter(reporting.due_soon_q(moment))

    assert set(due_soon.values_list("pk", flat=True)) == {history.q.pk}  # due 20 March then


def test_the_totals_as_at_a_day_match_the_known_states(history):
    moment = Moment(day=D("2025-04-02"), is_past=True)

    totals = reporting.totals(reporting.action_states(moment), moment)

    assert (totals["total"], totals["submitted"], totals["not_started"], totals["overdue"]) == (2, 1, 1, 1)
    assert totals["assured_pct"] == 0


def test_the_dashboard_as_at_a_day_shows_the_figures_of_that_day(client, oversight, history):
    client.force_login(oversight)

    response = client.get(reverse("dashboard"), {"as_at": "2025-04-02"})

    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert "As at the end of 2 April 2025, rebuilt from the timeline." in text
    assert 'aria-label="1 submitted for assurance for GMP"' in text
    assert 'aria-label="1 not started for Rochdale"' in text
    assert 'aria-label="1 overdue for Rochdale"' in text
    assert 'aria-label="1 overdue for GMP"' not in text
    assert "1 submitted and waiting for assurance" in text
    assert re.search(
        r'<span class="app-figure">0%</span>\s*<span class="app-figure-caption">assured \(0\)', text
    )
    # The links drill down to the list as it stood that day.
    assert "as_at=2025-04-02" in text


def test_the_dashboard_today_shows_todays_figures_not_the_past(client, oversight, history):
    client.force_login(oversight)

    response = client.get(reverse("dashboard"))

    text = " ".join(response.content.decode().split())
    assert "As at the end of" not in text
    assert 'aria-label="1 assured for GMP"' in text
    assert 'aria-label="1 overdue for Rochdale"' in text  # Q, due 30 June 2025, still in progress
    assert 'aria-label="1 not started for Rochdale"' in text  # S


def test_the_action_list_as_at_a_day_shows_the_actions_of_that_day(client, oversight, history):
    client.force_login(oversight)

    response = client.get(
        reverse("action_list"), {"as_at": "2025-04-02", "status": "submitted", "agency": history.agency.pk}
    )

    text = " ".join(response.content.decode().split())
    assert re.search(r'role="status">1 action (match|matches) your filters\.', text)
    assert "as at the end of 2 April 2025" in text


def test_the_recent_activity_as_at_a_day_ends_that_day(client, oversight, history):
    client.force_login(oversight)

    response = client.get(reverse("dashboard"), {"as_at": "2025-04-02"})

    activity = response.context["activity"]
    assert [u.created_at for u in activity] == [at("2025-04-01"), at("2025-03-10"), at("2025-01-20")]


def test_the_earliest_day_that_can_be_shown_is_the_first_actions_creation(client, oversight, history):
    client.force_login(oversight)

    response = client.get(reverse("dashboard"), {"as_at": "2025-01-10"})

    text = " ".join(response.content.decode().split())
    assert "As at the end of 10 January 2025" in text
    assert 'aria-label="1 not started for GMP"' in text


def test_comparing_two_days_shows_the_change_between_them(client, oversight, history):
    client.force_login(oversight)

    response = client.get(reverse("dashboard_compare"), {"from": "2025-04-02", "to": "2025-05-02"})

    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert "What changed between 2 April 2025 and 2 May 2025" in text
    headline = {
        row["key"]: (row["before"], row["after"], row["change"]) for row in response.context["headline"]
    }
    assert headline["total"] == (2, 2, 0)
    assert headline["submitted"] == (1, 0, -1)
    assert headline["assured"] == (0, 1, 1)
    assert headline["assured_pct"] == (0, 50, 50)
    assert headline["overdue"] == (1, 0, -1)  # Q's due date moved on 10 April
    assert "+50 points" in text


def test_an_as_at_with_no_records_at_all_gets_a_message(client, oversight):
    client.force_login(oversight)

    response = client.get(reverse("dashboard"), {"as_at": "2025-01-05"})

    assert response.status_code == 200
    assert "The date must be on or after the first record" in " ".join(response.content.decode().split())
