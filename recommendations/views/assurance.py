"""Oversight's assurance queue: submitted actions, oldest first, to assure or return."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from recommendations import access, services
from recommendations.forms import AssureForm, ReturnForm
from recommendations.models import Action, Status
from recommendations.views.common import action_form_view, paginate


@login_required
def assurance_queue(request: HttpRequest) -> HttpResponse:
    if not access.is_overseer(request.user):
        raise Http404
    own = list(access.agency_roles(request.user))
    actions = (
        Action.objects.filter(status=Status.SUBMITTED, is_archived=False)
        .exclude(agency_id__in=own)
        .select_related("recommendation__inspection", "agency", "owner")
        .annotate(submitted_at=Max("updates__created_at", filter=Q(updates__status_to=Status.SUBMITTED)))
        .order_by("submitted_at", "pk")
    )
    ctx = {"page": paginate(request, actions)}
    return render(request, "recommendations/assurance_queue.html", ctx)


def _decision(request: HttpRequest, pk: int, *, form_class, decide, template: str, verb: str) -> HttpResponse:
    action = access.get_action_for_assurer(request, pk)
    if request.method != "POST" and action.status != Status.SUBMITTED:
        messages.info(request, "That action is not waiting for assurance.")
        return redirect(action.get_absolute_url())
    return action_form_view(
        request,
        action=action,
        form_class=form_class,
        save=lambda data: decide(action, data),
        template=template,
        success=lambda update: (
            f"{action.agency.short_name}'s action on {action.recommendation.reference} {verb}."
        ),
        redirect_to=reverse("assurance_queue"),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_assure(request: HttpRequest, pk: int) -> HttpResponse:
    """Oversight accepts a submitted action, closing it."""
    return _decision(
        request,
        pk,
        form_class=AssureForm,
        decide=lambda action, data: services.action_assure(
            action=action,
            by=request.user,
            note=data["note"],
            expected_version=data["version"],
            form_token=data["form_token"],
        ),
        template="recommendations/action_assure.html",
        verb="is assured",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Oversight sends a submitted action back to the agency with a reason."""
    return _decision(
        request,
        pk,
        form_class=ReturnForm,
        decide=lambda action, data: services.action_return(
            action=action,
            by=request.user,
            reason=data["reason"],
            expected_version=data["version"],
            form_token=data["form_token"],
        ),
        template="recommendations/action_return.html",
        verb="has been returned",
    )
