"""Random and hostile input into every form, filter and upload: never a server error,
and when the input is refused nothing is stored.

Bounded so the suite stays quick; hypothesis' example database is off so no files
are written into the project.
"""

import string
import unicodedata
import uuid
from datetime import datetime, time
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommendations import services
from recommendations.evidence import check_evidence_file, safe_name
from recommendations.models import Action, Evidence, Status, Update
from recommendations.views.common import as_at_from_request
from tests.factories import ActionFactory, InspectionFactory, RecommendationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

bounded = settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "\u202egnp.exe",
    "\ufeff",
    "-1",
    "0",
    "101",
    "1e3",
    "1.5",
    "NaN",
    "Infinity",
    "٣",  # an Arabic-Indic digit
    "９",  # a full-width digit
    "9" * 30,
    "9" * 5000,
    "x" * 10_001,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    "{{ 7*7 }}",
    '=HYPERLINK("http://evil.example")',
]
# Any character but lone surrogates, which no browser can send as UTF-8.
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
junk = st.one_of(any_text, st.sampled_from(NASTY))


def maybe(valid, junk_strategy=junk):
    return st.one_of(st.just(valid), junk_strategy)


def evidence_root() -> Path:
    return Path(storages["evidence"].location)


def stored_files() -> list[Path]:
    return sorted(p for p in evidence_root().rglob("*") if p.is_file())


def state(action: Action) -> dict:
    """What a person would see change: the action, its timeline and the stored files."""
    action.refresh_from_db()
    return {
        "version": action.version,
        "status": action.status,
        "confidence": action.confidence,
        "percent": action.percent_complete,
        "due": action.due_date,
        "owner": action.owner_id,
        "updates": Update.objects.count(),
        "evidence": Evidence.objects.count(),
        "files": len(stored_files()),
    }


def post_and_check(client, url, data, action) -> bool:
    """A posted form either saves one update (302) or is refused and changes nothing (400)."""
    before = state(action)

    response = client.post(url, data)

    assert response.status_code in (302, 400), response.status_code
    after = state(action)
    if response.status_code == 400:
        assert after == before
        assert "govuk-error-summary" in response.content.decode()
    else:
        assert after["version"] == before["version"] + 1
        assert after["updates"] == before["updates"] + 1
    return response.status_code == 302


@given(data=st.data())
@bounded
def test_the_progress_form_survives_any_input(client, lead, action, data):
    client.force_login(lead)
    action.refresh_from_db()
    form = {
        "version": data.draw(maybe(str(action.version)), "version"),
        "form_token": data.draw(maybe(str(uuid.uuid4())), "form_token"),
        "narrative": data.draw(maybe("The audit tool is agreed."), "narrative"),
        "confidence": data.draw(maybe("amber"), "confidence"),
        "percent_complete": data.draw(maybe("60"), "percent"),
        "status_to": data.draw(st.one_of(st.sampled_from(["", *Status.values]), junk), "status_to"),
    }

    post_and_check(client, reverse("action_progress", args=[action.pk]), form, action)


@given(data=st.data())
@bounded
def test_the_due_date_form_survives_any_input(client, lead, action, data):
    client.force_login(lead)
    action.refresh_from_db()
    digits = st.integers(min_value=-10, max_value=10_000).map(str)
    form = {
        "version": data.draw(maybe(str(action.version)), "version"),
        "due_date_0": data.draw(st.one_of(digits, junk), "day"),
        "due_date_1": data.draw(st.one_of(digits, junk), "month"),
        "due_date_2": data.draw(
            st.one_of(digits, st.sampled_from(["2026", "2030", "9999", "0000"]), junk), "year"
        ),
        "reason": data.draw(maybe("The board moved the deadline."), "reason"),
    }

    saved = post_and_check(client, reverse("action_due_date", args=[action.pk]), form, action)

    if saved:  # whatever date was saved, the pages that show it still work
        assert client.get(action.get_absolute_url()).status_code == 200
        assert client.get(reverse("dashboard")).status_code == 200


@given(data=st.data())
@bounded
def test_the_owner_form_survives_any_input(client, lead, contributor, outsider, action, data):
    client.force_login(lead)
    action.refresh_from_db()
    ids = st.one_of(
        st.sampled_from([contributor.pk, lead.pk, outsider.pk, 0, -1, 2**31, 2**63, 2**64]),
        st.integers(),
    ).map(str)
    form = {
        "version": data.draw(maybe(str(action.version)), "version"),
        "owner": data.draw(st.one_of(ids, junk), "owner"),
    }

    post_and_check(client, reverse("action_owner", args=[action.pk]), form, action)
    assert action.owner_id in (None, contributor.pk, lead.pk)


