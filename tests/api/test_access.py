"""The API's access rules are the website's (``recommendations.access``): every reader
reads every live record; evidence details only where the reader may download; an
account that may read nothing gets 403 on every operation, whatever the id."""

import pytest

from agencies.models import Membership
from recommendations.models import Action, Recommendation
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    EvidenceFactory,
    JudgementFactory,
    MembershipFactory,
    UpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def timeline(action, other_action, contributor, outsider):
    """An update with evidence on each agency's action."""
    ours = UpdateFactory(action=action, author=contributor, narrative="Our audit tool is agreed.")
    theirs = UpdateFactory(action=other_action, author=outsider, narrative="Rochdale's audit is under way.")
    EvidenceFactory(update=ours, original_name="gmp-minutes.pdf")
    EvidenceFactory(update=theirs, original_name="rochdale-minutes.pdf")
    JudgementFactory(inspection=action.recommendation.inspection, agency=action.agency)
    return ours, theirs


def evidence_by_agency(api_client, secret) -> dict:
    body = api_client.get("/api/updates", secret).json()
    return {
        u["agency"]["short_name"]: (
            None if u["evidence"] is None else [e["original_name"] for e in u["evidence"]]
        )
        for u in body["results"]
    }


def test_a_partner_reads_every_agencys_actions_and_progress(api_client, contributor, timeline, make_token):
    secret = make_token(contributor)

    actions = api_client.get("/api/actions", secret).json()
    updates = api_client.get("/api/updates", secret).json()

    assert {a["agency"]["short_name"] for a in actions["results"]} == {"GMP", "Rochdale"}
    assert {u["narrative"] for u in updates["results"]} == {
        "Our audit tool is agreed.",
        "Rochdale's audit is under way.",
    }


def test_a_partner_sees_only_its_own_agencys_evidence(api_client, contributor, timeline, make_token):
    assert evidence_by_agency(api_client, make_token(contributor)) == {
        "GMP": ["gmp-minutes.pdf"],
        "Rochdale": None,
    }


def test_the_other_partner_sees_only_its_own_evidence_too(api_client, outsider, timeline, make_token):
    assert evidence_by_agency(api_client, make_token(outsider)) == {
        "GMP": None,
        "Rochdale": ["rochdale-minutes.pdf"],
    }


@pytest.mark.parametrize("persona", ["oversight", "admin_user"])
def test_oversight_and_administrators_see_all_evidence(api_client, request, timeline, make_token, persona):
    secret = make_token(request.getfixturevalue(persona))

    assert evidence_by_agency(api_client, secret) == {
        "GMP": ["gmp-minutes.pdf"],
        "Rochdale": ["rochdale-minutes.pdf"],
    }


def test_evidence_is_described_never_served(api_client, oversight, timeline, make_token):
    ours, _ = timeline
    evidence = ours.evidence.get()

    body = api_client.get("/api/updates", make_token(oversight)).content.decode()

    assert evidence.sha256 in body
    assert evidence.file.name not in body
    assert "partnership board" not in body  # the file's content
    assert f"/evidence/{evidence.pk}/" in body  # the website's own, permission-checked page


def test_an_actions_owner_is_named_and_nothing_more(api_client, contributor, action, make_token):
    Action.objects.filter(pk=action.pk).update(owner=contributor)

    body = api_client.get(f"/api/actions/{action.pk}", make_token(contributor)).json()

    assert body["owner"] == contributor.get_full_name()
    text = str(body)
    assert contributor.username not in text and contributor.email not in text


NO_ACCESS_PATHS = [
    "/api/agencies",
    "/api/themes",
    "/api/inspections",
    "/api/inspections/{inspection}",
    "/api/inspections/999999",
    "/api/judgements",
    "/api/recommendations",
    "/api/recommendations/{recommendation}",
    "/api/recommendations/999999",
    "/api/actions",
    "/api/actions/{action}",
    "/api/actions/999999",
    "/api/updates",
]


@pytest.mark.parametrize("path", NO_ACCESS_PATHS)
def test_an_account_that_may_read_nothing_gets_403_whatever_it_asks(
    api_client, newcomer, timeline, make_token, path
):
    action = timeline[0].action
    url = path.format(
        inspection=action.recommendation.inspection_id,
        recommendation=action.recommendation_id,
        action=action.pk,
    )

    response = api_client.get(url, make_token(newcomer))

    assert response.status_code == 403
    assert "may not read" in response.json()["detail"]
    assert "R1" not in response.content.decode()


def test_membership_of_an_inactive_agency_only_gives_no_access(api_client, action, make_token):
    member = MembershipFactory(agency=AgencyFactory(is_active=False)).user

    assert api_client.get("/api/actions", make_token(member)).status_code == 403


def test_a_token_stops_when_its_owners_memberships_change(api_client, outsider, action, make_token):
    """Rather than carrying on with the owner's new reach (tests/api/test_token_revocation.py)."""
    secret = make_token(outsider)
    assert api_client.get("/api/actions", secret).status_code == 200

    Membership.objects.filter(user=outsider).delete()

    response = api_client.get("/api/actions", secret)
    assert response.status_code == 401
    assert "revoked: your agency memberships changed" in response.json()["detail"]


def test_an_account_with_no_access_may_still_ask_who_it_is(api_client, newcomer, make_token):
    body = api_client.get("/api/me", make_token(newcomer)).json()

    assert body["can_read"] is False and body["memberships"] == []


def test_archived_records_are_not_served(api_client, contributor, timeline, other_action, make_token):
    secret = make_token(contributor)
    Action.objects.filter(pk=other_action.pk).update(is_archived=True)
    ours = timeline[0].action
    Recommendation.objects.filter(pk=ours.recommendation_id).update(is_archived=True)

    assert api_client.get("/api/actions", secret).json()["count"] == 0
    assert api_client.get("/api/updates", secret).json()["count"] == 0
    assert api_client.get("/api/recommendations", secret).json()["count"] == 1
    assert api_client.get(f"/api/actions/{other_action.pk}", secret).status_code == 404
    assert api_client.get(f"/api/recommendations/{ours.recommendation_id}", secret).status_code == 404
    assert api_client.get(f"/api/updates?action={other_action.pk}", secret).status_code == 400


def test_a_recommendation_shows_each_agencys_action_but_not_archived_ones(
    api_client, oversight, action, make_token
):
    ActionFactory(
        recommendation=action.recommendation, agency=AgencyFactory(name="Bury Council", short_name="Bury")
    )
    ActionFactory(
        recommendation=action.recommendation, agency=AgencyFactory(short_name="Gone"), is_archived=True
    )

    body = api_client.get(f"/api/recommendations/{action.recommendation_id}", make_token(oversight)).json()

    assert [a["agency"]["short_name"] for a in body["actions"]] == ["Bury", "GMP"]  # by name
    assert body["web_url"].endswith(f"/recommendations/{action.recommendation_id}/")


def test_an_unknown_id_is_404_in_json(api_client, contributor, make_token):
    secret = make_token(contributor)

    for path in ("/api/actions/424242", "/api/recommendations/424242", "/api/inspections/424242"):
        response = api_client.get(path, secret)
        assert response.status_code == 404
        assert response.json()["detail"] == "Nothing with that id is available to you."


def test_staff_without_membership_read_everything(api_client, timeline, make_token):
    staff = UserFactory(is_staff=True)

    assert api_client.get("/api/actions", make_token(staff)).json()["count"] == 2
