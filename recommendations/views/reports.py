"""A report's page: what was published, the grades it gave, and progress on its
recommendations; and, for an administrator, publishing a draft report to partners."""

from __future__ import annotations

import re
from collections import Counter

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, StringAgg, Value
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from recommendations import access, services
from recommendations.models import Inspection, Judgement, Recommendation, Status


@login_required
@require_safe
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Readers only, like the recommendations list; archived recommendations and actions
    are left out. An administrator previews a draft with every action it will publish.
    Four queries however many recommendations and grades the report has."""
    inspection = access.get_inspection_for_reader(request, pk)
    ctx = {
        **_report_contents(inspection),
        "inspection": inspection,
        "agencies": list(inspection.agencies.order_by("name")),
        "status_choices": Status.choices,
        "can_publish": inspection.is_draft and access.is_administrator(request.user),
        "clocks": list(inspection.clocks.select_related("responsible").order_by("due_on", "pk")),
        "today": timezone.localdate(),
    }
    return render(request, "recommendations/report_detail.html", ctx)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator checks what a draft report holds, then publishes it to partners.
    Publishing twice (a second tab, say) is refused with the date it was published."""
    try:
        inspection = access.get_inspection_for_publisher(request, pk)
    except Http404:
        inspection = access.get_inspection_for_reader(request, pk)
        if not access.is_administrator(request.user):
            raise
        messages.info(request, "That report has already been published to partners.")
        return redirect(inspection.get_absolute_url())
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            published = services.inspection_publish(inspection=inspection, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"{inspection.title} is published to partners, with "
                f"{published} agency {'action' if published == 1 else 'actions'}.",
            )
            return redirect(inspection.get_absolute_url())
    contents = _report_contents(inspection)
    by_agency = Counter()
    for recommendation in contents["recommendations"]:
        for agency in recommendation.agency_names:
            by_agency[agency] += 1
    ctx = {
        **contents,
        "inspection": inspection,
        "form": form,
        "by_agency": sorted(by_agency.items()),
        "action_total": sum(by_agency.values()),
    }
    return render(request, "recommendations/report_publish.html", ctx, status=400 if form.errors else 200)


def _report_contents(inspection: Inspection) -> dict:
    """The report's grades and its recommendations (R2 before R10), each with its
    actions counted by status and its agencies named. Two queries. A draft's actions
    are all counted: they are what publishing will bring into the lists."""
    live = Q() if inspection.is_draft else Q(actions__is_archived=False)
    # Each recommendation's actions counted by status in the same query (one row each).
    counts = {
        f"n_{status}": Count("actions", filter=live & Q(actions__status=status)) for status in Status.values
    }
    recommendations = list(
        Recommendation.objects.filter(inspection=inspection, is_archived=False)
        .annotate(
            n_actions=Count("actions", filter=live),
            agency_list=StringAgg(
                "actions__agency__short_name", delimiter=Value("|"), filter=live, default=""
            ),
            **counts,
        )
        .order_by("reference", "pk")
    )
    recommendations.sort(
        key=lambda r: [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", r.reference)]
    )
    for recommendation in recommendations:
        recommendation.status_counts = [
            (status, label, getattr(recommendation, f"n_{status}")) for status, label in Status.choices
        ]
        recommendation.agency_names = sorted(filter(None, recommendation.agency_list.split("|")))
    judgements = list(
        Judgement.objects.filter(inspection=inspection)
        .select_related("agency", "area", "grade")
        .order_by("agency__name", "area__order", "area__name")
    )
    return {
        "recommendations": recommendations,
        "judgements": judgements,
        "any_illustrative": any(r.is_illustrative for r in recommendations),
    }