FILTER_KEYS = [
    "q",
    "agency",
    "status",
    "confidence",
    "due",
    "inspection",
    "theme",
    "area",
    "owner",
    "sort",
    "page",
]


@pytest.fixture
def listed(action, other_action):
    """Two agencies' actions, recorded since the report was published, so that past
    "as at" dates have something to show."""
    action.recommendation.themes.set([ThemeFactory()])
    published = action.recommendation.inspection.published_on
    Action.objects.update(created_at=timezone.make_aware(datetime.combine(published, time(9))))
    return [action, other_action]


@given(data=st.data())
@bounded
def test_the_lists_survive_any_query_string(client, contributor, listed, data):
    query = {
        key: data.draw(st.one_of(st.integers().map(str), junk, st.lists(junk, max_size=3)), key)
        for key in data.draw(st.lists(st.sampled_from(FILTER_KEYS), unique=True, max_size=5), "keys")
    }
    client.force_login(contributor)

    assert client.get(reverse("our_actions"), query).status_code == 200
    assert client.get(reverse("action_list"), query).status_code == 200
    assert client.get(reverse("recommendation_list"), query).status_code == 200


as_at_dates = st.one_of(
    st.dates().map(str),
    st.sampled_from(["2025-02-30", "0001-01-01", "9999-12-31", "2025-1-1", "20250101", "2025-01-01T00:00"]),
    junk,
)


@given(as_at=as_at_dates)
@bounded
def test_any_as_at_date_gives_a_day_to_show_or_a_message(rf, listed, as_at):
    request = rf.get("/dashboard/", {"as_at": as_at})
    request.session = {}
    request._messages = FallbackStorage(request)

    moment = as_at_from_request(request)

    assert moment.day <= timezone.localdate()
    if moment.is_past:
        assert moment.day.isoformat() == as_at.strip()
    elif as_at.strip() and as_at.strip() != timezone.localdate().isoformat():
        assert len(list(get_messages(request))) == 1


