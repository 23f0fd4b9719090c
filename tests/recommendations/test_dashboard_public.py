"""The public summary: aggregates for anyone, signed out, and nothing about people or cases."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from recommendations.models import Status, UpdateKind
from tests.factories import (
    ActionFactory,
    EvidenceFactory,
    InspectionFactory,
    RecommendationFactory,
    UpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Distinctive words a leak would carry onto the page.
NARRATIVE = "Quaggamire"
DESCRIPTION = "Zephyrwick"
AUTHOR = ("Ottoline", "Brackenbury", "obrackenbury")
OWNER = ("Peregrina", "Thistlewood", "pthistlewood")
EVIDENCE_NAME = "strategy-minutes-kestrelvane.pdf"


@pytest.fixture(autouse=True)
def _plain_http_and_one_factor(settings):
    """These tests are about the page: sign-in hardening has tests of its own."""
    settings.SECURE_SSL_REDIRECT = False
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture
def published(agency, other_agency):
    """Two reports. Part Four: R1 (GMP assured, Rochdale in progress), R2 (GMP submitted,
    Rochdale not started), R3 (no actions yet) and archived R4. Peer review: R1 (GMP in
    progress), plus an archived GMP action. Narrative, names and evidence carry
    distinctive words."""
    author = UserFactory(first_name=AUTHOR[0], last_name=AUTHOR[1], username=AUTHOR[2])
    owner = UserFactory(first_name=OWNER[0], last_name=OWNER[1], username=OWNER[2])
    part_four = InspectionFactory(
        title="CSE Assurance Review Part Four", published_on=datetime.date(2025, 7, 10)
    )
    peer = InspectionFactory(title="Peer review interim letter", published_on=datetime.date(2024, 12, 13))
    r1, r2, r3 = (RecommendationFactory(inspection=part_four, reference=ref) for ref in ("R1", "R2", "R3"))
    archived = RecommendationFactory(inspection=part_four, reference="R4", is_archived=True)
    peer_r1 = RecommendationFactory(inspection=peer, reference="R1")

    def act(rec, ag, status, **extra):
        return ActionFactory(
            recommendation=rec,
            agency=ag,
            status=status,
            owner=owner,
            description=f"{DESCRIPTION} plan",
            **extra,
        )

    gmp_r1 = act(r1, agency, Status.ASSURED)
    act(r1, other_agency, Status.IN_PROGRESS)
    act(r2, agency, Status.SUBMITTED)
    act(r2, other_agency, Status.NOT_STARTED)
    act(archived, other_agency, Status.ASSURED)
    act(peer_r1, agency, Status.IN_PROGRESS)
    act(RecommendationFactory(inspection=peer, reference="R2"), agency, Status.ASSURED, is_archived=True)
    update = UpdateFactory(
        action=gmp_r1,
        author=author,
        kind=UpdateKind.PROGRESS,
        narrative=f"The {NARRATIVE} audit found gaps.",
        status_from=Status.SUBMITTED,
        status_to=Status.ASSURED,
    )
    EvidenceFactory(update=update, original_name=EVIDENCE_NAME)
    return {"r3": r3}


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


def table_rows(text: str, caption: str) -> list[list[str]]:
    """The header and cell texts of each body row of the table with ``caption``."""
    table = re.search(rf"<caption[^>]*>{caption}</caption>(.*?)</table>", text)[1]
    body = re.search(r"<tbody[^>]*>(.*?)</tbody>", table)[1]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body)
    ]


def test_anyone_may_read_the_public_summary_signed_out(client, published):
    response = client.get(reverse("public_summary"))

    assert response.status_code == 200
    assert "Progress on safeguarding recommendations in Greater Manchester" in page_text(response)


def test_the_public_summary_gives_each_reports_shares(client, published):
    text = page_text(client.get(reverse("public_summary")))

    assert table_rows(text, "By report") == [
        # 4 live actions: 1 assured (none with impact evidenced), 2 in progress or submitted, 1 not started
        ["CSE Assurance Review Part Four (July 2025)", "3", "4", "25%", "0%", "50%", "25%"],
        # R2's only action is archived: still a recommendation made, with no live action
        ["Peer review interim letter (December 2024)", "2", "1", "0%", "0%", "100%", "0%"],
    ]


def test_the_public_summary_gives_each_partners_shares(client, published):
    text = page_text(client.get(reverse("public_summary")))

    assert table_rows(text, "By partner") == [
        ["Greater Manchester Police", "3", "33%", "0%", "67%", "0%"],
        ["Rochdale Council", "2", "0%", "0%", "50%", "50%"],
    ]


def test_the_public_summary_gives_the_headline_shares(client, published):
    text = page_text(client.get(reverse("public_summary")))

    assert (
        '<span class="app-figure">5</span> <span class="app-figure-caption">actions by partners</span>'
        in text
    )
    assert (
        '<span class="app-figure">20%</span> <span class="app-figure-caption">assured as complete</span>'
        in text
    )
    assert (
        '<span class="app-figure">60%</span> <span class="app-figure-caption">in progress or awaiting assurance'
        in text
    )


@pytest.mark.parametrize("params", [{}, {"q": NARRATIVE}, {"search": NARRATIVE}])
def test_the_public_summary_shows_no_narrative_evidence_or_names(client, published, params):
    text = page_text(client.get(reverse("public_summary"), params))

    for secret in (NARRATIVE, DESCRIPTION, EVIDENCE_NAME, "kestrelvane", *AUTHOR, *OWNER):
        assert secret not in text


def test_a_signed_in_reader_sees_no_more_on_the_public_summary(client, oversight, published):
    client.force_login(oversight)

    text = page_text(client.get(reverse("public_summary"), {"q": NARRATIVE}))

    for secret in (NARRATIVE, DESCRIPTION, EVIDENCE_NAME, *AUTHOR, *OWNER):
        assert secret not in text


def test_the_public_summary_links_to_the_accessibility_statement(client, published):
    response = client.get(reverse("public_summary"))

    assert f'href="{reverse("accessibility")}"' in response.content.decode()
    assert client.get(reverse("accessibility")).status_code == 200


def test_the_public_summary_of_an_empty_tracker_shows_zeros(client, db):
    response = client.get(reverse("public_summary"))

    assert response.status_code == 200
    assert '<span class="app-figure">0%</span>' in page_text(response)
