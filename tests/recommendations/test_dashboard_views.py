"""The dashboard pages: who may see them, what bad input gets, the board report, and that
every figure drills down to a list of exactly that many actions."""

from __future__ import annotations

import datetime
import html
import re
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from agencies.models import Agency, Membership
from recommendations.models import Status, UpdateKind
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    EvidenceFactory,
    GradedAreaFactory,
    GradeFactory,
    InspectionFactory,
    InspectorateFactory,
    JudgementFactory,
    MembershipFactory,
    RecommendationFactory,
    ThemeFactory,
    UpdateFactory,
    UserFactory,
    derived_once,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
FIRST_DAY = datetime.date(2025, 1, 6)
DASHBOARD_PAGES = ["dashboard", "dashboard_compare", "board_report"]

# What happens to an action, as (days after it was created, new status or "",
# confidence or "", percent complete or None).
SCRIPTS = [
    [],
    [(5, Status.IN_PROGRESS, "green", 20)],
    [(3, Status.IN_PROGRESS, "amber", 30), (40, "", "red", 40)],
    [(2, Status.IN_PROGRESS, "green", 50), (30, Status.SUBMITTED, "green", 100)],
    [
        (2, Status.IN_PROGRESS, "green", 50),
        (20, Status.SUBMITTED, "green", 100),
        (25, Status.IN_PROGRESS, "amber", 90),
        (50, Status.SUBMITTED, "", None),
        (60, Status.ASSURED, "", None),
    ],
    [(4, Status.IN_PROGRESS, "red", 10)],
    [(1, Status.IN_PROGRESS, "amber", 5), (300, "", "red", 15)],
]


def long_date(day: datetime.date) -> str:
    """A date as the pages write it, e.g. 5 March 2025."""
    return f"{day.day} {day:%B %Y}"


@pytest.fixture(autouse=True)
def _plain_http_and_one_factor(settings):
    """These tests are about the dashboard: sign-in hardening has tests of its own."""
    settings.SECURE_SSL_REDIRECT = False
    settings.TWO_FACTOR_REQUIRED = False


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), LONDON)


def build_partnership(*, agencies=None, n_agencies=2, n_recommendations=3, n_inspections=2, n_themes=2):
    """A partnership with a consistent history: each action's columns agree with its
    timeline, which runs from January 2025. Call again to add more of everything."""
    with derived_once():
        agencies = list(agencies or []) + [AgencyFactory() for _ in range(n_agencies - len(agencies or []))]
        inspectorate = InspectorateFactory()
        grades = [GradeFactory(inspectorate=inspectorate, rank=rank) for rank in range(1, 5)]
        areas = [GradedAreaFactory(inspectorate=inspectorate, order=n) for n in range(2)]
        inspections = [
            InspectionFactory(inspectorate=inspectorate, published_on=datetime.date(2024, 12, 13))
            for _ in range(n_inspections)
        ]
        themes = [ThemeFactory() for _ in range(n_themes)]
        for k, agency in enumerate(agencies):
            for n, area in enumerate(areas):
                JudgementFactory(
                    inspection=inspections[0], agency=agency, area=area, grade=grades[(k + n) % len(grades)]
                )
        author = UserFactory()
        actions = []
        for r in range(n_recommendations):
            recommendation = RecommendationFactory(
                inspection=inspections[r % n_inspections],
                area=areas[r % 2] if r % 3 else None,
                themes=themes[: r % (n_themes + 1)],
            )
            for k, agency in enumerate(agencies):
                i = len(actions)
                created = FIRST_DAY + datetime.timedelta(days=(i * 11) % 120)
                action = ActionFactory(
                    recommendation=recommendation,
                    agency=agency,
                    due_date=(
                        timezone.localdate() + datetime.timedelta(days=3 + i % 25)
                        if i % 4 == 1
                        else datetime.date(2025, 3, 1) + datetime.timedelta(days=(i * 37) % 700)
                    ),
                    created_at=at(created, 9),
                    owner=author if k == 0 else None,
                )
                status, confidence, percent = Status.NOT_STARTED, "", 0
                for days, to, conf, pct in SCRIPTS[i % len(SCRIPTS)]:
                    update = UpdateFactory(
                        action=action,
                        author=author,
                        kind=UpdateKind.PROGRESS if conf or pct is not None else UpdateKind.STATUS,
                        narrative="Progress on systems and practice.",
                        confidence=conf,
                        percent_complete=pct,
                        status_from=status if to else "",
                        status_to=to,
                        created_at=at(created + datetime.timedelta(days=days)),
                    )
                    if update.kind == UpdateKind.PROGRESS and i % 3 == 0:
                        EvidenceFactory(update=update)
                    status = to or status
                    confidence = conf or confidence
                    percent = percent if pct is None else pct
                action.status, action.confidence, action.percent_complete = status, confidence, percent
                action.save()
                actions.append(action)
    return SimpleNamespace(agencies=agencies, actions=actions, inspections=inspections, themes=themes)


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