# The dashboard is the slowest page; a few examples through it are enough once the
# parsing above has had hundreds.
@given(as_at=as_at_dates)
@settings(
    max_examples=10, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_dashboard_and_all_actions_survive_any_as_at_date(client, oversight, listed, as_at):
    client.force_login(oversight)

    assert client.get(reverse("dashboard"), {"as_at": as_at}).status_code == 200
    assert client.get(reverse("action_list"), {"as_at": as_at}).status_code == 200


PATH_LIKE_NAMES = [
    "../../x.pdf",
    "..\\..\\x.pdf",
    "\\\\server\\share\\minutes.pdf",
    "/etc/passwd",
    "C:\\Windows\\system32\\minutes.pdf",
    "minutes.pdf\x00.exe",
    "\x00",
    ".",
    "..",
    ".pdf",
    " .pdf",
    "minutes" + "a" * 5000 + ".pdf",
    "minutes.PDF",
    "minutes.pdf.exe",
    "minutes.exe.pdf",
    "\u202efdp.exe",
    "протокол засідання.pdf",
    "会议记录.pdf",
    "minutes\r\nContent-Type: text/html.pdf",
    'min"utes.pdf',
    "minutes;.pdf",
    "CON.pdf",
]
EXTENSIONS = [".pdf", ".txt", ".csv", ".png", ".jpg", ".docx", ".xlsx", ".html", ".svg", ".exe", ""]
file_names = st.one_of(
    st.sampled_from(PATH_LIKE_NAMES),
    st.sampled_from(["minutes.pdf", "audit.csv", "notes.txt", "chart.png", "photo.jpg"]),
    st.builds(lambda stem, ext: stem + ext, any_text, st.sampled_from(EXTENSIONS)),
)
HEADS = [b"", b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"PK\x03\x04", b"<html>", b"<svg", b"MZ"]
file_contents = st.builds(lambda head, body: head + body, st.sampled_from(HEADS), st.binary(max_size=2048))


def multipart(fields: dict[str, str], file_name: str, content: bytes) -> tuple[bytes, str]:
    """A multipart body as a browser sends it, with the file name as given: only the
    quote, CR and LF are percent-encoded (the HTML standard's rule); slashes,
    backslashes, NUL and any other character go through as they are."""
    boundary = uuid.uuid4().hex
    quoted = file_name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{quoted}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode("utf-8", "surrogatepass")
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@given(name=file_names, content=file_contents)
@bounded
def test_the_evidence_upload_survives_any_file(client, lead, action, name, content):
    client.force_login(lead)
    action.refresh_from_db()
    body, content_type = multipart(
        {
            "version": str(action.version),
            "form_token": str(uuid.uuid4()),
            "narrative": "Evidence attached.",
            "confidence": "green",
            "percent_complete": "50",
        },
        name,
        content,
    )
    before = state(action)

    response = client.post(reverse("action_progress", args=[action.pk]), body, content_type=content_type)

    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert state(action) == before
        return
    after = state(action)
    assert after["updates"] == before["updates"] + 1
    assert after["files"] - before["files"] == after["evidence"] - before["evidence"]
    for evidence in Evidence.objects.filter(update__action=action):
        assert evidence.original_name == safe_name(evidence.original_name)
        assert evidence.size > 0
        assert Path(evidence.file.path).resolve().is_relative_to(evidence_root().resolve())


@given(name=st.one_of(file_names, st.text(max_size=300)), content=file_contents)
@bounded
def test_the_evidence_check_and_the_service_store_nothing_they_refuse(lead, action, name, content):
    """Names straight to the service, without Django's multipart parser tidying them first."""
    action.refresh_from_db()
    upload = SimpleUploadedFile("placeholder", content)
    upload._name = name  # past UploadedFile's own name check, as a hostile caller might
    before = state(action)
    try:
        check_evidence_file(upload)
        refused = False
    except ValidationError:
        refused = True

    try:
        services.progress_log(
            action=action,
            by=lead,
            narrative="Evidence attached.",
            confidence="green",
            percent_complete=50,
            files=[upload],
            expected_version=action.version,
        )
    except ValidationError:
        assert refused, "the service refused a file the check accepted"
        # The service's own transaction rolled back; nothing is left anywhere.
        assert state(action) == before
        return
    assert not refused, "the service stored a file the check refused"
    evidence = Evidence.objects.order_by("-pk").first()
    assert evidence.original_name == safe_name(name)
    assert Path(evidence.file.path).resolve().is_relative_to(evidence_root().resolve())
    with evidence.file.open("rb") as handle:
        assert handle.read() == content


CONTROL = {chr(c) for c in range(32)} | {chr(127)}


def assert_safe(result: str) -> None:
    assert result
    assert "/" not in result
    assert "\\" not in result
    assert "\x00" not in result
    assert not any(ch in CONTROL or unicodedata.category(ch).startswith("C") for ch in result)
    assert len(result) <= 170
    assert result not in (".", "..")
    assert not result.startswith((".", " ", "-"))
    assert set(result) <= set(string.ascii_letters + string.digits + "_.() -")


@given(name=st.one_of(st.text(max_size=400), st.sampled_from(PATH_LIKE_NAMES), file_names))
@settings(max_examples=300, deadline=None, database=None)
def test_a_safe_name_never_has_a_path_a_control_character_or_too_many_characters(name):
    result = safe_name(name)

    assert_safe(result)
    assert safe_name(result) == result


@pytest.mark.parametrize("name", PATH_LIKE_NAMES)
def test_each_path_like_name_becomes_a_plain_file_name(name):
    assert_safe(safe_name(name))


def test_a_path_like_name_keeps_only_its_last_part():
    assert safe_name("../../x.pdf") == "x.pdf"
    assert safe_name("\\\\server\\share\\minutes.pdf") == "minutes.pdf"
    assert safe_name("minutes.pdf\x00.exe") == "minutes.pdf.exe"


def test_a_recommendation_and_inspection_with_unusual_text_list_without_error(client, contributor):
    """The lists search wording and titles: odd characters in the data are as safe as in the query."""
    inspection = InspectionFactory(title="Review \x0b of \u202e practice ✓")
    ActionFactory(
        agency=contributor.memberships.get().agency,
        recommendation=RecommendationFactory(inspection=inspection, wording="Wording\twith\ttabs ✓ 😀"),
    )
    client.force_login(contributor)

    for query in ("✓", "😀", "\t", "%", "_"):
        assert client.get(reverse("action_list"), {"q": query}).status_code == 200
        assert client.get(reverse("recommendation_list"), {"q": query}).status_code == 200
