"""Illustrative recommendations say so wherever they leave the tracker: the export and the API."""

import csv
import io

import pytest
from django.urls import reverse

from api.services import token_create
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

COLUMN = "Illustrative: not the published wording"


def test_the_recommendations_export_marks_illustrative_wording(client, oversight):
    RecommendationFactory(reference="R1", is_illustrative=True)
    RecommendationFactory(reference="R2", is_illustrative=False)
    client.force_login(oversight)

    response = client.get(reverse("export_recommendations", args=["csv"]))

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row["Reference"]: row[COLUMN] for row in csv.DictReader(io.StringIO(body))}
    assert rows == {"R1": "Yes", "R2": "No"}


def test_the_api_marks_illustrative_wording(client, oversight):
    illustrative = RecommendationFactory(reference="R1", is_illustrative=True)
    published = RecommendationFactory(reference="R2", is_illustrative=False)
    _, secret = token_create(user=oversight, name="Board pack", expires_in_days=30)

    def flag(rec):
        response = client.get(f"/api/recommendations/{rec.pk}", headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code == 200
        return response.json()["is_illustrative"]

    assert (flag(illustrative), flag(published)) == (True, False)
