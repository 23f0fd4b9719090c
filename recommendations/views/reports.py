"""A report's page: what was published, the grades it gave, and progress on its recommendations."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from recommendations import access
from recommendations.models import Inspection, Judgement, Recommendation, Status


@login_required
@require_safe
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Readers only, like the recommendations list; archived recommendations and actions
    are left out. Four queries however many recommendations and grades the report has."""
    if not access.is_reader(request.user):
        raise Http404
    try:
        inspection = Inspection.objects.select_related("inspectorate").get(pk=pk)
    except Inspection.DoesNotExist:
        raise Http404 from None
    live = Q(actions__is_archived=False)
    # Each recommendation's actions counted by status in the same query (one row each).
    counts = {
        f"n_{status}": Count("actions", filter=live & Q(actions__status=status)) for status in Status.values
    }
    recommendations = list(
        Recommendation.objects.filter(inspection=inspection, is_archived=False)
        .annotate(n_actions=Count("actions", filter=live), **counts)
        .order_by("reference", "pk")
    )
    # R2 before R10, as the report numbers them.
    recommendations.sort(
        key=lambda r: [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", r.reference)]
    )
    for recommendation in recommendations:
        recommendation.status_counts = [
            (status, label, getattr(recommendation, f"n_{status}")) for status, label in Status.choices
        ]
    judgements = list(
        Judgement.objects.filter(inspection=inspection)
        .select_related("agency", "area", "grade")
        .order_by("agency__name", "area__order", "area__name")
    )
    ctx = {
        "inspection": inspection,
        "agencies": list(inspection.agencies.order_by("name")),
        "judgements": judgements,
        "recommendations": recommendations,
        "status_choices": Status.choices,
        "any_illustrative": any(r.is_illustrative for r in recommendations),
    }
    return render(request, "recommendations/report_detail.html", ctx)