def visible_text(response) -> str:
    """The words on the page without its markup: the random CSP nonce and CSRF token in
    attributes could, now and then, contain a short name such as "GMP"."""
    return " ".join(strip_tags(response.content.decode()).split())


def listed_count(response) -> int:
    """The number in the list's status line, "N action(s)[ match your filters]."."""
    match = re.search(r'<p class="govuk-body" role="status">(\d+) actions?[ .]', page_text(response))
    assert match, "The list has no count"
    return int(match[1])


@pytest.fixture(scope="module")
def _shared_partnership(django_db_setup, django_db_blocker):
    """The partnership, built once for the module inside a transaction rolled back at its
    end; each test's own transaction nests inside it (building it took a second a test
    on PostgreSQL). Every test here uses it: one wanting an empty database goes elsewhere."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_partnership(
            agencies=[
                AgencyFactory(name="Greater Manchester Police", short_name="GMP", slug="gmp", kind="police"),
                AgencyFactory(name="Rochdale Council", short_name="Rochdale", slug="rochdale"),
                AgencyFactory(name="Wigan Council"),
            ],
            n_recommendations=5,
        )
        transaction.set_rollback(True)


@pytest.fixture
def partnership(_shared_partnership, db):
    return _shared_partnership


@pytest.fixture
def agency(partnership):
    """The partnership's first agency (where ``lead`` and ``contributor`` work), fresh."""
    return Agency.objects.get(pk=partnership.agencies[0].pk)


@pytest.fixture
def other_agency(partnership):
    return Agency.objects.get(pk=partnership.agencies[1].pk)


@pytest.fixture
def other_lead(other_agency):
    return MembershipFactory(agency=other_agency, role=Membership.Role.LEAD, user__username="ria.lead").user


# -- Who may see the dashboard --------------------------------------------------------


@pytest.mark.parametrize("name", DASHBOARD_PAGES)
def test_oversight_sees_every_agency_on_the_dashboard_pages(client, oversight, partnership, name):
    client.force_login(oversight)

    response = client.get(reverse(name))

    assert response.status_code == 200
    text = page_text(response)
    for agency in partnership.agencies:
        assert agency.short_name in text


@pytest.mark.parametrize("name", DASHBOARD_PAGES)
def test_an_administrator_sees_the_dashboard_pages(admin_client, partnership, name):
    assert admin_client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", DASHBOARD_PAGES)
def test_a_contributor_cannot_see_the_dashboard_pages(client, contributor, partnership, name):
    client.force_login(contributor)

    assert client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", DASHBOARD_PAGES)
def test_someone_with_no_membership_cannot_see_the_dashboard_pages(client, partnership, name):
    client.force_login(UserFactory(username="nia.newcomer"))

    assert client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", DASHBOARD_PAGES)
