"""Every oversight page runs the same number of queries with ten times the data.

Each test measures a page on a small partnership (2 agencies, 6 actions with their
timelines, 4 judgements, 2 reports, 2 themes), grows it to ten times the agencies,
actions, judgements and updates (and more reports and themes), and measures again: the
second count may not exceed the first. The first is also held under a ceiling.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from recommendations import intervals, tallies
from tests.recommendations.test_dashboard_views import build_partnership

pytestmark = pytest.mark.django_db

# After a change to the past, the dashboard's trend costs one query for each of its eleven
# past month-ends, and three to find and keep them; today's figures, after a change to
# every agency, 12 to count and store the agencies' tallies again.
# Every page with the navigation also counts what waits there: one query for a partner
# (actions needing them), two for the assurance team (its queue). A past day's figures
# for the whole partnership, with none stored (after the change to the past), cost the
# generation, the stored day before, the count from scratch (3, with the progress
# updates the assurance figures then need not count) and keeping it (2 more than
# counting alone, recommendations.past); with one stored up to a month before, its
# changes since (2).
PAGES = [
    pytest.param("dashboard", {}, "oversight", 48, id="dashboard"),
    pytest.param("dashboard", {"as_at": "2025-06-30"}, "oversight", 40, id="dashboard-as-at"),
    pytest.param("dashboard", {}, "lead", 47, id="dashboard-lead"),
    # The two days' figures (six months apart: both counted from scratch), then which
    # actions changed between them, kind by kind.
    pytest.param(
        "dashboard_compare", {"from": "2025-03-31", "to": "2025-09-30"}, "oversight", 36, id="compare"
    ),
    # The dashboard's figures, then the exceptions (2) and what changed in the quarter
    # before (12, and 1 for the first day on record).
    pytest.param("board_report", {"as_at": "2025-06-30"}, "oversight", 55, id="board-report"),
    pytest.param("action_list", {}, "oversight", 16, id="action-list"),
    pytest.param(
        "action_list",
        {"as_at": "2025-06-30", "status": ["in_progress", "not_started"]},
        "oversight",
        16,
        id="action-list-as-at",
    ),
    pytest.param("action_list", {"theme": "", "sort": "-agency"}, "lead", 16, id="action-list-lead"),
    pytest.param("public_summary", {}, None, 22, id="public-summary"),
]


def everything_changed() -> None:
    tallies.touch_all()
    intervals.past_changed()


@pytest.fixture(autouse=True)
def _plain_http_and_one_factor(settings):
    """These tests are about queries: sign-in hardening has tests of its own."""
    settings.SECURE_SSL_REDIRECT = False
    settings.TWO_FACTOR_REQUIRED = False


@pytest.mark.parametrize(("name", "params", "persona", "ceiling"), PAGES)
def test_a_page_costs_no_more_queries_with_ten_times_the_data(
    client, request, agency, other_agency, name, params, persona, ceiling, django_assert_max_num_queries
):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    build_partnership(agencies=[agency, other_agency], n_recommendations=3)
    url = reverse(name)
    assert client.get(url, params).status_code == 200  # warm per-process caches

    # Each measured after a change to every agency's actions and to the past, so today's
    # figures count every agency's tallies again and the trend works out every past
    # month-end again: the most a page can cost (a fixed number of queries).
    everything_changed()
    with django_assert_max_num_queries(ceiling) as small:
        before = client.get(url, params)
        assert before.status_code == 200

    build_partnership(n_agencies=18, n_recommendations=3, n_inspections=3, n_themes=3)
    build_partnership(agencies=[agency], n_recommendations=6)  # the lead's own agency grows too
    everything_changed()
    with django_assert_max_num_queries(len(small.captured_queries)):
        after = client.get(url, params)
        assert after.status_code == 200
    assert len(after.content) > len(before.content)  # the page did show more
