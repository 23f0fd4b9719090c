"""Every URL of the service against every role, in one table.

``EXPECTED`` names what a GET of each URL answers each role. A second test walks the
URL configuration itself and fails when a named URL has no row, so a new page cannot
be added without saying who may open it. Outsiders get 404, never 403, so a URL does
not reveal that a record exists.

Forged ids in POST bodies and URLs are tried in ``tests/security/test_forged_ids.py``.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from api.services import token_create
from recommendations.models import Status
from tests.conftest import (
    make_action,
    make_agency,
    make_contributor,
    make_draft,
    make_lead,
    make_other_agency,
    make_outsider,
    make_oversight,
    read_evidence_from,
)
from tests.demo_snapshot import evidence_under
from tests.factories import (
    ActionFactory,
    EvidenceFactory,
    UpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

User = get_user_model()

ROLES = ("signed_out", "contributor", "lead", "other_agency_contributor", "oversight", "administrator")

# Not a status: "sent to the sign-in page with ?next=", or to the admin's own sign-in page.
SIGN_IN = "sign in"
ADMIN_SIGN_IN = "admin sign in"

# What a GET answers each role, in the order of ROLES. Pages about an action are
# about ``agency``'s (the agency of ``contributor`` and ``lead``); assure and return are
# about its submitted action, reopen about its assured one; evidence is ``agency``'s.
EXPECTED = {
    # signed out, contributor, lead, other agency's contributor, oversight, administrator
    "home": (302, 302, 302, 302, 302, 200),
    "healthz": (200, 200, 200, 200, 200, 200),
    "ping": (200, 200, 200, 200, 200, 200),
    "accessibility": (200, 200, 200, 200, 200, 200),
    "public_summary": (200, 200, 200, 200, 200, 200),
    "login": (200, 200, 200, 200, 200, 200),
    "logout": (405, 405, 405, 405, 405, 405),
    "password_change": (SIGN_IN, 200, 200, 200, 200, 200),
    "password_change_done": (SIGN_IN, 200, 200, 200, 200, 200),
    "password_reset": (200, 200, 200, 200, 200, 200),
    # Signing in with an organisation's account (tests/agencies/test_sso.py goes through
    # the flow): open to all; an organisation not set up is not found; a callback that
    # is not the end of a sign-in this session started is refused.
    "sso_start": (200, 200, 200, 200, 200, 200),
    "sso_organisation": (404, 404, 404, 404, 404, 404),
    "sso_callback": (403, 403, 403, 403, 403, 403),
    "password_reset_done": (200, 200, 200, 200, 200, 200),
    # A valid link moves its token out of the URL, to the set-password page.
    "password_reset_confirm": (302, 302, 302, 302, 302, 302),
    "password_reset_complete": (200, 200, 200, 200, 200, 200),
    # Nobody here has a device yet, so verifying sends everyone to set one up.
    "two_factor_verify": (SIGN_IN, 302, 302, 302, 302, 302),
    "two_factor_setup": (SIGN_IN, 200, 200, 200, 200, 200),
    "admin:index": (ADMIN_SIGN_IN, ADMIN_SIGN_IN, ADMIN_SIGN_IN, ADMIN_SIGN_IN, ADMIN_SIGN_IN, 200),
    "our_actions": (SIGN_IN, 200, 200, 200, 404, 404),
    "action_list": (SIGN_IN, 200, 200, 200, 200, 200),
    "switch_agency": (SIGN_IN, 405, 405, 405, 405, 405),
    "action_detail": (SIGN_IN, 200, 200, 200, 200, 200),
    "action_progress": (SIGN_IN, 200, 200, 404, 404, 404),
    "action_owner": (SIGN_IN, 404, 200, 404, 404, 404),
    "action_due_date": (SIGN_IN, 404, 200, 404, 404, 404),
    # Assuring is oversight's judgement alone; administrators manage the records.
    "action_assure": (SIGN_IN, 404, 404, 404, 200, 404),
    "action_return": (SIGN_IN, 404, 404, 404, 200, 404),
    "action_reopen": (SIGN_IN, 404, 404, 404, 200, 404),
    # Anyone in the agency says an action is ready; only its lead submits it.
    "action_ready": (SIGN_IN, 200, 200, 404, 404, 404),
    "action_submit": (SIGN_IN, 404, 200, 404, 404, 404),
    # The assurance team decides on an agency's request for a new due date.
    "action_extension": (SIGN_IN, 404, 404, 404, 200, 404),
    "assurance_queue": (SIGN_IN, 404, 404, 404, 200, 404),
    "recommendation_list": (SIGN_IN, 200, 200, 200, 200, 200),
    "recommendation_detail": (SIGN_IN, 200, 200, 200, 200, 200),
    "report_detail": (SIGN_IN, 200, 200, 200, 200, 200),
    # Publishing a draft report is an administrator's job; nobody else knows it exists.
    "report_publish": (SIGN_IN, 404, 404, 404, 404, 200),
    # Anyone in the agency records how children's and families' views shaped its action.
    "action_voice": (SIGN_IN, 200, 200, 404, 404, 404),
    # The agency's leads write its plan (contributors only when a lead allows them).
    "action_plan": (SIGN_IN, 404, 200, 404, 404, 404),
    # Anyone in the agency records a value, once the plan says what to measure (this
    # action has no measure yet, so they are sent back to it).
    "action_impact_value": (SIGN_IN, 302, 302, 404, 404, 404),
    # "Impact evidenced" is the assurance team's judgement, like assuring.
    "action_impact": (SIGN_IN, 404, 404, 404, 200, 404),
    "evidence_download": (SIGN_IN, 200, 200, 404, 200, 200),
    # A lead sees their own agency's dashboard; contributors have none.
    "dashboard": (SIGN_IN, 404, 200, 404, 200, 200),
    "dashboard_compare": (SIGN_IN, 404, 200, 404, 200, 200),
    "board_report": (SIGN_IN, 404, 200, 404, 200, 200),
    "export_actions": (SIGN_IN, 200, 200, 200, 200, 200),
    "export_recommendations": (SIGN_IN, 200, 200, 200, 200, 200),
    "export_updates": (SIGN_IN, 200, 200, 200, 200, 200),
    # The assurance queue's file is the assurance team's, like the queue.
    "export_queue": (SIGN_IN, 404, 404, 404, 200, 404),
    # Notifications are for partners and oversight; an administrator has none to set.
    "notification_preferences": (SIGN_IN, 200, 200, 200, 200, 404),
    # Anyone signed in may hold API tokens, which read what they read on the website.
    "api_tokens": (SIGN_IN, 200, 200, 200, 200, 200),
    "api_token_revoke": (SIGN_IN, 405, 405, 405, 405, 405),
    # The API takes tokens only: a browser's session never reaches its data.
    "api:openapi-json": (200, 200, 200, 200, 200, 200),
    "api:openapi-view": (200, 200, 200, 200, 200, 200),
    "api:api-root": (404, 404, 404, 404, 404, 404),
    "api:public_summary": (200, 200, 200, 200, 200, 200),
    "api:me": (401, 401, 401, 401, 401, 401),
    "api:agency_list": (401, 401, 401, 401, 401, 401),
    "api:theme_list": (401, 401, 401, 401, 401, 401),
    "api:inspection_list": (401, 401, 401, 401, 401, 401),
    "api:inspection_detail": (401, 401, 401, 401, 401, 401),
    "api:judgement_list": (401, 401, 401, 401, 401, 401),
    "api:recommendation_list": (401, 401, 401, 401, 401, 401),
    "api:recommendation_detail": (401, 401, 401, 401, 401, 401),
    "api:action_list": (401, 401, 401, 401, 401, 401),
    "api:action_detail": (401, 401, 401, 401, 401, 401),
    "api:update_list": (401, 401, 401, 401, 401, 401),
    # Importing recommendations is an administrator's job; "done" with nothing imported
    # goes back to the upload page.
    "inspection_import": (SIGN_IN, 404, 404, 404, 404, 200),
    "inspection_import_confirm": (SIGN_IN, 405, 405, 405, 405, 405),
    "inspection_import_done": (SIGN_IN, 404, 404, 404, 404, 302),
    "inspection_import_template": (SIGN_IN, 404, 404, 404, 404, 200),
}


def reset_link(user) -> dict:
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


# The URL arguments each row is tried with, from real objects; a row not named here
# takes none. Every set is tried for every role.
KWARGS = {
    "action_detail": lambda w: [{"pk": w["action"].pk}],
    "action_progress": lambda w: [{"pk": w["action"].pk}],
    "action_owner": lambda w: [{"pk": w["action"].pk}],
    "action_due_date": lambda w: [{"pk": w["action"].pk}],
    "action_assure": lambda w: [{"pk": w["submitted"].pk}],
    "action_return": lambda w: [{"pk": w["submitted"].pk}],
    "action_reopen": lambda w: [{"pk": w["assured"].pk}],
    "action_ready": lambda w: [{"pk": w["action"].pk}],
    "action_voice": lambda w: [{"pk": w["action"].pk}],
    "action_plan": lambda w: [{"pk": w["action"].pk}],
    "action_impact_value": lambda w: [{"pk": w["action"].pk}],
    "action_impact": lambda w: [{"pk": w["assured"].pk}],
    "action_submit": lambda w: [{"pk": w["action"].pk}],
    "action_extension": lambda w: [{"pk": w["extension"].pk}],
    "recommendation_detail": lambda w: [{"pk": w["action"].recommendation_id}],
    "report_detail": lambda w: [{"pk": w["action"].recommendation.inspection_id}],
    "report_publish": lambda w: [{"pk": w["draft"].pk}],
    "evidence_download": lambda w: [{"pk": w["evidence"].pk}],
    "export_actions": lambda w: [{"fmt": "csv"}, {"fmt": "xlsx"}],
    "export_recommendations": lambda w: [{"fmt": "csv"}, {"fmt": "xlsx"}],
    "export_updates": lambda w: [{"fmt": "csv"}, {"fmt": "xlsx"}],
    "export_queue": lambda w: [{"fmt": "csv"}, {"fmt": "xlsx"}],
    "password_reset_confirm": lambda w: [reset_link(w["reset_user"])],
    "sso_organisation": lambda w: [{"key": "gmp"}],
    "inspection_import": lambda w: [{"pk": w["inspection"].pk}],
    "inspection_import_confirm": lambda w: [{"pk": w["inspection"].pk}],
    "inspection_import_done": lambda w: [{"pk": w["inspection"].pk}],
    "inspection_import_template": lambda w: [{"pk": w["inspection"].pk, "fmt": f} for f in ("csv", "xlsx")],
    "api_token_revoke": lambda w: [{"pk": w["token"].pk}],
    "api:inspection_detail": lambda w: [{"inspection_id": w["inspection"].pk}],
    "api:recommendation_detail": lambda w: [{"recommendation_id": w["action"].recommendation_id}],
    "api:action_detail": lambda w: [{"action_id": w["action"].pk}],
}


def url_kwargs(name: str, world: dict) -> list[dict]:
    return KWARGS[name](world) if name in KWARGS else [{}]


@pytest.fixture(scope="module")
def _shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The people and records the table is read against, built once for the module inside
    a transaction rolled back at its end; each test's own transaction nests inside it, so
    what one test changes the next never sees. (Built for each of about 150 URLs, it was
    most of these tests' time: 47 s of PostgreSQL and 22 s of SQLite worker time.)

    ``agency``'s in-progress action with evidence, and its submitted and assured actions,
    with the personas of ``tests/conftest.py`` made by the same functions as the fixtures."""
    files = tmp_path_factory.mktemp("world-evidence")
    with django_db_blocker.unblock(), evidence_under(files), transaction.atomic():
        agency, other_agency = make_agency(), make_other_agency()
        admin_user = User.objects.create_superuser("admin", "admin@example.com", "password")
        contributor, lead = make_contributor(agency), make_lead(agency)
        users = {
            "contributor": contributor,
            "lead": lead,
            "other_agency_contributor": make_outsider(other_agency),
            "oversight": make_oversight(),
            "administrator": admin_user,
        }
        action = make_action(agency)
        draft = make_draft(admin_user, agency, other_agency)
        evidence = EvidenceFactory(update=UpdateFactory(action=action, author=contributor))

        def sibling(reference: str, **fields):
            """Another of ``agency``'s actions, on a recommendation of the same report."""
            return ActionFactory(
                agency=agency,
                recommendation__inspection=action.recommendation.inspection,
                recommendation__reference=reference,
                **fields,
            )

        submitted = sibling("R2", status=Status.SUBMITTED, percent_complete=100)
        EvidenceFactory(
            update=UpdateFactory(
                action=submitted, author=lead, status_from="in_progress", status_to="submitted"
            )
        )
        assured = sibling("R3", status=Status.ASSURED, percent_complete=100)
        extension = sibling("R4")
        UpdateFactory(
            action=extension,
            author=lead,
            kind="extension_request",
            requested_due_date=extension.due_date.replace(year=extension.due_date.year + 1),
            narrative="The supplier slipped.",
        )
        # Someone who never signs in here: signing in changes last_login, which voids a reset link.
        reset_user = UserFactory(username="rory.reset")
        token, _ = token_create(user=contributor, name="Power BI report", expires_in_days=None)
        yield {
            "files": files,
            "users": users,
            "action": action,
            "inspection": action.recommendation.inspection,
            "submitted": submitted,
            "assured": assured,
            "extension": extension,
            "evidence": evidence,
            "reset_user": reset_user,
            "token": token,
            "draft": draft,
        }
        transaction.set_rollback(True)


