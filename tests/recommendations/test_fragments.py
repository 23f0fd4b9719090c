"""The dashboard's matrix and grades rows are rendered once and reused while their data
stays the same: after an update only the changed agency's rows are rendered again, and
the page is exactly what rendering every row afresh gives."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from recommendations import fragments, services
from recommendations.models import Status
from tests.factories import ActionFactory, AgencyFactory, JudgementFactory

pytestmark = [pytest.mark.django_db, pytest.mark.caching]


@pytest.fixture
def renders(monkeypatch) -> list[dict]:
    """The rows each dashboard view renders (rather than reads back)."""
    rendered: list[dict] = []
    original = fragments.render_row

    def spy(template, context, row):
        rendered.append(row)
        return original(template, context, row)

    monkeypatch.setattr(fragments, "render_row", spy)
    return rendered


def page(client) -> str:
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    # Without what changes with every response: the script nonce and the CSRF token.
    return re.sub(r'(nonce|value)="[^"]*"', "", response.content.decode())


def test_only_the_updated_agencys_row_is_rendered_again(client, oversight, agency, contributor, renders):
    others = [AgencyFactory() for _ in range(3)]
    action = ActionFactory(agency=agency, status=Status.NOT_STARTED)
    for other in others:
        ActionFactory(agency=other)
    client.force_login(oversight)
    first = page(client)
    assert len(renders) >= 4  # a row for every active agency
    renders.clear()
    assert page(client) == first
    assert renders == []  # nothing rendered: every row read back

    services.progress_log(
        action=action,
        by=contributor,
        narrative="Started.",
        confidence="green",
        percent_complete=5,
        status_to=Status.IN_PROGRESS,
        expected_version=None,
    )
    after = page(client)
    assert len(renders) == 1  # the agency's matrix row, and nothing else
    assert f"1 in progress for {agency.short_name}" in after

    cache.clear()
    assert page(client) == after  # the same page as every row rendered afresh


def test_a_row_read_back_as_plain_text_is_escaped_not_trusted(client, oversight, monkeypatch):
    JudgementFactory()
    client.force_login(oversight)
    client.get(reverse("dashboard"))  # the grades row is kept
    shown = {"links": True, "list_url": reverse("action_list"), "as_at_q": ""}  # as the view shows them
    key = fragments.table_key("recommendations/dashboard_sections.html#grade_row", shown)
    cache.set(key, dict.fromkeys(cache.get(key), "<tr><td>forged</td></tr>"))
    html = page(client)
    assert "&lt;tr&gt;&lt;td&gt;forged" in html
    assert "<td>forged</td>" not in html
