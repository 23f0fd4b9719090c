"""Our actions, an action's page, and the forms a partner uses to change an action."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from agencies.models import Membership
from recommendations import access, reporting, services
from recommendations.filters import ActionFilter
from recommendations.forms import (
    DueDateForm,
    ImpactValueForm,
    OwnerForm,
    PlanForm,
    ProgressForm,
    ReadyForm,
    SubmitForm,
    VoiceForm,
)
from recommendations.models import Evidence, Status, UpdateKind
from recommendations.views.common import (
    action_form_view,
    as_at_from_request,
    check_page_context,
    paginate,
    plan_context,
    query_without,
    timeline,
)


@login_required
def our_actions(request: HttpRequest) -> HttpResponse:
    """The signed-in person's agency's actions, filtered from the query string."""
    agency = access.current_agency(request)
    if agency is None:
        raise Http404
    states = reporting.action_states().filter(agency=agency)
    # Assured work is done: shown only when the status filter asks for it.
    shown = states if request.GET.getlist("status") else states.exclude(status=Status.ASSURED)
    ctx = action_list_context(request, shown, agency=agency)
    ctx["agency"] = agency
    ctx["hiding_assured"] = shown is not states
    ctx["tasks"] = tasks(request.user, agency, states)
    ctx["memberships"] = request.user.memberships.select_related("agency").order_by("agency__name")
    return render(request, "recommendations/our_actions.html", ctx)


def tasks(user, agency, states) -> list[dict]:
    """What needs doing, for the agency's home page, each with the list it leads to: the
    person's own actions for a contributor, the agency's for a lead. One query."""
    moment = reporting.now()
    is_lead = access.agency_roles(user).get(agency.pk) == Membership.Role.LEAD
    scope = states if is_lead else states.filter(owner=user)
    counts = (
        scope.with_last_move()
        .with_extension()
        .aggregate(
            extension=Count("pk", filter=reporting.EXTENSION_WAITING),
            returned=Count("pk", filter=reporting.RETURNED),
            ready=Count("pk", filter=reporting.READY),
            overdue=Count("pk", filter=reporting.overdue_q(moment)),
            milestone_overdue=Count("pk", filter=reporting.milestone_overdue_q(moment)),
            due_soon=Count("pk", filter=reporting.due_soon_q(moment)),
            unowned=Count("pk", filter=reporting.OPEN & Q(owner__isnull=True)),
            in_progress=Count("pk", filter=Q(s_status=Status.IN_PROGRESS)),
            waiting=Count("pk", filter=Q(s_status=Status.SUBMITTED)),
        )
    )
    mine = "" if is_lead else f"owner={user.pk}&"
    rows = [
        ("returned", "Returned by the GMCA assurance team", "task=returned"),
        ("overdue", "Overdue", "due=overdue"),
        ("milestone_overdue", "With a milestone overdue", "due=milestone"),
        ("due_soon", "Due in the next 30 days", "due=30"),
    ]
    if is_lead:
        rows.insert(0, ("ready", "Ready for you to submit", "task=ready"))
        rows += [
            ("unowned", "Open with nobody named as owner", "task=unowned"),
            ("waiting", "Waiting for the GMCA assurance team", "status=submitted"),
            ("extension", "New due dates waiting for a decision", "task=extension"),
        ]
    else:
        rows += [("in_progress", "In progress", "status=in_progress")]
    return [
        {
            "key": key,
            "label": label,
            "count": counts[key],
            "query": mine + query,
            "alert": key in ("returned", "overdue", "milestone_overdue"),
        }
        for key, label, query in rows
    ]


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    """Every agency's actions (peer learning), filterable like "our actions" and by agency;
    the dashboard's figures drill down to this list, as at a past date when asked."""
    if not access.is_reader(request.user):
        raise Http404
    moment = as_at_from_request(request)
    ctx = action_list_context(request, reporting.action_states(moment), moment=moment)
    return render(request, "recommendations/action_list.html", ctx)


def action_list_context(request: HttpRequest, states, *, agency=None, moment=None) -> dict:
    """Filter, sort and paginate a list of action states from the query string."""
    moment = moment or reporting.now()
    filterset = ActionFilter(request.GET, queryset=states, request=request, agency=agency, moment=moment)
    actions = (
        filterset.qs.select_related("recommendation__inspection", "owner", "agency")
        .with_last_move(before=moment.cutoff)
        .with_due_history(before=moment.cutoff)
    )
    if filterset.errors:
        messages.warning(request, "Some filters were not recognised and have been ignored.")
    return {
        "filterset": filterset,
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
        "page": paginate(request, actions),
        "moment": moment,
        "query": query_without(request, "page"),
        "sort_query": query_without(request, "page", "sort"),
        "sort": request.GET.get("sort") or "due",
    }