@pytest.fixture
def world(_shared_world, db, settings, monkeypatch):
    read_evidence_from(_shared_world["files"], settings, monkeypatch)
    return _shared_world


def sign_in_as(client, world: dict, role: str) -> None:
    client.logout()
    if role != "signed_out":
        client.force_login(world["users"][role])


def outcome(response) -> int | str:
    """What a person sees: a status, or which sign-in page they were sent to."""
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(f"{reverse('login')}?next="):
        return SIGN_IN
    if response.status_code == 302 and location.startswith(f"{reverse('admin:login')}?next="):
        return ADMIN_SIGN_IN
    if response.status_code == 404:
        # A plain "not found", never a hint that the record exists.
        assert "Page not found" in response.content.decode()
    return response.status_code


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_url_answers_each_role_as_the_table_says(client, world, name):
    for kwargs in url_kwargs(name, world):
        url = reverse(name, kwargs=kwargs)
        answers = []
        for role in ROLES:
            sign_in_as(client, world, role)
            answers.append(outcome(client.get(url)))

        assert dict(zip(ROLES, answers, strict=True)) == dict(zip(ROLES, EXPECTED[name], strict=True)), url


def url_patterns(patterns=None, namespace: str = "") -> list[tuple[str, str, str]]:
    """``(namespace, name, pattern)`` of every URL in the configuration, descending into
    includes. An unnamed pattern has the name ``""``."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            found += url_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            name = ":".join(part for part in (namespace, entry.name or "") if part) if entry.name else ""
            found.append((namespace, name, str(entry.pattern)))
    return found


def test_every_url_has_a_row_in_the_access_table():
    missing = []
    for namespace, name, pattern in url_patterns():
        # The Django admin guards its own pages (every one is a staff page); its front
        # door stands for them. Static files are not pages.
        if namespace == "admin" and name != "admin:index":
            continue
        if pattern.lstrip("^").startswith(("static/", "media/")):
            continue
        if name not in EXPECTED:
            missing.append(name or f"(unnamed) {pattern}")
    assert missing == [], f"Add a row to EXPECTED for: {missing}"


def test_the_access_table_names_only_urls_that_exist():
    names = {name for _, name, _ in url_patterns()}
    assert set(EXPECTED) - names == set()
