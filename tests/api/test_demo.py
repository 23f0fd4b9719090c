"""The demo data through the API, as a partner, as oversight and signed out: the same
records, filters and figures as the website's pages, and evidence details only where
the reader may download them.

The demo is loaded once for this module (see ``conftest.demo``); keep tests that want
an empty database elsewhere.
"""

import pytest
from django.db.models import Exists, OuterRef
from django.urls import reverse

from agencies.models import Agency, User
from recommendations.models import Action, Evidence, Inspection, Judgement, Recommendation, Update

pytestmark = pytest.mark.usefixtures("demo")


@pytest.fixture
def gmp_contributor():
    return User.objects.get(username="gmp.contributor")


@pytest.fixture
def partner_secret(gmp_contributor, make_token):
    return make_token(gmp_contributor)


def read_all(api_client, path: str, secret: str, **params) -> list[dict]:
    """Every row of a list, a page of 100 at a time."""
    rows, offset = [], 0
    while True:
        response = api_client.get(path, secret, limit=100, offset=offset, **params)
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        offset += 100
        if offset >= body["count"]:
            assert len(rows) == body["count"]
            return rows


def test_a_partner_token_reads_the_whole_partnerships_records(api_client, partner_secret):
    live_actions = Action.objects.filter(is_archived=False, recommendation__is_archived=False)

    actions = read_all(api_client, "/api/actions", partner_secret)
    recommendations = read_all(api_client, "/api/recommendations", partner_secret)

    assert len(actions) == live_actions.count()
    assert len({a["agency"]["short_name"] for a in actions}) == 13  # every partner's, not only GMP's
    assert len(recommendations) == Recommendation.objects.filter(is_archived=False).count()
    assert api_client.get("/api/inspections", partner_secret).json()["count"] == Inspection.objects.count()
    assert api_client.get("/api/judgements", partner_secret).json()["count"] == Judgement.objects.count()
    assert api_client.get("/api/agencies", partner_secret).json()["count"] == Agency.objects.count()


def test_a_partner_token_lists_evidence_of_its_own_agency_only(api_client, partner_secret):
    with_evidence = set(
        Update.objects.filter(Exists(Evidence.objects.filter(update=OuterRef("pk")))).values_list(
            "pk", flat=True
        )
    )

    updates = read_all(api_client, "/api/updates", partner_secret)

    assert len(updates) == Update.objects.filter(action__is_archived=False).count()
    gmp = [u for u in updates if u["agency"]["short_name"] == "GMP"]
    others = [u for u in updates if u["agency"]["short_name"] != "GMP"]
    assert gmp and others
    assert all(u["evidence"] is None for u in others)
    assert all(isinstance(u["evidence"], list) for u in gmp)
    assert {u["id"] for u in gmp if u["evidence"]} == {u["id"] for u in gmp if u["id"] in with_evidence}
    assert any(u["narrative"] for u in others)  # progress is read by everyone


def test_an_oversight_token_lists_every_agencys_evidence(api_client, make_token):
    secret = make_token(User.objects.get(username="oversight"))

    updates = read_all(api_client, "/api/updates", secret)

    assert all(isinstance(u["evidence"], list) for u in updates)
    listed = sum(len(u["evidence"]) for u in updates)
    assert listed == Evidence.objects.filter(update__action__is_archived=False).count() > 0


ACTION_QUERIES = [
    {},
    {"status": "in_progress"},
    {"due": "overdue"},
    {"due": "30"},
    {"confidence": ["red", "amber"]},
    {"q": "audit"},
    {"sort": "-percent"},
    {"sort": "status"},
    {"sort": "confidence", "status": "in_progress"},
    {"as_at": "2025-06-30"},
    {"as_at": "2025-12-31", "due": "overdue"},
]


@pytest.mark.parametrize("params", ACTION_QUERIES)
def test_the_actions_match_the_all_actions_page(client, api_client, gmp_contributor, partner_secret, params):
    client.force_login(gmp_contributor)
    page = client.get(reverse("action_list"), params).context["page"]

    response = api_client.get("/api/actions", partner_secret, **params)

    body = response.json()
    assert body["count"] == page.paginator.count
    assert [a["id"] for a in body["results"]] == [a.pk for a in page.object_list]
    assert [a["status"] for a in body["results"]] == [a.s_status for a in page.object_list]
    assert [a["percent_complete"] for a in body["results"]] == [a.s_percent for a in page.object_list]


def test_agency_report_and_theme_filters_match_the_page(client, api_client, gmp_contributor, partner_secret):
    rochdale = Agency.objects.get(slug="rochdale")
    report = Inspection.objects.order_by("published_on").first()
    theme = Recommendation.themes.through.objects.first().theme
    client.force_login(gmp_contributor)
    for params in ({"agency": rochdale.pk}, {"inspection": report.pk}, {"theme": theme.pk}):
        page = client.get(reverse("action_list"), params).context["page"]
        body = api_client.get("/api/actions", partner_secret, **params).json()
        assert [a["id"] for a in body["results"]] == [a.pk for a in page.object_list], params


@pytest.mark.parametrize(
    "params",
    [{}, {"kind": "area_for_improvement"}, {"q": "data"}, {"agency": "rochdale"}, {"theme": "first"}],
)
def test_the_recommendations_match_the_all_recommendations_page(
    client, api_client, gmp_contributor, partner_secret, params
):
    if params.get("agency"):
        params = {"agency": Agency.objects.get(slug=params["agency"]).pk}
    if params.get("theme"):
        params = {"theme": Recommendation.themes.through.objects.first().theme_id}
    client.force_login(gmp_contributor)
    page = client.get(reverse("recommendation_list"), params).context["page"]

    body = api_client.get("/api/recommendations", partner_secret, **params).json()

    assert body["count"] == page.paginator.count
    assert [r["id"] for r in body["results"]] == [r.pk for r in page.object_list]


def test_the_public_summary_gives_the_public_pages_figures_and_nothing_else(client, api_client):
    context = client.get(reverse("public_summary")).context

    response = api_client.get("/api/public/summary")

    assert response.status_code == 200
    body = response.json()
    assert body["recommendations"] == context["recommendation_total"]
    totals = context["totals"]
    assert body["totals"] == {
        "actions": totals["total"],
        "assured_pct": totals["assured_pct"],
        "under_way_pct": totals["under_way_pct"],
        "not_started_pct": totals["not_started_pct"],
    }
    assert [
        (r["title"], r["recommendations"], r["actions"], r["assured_pct"]) for r in body["by_report"]
    ] == [
        (r["recommendation__inspection__title"], r["recommendations"], r["total"], r["assured_pct"])
        for r in context["by_inspection"]
    ]
    assert [(p["name"], p["actions"], p["under_way_pct"]) for p in body["by_partner"]] == [
        (r["agency"]["name"], r["total"], r["under_way_pct"]) for r in context["by_agency"]
    ]
    text = response.content.decode()
    some_narrative = Update.objects.exclude(narrative="").first().narrative
    assert some_narrative not in text
    assert "example.org" not in text and "Kelly Dawson" not in text
