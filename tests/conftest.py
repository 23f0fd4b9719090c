"""Shared fixtures: storage that needs no collectstatic and writes nowhere real, and personas.

Personas are named as people (``contributor``, ``lead``, ``oversight``, ``outsider``);
``admin_user`` comes from pytest-django and uses the swapped ``agencies.User`` model.
"""

import datetime
from collections import Counter
from types import SimpleNamespace

import pytest
from django.core.files.storage import storages
from django.test import override_settings

from agencies.models import Membership
from recommendations.models import Evidence
from tests.demo_snapshot import DemoSnapshot
from tests.factories import AgencyFactory, MembershipFactory, UserFactory


def pytest_collection_modifyitems(items) -> None:
    """schemathesis names each API operation's test ``test_...[GET /api/actions]`` but
    gives them all the function's node id. pytest-xdist's per-file scheduling
    (``--dist loadfile``, see pyproject.toml) keys tests by node id, so it ran one of the
    twelve and silently dropped the rest: give each its name as its id. (``_id`` is
    pytest 9's; were it renamed, this fails loudly rather than dropping tests.)"""
    counts = Counter(item.nodeid for item in items)
    for item in items:
        if counts[item.nodeid] > 1:
            item._id = item.parent.id.child(item.name)
    assert len({item.nodeid for item in items}) == len(items), "tests with the same node id"
    heaviest_first(items)


# The files that take longest, longest first (measured on PostgreSQL, where the browser
# journeys run). pytest-xdist hands each worker whole files in this order
# (``--no-loadscope-reorder`` in pyproject.toml): started last, one of them kept a
# worker busy for a minute after the other had finished.
HEAVIEST = (
    "tests/browser/test_journeys.py",
    "tests/recommendations/test_dashboard_views.py",
    "tests/recommendations/test_load_demo.py",
    "tests/test_access_matrix.py",
    "tests/recommendations/test_dashboard_queries.py",
    "tests/recommendations/test_workspace_access.py",
    "tests/recommendations/test_past.py",
    "tests/recommendations/test_workspace_queries.py",
    "tests/api/test_fuzz.py",
    "tests/recommendations/test_tallies.py",
    "tests/security/test_head_requests.py",
    "tests/browser/test_sso_journey.py",
    "tests/recommendations/test_generate_scale.py",
    "tests/recommendations/test_dashboard_exports.py",
    "tests/security/test_backup.py",
    "tests/deployment/test_deployment.py",
    "tests/security/test_fuzz.py",
)


def heaviest_first(items) -> None:
    """Order the files: those in ``HEAVIEST`` first, then the rest by their number of
    tests, most first (what pytest-xdist does by default). Each file's tests keep their order."""
    files = Counter(item.nodeid.split("::")[0] for item in items)
    first = {path: rank for rank, path in enumerate(HEAVIEST)}
    items.sort(
        key=lambda item: (first.get(path := item.nodeid.split("::")[0], len(first)), -files[path], path)
    )


@pytest.fixture(autouse=True)
def _test_storages(settings, tmp_path, monkeypatch):
    """Serve static files without a manifest and keep evidence files under ``tmp_path``.

    Assigning through pytest-django's ``settings`` fires ``setting_changed``, which
    empties Django's ``storages`` cache. ``Evidence.file`` resolved its callable
    storage once, when the model class was created, so the field is pointed at the
    fresh storage as well; ``monkeypatch`` puts the original back afterwards.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    monkeypatch.setattr(Evidence._meta.get_field("file"), "storage", storages["evidence"])


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """A deliberately slow hasher protects real passwords; tests create hundreds of users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# -- Personas ---------------------------------------------------------------------------
# Each is built by a plain function, so that a module building its world once (see
# ``tests/test_access_matrix.py``) makes the very same people and records as the fixtures.


def make_agency():
    return AgencyFactory(name="Greater Manchester Police", short_name="GMP", slug="gmp", kind="police")


def make_other_agency():
    return AgencyFactory(name="Rochdale Council", short_name="Rochdale", slug="rochdale")


def make_contributor(agency):
    return MembershipFactory(
        agency=agency, role=Membership.Role.CONTRIBUTOR, user__username="casey.contributor"
    ).user


def make_lead(agency):
    return MembershipFactory(agency=agency, role=Membership.Role.LEAD, user__username="lee.lead").user


def make_oversight():
    return UserFactory(username="olu.oversight", is_oversight=True)


def make_outsider(other_agency):
    return MembershipFactory(
        agency=other_agency, role=Membership.Role.CONTRIBUTOR, user__username="oscar.outsider"
    ).user


def make_action(agency):
    from tests.factories import ActionFactory

    return ActionFactory(
        agency=agency,
        status="in_progress",
        confidence="green",
        percent_complete=40,
        recommendation__reference="R1",
        recommendation__wording="Improve how online child sexual exploitation is investigated.",
        recommendation__inspection__short_name="CP 2024",
    )


