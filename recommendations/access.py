"""Who may see and change what. Every view starts with one of these helpers.

Reading is generous, because peer learning is the point of the Greater Manchester
process: anyone who belongs to a partner, oversight and administrators read every
recommendation and every agency's progress. Writing is narrow: a partner changes only
its own agency's actions; oversight assures and returns; nobody assures their own
agency's work. Evidence files are downloaded only by their own agency, oversight and
administrators.

Outsiders get 404, never 403, so that a URL does not reveal that a record exists.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from agencies.models import Agency, Membership
from recommendations.models import Action, Evidence, Inspection, Recommendation, Status


def is_reader(user) -> bool:
    """May read the partnership's recommendations and progress. Reads ``user.memberships``
    once per request (cached on the user)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_oversight or user.is_staff or bool(agency_roles(user))


def is_overseer(user) -> bool:
    """The Deputy Mayor's office and the GMCA assurance team. Administrators manage the
    records but do not assure: that judgement is oversight's alone."""
    return user.is_authenticated and user.is_active and user.is_oversight


def is_administrator(user) -> bool:
    """System administrators: they manage the records (the admin, imports, archiving)."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def can_see_dashboard(user) -> bool:
    """The whole-partnership dashboard: oversight and administrators."""
    return user.is_authenticated and user.is_active and (user.is_oversight or user.is_staff)


def agency_roles(user) -> dict[int, str]:
    """``{agency_id: role}`` for the user's memberships of active agencies; one query, cached."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_agency_roles", None)
    if cached is None:
        cached = dict(
            Membership.objects.filter(user=user, agency__is_active=True).values_list("agency_id", "role")
        )
        user._agency_roles = cached
    return cached


def is_archived(action: Action) -> bool:
    """Archived itself or through its recommendation: read-only, and hidden from partners."""
    return action.is_archived or action.recommendation.is_archived


def can_edit_action(user, action: Action) -> bool:
    return action.agency_id in agency_roles(user) and not is_archived(action)


def can_log_progress(user, action: Action) -> bool:
    """Progress is logged while the agency is working on the action; once submitted it
    waits for oversight, and once assured it is closed."""
    return can_edit_action(user, action) and action.status in (Status.NOT_STARTED, Status.IN_PROGRESS)


def can_lead_action(user, action: Action) -> bool:
    return agency_roles(user).get(action.agency_id) == Membership.Role.LEAD and not is_archived(action)


def can_plan_action(user, action: Action) -> bool:
    """The agency's plan for the action: its leads change it, and its contributors too
    when a lead has allowed them."""
    return can_lead_action(user, action) or (action.contributors_may_plan and can_edit_action(user, action))


def can_assure_action(user, action: Action) -> bool:
    # Nobody assures their own agency's submission, however senior.
    return is_overseer(user) and action.agency_id not in agency_roles(user) and not is_archived(action)


def can_download_evidence(user, action: Action) -> bool:
    return action.agency_id in agency_roles(user) or is_overseer(user) or user.is_staff


def current_agency(request: HttpRequest) -> Agency | None:
    """The agency the person is working for now: the one chosen with the switcher, or
    their first. Cached on the request."""
    if hasattr(request, "_current_agency"):
        return request._current_agency
    roles = agency_roles(request.user)
    chosen = request.session.get("agency_id")
    agency = None
    if roles:
        mine = Agency.objects.filter(pk__in=roles)
        agency = mine.filter(pk=chosen).first() if chosen in roles else mine.order_by("name").first()
    request._current_agency = agency
    return agency


def get_recommendation_for_reader(request: HttpRequest, pk: int) -> Recommendation:
    if not is_reader(request.user):
        raise Http404
    try:
        recommendation = Recommendation.objects.select_related("inspection__inspectorate", "area").get(
            pk=pk, is_archived=False
        )
    except Recommendation.DoesNotExist:
        raise Http404 from None
    # Administrators preview a draft report's recommendations; nobody else sees them.
    if recommendation.inspection.is_draft and not request.user.is_staff:
        raise Http404
    return recommendation


def get_inspection_for_reader(request: HttpRequest, pk: int) -> Inspection:
    """A report published to partners; administrators also preview drafts."""
    if not is_reader(request.user):
        raise Http404
    try:
        inspection = Inspection.objects.select_related("inspectorate").get(pk=pk)
    except Inspection.DoesNotExist:
        raise Http404 from None
    if inspection.is_draft and not request.user.is_staff:
        raise Http404
    return inspection


def get_inspection_for_publisher(request: HttpRequest, pk: int) -> Inspection:
    """A draft report, for an administrator to publish (404 for anyone else)."""
    inspection = get_inspection_for_reader(request, pk)
    if not (inspection.is_draft and is_administrator(request.user)):
        raise Http404
    return inspection


def _get_action(pk: int) -> Action:
    try:
        return Action.objects.select_related(
            "recommendation__inspection__inspectorate", "recommendation__area", "agency", "owner"
        ).get(pk=pk)
    except Action.DoesNotExist:
        raise Http404 from None


def get_action_for_reader(request: HttpRequest, pk: int) -> Action:
    if not is_reader(request.user):
        raise Http404
    action = _get_action(pk)
    if is_archived(action) and not request.user.is_staff:
        raise Http404
    return action


def get_action_for_editor(request: HttpRequest, pk: int) -> Action:
    """A contributor or lead of the action's own agency (404 for anyone else)."""
    action = _get_action(pk)
    if not can_edit_action(request.user, action):
        raise Http404
    return action


def get_action_for_lead(request: HttpRequest, pk: int) -> Action:
    action = _get_action(pk)
    if not can_lead_action(request.user, action):
        raise Http404
    return action


def get_action_for_planner(request: HttpRequest, pk: int) -> Action:
    action = _get_action(pk)
    if not can_plan_action(request.user, action):
        raise Http404
    return action


def get_action_for_assurer(request: HttpRequest, pk: int) -> Action:
    action = _get_action(pk)
    if not can_assure_action(request.user, action):
        raise Http404
    return action


def get_evidence_for_download(request: HttpRequest, pk: int) -> Evidence:
    try:
        evidence = Evidence.objects.select_related("update__action").get(pk=pk)
    except Evidence.DoesNotExist:
        raise Http404 from None
    if not can_download_evidence(request.user, evidence.update.action):
        raise Http404
    return evidence
