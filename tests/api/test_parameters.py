"""Filters, pagination and ordering; and every bad parameter is a 400 naming it, never a 500."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from recommendations import intervals, services
from recommendations.models import Status
from tests.factories import ActionFactory, RecommendationFactory, ThemeFactory, UpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(contributor, make_token):
    return make_token(contributor)


@pytest.fixture
def actions(agency, other_agency):
    """Seven actions: due on consecutive days, alternately GMP's and Rochdale's."""
    today = timezone.localdate()
    made = []
    for n in range(7):
        made.append(
            ActionFactory(
                agency=agency if n % 2 == 0 else other_agency,
                due_date=today + datetime.timedelta(days=n - 3),
                status=Status.IN_PROGRESS if n < 5 else Status.SUBMITTED,
                percent_complete=10 * n,
                recommendation__reference=f"R{n}",
            )
        )
    return made


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": 10**30}, "limit"),
        ({"limit": "lots"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 10**7}, "offset"),
        ({"offset": "1.5"}, "offset"),
        ({"status": "finished"}, "status"),
        ({"confidence": "purple"}, "confidence"),
        ({"due": "tomorrow"}, "due"),
        ({"sort": "owner"}, "sort"),
        ({"sort": "due; DROP TABLE"}, "sort"),
        ({"agency": 999999}, "agency"),
        ({"agency": 0}, "agency"),
        ({"agency": 2**70}, "agency"),
        ({"agency": "GMP"}, "agency"),
        ({"inspection": 999999}, "inspection"),
        ({"theme": 999999}, "theme"),
        ({"area": 999999}, "area"),
        ({"q": "x" * 201}, "q"),
        ({"q": "audit\x00tool"}, "q"),
        ({"as_at": "yesterday"}, "as_at"),
        ({"as_at": "0.5"}, "as_at"),
        ({"as_at": "2999-01-01"}, "as_at"),
        ({"as_at": "2000-01-01"}, "as_at"),
        ({"stauts": "in_progress"}, "stauts"),
    ],
)
def test_a_bad_action_filter_is_a_400_that_names_it(api_client, secret, actions, params, parameter):
    response = api_client.get("/api/actions", secret, **params)

    assert response.status_code == 400
    body = response.json()
    assert parameter in [error["parameter"] for error in body["errors"]]
    assert body["detail"].startswith("Some parameters are not valid.")


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/api/recommendations", {"kind": "wish"}, "kind"),
        ("/api/recommendations", {"agency": 999999}, "agency"),
        ("/api/inspections", {"inspectorate": 999999}, "inspectorate"),
        ("/api/judgements", {"area": 999999}, "area"),
        ("/api/updates", {"since": "last week"}, "since"),
        ("/api/updates", {"since": "0001-01-01T00:00:00+01:00"}, "since"),
        ("/api/updates", {"kind": "gossip"}, "kind"),
        ("/api/updates", {"action": 999999}, "action"),
        ("/api/agencies", {"page": 2}, "page"),
        ("/api/public/summary", {"as_at": "2025-01-01"}, "as_at"),
    ],
)
def test_other_lists_refuse_bad_parameters_too(api_client, secret, actions, path, params, parameter):
    response = api_client.get(path, secret, **params)

    assert response.status_code == 400
    assert parameter in [error["parameter"] for error in response.json()["errors"]]


@pytest.mark.parametrize("action_id", ["abc", "0", "-1", str(2**70), "1.5"])
def test_a_malformed_id_in_the_path_is_a_400(api_client, secret, action_id):
    response = api_client.get(f"/api/actions/{action_id}", secret)

    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "action_id"


def test_pages_are_windows_on_one_fixed_order(api_client, secret, actions):
    by_due = [a.pk for a in sorted(actions, key=lambda a: (a.due_date, a.pk))]

    first = api_client.get("/api/actions", secret, limit=3).json()
    second = api_client.get("/api/actions", secret, limit=3, offset=3).json()
    third = api_client.get("/api/actions", secret, limit=3, offset=6).json()

    assert first["count"] == second["count"] == third["count"] == 7
    assert [r["id"] for r in first["results"] + second["results"] + third["results"]] == by_due
    assert (first["limit"], second["offset"]) == (3, 3)


def test_an_offset_past_the_end_is_an_empty_page(api_client, secret, actions):
    body = api_client.get("/api/actions", secret, offset=100).json()

    assert body["count"] == 7 and body["results"] == []


def test_the_action_filters_mean_what_they_mean_on_the_page(api_client, secret, actions, agency):
    gmp = [a.pk for a in actions if a.agency_id == agency.pk]
    overdue = [a.pk for a in actions[:3]]  # due before today and still in progress
    submitted = [a.pk for a in actions[5:]]

    assert sorted(ids(api_client.get("/api/actions", secret, agency=agency.pk))) == sorted(gmp)
    assert ids(api_client.get("/api/actions", secret, due="overdue")) == overdue
    assert ids(api_client.get("/api/actions", secret, status="submitted")) == submitted
    both = api_client.client.get(
        "/api/actions?status=submitted&status=in_progress", headers={"Authorization": f"Bearer {secret}"}
    )
    assert len(ids(both)) == 7
    assert ids(api_client.get("/api/actions", secret, q="R4")) == [actions[4].pk]
    assert ids(api_client.get("/api/actions", secret, sort="-percent")) == [a.pk for a in reversed(actions)]


def test_a_theme_filter_lists_each_action_once(api_client, secret, agency):
    themes = [ThemeFactory(), ThemeFactory()]
    action = ActionFactory(agency=agency, recommendation=RecommendationFactory(themes=themes))

    assert ids(api_client.get("/api/actions", secret, theme=themes[0].pk)) == [action.pk]
    assert ids(api_client.get("/api/recommendations", secret, theme=themes[1].pk)) == [
        action.recommendation_id
    ]


def test_actions_can_be_read_as_at_a_past_day(api_client, secret, action, lead):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    # The action existed two days ago; today it moved to submitted.
    type(action).objects.filter(pk=action.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    intervals.rebuild([action.pk])  # written behind the write path: derive its intervals again
    action.refresh_from_db()
    services.progress_log(
        action=action,
        by=lead,
        narrative="Done.",
        confidence="green",
        percent_complete=100,
        status_to=Status.SUBMITTED,
        files=[SimpleUploadedFile("audit.txt", b"Audit results", "text/plain")],
        expected_version=None,
    )

    now = api_client.get("/api/actions", secret).json()["results"][0]
    then = api_client.get("/api/actions", secret, as_at=yesterday.isoformat()).json()["results"][0]

    assert now["status"] == "submitted"
    assert then["status"] == "not_started"  # no update before the cut-off set one


def test_updates_can_be_read_since_a_moment(api_client, secret, action, contributor):
    old = UpdateFactory(
        action=action, author=contributor, created_at=timezone.now() - datetime.timedelta(days=3)
    )
    new = UpdateFactory(action=action, author=contributor)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()

    assert ids(api_client.get("/api/updates", secret, since=since)) == [new.pk]
    # A moment without an offset is London time.
    assert ids(api_client.get("/api/updates", secret, since="2000-01-01T00:00:00")) == [new.pk, old.pk]


def test_the_api_only_reads(api_client, secret, action):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(api_client.client, method)(
            f"/api/actions/{action.pk}", headers={"Authorization": f"Bearer {secret}"}
        )
        assert response.status_code == 405