def make_draft(admin_user, agency, other_agency):
    from recommendations import services
    from tests.factories import (
        GradedAreaFactory,
        GradeFactory,
        InspectionFactory,
        JudgementFactory,
        RecommendationFactory,
    )

    inspection = InspectionFactory(title="Draft inspection of exploitation", released_at=None)
    area = GradedAreaFactory(inspectorate=inspection.inspectorate, name="Leadership")
    JudgementFactory(
        inspection=inspection,
        agency=agency,
        area=area,
        grade=GradeFactory(inspectorate=inspection.inspectorate, label="Requires improvement"),
    )
    due = inspection.published_on + datetime.timedelta(days=120)
    first = RecommendationFactory(inspection=inspection, reference="D1", wording="Train every investigator.")
    second = RecommendationFactory(inspection=inspection, reference="D2", wording="Share data weekly.")
    for recommendation, target in ((first, agency), (second, agency), (second, other_agency)):
        services.action_create(recommendation=recommendation, agency=target, due_date=due, by=admin_user)
    return inspection


@pytest.fixture
def agency(db):
    return make_agency()


@pytest.fixture
def other_agency(db):
    return make_other_agency()


@pytest.fixture
def contributor(agency):
    return make_contributor(agency)


@pytest.fixture
def lead(agency):
    return make_lead(agency)


@pytest.fixture
def oversight(db):
    return make_oversight()


@pytest.fixture
def outsider(other_agency):
    return make_outsider(other_agency)


# -- Partner workspace (issue 3) ------------------------------------------------------


@pytest.fixture
def newcomer(db):
    """Signed in, but neither a member of any agency nor oversight nor staff."""
    return UserFactory(username="nia.newcomer")


@pytest.fixture
def action(agency):
    """An in-progress action of ``agency`` (the agency of ``contributor`` and ``lead``)."""
    return make_action(agency)


@pytest.fixture
def other_action(other_agency):
    """An in-progress action of ``other_agency`` (the agency of ``outsider``)."""
    from tests.factories import ActionFactory

    return ActionFactory(agency=other_agency, status="in_progress", recommendation__reference="R9")


@pytest.fixture
def draft(admin_user, agency, other_agency):
    """A draft report with a grade, two recommendations and three agencies' actions
    (one recommendation addressed to both agencies), prepared through the write path."""
    return make_draft(admin_user, agency, other_agency)


@pytest.fixture
def pdf_upload():
    """A small, real-enough PDF upload; call with another name or content to vary it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def make(name="board-minutes.pdf", content=b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"):
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return make


@pytest.fixture
def progress_data():
    """The POST body of the progress form for ``action``, valid unless overridden."""
    import uuid

    def make(action, **overrides):
        data = {
            "version": action.version,
            "form_token": str(uuid.uuid4()),
            "narrative": "The audit tool has been agreed by every partner.",
            "confidence": "amber",
            "percent_complete": "60",
            "status_to": "",
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return make


@pytest.fixture(autouse=True)
def _two_factor(request, settings):
    """Oversight and administrators must verify a second factor on every real request;
    tests about something else skip that step, tests marked ``two_factor`` keep it."""
    settings.TWO_FACTOR_REQUIRED = request.node.get_closest_marker("two_factor") is not None


@pytest.fixture(autouse=True)
def _no_cache(request, settings):
    """Figures are computed afresh in every request, so tests see the data they build;
    tests marked ``caching`` keep a real (in-memory) cache to test it."""
    if request.node.get_closest_marker("caching"):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": request.node.nodeid,
            }
        }
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo as ``load_demo`` leaves it, loaded once per test process and kept in
    memory (tests/demo_snapshot.py); ``restore()`` puts it in the database. The
    function-scoped settings fixtures have not run yet, so the load sets what they would."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
        ),
    ):
        return DemoSnapshot.take(tmp_path_factory.mktemp("demo-snapshot-evidence"))


@pytest.fixture(scope="class")
def loaded(demo_snapshot, django_db_blocker, tmp_path_factory):
    """The demo for ``TestTheLoadedDemo`` and its like, inside a transaction rolled back
    after the class's last test; each test's own transaction nests inside it."""
    location = tmp_path_factory.mktemp("demo-evidence")
    with django_db_blocker.unblock(), demo_snapshot.held(location):
        yield SimpleNamespace(output=demo_snapshot.output, evidence_root=location)


def read_evidence_from(location, settings, monkeypatch) -> None:
    """For one test: evidence files are read from (and written to) ``location``, where a
    fixture shared by a class or a module wrote them, in place of the test's own folder."""
    settings.EVIDENCE_ROOT = location
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {**settings.STORAGES["evidence"], "OPTIONS": {"location": location, "base_url": None}},
    }
    monkeypatch.setattr(Evidence._meta.get_field("file"), "storage", storages["evidence"])


@pytest.fixture
def loaded_demo_files(loaded, db, settings, monkeypatch):
    """For a test in a class that shares ``loaded``: the files the class's load wrote, in
    place of the test's own empty evidence folder."""
    read_evidence_from(loaded.evidence_root, settings, monkeypatch)
    return loaded.evidence_root


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID Connect provider process on 127.0.0.1 (tests/oidc_provider.py)."""
    from tests import oidc_provider

    provider = oidc_provider.start()
    yield provider
    provider.process.terminate()
    provider.process.wait(timeout=10)