@login_required
@require_POST
def switch_agency(request: HttpRequest) -> HttpResponse:
    """Choose which of one's agencies to work for (the MOJ organisation switcher)."""
    try:
        agency_id = int(request.POST.get("agency", ""))
    except ValueError:
        raise Http404 from None
    if agency_id not in access.agency_roles(request.user):
        raise Http404
    request.session["agency_id"] = agency_id
    return redirect("our_actions")


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = access.get_action_for_reader(request, pk)
    updates = timeline(action.updates.order_by("-created_at", "-pk"))
    page = paginate(request, updates, per_page=30)
    can_download = access.can_download_evidence(request.user, action)
    last_move = action.updates.exclude(status_to="").order_by("-created_at", "-pk").first()
    pending = action.pending_extension()
    action.last_move_from = last_move.status_from if last_move else None
    ctx = {
        "action": action,
        # The reason it came back, for the banner, while it is back with the agency.
        "return_entry": last_move if action.is_returned else None,
        "recommendation": action.recommendation,
        "page": page,
        "can_edit": access.can_edit_action(request.user, action),
        "can_log_progress": access.can_log_progress(request.user, action),
        "can_lead": access.can_lead_action(request.user, action),
        "can_assure": access.can_assure_action(request.user, action) and action.status == Status.SUBMITTED,
        "can_reopen": access.can_assure_action(request.user, action) and action.status == Status.ASSURED,
        "pending_extension": pending,
        "can_decide_extension": pending is not None and access.can_assure_action(request.user, action),
        "can_submit": access.can_lead_action(request.user, action) and action.status == Status.IN_PROGRESS,
        "can_mark_ready": access.can_edit_action(request.user, action)
        and not access.can_lead_action(request.user, action)
        and action.status == Status.IN_PROGRESS
        and not action.is_ready,
        "can_download": can_download,
        "can_plan": access.can_plan_action(request.user, action) and action.status != Status.SUBMITTED,
        **plan_context(action),
        "can_evidence_impact": access.can_assure_action(request.user, action)
        and action.status == Status.ASSURED
        and not action.impact_evidenced
        and bool(action.impact_measure),
        "impact_entry": action.updates.filter(kind=UpdateKind.IMPACT).order_by("-created_at", "-pk").first()
        if action.impact_evidenced
        else None,
        # The timeline links evidence only for the agencies named here.
        "downloadable_agencies": {action.agency_id} if can_download else set(),
    }
    return render(request, "recommendations/action_detail.html", ctx)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Log progress on an action: narrative, confidence, percent, optional status move and evidence."""
    action = access.get_action_for_editor(request, pk)
    if request.method != "POST" and not access.can_log_progress(request.user, action):
        messages.info(
            request,
            f"This action is {action.get_status_display().lower()}: progress can no longer be logged.",
        )
        return redirect(action.get_absolute_url())
    moves = services.partner_moves(request.user, action)

    def save(data: dict):
        return services.progress_log(
            action=action,
            by=request.user,
            narrative=data["narrative"],
            confidence=data["confidence"],
            # Not on the form when it comes from the milestones.
            percent_complete=data.get("percent_complete"),
            status_to=data.get("status_to") or "",
            files=data["files"],
            impact_value=data.get("impact_value"),
            expected_version=data["version"],
            form_token=data["form_token"],
        )

    def success(update) -> str:
        if update.status_to == Status.SUBMITTED:
            return "Progress logged and the action submitted for assurance."
        return "Progress logged."

    return action_form_view(
        request,
        action=action,
        form_class=ProgressForm,
        save=save,
        template="recommendations/action_progress.html",
        success=success,
        redirect_to=action.get_absolute_url(),
        ctx={
            "can_submit": Status.SUBMITTED in moves,
            "has_evidence": Evidence.objects.filter(update__action=action).exists(),
            "max_bytes": settings.EVIDENCE_MAX_BYTES,
        },
        moves=moves,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_owner(request: HttpRequest, pk: int) -> HttpResponse:
    """An agency lead names who owns the action."""
    action = access.get_action_for_lead(request, pk)
    return action_form_view(
        request,
        action=action,
        form_class=OwnerForm,
        save=lambda data: services.action_assign_owner(
            action=action,
            by=request.user,
            owner=data["owner"],
            expected_version=data["version"],
            form_token=data["form_token"],
        ),
        template="recommendations/action_owner.html",
        success=lambda update: "Owner changed.",
        redirect_to=action.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_due_date(request: HttpRequest, pk: int) -> HttpResponse:
    """An agency lead asks the GMCA assurance team for a later due date, saying why."""
    action = access.get_action_for_lead(request, pk)
    if request.method != "POST" and (waiting := action.pending_extension()) is not None:
        messages.info(
            request,
            f"A new due date of {waiting.requested_due_date:%-d %B %Y} is already waiting for the GMCA assurance team.",
        )
        return redirect(action.get_absolute_url())
    return action_form_view(
        request,
        action=action,
        form_class=DueDateForm,
        save=lambda data: services.action_request_extension(
            action=action,
            by=request.user,
            due_date=data["due_date"],
            reason=data["reason"],
            expected_version=data["version"],
            form_token=data["form_token"],
        ),
        template="recommendations/action_due_date.html",
        success=lambda update: (
            "New due date asked for. The GMCA assurance team will decide; until then the current date stands."
        ),
        redirect_to=action.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_ready(request: HttpRequest, pk: int) -> HttpResponse:
    """Someone in the agency tells its leads an action is ready to submit."""
    action = access.get_action_for_editor(request, pk)
    if request.method != "POST" and (action.status != Status.IN_PROGRESS or action.is_ready):
        messages.info(request, "That action is not in progress, or is already marked ready.")
        return redirect(action.get_absolute_url())
    return action_form_view(
        request,
        action=action,
        form_class=ReadyForm,
        save=lambda data: services.action_mark_ready(
            action=action,
            by=request.user,
            note=data["note"],
            expected_version=data["version"],
            form_token=data["form_token"],
        ),
        template="recommendations/action_ready.html",
        success=lambda update: "Marked ready. Your agency's leads have been told.",
        redirect_to=action.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_voice(request: HttpRequest, pk: int) -> HttpResponse:
    """Someone in the agency records whether, and how, children's, young people's and
    families' views shaped the action."""
    action = access.get_action_for_editor(request, pk)
    return action_form_view(
        request,
        action=action,
        form_class=VoiceForm,
        save=lambda data: services.action_record_voice(
            action=action,
            by=request.user,
            voice=data["voice"],
            note=data["note"],
            expected_version=data["version"],
            form_token=data["form_token"],
        ),
        template="recommendations/action_voice.html",
        success=lambda update: "Saved. The action's timeline shows how their views shaped it.",
        redirect_to=action.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead checks an action as it stands (latest progress, evidence, earlier
    returns) and submits it for assurance, without logging progress again."""
    action = access.get_action_for_lead(request, pk)
    if request.method != "POST" and action.status != Status.IN_PROGRESS:
        messages.info(request, "Only an action in progress can be submitted for assurance.")
        return redirect(action.get_absolute_url())
    return action_form_view(
        request,
        action=action,
        form_class=SubmitForm,
        save=lambda data: services.action_submit(
            action=action,
            by=request.user,
            note=data["note"],
            expected_version=data["version"],
            form_token=data["form_token"],
        ),
        template="recommendations/action_submit.html",
        success=lambda update: "Submitted for assurance. The GMCA assurance team has been told.",
        redirect_to=action.get_absolute_url(),
        ctx=check_page_context(action, request),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The agency's plan for the action: what it will do, its milestones and what would
    show it made a difference. Its leads change it, and its contributors if allowed."""
    action = access.get_action_for_planner(request, pk)
    return action_form_view(
        request,
        action=action,
        form_class=PlanForm,
        save=lambda data: services.action_plan(
            action=action,
            by=request.user,
            plan=data["plan"],
            expected_version=data["version"],
            form_token=data["form_token"],
        ),
        template="recommendations/action_plan.html",
        success=lambda update: "Plan saved. The action's timeline shows what changed.",
        redirect_to=action.get_absolute_url(),
        milestones=list(action.milestones.filter(is_removed=False)),
        may_lead=access.can_lead_action(request.user, action),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_impact_value(request: HttpRequest, pk: int) -> HttpResponse:
    """Someone in the agency records the latest value of the action's impact measure,
    whatever its status."""
    action = access.get_action_for_editor(request, pk)
    if not action.impact_measure:
        messages.info(request, "Say in the plan what would show the action made a difference first.")
        return redirect(action.get_absolute_url())
    return action_form_view(
        request,
        action=action,
        form_class=ImpactValueForm,
        save=lambda data: services.action_record_impact_value(
            action=action,
            by=request.user,
            value=data["impact_value"],
            narrative=data["narrative"],
            files=data["files"],
            expected_version=data["version"],
            form_token=data["form_token"],
        ),
        template="recommendations/action_impact_value.html",
        success=lambda update: "Latest value recorded.",
        redirect_to=action.get_absolute_url(),
        ctx={"max_bytes": settings.EVIDENCE_MAX_BYTES},
    )
