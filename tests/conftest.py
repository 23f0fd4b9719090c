"""Shared fixtures: storage that needs no collectstatic and writes nowhere real, and personas.

Personas are named as people (``contributor``, ``lead``, ``oversight``, ``outsider``);
``admin_user`` comes from pytest-django and uses the swapped ``agencies.User`` model.
"""

import pytest
from django.core.files.storage import storages

from agencies.models import Membership
from recommendations.models import Evidence
from tests.factories import AgencyFactory, MembershipFactory, UserFactory


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


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Greater Manchester Police", short_name="GMP", slug="gmp", kind="police")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(name="Rochdale Council", short_name="Rochdale", slug="rochdale")


@pytest.fixture
def contributor(agency):
    return MembershipFactory(
        agency=agency, role=Membership.Role.CONTRIBUTOR, user__username="casey.contributor"
    ).user


@pytest.fixture
def lead(agency):
    return MembershipFactory(agency=agency, role=Membership.Role.LEAD, user__username="lee.lead").user


@pytest.fixture
def oversight(db):
    return UserFactory(username="olu.oversight", is_oversight=True)


@pytest.fixture
def outsider(other_agency):
    return MembershipFactory(
        agency=other_agency, role=Membership.Role.CONTRIBUTOR, user__username="oscar.outsider"
    ).user
