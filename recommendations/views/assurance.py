"""The assurance team's queue (submitted actions, oldest first) and its decisions: assure,
return and reopen, each on a page that shows what is being decided on."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from recommendations import access, exports, reporting, services
from recommendations.forms import AssureForm, ExtensionDecisionForm, ImpactForm, ReopenForm, ReturnForm
from recommendations.models import Action, Status, Update, UpdateKind
from recommendations.views.common import action_form_view, check_page_context, paginate, plan_context
from recommendations.views.dashboard import clock_sections, export_about, export_response, queue_columns


def waiting_for_assurance(user):
    """The submitted actions the person may decide on (never their own agency's), oldest
    submission first, with when each was submitted and how many files it has."""
    return (
        Action.objects.filter(status=Status.SUBMITTED, is_archived=False)
        .exclude(agency_id__in=list(access.agency_roles(user)))
        .annotate(
            submitted_at=Max("updates__created_at", filter=Q(updates__status_to=Status.SUBMITTED)),
            evidence_count=Count("updates__evidence", distinct=True),
        )
        .order_by("submitted_at", "pk")
    )


@login_required
def assurance_queue(request: HttpRequest) -> HttpResponse:
    if not access.is_overseer(request.user):
        raise Http404
    own = list(access.agency_roles(request.user))
    actions = waiting_for_assurance(request.user).select_related(
        "recommendation__inspection", "agency", "owner"
    )
    page = paginate(request, actions.with_due_history())
    today = timezone.localdate()
    for action in page.object_list:
        action.days_waiting = (
            (today - timezone.localtime(action.submitted_at).date()).days if action.submitted_at else None
        )
    # Requests for a new due date still waiting for a decision, nearest due date first.
    extensions = (
        Action.objects.filter(
            is_archived=False,
            pk__in=Update.objects.filter(kind=UpdateKind.EXTENSION_REQUEST).values("action_id"),
        )
        .exclude(agency_id__in=own)
        .with_extension()
        .filter(last_due_kind=UpdateKind.EXTENSION_REQUEST)
        .select_related("recommendation__inspection", "agency")
        .order_by("due_date", "pk")
    )
    clocks = reporting.deadlines(reporting.now())
    ctx = {
        "page": page,
        "extensions": list(extensions),
        "clock_sections": clock_sections(clocks),
        "overdue_deadlines": len(clocks["overdue"]),
        "due_soon_deadlines": len(clocks["due_soon"]),
    }
    return render(request, "recommendations/assurance_queue.html", ctx)


def _decision(
    request: HttpRequest, pk: int, decision: services.Decision, *, form_class, name: str
) -> HttpResponse:
    """A check-your-answers page for one of the assurance team's decisions: the action,
    its latest progress, every piece of its evidence and its earlier returns, above the
    form that decides (``recommendations/action_<name>.html``). An action no longer in
    the status the decision starts from sends the person back to it."""
    action = access.get_action_for_assurer(request, pk)
    waiting = decision.from_status
    if request.method != "POST" and action.status != waiting:
        messages.info(request, f"That action is not {Status(waiting).label.lower()}.")
        return redirect(action.get_absolute_url())
    ctx = check_page_context(action, request)
    # The form's one text field: a comment, or the reason the decision needs.
    field = "reason" if decision.reason_needed else "note"
    return action_form_view(
        request,
        action=action,
        form_class=form_class,
        save=lambda data: services.action_decide(
            decision,
            action=action,
            by=request.user,
            note=data[field],
            files=data.get("files", ()),
            expected_version=data["version"],
            form_token=data["form_token"],
        ),
        template=f"recommendations/action_{name}.html",
        success=lambda update: (
            f"{action.agency.short_name}'s action on {action.recommendation.reference} "
            f"{'is assured' if decision is services.ASSURE else 'has been ' + decision.verb}."
        ),
        # Back to the queue while there is one to work through.
        redirect_to=reverse("assurance_queue") if waiting == Status.SUBMITTED else action.get_absolute_url(),
        ctx=ctx,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_assure(request: HttpRequest, pk: int) -> HttpResponse:
    """The assurance team accepts a submitted action, closing it."""
    return _decision(request, pk, services.ASSURE, form_class=AssureForm, name="assure")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_return(request: HttpRequest, pk: int) -> HttpResponse:
    """The assurance team sends a submitted action back to the agency with a reason."""
    return _decision(request, pk, services.RETURN, form_class=ReturnForm, name="return")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """The assurance team reopens an assured action with a reason: when its impact
    faded, or a re-inspection found the issue again."""
    return _decision(request, pk, services.REOPEN, form_class=ReopenForm, name="reopen")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_extension(request: HttpRequest, pk: int) -> HttpResponse:
    """The assurance team approves or refuses an agency's request for a later due date."""
    action = access.get_action_for_assurer(request, pk)
    waiting = action.pending_extension()
    if request.method != "POST" and waiting is None:
        messages.info(request, "No request for a new due date is waiting on that action.")
        return redirect(action.get_absolute_url())
    return action_form_view(
        request,
        action=action,
        form_class=ExtensionDecisionForm,
        save=lambda data: services.action_decide_extension(
            action=action,
            by=request.user,
            approve=data["decision"] == "approve",
            note=data["note"],
            expected_version=data["version"],
            form_token=data["form_token"],
        ),
        template="recommendations/action_extension.html",
        success=lambda update: (
            f"New due date for {action.agency.short_name}'s action on {action.recommendation.reference} "
            f"{'approved' if update.kind == UpdateKind.DUE_DATE else 'refused'}."
        ),
        redirect_to=reverse("assurance_queue"),
        ctx={"waiting": waiting},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_impact(request: HttpRequest, pk: int) -> HttpResponse:
    """The assurance team records that an action assured as delivered has made a
    difference, with what shows it: the second level of assurance."""
    action = access.get_action_for_assurer(request, pk)
    if request.method != "POST" and (action.status != Status.ASSURED or action.impact_evidenced):
        messages.info(
            request,
            "Only an action assured as delivered, without its impact evidenced, can have it recorded.",
        )
        return redirect(action.get_absolute_url())
    return action_form_view(
        request,
        action=action,
        form_class=ImpactForm,
        save=lambda data: services.action_evidence_impact(
            action=action,
            by=request.user,
            note=data["note"],
            files=data["files"],
            expected_version=data["version"],
            form_token=data["form_token"],
        ),
        template="recommendations/action_impact.html",
        success=lambda update: (
            f"Impact evidenced for {action.agency.short_name}'s action on {action.recommendation.reference}."
        ),
        redirect_to=action.get_absolute_url(),
        ctx={**check_page_context(action, request), **plan_context(action)},
    )


@login_required
@require_safe
def export_queue(request: HttpRequest, fmt: str) -> HttpResponse:
    """The assurance queue as a file, for the team's own tracking and meetings."""
    if not access.is_overseer(request.user):
        raise Http404
    rows = waiting_for_assurance(request.user).annotate(owner_name=exports.person_name("owner"))
    about = export_about(
        request,
        "Actions waiting for assurance",
        "Every action submitted for assurance and not yet decided, oldest submission first "
        "(leaving out your own agency's). The link opens the action's page.",
    )
    name = f"assurance-queue-{timezone.localdate().isoformat()}"
    return export_response(fmt, rows, queue_columns(request), name, "Waiting for assurance", about)
