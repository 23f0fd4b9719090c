"""Filters for the API's lists that have no page of their own. The action and
recommendation lists reuse the pages' ``ActionFilter`` and ``RecommendationFilter``.

An id that names nothing is an error here (the API says so) rather than an empty list.
"""

from __future__ import annotations

import django_filters

from agencies.models import Agency
from recommendations.models import (
    Action,
    GradedArea,
    Inspection,
    Inspectorate,
    Judgement,
    Recommendation,
    Update,
    UpdateKind,
)


class InspectionFilter(django_filters.FilterSet):
    inspectorate = django_filters.ModelChoiceFilter(queryset=Inspectorate.objects.all())
    agency = django_filters.ModelChoiceFilter(field_name="agencies", queryset=Agency.objects.all())

    class Meta:
        model = Inspection
        fields: list[str] = []


class JudgementFilter(django_filters.FilterSet):
    inspection = django_filters.ModelChoiceFilter(queryset=Inspection.objects.released())
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all())
    area = django_filters.ModelChoiceFilter(queryset=GradedArea.objects.all())

    class Meta:
        model = Judgement
        fields: list[str] = []


class UpdateFilter(django_filters.FilterSet):
    # Archived records are not served, so they cannot be filtered on either.
    action = django_filters.ModelChoiceFilter(
        queryset=Action.objects.filter(is_archived=False, recommendation__is_archived=False)
    )
    recommendation = django_filters.ModelChoiceFilter(
        field_name="action__recommendation", queryset=Recommendation.objects.listed()
    )
    agency = django_filters.ModelChoiceFilter(field_name="action__agency", queryset=Agency.objects.all())
    kind = django_filters.ChoiceFilter(choices=UpdateKind.choices)
    since = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")

    class Meta:
        model = Update
        fields: list[str] = []
