"""Stored text is always shown as text: a script or an image tag typed into any free-text
field comes back escaped on every page, as plain data in the exports (with spreadsheet
formulas defused), and does not upset the PDF board report."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from agencies.models import Membership
from recommendations import services
from recommendations.models import Status
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
    UserFactory,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
RAW_TAGS = ("<script>alert(1)", "<img src=x", "onerror=alert(1)>")


def hostile(field: str) -> str:
    """Text for ``field``: its name first (so a shortened display still names it), then the tags."""
    return f"{field} {SCRIPT}{IMAGE}"


def shown(field: str) -> str:
    """How the start of ``hostile(field)`` looks in HTML once escaped."""
    return escape(f"{field} {SCRIPT}")


FIELDS = [
    "agency name",
    "agency short",
    "first name",
    "last name",
    "inspectorate",
    "inspection title",
    "inspection summary",
    "programme",
    "graded area",
    "grade",
    "theme",
    "wording",
    "description",
    "narrative",
    "due date reason",
    "return reason",
    "assure note",
    "evidence name",
]

# Which fields each page shows (so that "escaped" is not passed by "not shown at all"),
# and which of the two actions' references ("<i>R1</i>", "<i>R2</i>").
PAGES = {
    "action_detail": (
        {
            "agency name",
            "agency short",
            "first name",
            "last name",
            "inspection title",
            "wording",
            "description",
            "narrative",
            "due date reason",
            "return reason",
            "assure note",
            "evidence name",
        },
        {"R1"},
    ),
    "recommendation_detail": (
        {
            "agency short",
            "first name",
            "last name",
            "inspectorate",
            "inspection title",
            "programme",
            "graded area",
            "grade",
            "theme",
            "wording",
            "narrative",
            "due date reason",
            "return reason",
            "assure note",
            "evidence name",
        },
        {"R1"},
    ),
    "recommendation_list": (
        {"agency name", "agency short", "inspection title", "theme", "wording"},
        {"R1", "R2"},
    ),
    "our_actions": (
        {"agency name", "agency short", "first name", "last name", "inspection title", "theme", "wording"},
        {"R1", "R2"},
    ),
    "action_list": (
        {"agency name", "agency short", "graded area", "inspection title", "theme", "wording"},
        {"R1", "R2"},
    ),
    "dashboard": ({"agency short", "grade", "graded area", "inspection title", "theme"}, {"R1"}),
    "assurance_queue": ({"agency short", "inspection title"}, {"R2"}),
    "public_summary": ({"agency name", "inspection title"}, set()),
    "board_report": ({"agency short", "grade", "graded area", "inspection title", "theme"}, set()),
}


@pytest.fixture
def hostile_world(lead, oversight):
    """Every free-text field filled with script and image tags, on pages and timelines."""
    agency = lead.memberships.get().agency
    agency.name, agency.short_name = hostile("agency name"), hostile("agency short")[:50]
    agency.save()
    owner = MembershipFactory(
        agency=agency,
        user=UserFactory(first_name=hostile("first name"), last_name=hostile("last name")),
        role=Membership.Role.CONTRIBUTOR,
    ).user
    inspectorate = InspectorateFactory(name=hostile("inspectorate"))
    inspection = InspectionFactory(
        inspectorate=inspectorate,
        title=hostile("inspection title"),
        summary=hostile("inspection summary"),
        programme=hostile("programme"),
    )
    area = GradedAreaFactory(inspectorate=inspectorate, name=hostile("graded area"))
    JudgementFactory(
        inspection=inspection,
        agency=agency,
        area=area,
        grade=GradeFactory(inspectorate=inspectorate, label=hostile("grade")),
    )
    recommendation = RecommendationFactory(
        inspection=inspection,
        reference="<i>R1</i>",
        wording=hostile("wording"),
        area=area,
        themes=[ThemeFactory(name=hostile("theme"))],
    )
    action = ActionFactory(
        recommendation=recommendation,
        agency=agency,
        description=hostile("description"),
        status=Status.IN_PROGRESS,
    )
    services.action_assign_owner(action=action, by=lead, owner=owner, expected_version=action.version)
    services.action_change_due_date(
        action=action,
        by=oversight,
        due_date=action.due_date.replace(year=action.due_date.year + 1),
        reason=hostile("due date reason"),
        expected_version=action.version,
    )
    pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    submitted = services.progress_log(
        action=action,
        by=lead,
        narrative=hostile("narrative"),
        confidence="green",
        percent_complete=100,
        status_to=Status.SUBMITTED,
        files=[pdf],
        expected_version=action.version,
    )
    # Names written before uploads were sanitised, or restored from elsewhere.
    EvidenceFactory(update=submitted, original_name=hostile("evidence name"))
    services.action_return(
        action=action, by=oversight, reason=hostile("return reason"), expected_version=action.version
    )
    services.progress_log(
        action=action,
        by=lead,
        narrative="Resubmitted.",
        confidence="green",
        percent_complete=100,
        status_to=Status.SUBMITTED,
        expected_version=action.version,
    )
    services.action_assure(
        action=action, by=oversight, note=hostile("assure note"), expected_version=action.version
    )
    # One waiting in the assurance queue.
    waiting = ActionFactory(
        recommendation=RecommendationFactory(inspection=inspection, reference="<i>R2</i>"),
        agency=agency,
        status=Status.SUBMITTED,
    )
    return {"action": action, "waiting": waiting, "agency": agency}


def page_url(name: str, world: dict) -> str:
    if name == "action_detail":
        return reverse(name, args=[world["action"].pk])
    if name == "recommendation_detail":
        return reverse(name, args=[world["action"].recommendation_id])
    if name == "our_actions":  # the hostile action is assured: listed when asked for
        return reverse(name) + "?status=assured&status=submitted"
    return reverse(name)


def assert_escaped(content: str, fields: set[str], references: set[str], where: str) -> None:
    for tag in (*RAW_TAGS, "<i>R1</i>", "<i>R2</i>"):
        assert tag not in content, f"{where} shows {tag!r} unescaped"
    missing = sorted(field for field in fields if shown(field) not in content)
    missing += sorted(ref for ref in references if escape(f"<i>{ref}</i>") not in content)
    assert missing == [], f"{where} does not show, escaped: {missing}"


@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_shows_hostile_text_escaped(client, lead, oversight, hostile_world, name):
    person = lead if name in ("our_actions",) else oversight
    client.force_login(person)

    response = client.get(page_url(name, hostile_world))

    assert response.status_code == 200
    fields, references = PAGES[name]
    assert_escaped(response.content.decode(), fields, references, name)


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        ("inspection", {"inspection title", "inspection summary", "programme", "wording"}),
        ("action", {"description", "agency name", "first name", "last name"}),
        ("update", {"narrative", "evidence name"}),
    ],
)
def test_the_admin_shows_hostile_text_escaped(admin_client, hostile_world, model, fields):
    action = hostile_world["action"]
    obj = {
        "inspection": action.recommendation.inspection,
        "action": action,
        "update": action.updates.get(narrative__startswith="narrative"),
    }[model]

    response = admin_client.get(reverse(f"admin:recommendations_{model}_change", args=[obj.pk]))

    assert response.status_code == 200
    assert_escaped(response.content.decode(), fields, set(), f"admin {model}")


def test_the_page_title_escapes_hostile_text_too(client, oversight, hostile_world):
    client.force_login(oversight)

    content = client.get(page_url("recommendation_detail", hostile_world)).content.decode()
    title = content[content.index("<title>") : content.index("</title>")]

    assert "<i>" not in title
    assert "&lt;i&gt;R1&lt;/i&gt;" in title


def test_the_evidence_download_name_cannot_break_out_of_its_header(client, lead, hostile_world):
    evidence = (
        hostile_world["action"].updates.filter(evidence__original_name__startswith="evidence name").first()
    )
    evidence = evidence.evidence.get(original_name__startswith="evidence name")
    client.force_login(lead)

    response = client.get(reverse("evidence_download", args=[evidence.pk]))

    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "\n" not in disposition and "\r" not in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


# -- Exports -------------------------------------------------------------------------


FORMULAS = {
    "description": '=HYPERLINK("http://evil.example","Click")',
    "narrative": "+cmd|' /C calc'!A0",
    "wording": "-2+3+cmd|' /C calc'!A0",
    "agency name": "@SUM(1+1)*cmd|' /C calc'!A0",
}


@pytest.fixture
def formula_world(lead, agency):
    agency.name = FORMULAS["agency name"]
    agency.save()
    action = ActionFactory(
        agency=agency,
        description=FORMULAS["description"],
        recommendation__wording=FORMULAS["wording"],
        status=Status.IN_PROGRESS,
    )
    services.progress_log(
        action=action,
        by=lead,
        narrative=FORMULAS["narrative"],
        confidence="amber",
        percent_complete=50,
        expected_version=action.version,
    )
    ActionFactory(
        agency=AgencyFactory(name=hostile("agency name")),
        description=hostile("description"),
        recommendation__wording=hostile("wording"),
    )
    return action


def csv_cells(response) -> list[str]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def xlsx_cells(response) -> list:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [cell for row in workbook.active.iter_rows() for cell in row]


# The formula-like fields each export has a column for.
EXPORTS = {
    "export_actions": {"description", "wording", "agency name"},
    "export_recommendations": {"wording"},
    "export_updates": {"narrative", "agency name"},
}


@pytest.mark.parametrize("name", EXPORTS)
def test_csv_exports_hold_hostile_text_as_plain_data_with_formulas_defused(
    client, oversight, formula_world, name
):
    client.force_login(oversight)

    response = client.get(reverse(name, args=["csv"]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    cells = csv_cells(response)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], "a cell a spreadsheet would run"
    assert {f"'{FORMULAS[field]}" for field in EXPORTS[name]} <= set(cells), "the text is kept, defused"
    if name != "export_updates":
        assert any(SCRIPT in c for c in cells), "text is exported as it was typed, not HTML-escaped"


@pytest.mark.parametrize("name", EXPORTS)
def test_excel_exports_hold_text_as_text_and_never_a_formula(client, oversight, formula_world, name):
    client.force_login(oversight)

    response = client.get(reverse(name, args=["xlsx"]))

    assert response.status_code == 200
    cells = xlsx_cells(response)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value for c in cells}
    assert {f"'{FORMULAS[field]}" for field in EXPORTS[name]} <= values
    if name != "export_updates":
        assert any(isinstance(v, str) and SCRIPT in v for v in values)


def test_the_board_report_pdf_renders_with_hostile_text(client, oversight, hostile_world):
    client.force_login(oversight)

    response = client.get(reverse("board_report"), {"format": "pdf"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