def test_signed_out_visitors_are_sent_to_sign_in(client, partnership, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("name", DASHBOARD_PAGES)
def test_a_lead_sees_the_dashboard_pages_for_their_own_agency(client, lead, agency, partnership, name):
    client.force_login(lead)

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert agency.name in page_text(response)


def test_a_leads_dashboard_counts_only_their_own_agencys_actions(client, lead, agency, partnership):
    client.force_login(lead)

    response = client.get(reverse("dashboard"))

    own = [a for a in partnership.actions if a.agency_id == agency.pk]
    assert response.context["totals"]["total"] == len(own) < len(partnership.actions)
    assert response.context["totals"]["assured"] == sum(a.status == Status.ASSURED for a in own)
    text = page_text(response)
    assert (
        f'<span class="app-figure">{len(own)}</span> <span class="app-figure-caption">actions for GMP' in text
    )
    assert "Actions by agency and status" not in text  # no matrix of the other agencies
    assert all(u.action.agency_id == agency.pk for u in response.context["activity"])


def test_a_leads_dashboard_does_not_show_other_agencies(client, lead, partnership):
    client.force_login(lead)

    text = page_text(client.get(reverse("dashboard")))

    assert "Rochdale" not in text
    assert "Wigan" not in text


def test_a_lead_of_another_agency_sees_that_agency_only(client, other_lead, other_agency, partnership):
    client.force_login(other_lead)

    response = client.get(reverse("dashboard"))

    own = [a for a in partnership.actions if a.agency_id == other_agency.pk]
    assert response.context["totals"]["total"] == len(own)
    text = visible_text(response)
    assert "Rochdale Council" in text
    assert "GMP" not in text


def test_a_leads_comparison_counts_only_their_own_agency(client, lead, agency, partnership):
    client.force_login(lead)

    response = client.get(reverse("dashboard_compare"), {"from": "2025-03-31", "to": "2025-09-30"})

    assert response.status_code == 200
    assert response.context["matrix"] == []
    totals = {row["key"]: row["after"] for row in response.context["headline"]}
    own = [a for a in partnership.actions if a.agency_id == agency.pk]
    assert totals["total"] == len(own)


def test_a_lead_working_for_an_agency_where_they_only_contribute_cannot_see_its_dashboard(
    client, lead, other_agency, partnership
):
    MembershipFactory(user=lead, agency=other_agency, role=Membership.Role.CONTRIBUTOR)
    client.force_login(lead)
    session = client.session
    session["agency_id"] = other_agency.pk
    session.save()

    assert client.get(reverse("dashboard")).status_code == 404


# -- Bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["2025-13-01", "yesterday", "2025-1-1", "20250101", "2025-02-30", "9" * 40])
def test_a_malformed_as_at_gets_a_message_and_todays_figures(client, oversight, partnership, raw):
    client.force_login(oversight)

    response = client.get(reverse("dashboard"), {"as_at": raw})

    assert response.status_code == 200
    text = page_text(response)
    assert "is not a date. Enter a date like 2025-03-31. Showing today&#x27;s figures." in text
    assert f"Today, {long_date(timezone.localdate())}." in text
    assert not response.context["moment"].is_past


def test_an_as_at_in_the_future_gets_a_message_and_todays_figures(client, oversight, partnership):
    client.force_login(oversight)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.get(reverse("dashboard"), {"as_at": tomorrow.isoformat()})

    assert response.status_code == 200
    text = page_text(response)
    assert "The date must be today or in the past. Showing today&#x27;s figures." in text
    assert f"Today, {long_date(timezone.localdate())}." in text


def test_an_as_at_before_the_first_record_gets_a_message_and_todays_figures(client, oversight, partnership):
    client.force_login(oversight)

    response = client.get(reverse("dashboard"), {"as_at": "2025-01-05"})

    assert response.status_code == 200
    text = page_text(response)
    assert (
        "The date must be on or after the first record, 6 January 2025. Showing today&#x27;s figures." in text
    )
    assert response.context["totals"]["total"] == len(partnership.actions)


def test_as_at_today_shows_todays_figures_without_a_message(client, oversight, partnership):
    client.force_login(oversight)

    response = client.get(reverse("dashboard"), {"as_at": timezone.localdate().isoformat()})

    text = page_text(response)
    assert "govuk-notification-banner" not in text
    assert f"Today, {long_date(timezone.localdate())}." in text


@pytest.mark.parametrize("name", ["board_report", "action_list"])
def test_other_pages_give_a_malformed_as_at_a_message_too(client, oversight, partnership, name):
    client.force_login(oversight)

    response = client.get(reverse(name), {"as_at": "2025-13-01"})

    assert response.status_code == 200
    assert "“2025-13-01” is not a date." in page_text(response)


def test_comparing_a_later_date_with_an_earlier_one_swaps_them_with_a_message(client, oversight, partnership):
    client.force_login(oversight)

    response = client.get(reverse("dashboard_compare"), {"from": "2025-09-30", "to": "2025-03-31"})

    assert response.status_code == 200
    text = page_text(response)
    assert "The first date must be before the second. They have been swapped." in text
    assert "What changed between 31 March 2025 and 30 September 2025" in text


def test_comparing_with_a_malformed_date_gets_a_message(client, oversight, partnership):
    client.force_login(oversight)

    response = client.get(reverse("dashboard_compare"), {"from": "31/03/2025", "to": "2025-09-30"})

    assert response.status_code == 200
    assert "“31/03/2025” is not a date." in page_text(response)


def test_comparing_without_dates_compares_today_with_a_quarter_ago(client, oversight, partnership):
    client.force_login(oversight)

    response = client.get(reverse("dashboard_compare"))

    today = timezone.localdate()
    assert response.context["later"].day == today
    assert response.context["earlier"].day == today - datetime.timedelta(days=91)


@pytest.mark.parametrize(
    "params",
    [
        {"status": "bogus"},
        {"agency": "999999"},
        {"agency": "abc"},
        {"due": "someday"},
        {"confidence": "purple"},
        {"inspection": "0"},
        {"theme": "x"},
        {"area": "999999"},
        {"sort": "nonsense"},
    ],
)
def test_unknown_filter_values_on_the_action_list_are_ignored_with_a_message(
    client, oversight, partnership, params
):
    client.force_login(oversight)

    response = client.get(reverse("action_list"), params)

    assert response.status_code == 200
    assert "Some filters were not recognised and have been ignored." in page_text(response)
    assert listed_count(response) == len(partnership.actions)


def test_the_filters_that_are_recognised_still_apply_beside_one_that_is_not(
    client, oversight, agency, partnership
):
    client.force_login(oversight)

    response = client.get(reverse("action_list"), {"agency": agency.pk, "status": "bogus"})

    assert "Some filters were not recognised" in page_text(response)
    assert listed_count(response) == sum(a.agency_id == agency.pk for a in partnership.actions)


# -- Board report -------------------------------------------------------------------------


def test_the_board_report_says_when_it_was_produced(client, oversight, partnership):
    client.force_login(oversight)

    response = client.get(reverse("board_report"))

    assert response.status_code == 200
    text = page_text(response)
    now = timezone.localtime()
    assert f"Board report as at {long_date(now)}" in text
    assert f"Produced {long_date(now)} at" in text
    assert "Actions by agency and status" in text


def test_the_board_report_as_at_a_past_day_says_so(client, oversight, partnership):
    client.force_login(oversight)

    response = client.get(reverse("board_report"), {"as_at": "2025-03-31"})

    text = page_text(response)
    assert "Board report as at 31 March 2025" in text
    assert "rebuilt from the timeline as they stood at the end of 31 March 2025" in text


def test_the_board_report_downloads_as_a_pdf(client, oversight, partnership):
    client.force_login(oversight)

    response = client.get(reverse("board_report"), {"format": "pdf", "as_at": "2025-03-31"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="board-report-2025-03-31.pdf"'
    assert response.content.startswith(b"%PDF")


# -- Drill-down ----------------------------------------------------------------------------

MATRIX_LINK = re.compile(
    r'<a class="govuk-link" href="(/actions/all/\?[^"]+)" aria-label="([^"]+)">(\d+)</a>'
)
GRADE_LINK = re.compile(r'<a class="govuk-link" href="(/actions/all/\?agency=\d+&amp;area=[^"]+)">(\d+)</a>')
PROGRESS_LINK = re.compile(
    r'<a class="govuk-link" href="(/actions/all/\?(?:inspection|theme)=[^"]+)">[^<]+</a></th>'
    r'\s*<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>'
)
OVERDUE_LINK = re.compile(
    r'<span class="app-figure"><a class="govuk-link" href="(/actions/all/\?due=overdue[^"]*)">(\d+)</a>'
)


def follow(client, links) -> list[tuple[str, int, int]]:
    """(link, the figure, the number of actions the list behind it shows) for each link."""
    return [(href, int(n), listed_count(client.get(html.unescape(href)))) for href, n in links]


@pytest.mark.parametrize("as_at", [None, "2025-03-31", "2025-06-30"])
def test_every_matrix_cell_leads_to_a_list_of_that_many_actions(client, oversight, partnership, as_at):
    client.force_login(oversight)
    text = page_text(client.get(reverse("dashboard"), {"as_at": as_at} if as_at else {}))

    links = MATRIX_LINK.findall(text)

    assert len(links) >= 10
    results = follow(client, [(href, n) for href, _, n in links])
    assert [(href, figure) for href, figure, listed in results if figure != listed] == []
    if as_at:
        assert all(f"as_at={as_at}" in href for href, _, _ in links)


@pytest.mark.parametrize("as_at", [None, "2025-06-30"])
def test_every_open_actions_figure_beside_a_grade_leads_to_a_list_of_that_many(
    client, oversight, partnership, as_at
):
    client.force_login(oversight)
    text = page_text(client.get(reverse("dashboard"), {"as_at": as_at} if as_at else {}))

    links = GRADE_LINK.findall(text)

    assert links
    results = follow(client, links)
    assert [(href, figure, listed) for href, figure, listed in results if figure != listed] == []


@pytest.mark.parametrize("as_at", [None, "2025-06-30"])
def test_every_report_and_theme_leads_to_a_list_of_its_actions(client, oversight, partnership, as_at):
    client.force_login(oversight)
    text = page_text(client.get(reverse("dashboard"), {"as_at": as_at} if as_at else {}))

    links = PROGRESS_LINK.findall(text)

    assert len(links) == len(partnership.inspections) + len(partnership.themes)
    results = follow(client, links)
    assert [(href, figure, listed) for href, figure, listed in results if figure != listed] == []


@pytest.mark.parametrize("user", ["oversight", "lead"])
def test_the_overdue_figure_leads_to_a_list_of_that_many_actions(client, request, partnership, user):
    client.force_login(request.getfixturevalue(user))
    response = client.get(reverse("dashboard"))

    links = OVERDUE_LINK.findall(page_text(response))

    assert len(links) == 1
    assert follow(client, links)[0][1:] == (response.context["totals"]["overdue"],) * 2


def test_the_due_soon_list_link_leads_to_every_action_due_in_30_days(client, oversight, partnership):
    client.force_login(oversight)
    response = client.get(reverse("dashboard"))

    href = re.search(r'href="(/actions/all/\?due=30[^"]*)"', response.content.decode())[1]

    assert listed_count(client.get(html.unescape(href))) == response.context["totals"]["due_soon"]


def test_the_action_list_filters_by_graded_area(client, oversight, agency, partnership):
    client.force_login(oversight)
    action = next(a for a in partnership.actions if a.recommendation.area_id)
    area = action.recommendation.area

    response = client.get(reverse("action_list"), {"area": area.pk})

    assert 'id="id_area"' in response.content.decode()
    expected = sum(a.recommendation.area_id == area.pk for a in partnership.actions)
    assert listed_count(response) == expected < len(partnership.actions)
