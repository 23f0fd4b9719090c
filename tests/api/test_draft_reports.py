"""Draft reports are not served by the API until they are published to partners (issue 13)."""

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import Action

pytestmark = pytest.mark.django_db


def test_the_api_does_not_serve_a_draft(api_client, make_token, draft, contributor, action):
    token = make_token(contributor)
    recommendation = draft.recommendations.get(reference="D1")
    assert api_client.get(reverse("api:inspection_detail", args=[draft.pk]), token).status_code == 404
    assert (
        api_client.get(reverse("api:recommendation_detail", args=[recommendation.pk]), token).status_code
        == 404
    )
    assert (
        api_client.get(
            reverse(
                "api:action_detail", args=[Action.objects.filter(recommendation__inspection=draft).first().pk]
            ),
            token,
        ).status_code
        == 404
    )
    for name in ("api:inspection_list", "api:recommendation_list", "api:judgement_list", "api:action_list"):
        body = api_client.get(reverse(name), token).content.decode()
        assert "Draft inspection" not in body and "Train every investigator" not in body, name
    assert api_client.get(reverse("api:recommendation_list"), token, inspection=draft.pk).status_code == 400


def test_the_api_serves_a_report_once_published(api_client, make_token, draft, admin_user, contributor):
    services.inspection_publish(inspection=draft, by=admin_user)
    body = api_client.get(reverse("api:inspection_list"), make_token(contributor)).content.decode()
    assert "Draft inspection" in body
