"""Bulk import of a new report's recommendations (issue 8, part 2).

An administrator uploads a CSV or Excel file, sees every row with its errors, fixes the
file, uploads it again and confirms; the import is all or nothing, and importing the
same file again changes nothing. Bad files are refused with a message and import nothing.
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import zipfile

import factory
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from agencies.models import Agency
from recommendations import imports, services
from recommendations.models import Action, Recommendation
from recommendations.views.imports import PENDING
from tests.factories import (
    AgencyFactory,
    InspectionFactory,
    RecommendationFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HEADER = ["reference", "kind", "wording", "agencies", "themes", "due date"]
PUBLISHED_ON = datetime.date(2024, 12, 13)


# -- Fixtures and helpers ----------------------------------------------------------------


@pytest.fixture
def inspection(db):
    return InspectionFactory(title="Part Four: current practice", published_on=PUBLISHED_ON)


@pytest.fixture
def partners(agency, other_agency):
    """GMP, Rochdale and Bolton, and the themes the files name."""
    bolton = AgencyFactory(name="Bolton Council", short_name="Bolton", slug="bolton")
    nhs = AgencyFactory(name="NHS Greater Manchester", short_name="NHS GM", slug="nhs-gm", kind="health")
    ThemeFactory(name="Online child sexual exploitation", slug="online-cse")
    ThemeFactory(name="Workforce wellbeing", slug="workforce-wellbeing")
    return {"GMP": agency, "Rochdale": other_agency, "Bolton": bolton, "NHS GM": nhs}


AGENCY_CYCLE = ["GMP", "GMP; Rochdale", "Bolton, NHS GM", "gmp;bolton;rochdale"]
KIND_CYCLE = ["Recommendation", "area for improvement", "CAUSE_OF_CONCERN", "recommendation"]
THEME_CYCLE = [
    "",
    "Online child sexual exploitation",
    "workforce-wellbeing; Online child sexual exploitation",
]


def report_rows(count: int = 20) -> list[list[str]]:
    """``count`` good rows, R1 to R<count>, addressed to one to three partners."""
    rows = []
    for n in range(1, count + 1):
        due = PUBLISHED_ON + datetime.timedelta(days=30 * n)
        rows.append(
            [
                f"R{n}",
                KIND_CYCLE[n % len(KIND_CYCLE)],
                f"Partners should improve practice number {n} across Greater Manchester.",
                AGENCY_CYCLE[n % len(AGENCY_CYCLE)],
                THEME_CYCLE[n % len(THEME_CYCLE)],
                due.isoformat() if n % 2 else due.strftime("%d/%m/%Y"),
            ]
        )
    return rows


def expected_agencies(n: int) -> set[str]:
    return {
        0: {"GMP"},
        1: {"GMP", "Rochdale"},
        2: {"Bolton", "NHS GM"},
        3: {"GMP", "Bolton", "Rochdale"},
    }[n % len(AGENCY_CYCLE)]


def csv_upload(rows, header=HEADER, name="part-four.csv", encoding="utf-8") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(encoding), content_type="text/csv")


def xlsx_bytes(rows, header=HEADER, formulas: dict[str, str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    for coordinate, formula in (formulas or {}).items():
        sheet[coordinate] = formula
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_upload(rows, header=HEADER, name="part-four.xlsx", formulas=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, xlsx_bytes(rows, header, formulas), content_type=imports.XLSX_CONTENT_TYPE
    )


def import_url(inspection) -> str:
    return reverse("inspection_import", args=[inspection.pk])


def confirm_url(inspection) -> str:
    return reverse("inspection_import_confirm", args=[inspection.pk])


def done_url(inspection) -> str:
    return reverse("inspection_import_done", args=[inspection.pk])


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    return client


def preview(client, inspection, upload):
    return client.post(import_url(inspection), {"file": upload})


def row_errors(response) -> dict[int, list[str]]:
    return {row.number: row.errors for row in response.context["preview"].error_rows}


def page_text(response) -> str:
    """The page as a person reads it: entities decoded."""
    return html.unescape(response.content.decode())


def assert_nothing_imported(client, inspection, before: int = 0) -> None:
    assert Recommendation.objects.filter(inspection=inspection).count() == before
    assert Action.objects.filter(recommendation__inspection=inspection).count() == 0
    assert PENDING not in client.session


# -- The done-when scenario ---------------------------------------------------------------


def test_an_administrator_fixes_two_bad_rows_of_a_twenty_row_file_and_imports_it(admin, inspection, partners):
    good = report_rows(20)
    bad = [list(row) for row in good]
    bad[4][3] = "GMP; Greater Manchester Fire"  # row 6: an agency that is not a partner
    bad[11][5] = "31/02/2026"  # row 13: a date that does not exist

    response = preview(admin, inspection, csv_upload(bad))

    assert response.status_code == 400
    assert row_errors(response) == {
        6: ["“Greater Manchester Fire” is not an agency's short name"],
        13: ["The due date “31/02/2026” is not a real date"],
    }
    text = page_text(response)
    assert "There is a problem" in text
    assert "Row 6 (R5): “Greater Manchester Fire” is not an agency's short name" in text
    assert "Row 13 (R12): The due date “31/02/2026” is not a real date" in text
    assert 'href="#row-6"' in text and 'id="row-6"' in text
    assert "Nothing has been imported" in text
    assert "Import 20 recommendations" not in text
    assert_nothing_imported(admin, inspection)

    response = preview(admin, inspection, csv_upload(good))

    assert response.status_code == 200
    assert len(response.context["preview"].new_rows) == 20
    assert "Import 20 recommendations" in page_text(response)
    assert Recommendation.objects.count() == 0  # a preview writes nothing

    response = admin.post(confirm_url(inspection), {"sha256": response.context["sha256"]})

    assert response.status_code == 302
    assert response["Location"] == done_url(inspection)
    imported = {r.reference: r for r in Recommendation.objects.filter(inspection=inspection)}
    assert len(imported) == 20
    for n in range(1, 21):
        recommendation = imported[f"R{n}"]
        due = PUBLISHED_ON + datetime.timedelta(days=30 * n)
        assert (
            recommendation.wording
            == f"Partners should improve practice number {n} across Greater Manchester."
        )
        assert recommendation.response == Recommendation.Response.AWAITING
        assert recommendation.target_date == due
        actions = list(recommendation.actions.select_related("agency"))
        assert {a.agency.short_name for a in actions} == expected_agencies(n)
        assert {(a.due_date, a.status, a.owner_id) for a in actions} == {(due, "not_started", None)}
    assert imported["R1"].kind == "area_for_improvement"
    assert imported["R2"].kind == "cause_of_concern"
    assert imported["R3"].kind == "recommendation"
    assert set(imported["R2"].themes.values_list("slug", flat=True)) == {"online-cse", "workforce-wellbeing"}
    assert not imported["R3"].themes.exists()
    done = admin.get(done_url(inspection))
    assert "20 created, 0 skipped" in page_text(done)
    actions_before = Action.objects.count()

    # Importing the same file again changes nothing.
    response = preview(admin, inspection, csv_upload(good))

    assert response.status_code == 200
    assert len(response.context["preview"].skipped_rows) == 20
    assert "Every row is already in this report" in page_text(response)

    response = admin.post(confirm_url(inspection), {"sha256": response.context["sha256"]})

    assert response.status_code == 302
    assert "0 created, 20 skipped" in page_text(admin.get(done_url(inspection)))
    assert Recommendation.objects.count() == 20
    assert Action.objects.count() == actions_before


def test_a_file_with_some_new_rows_creates_them_and_skips_those_already_imported(admin, inspection, partners):
    RecommendationFactory(
        inspection=inspection, reference="R1", wording=report_rows(3)[0][2], target_date=PUBLISHED_ON
    )

    response = preview(admin, inspection, csv_upload(report_rows(3)))
    admin.post(confirm_url(inspection), {"sha256": response.context["sha256"]})

    assert sorted(inspection.recommendations.values_list("reference", flat=True)) == ["R1", "R2", "R3"]
    assert not inspection.recommendations.get(reference="R1").actions.exists()
    text = page_text(admin.get(done_url(inspection)))
    assert "2 created, 1 skipped" in text
    assert "(R2, R3)" in text and "(R1)" in text


def test_an_excel_file_with_date_cells_imports_like_a_csv(admin, inspection, partners):
    rows = report_rows(4)
    for row in rows:
        row[5] = PUBLISHED_ON + datetime.timedelta(days=200)

    response = preview(admin, inspection, xlsx_upload(rows))

    assert response.status_code == 200
    assert response.context["preview"].file_kind == "Excel"
    admin.post(confirm_url(inspection), {"sha256": response.context["sha256"]})
    assert set(Action.objects.values_list("due_date", flat=True)) == {
        PUBLISHED_ON + datetime.timedelta(days=200)
    }
    assert Recommendation.objects.count() == 4


def test_a_windows_1252_csv_from_excel_is_read(admin, inspection, partners):
    rows = [
        ["R1", "Recommendation", "Partners’ audit tools should agree – all of them.", "GMP", "", "2025-06-30"]
    ]

    response = preview(admin, inspection, csv_upload(rows, encoding="cp1252"))

    assert response.status_code == 200
    assert response.context["preview"].rows[0].wording == "Partners’ audit tools should agree – all of them."


def test_headings_are_read_whatever_their_case_and_the_themes_column_may_be_left_out(
    admin, inspection, partners
):
    header = ["Reference", "KIND", "Wording", "Agencies", "Due_Date"]
    rows = [["AFI 1", "Area for improvement", "Record demographic data.", "NHS GM", "2025-03-01"]]

    response = preview(admin, inspection, csv_upload(rows, header=header))

    assert response.status_code == 200
    row = response.context["preview"].rows[0]
    assert (row.reference, row.kind, row.due_date) == (
        "AFI 1",
        "area_for_improvement",
        datetime.date(2025, 3, 1),
    )
    assert [a.short_name for a in row.agencies] == ["NHS GM"]


# -- Row errors ---------------------------------------------------------------------------


ROW_CASES = {
    "unknown agency": (3, "Wigan Fire", "“Wigan Fire” is not an agency's short name"),
    "no agency": (3, " ; ", "Enter at least one agency's short name, such as GMP"),
    "unknown theme": (4, "Knife crime", "“Knife crime” is not a theme"),
    "bad date": (5, "next summer", "The due date “next summer” must be a date like 2025-09-30 or 30/09/2025"),
    "impossible date": (5, "2025-02-29", "The due date “2025-02-29” is not a real date"),
    "date before publication": (
        5,
        "01/12/2024",
        "The due date must be on or after the report was published, 13 December 2024 (the row says 1 December 2024)",
    ),
    "missing due date": (5, "", "Enter a due date, such as 2025-09-30"),
    "missing wording": (2, "  ", "Enter the wording of the recommendation"),
    "missing reference": (0, "", "Enter a reference, such as R1"),
    "long reference": (0, "R" * 31, "The reference must be 30 characters or fewer"),
    "unknown kind": (
        1,
        "Advice",
        "“Advice” is not a kind: use recommendation, area for improvement or cause of concern",
    ),
    "missing kind": (1, "", "Enter a kind: recommendation, area for improvement or cause of concern"),
}


@pytest.mark.parametrize("case", ROW_CASES)
def test_a_bad_row_is_shown_with_its_error_and_nothing_is_imported(admin, inspection, partners, case):
    column, value, message = ROW_CASES[case]
    rows = report_rows(3)
    rows[1][column] = value

    response = preview(admin, inspection, csv_upload(rows))

    assert response.status_code == 400
    assert row_errors(response) == {3: [message]}
    assert message in page_text(response)
    assert "Import 3 recommendations" not in page_text(response)
    assert_nothing_imported(admin, inspection)


def test_a_reference_used_twice_in_the_file_is_an_error_on_both_rows(admin, inspection, partners):
    rows = report_rows(4)
    rows[3][0] = "r2"  # the same reference as row 3, whatever its case

    response = preview(admin, inspection, csv_upload(rows))

    assert response.status_code == 400
    assert row_errors(response) == {
        3: ["Reference R2 is used on more than one row (rows 3 and 5)"],
        5: ["Reference r2 is used on more than one row (rows 3 and 5)"],
    }
    assert_nothing_imported(admin, inspection)


def test_a_reference_already_in_the_report_with_other_wording_is_an_error(admin, inspection, partners):
    RecommendationFactory(inspection=inspection, reference="R2", wording="Something else entirely.")

    response = preview(admin, inspection, csv_upload(report_rows(3)))

    assert response.status_code == 400
    assert row_errors(response) == {3: ["Reference R2 is already in this report with different wording"]}
    assert_nothing_imported(admin, inspection, before=1)


def test_the_same_reference_in_another_report_is_no_problem(admin, inspection, partners):
    RecommendationFactory(reference="R2", wording="Another report's R2.")

    response = preview(admin, inspection, csv_upload(report_rows(3)))

    assert response.status_code == 200


def test_an_inactive_agency_gets_no_new_work(admin, inspection, partners):
    Agency.objects.filter(short_name="Bolton").update(is_active=False)
    rows = report_rows(1)
    rows[0][3] = "Bolton"

    response = preview(admin, inspection, csv_upload(rows))

    assert row_errors(response) == {2: ["Bolton is inactive and gets no new work"]}


def test_every_problem_in_a_row_is_listed(admin, inspection, partners):
    rows = [["R1", "Advice", "", "Nobody", "Nothing", "soon"]]

    response = preview(admin, inspection, csv_upload(rows))

    assert len(row_errors(response)[2]) == 5


# -- Bad files ----------------------------------------------------------------------------


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


BAD_FILES = {
    "a PDF renamed .csv": (
        "report.csv",
        b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n",
        "report.csv is not a CSV or Excel (.xlsx) file: it is a PDF.",
    ),
    "a program renamed .csv": (
        "recommendations.csv",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00This program cannot be run in DOS mode",
        "it is a program",
    ),
    "a web page renamed .csv": (
        "recommendations.csv",
        b"<!DOCTYPE html><html><body>hi</body></html>",
        "web page",
    ),
    "an old .xls workbook": (
        "recommendations.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        "it is an older Office file",
    ),
    "a Word file renamed .xlsx": ("recommendations.xlsx", docx_bytes(), "Word or PowerPoint file"),
    "a damaged zip": ("recommendations.xlsx", b"PK\x03\x04 not really a zip", "damaged"),
    "binary that is not text": (
        "recommendations.csv",
        bytes(range(256)) * 4,
        "neither CSV text nor an Excel workbook",
    ),
    "a header-only CSV": (
        "recommendations.csv",
        b"reference,kind,wording,agencies,themes,due date\r\n",
        "no recommendations",
    ),
    "a header-only Excel file": ("recommendations.xlsx", xlsx_bytes([]), "no recommendations"),
    "a CSV with only blank lines": ("recommendations.csv", b"\r\n,,,\r\n\r\n", "is empty"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_refused_with_a_message_and_imports_nothing(admin, inspection, partners, case):
    name, content, message = BAD_FILES[case]

    response = preview(admin, inspection, SimpleUploadedFile(name, content))

    assert response.status_code == 400
    text = page_text(response)
    assert "There is a problem" in text
    assert message in text
    assert 'href="#id_file"' in text  # the summary links to the file input
    assert "preview" not in response.context
    assert_nothing_imported(admin, inspection)


def test_an_empty_file_is_refused(admin, inspection):
    response = preview(admin, inspection, SimpleUploadedFile("recommendations.csv", b""))

    assert response.status_code == 400
    assert "The file is empty" in page_text(response)
    assert_nothing_imported(admin, inspection)


def test_no_file_at_all_is_refused(admin, inspection):
    response = admin.post(import_url(inspection), {})

    assert response.status_code == 400
    assert "Choose a CSV or Excel file to upload" in page_text(response)


def test_missing_columns_are_named(admin, inspection, partners):
    header = ["reference", "wording", "themes"]

    response = preview(admin, inspection, csv_upload([["R1", "Do it.", ""]], header=header))

    assert response.status_code == 400
    assert "part-four.csv is missing the columns kind, agencies and due date." in page_text(response)
    assert_nothing_imported(admin, inspection)


def test_unexpected_columns_are_named(admin, inspection, partners):
    header = [*HEADER, "Owner", "RAG rating"]
    rows = [[*row, "Sam", "Green"] for row in report_rows(2)]

    response = preview(admin, inspection, xlsx_upload(rows, header=header))

    assert response.status_code == 400
    assert "has columns the import does not use: “Owner” and “RAG rating”" in page_text(response)
    assert_nothing_imported(admin, inspection)


def test_values_under_no_heading_are_refused(admin, inspection, partners):
    rows = [[*row, "stray"] for row in report_rows(2)]

    response = preview(admin, inspection, csv_upload(rows))

    assert response.status_code == 400
    assert "Column G of part-four.csv has values but no heading." in page_text(response)


def test_a_file_larger_than_the_setting_is_refused(admin, inspection, partners, settings):
    settings.IMPORT_MAX_BYTES = 2000
    rows = report_rows(40)

    response = preview(admin, inspection, csv_upload(rows))

    assert response.status_code == 400
    text = page_text(response)
    assert "The file must be smaller than 2.0\xa0KB" in text
    assert "A CSV or Excel (.xlsx) file smaller than 2.0\xa0KB." in text  # the hint says so too
    assert_nothing_imported(admin, inspection)


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_csv_cell_that_a_spreadsheet_would_run_as_a_formula_is_refused(admin, inspection, partners, start):
    rows = report_rows(3)
    rows[1][2] = f'{start}HYPERLINK("https://example.org","Click")'
    rows[2][4] = f"{start}1+1"

    response = preview(admin, inspection, csv_upload(rows))

    assert response.status_code == 400
    assert "which a spreadsheet would run as a formula: C3, E4." in page_text(response)
    assert_nothing_imported(admin, inspection)


def test_an_excel_formula_cell_is_refused_and_named(admin, inspection, partners):
    response = preview(
        admin, inspection, xlsx_upload(report_rows(3), formulas={"F3": "=TODAY()+30", "C4": "@SUM(A1)"})
    )

    assert response.status_code == 400
    assert "which a spreadsheet would run as a formula: F3, C4." in page_text(response)
    assert_nothing_imported(admin, inspection)


def test_a_long_list_of_formula_cells_is_shortened(admin, inspection, partners):
    rows = report_rows(15)
    for row in rows:
        row[2] = "=1"

    response = preview(admin, inspection, csv_upload(rows))

    assert "C2, C3, C4, C5, C6, C7, C8, C9, C10, C11 and 5 more" in page_text(response)


def test_a_file_with_too_many_rows_is_refused(admin, inspection, partners, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 10)

    response = preview(admin, inspection, csv_upload(report_rows(11)))

    assert response.status_code == 400
    assert "has more than 10 rows" in page_text(response)


def test_an_excel_file_that_expands_too_far_is_refused(admin, inspection, partners, settings):
    settings.IMPORT_MAX_BYTES = 100_000
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * 6_000_000)

    response = preview(admin, inspection, SimpleUploadedFile("bomb.xlsx", out.getvalue()))

    assert response.status_code == 400
    assert "expands to more than the import can read" in page_text(response)


# -- Confirming -----------------------------------------------------------------------------


def test_confirming_without_a_preview_imports_nothing(admin, inspection, partners):
    response = admin.post(confirm_url(inspection), {"sha256": "0" * 64})

    assert response.status_code == 400
    assert "no longer waiting to be imported" in page_text(response)
    assert_nothing_imported(admin, inspection)


def test_the_confirmation_must_name_the_file_that_was_previewed(admin, inspection, partners):
    preview(admin, inspection, csv_upload(report_rows(3)))

    response = admin.post(confirm_url(inspection), {"sha256": "f" * 64, "content": "R9,forged"})

    assert response.status_code == 400
    assert Recommendation.objects.count() == 0


def test_a_file_previewed_for_one_report_cannot_be_confirmed_into_another(admin, inspection, partners):
    other = InspectionFactory(published_on=PUBLISHED_ON)
    sha256 = preview(admin, inspection, csv_upload(report_rows(3))).context["sha256"]

    response = admin.post(confirm_url(other), {"sha256": sha256})

    assert response.status_code == 400
    assert Recommendation.objects.count() == 0


def test_a_file_with_errors_is_never_kept_for_confirmation(admin, inspection, partners):
    good = preview(admin, inspection, csv_upload(report_rows(3))).context["sha256"]
    rows = report_rows(3)
    rows[0][3] = "Nobody"
    preview(admin, inspection, csv_upload(rows))

    response = admin.post(confirm_url(inspection), {"sha256": good})

    assert response.status_code == 400
    assert Recommendation.objects.count() == 0


def test_the_confirmation_checks_the_file_again_and_imports_nothing_if_the_report_changed(
    admin, inspection, partners
):
    sha256 = preview(admin, inspection, csv_upload(report_rows(3))).context["sha256"]
    RecommendationFactory(inspection=inspection, reference="R3", wording="Added by someone else meanwhile.")

    response = admin.post(confirm_url(inspection), {"sha256": sha256})

    assert response.status_code == 400
    assert row_errors(response) == {4: ["Reference R3 is already in this report with different wording"]}
    assert "The report or the agencies changed after your preview" in page_text(response)
    assert list(inspection.recommendations.values_list("reference", flat=True)) == ["R3"]
    assert PENDING not in admin.session


def test_a_failure_part_way_through_leaves_nothing_behind(admin, inspection, partners, monkeypatch):
    sha256 = preview(admin, inspection, csv_upload(report_rows(5))).context["sha256"]

    def fail_on_actions(specs, **kwargs):
        raise IntegrityError("simulated failure")

    monkeypatch.setattr(services, "actions_create", fail_on_actions)

    response = admin.post(confirm_url(inspection), {"sha256": sha256})

    assert response.status_code == 400
    assert "Nothing has been imported" in page_text(response)
    assert Recommendation.objects.count() == 0
    assert Recommendation.history.count() == 0
    assert Action.objects.count() == 0


def test_the_import_is_recorded_in_the_history_as_the_administrator(admin, admin_user, inspection, partners):
    sha256 = preview(admin, inspection, csv_upload(report_rows(2))).context["sha256"]

    admin.post(confirm_url(inspection), {"sha256": sha256})

    created = Recommendation.history.filter(history_type="+")
    assert created.count() == 2
    assert {(h.history_user_id, h.history_change_reason) for h in created} == {
        (admin_user.pk, "Imported from part-four.csv")
    }
    assert Action.history.filter(history_type="+", history_user=admin_user).count() == 4


def test_the_result_page_without_an_import_goes_back_to_the_upload_page(admin, inspection):
    response = admin.get(done_url(inspection))

    assert response.status_code == 302
    assert response["Location"] == import_url(inspection)


# -- Template files and the way in ------------------------------------------------------------


def test_the_csv_template_has_the_headings_and_an_example_that_imports_cleanly(admin, inspection, partners):
    ThemeFactory(name="Consistent tools and processes", slug="consistent-tools-and-processes")

    response = admin.get(reverse("inspection_import_template", args=[inspection.pk, "csv"]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="recommendations-import-template.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert len(rows) == 2
    upload = SimpleUploadedFile("template.csv", response.content)
    assert preview(admin, inspection, upload).status_code == 200


def test_the_excel_template_has_the_headings_and_an_example_that_imports_cleanly(admin, inspection, partners):
    ThemeFactory(name="Consistent tools and processes", slug="consistent-tools-and-processes")

    response = admin.get(reverse("inspection_import_template", args=[inspection.pk, "xlsx"]))

    assert response.status_code == 200
    assert response["Content-Type"] == imports.XLSX_CONTENT_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet.max_row == 2
    upload = SimpleUploadedFile("template.xlsx", response.content)
    assert preview(admin, inspection, upload).status_code == 200


def test_the_upload_page_explains_the_columns_and_links_the_templates(admin, inspection, partners):
    response = admin.get(import_url(inspection))

    assert response.status_code == 200
    text = page_text(response)
    assert "Import recommendations" in text
    assert reverse("inspection_import_template", args=[inspection.pk, "xlsx"]) in text
    assert "13 December 2024" in text
    assert "NHS GM" in text


def test_the_inspection_admin_page_links_to_the_import(admin, inspection):
    response = admin.get(reverse("admin:recommendations_inspection_change", args=[inspection.pk]))

    assert response.status_code == 200
    assert f'href="{import_url(inspection)}"' in response.content.decode()


# -- Access ------------------------------------------------------------------------------------


def all_urls(inspection) -> list[tuple[str, str]]:
    return [
        ("get", import_url(inspection)),
        ("post", import_url(inspection)),
        ("post", confirm_url(inspection)),
        ("get", done_url(inspection)),
        ("get", reverse("inspection_import_template", args=[inspection.pk, "csv"])),
        ("get", reverse("inspection_import_template", args=[inspection.pk, "xlsx"])),
    ]


@pytest.mark.parametrize(
    "persona", ["contributor", "lead", "oversight", "outsider", "newcomer", "staff_without_rights"]
)
def test_only_administrators_reach_the_import(client, request, inspection, partners, persona):
    if persona == "staff_without_rights":
        user = UserFactory(is_staff=True)
    else:
        user = request.getfixturevalue(persona)
    client.force_login(user)

    for method, url in all_urls(inspection):
        data = {"file": csv_upload(report_rows(2))} if method == "post" else None
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
    assert Recommendation.objects.count() == 0


def test_signed_out_people_are_sent_to_sign_in(client, inspection):
    for method, url in all_urls(inspection):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_an_inspection_that_does_not_exist_is_not_found(admin, inspection):
    assert admin.get(reverse("inspection_import", args=[inspection.pk + 1000])).status_code == 404


def test_an_administrator_reaches_every_page(admin, inspection, partners):
    assert admin.get(import_url(inspection)).status_code == 200
    sha256 = preview(admin, inspection, csv_upload(report_rows(2))).context["sha256"]
    assert admin.post(confirm_url(inspection), {"sha256": sha256}).status_code == 302
    assert admin.get(done_url(inspection)).status_code == 200


# -- Queries -----------------------------------------------------------------------------------


def test_the_preview_runs_the_same_queries_for_5_and_50_rows(
    admin, inspection, partners, django_assert_max_num_queries
):
    RecommendationFactory.create_batch(
        5, inspection=inspection, reference=factory.Sequence(lambda n: f"OLD{n}")
    )
    with django_assert_max_num_queries(12) as five:
        response = preview(admin, inspection, csv_upload(report_rows(5)))
    assert response.status_code == 200

    with django_assert_max_num_queries(len(five.captured_queries)):
        response = preview(admin, inspection, csv_upload(report_rows(50)))
    assert response.status_code == 200
    assert len(response.context["preview"].rows) == 50


def test_a_preview_with_errors_runs_the_same_queries_for_5_and_50_rows(
    admin, inspection, partners, django_assert_max_num_queries
):
    def bad(count):
        rows = report_rows(count)
        for row in rows:
            row[3] = "Nobody"
        return rows

    with django_assert_max_num_queries(12) as five:
        response = preview(admin, inspection, csv_upload(bad(5)))
    assert response.status_code == 400

    with django_assert_max_num_queries(len(five.captured_queries)):
        response = preview(admin, inspection, csv_upload(bad(50)))
    assert response.status_code == 400


def test_the_upload_page_result_page_and_templates_run_a_fixed_number_of_queries(
    admin, inspection, partners, django_assert_max_num_queries
):
    RecommendationFactory.create_batch(30, inspection=inspection)
    with django_assert_max_num_queries(12):
        assert admin.get(import_url(inspection)).status_code == 200
    with django_assert_max_num_queries(8):
        assert (
            admin.get(reverse("inspection_import_template", args=[inspection.pk, "xlsx"])).status_code == 200
        )
    sha256 = preview(admin, inspection, csv_upload(report_rows(3))).context["sha256"]
    admin.post(confirm_url(inspection), {"sha256": sha256})
    with django_assert_max_num_queries(8):
        assert admin.get(done_url(inspection)).status_code == 200


def test_an_already_imported_row_is_skipped_even_if_its_agency_has_since_become_inactive(
    admin, inspection, partners
):
    sha256 = preview(admin, inspection, csv_upload(report_rows(3))).context["sha256"]
    admin.post(confirm_url(inspection), {"sha256": sha256})
    Agency.objects.filter(short_name="Rochdale").update(is_active=False)

    response = preview(admin, inspection, csv_upload(report_rows(3)))

    assert response.status_code == 200
    rows = response.context["preview"].skipped_rows
    assert [r.reference for r in rows] == ["R1", "R2", "R3"]
    assert rows[1].kind_label == "Cause of concern"  # shown as parsed, not as typed
