"""All recommendations, and a recommendation's page with every agency's action side by side."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from recommendations import access
from recommendations.filters import RecommendationFilter
from recommendations.models import Action, Judgement, Recommendation, Status, Update
from recommendations.views.common import paginate, query_without, timeline


@login_required
def recommendation_list(request: HttpRequest) -> HttpResponse:
    """Every recommendation and each addressed agency's progress: peer learning is the point."""
    if not access.is_reader(request.user):
        raise Http404
    base = Recommendation.objects.listed()
    filterset = RecommendationFilter(request.GET or None, queryset=base, request=request)
    if filterset.is_bound and filterset.errors:
        messages.warning(request, "Some filters were not recognised and have been ignored.")
    # Counts per recommendation come from the prefetched actions of the page shown, so
    # the pagination count stays a plain count however many recommendations there are.
    recommendations = (
        filterset.qs.order_by(
            "-inspection__published_on", "inspection__title", "inspection_id", "reference", "pk"
        )
        .select_related("inspection")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.filter(is_archived=False)
                .select_related("agency")
                .order_by("agency__name"),
                to_attr="live_actions",
            ),
            "themes",
        )
    )
    page = paginate(request, recommendations)
    for recommendation in page.object_list:
        recommendation.action_total = len(recommendation.live_actions)
        recommendation.action_assured = sum(a.status == Status.ASSURED for a in recommendation.live_actions)
    ctx = {"filterset": filterset, "page": page, "query": query_without(request, "page")}
    return render(request, "recommendations/recommendation_list.html", ctx)


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = access.get_recommendation_for_reader(request, pk)
    # A draft's actions are out of the lists until it is published; the administrator
    # previewing it sees the ones publishing will bring in.
    live = {} if recommendation.inspection.is_draft else {"is_archived": False}
    actions = list(
        recommendation.actions.filter(**live).select_related("agency", "owner").order_by("agency__name")
    )
    # One query whether or not the recommendation names a graded area (none matches then).
    judgements = list(
        Judgement.objects.filter(inspection_id=recommendation.inspection_id, area_id=recommendation.area_id)
        .exclude(area_id=None)
        .select_related("agency", "grade")
        .order_by("agency__name")
    )
    updates = timeline(
        Update.objects.filter(action__recommendation=recommendation, action__is_archived=False).order_by(
            "-created_at", "-pk"
        )
    )
    page = paginate(request, updates, per_page=30)
    downloadable = {a.agency_id for a in actions if access.can_download_evidence(request.user, a)}
    ctx = {
        "recommendation": recommendation,
        "inspection": recommendation.inspection,
        "themes": list(recommendation.themes.order_by("name")),
        "actions": actions,
        "judgements": judgements,
        "closed": bool(actions) and all(a.status == Status.ASSURED for a in actions),
        "page": page,
        "downloadable_agencies": downloadable,
        "editable_agencies": set(access.agency_roles(request.user)),
    }
    return render(request, "recommendations/recommendation_detail.html", ctx)
