"""The board report as a paper for a board (issue 15, items 2 to 4): the exceptions,
what changed since the board last met (also on the compare page, linked), and a tagged
PDF in the service font whose headings stay with what they head."""

from __future__ import annotations

import datetime
import html
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from recommendations import reporting, services
from recommendations.models import Status
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _plain_http_and_one_factor(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture
def history(agency, admin_user, lead, oversight, pdf_upload):
    """Four actions created 200 days ago; in the last 60 days one was assured, one
    returned, one had its due date moved, and one fell overdue (rated red too)."""
    ago = timezone.now() - 200 * DAY
    made = [
        services.action_create(
            recommendation=RecommendationFactory(reference=f"R{n}"),
            agency=agency,
            due_date=TODAY() + due * DAY,
            by=admin_user,
            at=ago,
        )
        for n, due in enumerate((100, 100, 100, -30), start=1)
    ]
    assured, returned, moved, late = made
    recent = timezone.now() - 50 * DAY

    def step(action, minutes, **kwargs):
        return services.progress_log(
            action=action,
            by=lead,
            narrative=kwargs.pop("narrative", "Work done."),
            confidence=kwargs.pop("confidence", "green"),
            percent_complete=kwargs.pop("percent", 50),
            expected_version=None,
            at=recent + datetime.timedelta(minutes=minutes),
            **kwargs,
        )

    for n, action in enumerate((assured, returned)):
        step(action, 10 * n, status_to=Status.IN_PROGRESS)
        step(action, 10 * n + 1, percent=100, status_to=Status.SUBMITTED, files=[pdf_upload()])
    services.action_assure(action=assured, by=oversight, expected_version=None, at=recent + 30 * DAY)
    services.action_return(
        action=returned,
        by=oversight,
        reason="The audit is missing.",
        expected_version=None,
        at=recent + 30 * DAY,
    )
    services.action_change_due_date(
        action=moved,
        by=oversight,
        due_date=TODAY() + 150 * DAY,
        reason="Agreed at the board.",
        expected_version=None,
        at=recent + 31 * DAY,
    )
    step(late, 5, status_to=Status.IN_PROGRESS, confidence="red", narrative="Stalled: no analyst in post.")
    return {"assured": assured, "returned": returned, "moved": moved, "late": late}


def test_the_exceptions_are_the_open_actions_overdue_or_red_with_their_latest_update(history):
    found = reporting.exceptions(reporting.now())

    assert found["count"] == 1
    (late,) = found["rows"]
    assert (late.pk, late.days_overdue, late.latest_narrative) == (
        history["late"].pk,
        30,
        "Stalled: no analyst in post.",
    )


def test_what_changed_since_a_day_lists_each_kind_of_change(history, django_assert_max_num_queries):
    since = reporting.Moment(day=TODAY() - 60 * DAY, is_past=True)

    with django_assert_max_num_queries(12):
        changes = {c.key: c for c in reporting.changes_between(since, reporting.now())}

    labels = {key: [row["label"].split(": ")[1] for row in c.rows] for key, c in changes.items()}
    assert labels["assured"] == [history["assured"].recommendation.label]
    assert labels["returned"] == [history["returned"].recommendation.label]
    assert labels["due_moved"] == [history["moved"].recommendation.label]
    # Due 30 days ago: it was not yet overdue 60 days ago.
    assert labels["overdue"] == [history["late"].recommendation.label]
    assert (changes["assured"].better, changes["overdue"].better) == (True, False)
    assert changes["returned"].rows[0]["detail"] == "The audit is missing."
    # Nothing changed in the last ten days.
    recent = reporting.changes_between(
        reporting.Moment(day=TODAY() - 10 * DAY, is_past=True), reporting.now()
    )
    assert [c.count for c in recent] == [0, 0, 0, 0, 0, 0]


def test_the_compare_page_links_each_change_and_says_better_or_worse(client, oversight, history):
    client.force_login(oversight)
    page = client.get(
        reverse("dashboard_compare"), {"from": (TODAY() - 60 * DAY).isoformat(), "to": TODAY().isoformat()}
    ).content.decode()

    assert f'href="/actions/{history["assured"].pk}/"' in page
    assert "Newly assured as delivered: 1" in page
    assert re.search(r"Newly overdue: 1\s*<strong class=\"govuk-tag govuk-tag--red\">Worse</strong>", page)


def test_the_board_report_shows_exceptions_and_changes_since_the_day_asked(client, oversight, history):
    client.force_login(oversight)
    since = (TODAY() - 60 * DAY).isoformat()

    text = " ".join(
        re.sub(
            r"<[^>]+>", " ", client.get(reverse("board_report"), {"since": since}).content.decode()
        ).split()
    )

    assert "Exceptions: overdue or rated red" in text
    assert "Stalled: no analyst in post." in text
    assert f"What changed since {(TODAY() - 60 * DAY):%-d %B %Y}" in text
    assert "Returned to the agency by the assurance team: 1" in text


def test_a_since_date_that_is_not_before_the_report_gets_a_message_and_the_last_quarter(
    client, oversight, history
):
    client.force_login(oversight)

    response = client.get(reverse("board_report"), {"since": TODAY().isoformat()})

    assert "must be before the report's date" in html.unescape(response.content.decode())
    assert response.context["since"].day == TODAY() - 91 * DAY


def test_the_pdf_is_tagged_titled_in_english_and_in_the_service_font(client, oversight, history):
    client.force_login(oversight)

    response = client.get(reverse("board_report"), {"format": "pdf"})

    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == f"Board report as at {TODAY():%-d %B %Y}"
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert fonts and all(re.match(r"(Liberation-?Sans|Arial)", f) for f in fonts), fonts


def test_the_dashboards_bars_and_heat_map_follow_the_numbers(client, oversight, history):
    from recommendations.templatetags.govuk import bar, heat

    assert 'width="39"' in bar(39) and 'width="100"' in bar(140) and bar(None) == ""
    assert [heat(n, 8) for n in (0, 1, 2, 4, 8)] == [
        "",
        "app-heat-1",
        "app-heat-2",
        "app-heat-3",
        "app-heat-4",
    ]
    assert heat(3, 0) == ""
    client.force_login(oversight)
    page = client.get(reverse("dashboard")).content.decode()
    # The agency's four actions: 1 not started, 2 in progress (one returned), 1 assured.
    assert re.search(r'govuk-table__cell--numeric app-heat-3"><a [^>]+>2</a>', page)
    assert '<svg class="app-bar"' in page
