"""The API's operations. Each starts with ``reader(request)``, the API's twin of the
pages' access helpers, and builds one queryset whose joins are decided here, so every
list costs the same few queries whatever its length.

Access mirrors ``recommendations.access``: anyone who belongs to an active partner,
oversight and administrators read every live record (peer learning is the point); an
account with none of these gets 403 on every operation, whatever the id. Evidence is
listed only for agencies whose evidence the token's owner may download.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import wraps

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone
from ninja import Path, Query, Router
from ninja.errors import HttpError

from agencies.models import Agency, Membership
from api import schemas as s
from api.filters import InspectionFilter, JudgementFilter, UpdateFilter
from recommendations import access, reporting
from recommendations.filters import ActionFilter, RecommendationFilter
from recommendations.models import (
    Action,
    Clock,
    Evidence,
    Inspection,
    Judgement,
    Recommendation,
    Theme,
    Update,
)
from recommendations.reporting import Moment
from recommendations.views.common import first_record_day

router = Router()


class BadParameters(Exception):
    """Filters that name nothing or cannot be used; each error is ``{parameter, message}``."""

    def __init__(self, errors: list[dict]) -> None:
        self.errors = errors
        super().__init__(errors)


def reader(request: HttpRequest):
    """The token's user, if they may read the partnership's records; else 403."""
    user = request.auth
    if not access.is_reader(user):
        raise HttpError(
            403,
            "This account may not read the partnership's records: it belongs to no active partner "
            "agency and is not in the oversight team.",
        )
    return user


def parameters(*models: type[s.Schema]) -> Callable:
    """Refuse query parameters the operation does not take, so that a misspelt filter
    (``?stauts=``) is an error rather than a silently unfiltered list."""
    allowed = set().union(*(model.model_fields for model in models))

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(request: HttpRequest, *args, **kwargs):
            unknown = sorted(set(request.GET) - allowed)
            if unknown:
                raise BadParameters(
                    [
                        {"parameter": name[:100], "message": "This operation has no such parameter."}
                        for name in unknown
                    ]
                )
            return view(request, *args, **kwargs)

        return checked

    return decorate


# -- Helpers -------------------------------------------------------------------------


def as_query_dict(params: s.Schema) -> QueryDict:
    """Validated parameters as the query string a page's FilterSet reads."""
    data = QueryDict(mutable=True)
    for name, value in params.model_dump(exclude_none=True).items():
        if isinstance(value, list):
            data.setlist(name, [str(item) for item in value])
        elif isinstance(value, date | datetime):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data


def filtered(filterset) -> QuerySet:
    """The FilterSet's queryset, or a 400 naming each parameter it refused."""
    if not filterset.is_valid():
        raise BadParameters(
            [
                {"parameter": name, "message": str(message)}
                for name, messages in filterset.errors.items()
                for message in messages
            ]
        )
    return filterset.qs


def page(queryset: QuerySet, paging: s.Paging, serialise) -> dict:
    """One page of a totally ordered queryset: the count and the rows (two queries, plus
    the queryset's prefetches)."""
    count = queryset.count()
    rows = list(queryset[paging.offset : paging.offset + paging.limit]) if paging.offset < count else []
    return {
        "count": count,
        "limit": paging.limit,
        "offset": paging.offset,
        "results": [serialise(row) for row in rows],
    }


def moment_for(as_at: date | None) -> Moment:
    """The moment asked for with ``as_at``, checked like the pages' ``?as_at=``, but an error here."""
    if as_at is None:
        return reporting.now()
    today = timezone.localdate()
    if as_at > today:
        raise BadParameters([{"parameter": "as_at", "message": "The date must be today or in the past."}])
    first = first_record_day()
    if first is None or as_at < first:
        shown = first.isoformat() if first else "the first record"
        raise BadParameters(
            [{"parameter": "as_at", "message": f"The date must be on or after the first record, {shown}."}]
        )
    return reporting.now() if as_at == today else Moment(day=as_at, is_past=True)


def web_url(request: HttpRequest, name: str, pk: int) -> str:
    return request.build_absolute_uri(reverse(name, args=[pk]))


def agency_ref(agency: Agency) -> dict:
    return {"id": agency.pk, "name": agency.name, "short_name": agency.short_name}


def inspection_ref(inspection: Inspection) -> dict:
    return {"id": inspection.pk, "title": inspection.title, "published_on": inspection.published_on}


def or_none(value):
    """Empty choices ("no confidence given yet") are null in the API."""
    return value or None


# -- Reference lists -----------------------------------------------------------------


@router.get(
    "/agencies", response={200: s.AgencyPage, **s.ERRORS}, summary="List agencies", tags=["Reference"]
)
@parameters(s.Paging)
def agency_list(request: HttpRequest, paging: Query[s.Paging]):
    """The partner agencies, by name (their ids are what the `agency` filters take)."""
    reader(request)
    return page(
        Agency.objects.order_by("name", "pk"),
        paging,
        lambda a: {**agency_ref(a), "slug": a.slug, "kind": a.kind, "is_active": a.is_active},
    )


@router.get("/themes", response={200: s.ThemePage, **s.ERRORS}, summary="List themes", tags=["Reference"])
@parameters(s.Paging)
def theme_list(request: HttpRequest, paging: Query[s.Paging]):
    """The themes recommendations are grouped by, by name."""
    reader(request)
    return page(
        Theme.objects.order_by("name", "pk"),
        paging,
        lambda t: {"id": t.pk, "name": t.name, "slug": t.slug, "description": t.description},
    )


@router.get(
    "/me",
    response={200: s.Me, 400: s.Problem, 401: s.Problem},
    summary="Who this token acts for",
    tags=["Reference"],
)
@parameters()
def me(request: HttpRequest):
    """Whose token this is and what it may read: useful to check a token works."""
    user = request.auth
    memberships = Membership.objects.filter(user=user, agency__is_active=True).select_related("agency")
    token = request.api_token
    return {
        "username": user.get_username(),
        "name": str(user),
        "is_oversight": user.is_oversight,
        "is_staff": user.is_staff,
        "can_read": access.is_reader(user),
        "memberships": [
            {"agency": agency_ref(m.agency), "role": m.role} for m in memberships.order_by("agency__name")
        ],
        "token": {"name": token.name, "prefix": token.prefix, "expires_at": token.expires_at},
    }


# -- Inspections and judgements ------------------------------------------------------


def inspections() -> QuerySet[Inspection]:
    return (
        Inspection.objects.released()
        .select_related("inspectorate")
        .prefetch_related(
            Prefetch("agencies", queryset=Agency.objects.order_by("name", "pk")),
            Prefetch("clocks", queryset=Clock.objects.select_related("responsible").order_by("due_on", "pk")),
        )
        .order_by("-published_on", "title", "pk")
    )


def inspection_data(inspection: Inspection) -> dict:
    inspectorate = inspection.inspectorate
    return {
        "id": inspection.pk,
        "title": inspection.title,
        "short_name": inspection.short_name,
        "slug": inspection.slug,
        "inspectorate": {
            "id": inspectorate.pk,
            "name": inspectorate.name,
            "short_name": inspectorate.short_name,
        },
        "kind": inspection.kind,
        "programme": inspection.programme,
        "published_on": inspection.published_on,
        "source_url": inspection.source_url,
        "summary": inspection.summary,
        "agencies": [agency_ref(a) for a in inspection.agencies.all()],
        "deadlines": [
            {
                "kind": c.kind,
                "title": c.title,
                "responsible": agency_ref(c.responsible) if c.responsible else None,
                "due_on": c.due_on,
                "met_on": c.met_on,
                "response_url": c.response_url,
                "is_illustrative": c.is_illustrative,
            }
            for c in inspection.clocks.all()
        ],
    }


@router.get(
    "/inspections", response={200: s.InspectionPage, **s.ERRORS}, summary="List reports", tags=["Inspections"]
)
@parameters(s.InspectionFilters, s.Paging)
def inspection_list(request: HttpRequest, filters: Query[s.InspectionFilters], paging: Query[s.Paging]):
    """Published reports and letters, newest first."""
    reader(request)
    filterset = InspectionFilter(as_query_dict(filters), queryset=inspections())
    # Agencies covered is a many-to-many: one row per report however it is filtered.
    queryset = filtered(filterset).distinct().order_by("-published_on", "title", "pk")
    return page(queryset, paging, inspection_data)


@router.get(
    "/inspections/{inspection_id}",
    response={200: s.Inspection, **s.ERRORS_WITH_404},
    summary="Get a report",
    tags=["Inspections"],
)
@parameters()
def inspection_detail(request: HttpRequest, inspection_id: int = Path(..., ge=1, le=s.MAX_ID)):
    reader(request)
    inspection = inspections().filter(pk=inspection_id).first()
    if inspection is None:
        raise Http404
    return inspection_data(inspection)


def judgement_data(judgement: Judgement) -> dict:
    grade = judgement.grade
    return {
        "id": judgement.pk,
        "inspection": inspection_ref(judgement.inspection),
        "agency": agency_ref(judgement.agency),
        "area": {"id": judgement.area_id, "name": judgement.area.name},
        "grade": {"label": grade.label, "rank": grade.rank, "is_graded": grade.is_graded},
    }


@router.get(
    "/judgements",
    response={200: s.JudgementPage, **s.ERRORS},
    summary="List judgements (grades)",
    tags=["Inspections"],
)
@parameters(s.JudgementFilters, s.Paging)
def judgement_list(request: HttpRequest, filters: Query[s.JudgementFilters], paging: Query[s.Paging]):
    """The grades reports gave each agency in each area: newest report first, then by
    agency and the inspectorate's order of areas."""
    reader(request)
    base = Judgement.objects.released().select_related("inspection", "agency", "area", "grade")
    queryset = filtered(JudgementFilter(as_query_dict(filters), queryset=base)).order_by(
        "-inspection__published_on", "inspection_id", "agency__name", "area__order", "pk"
    )
    return page(queryset, paging, judgement_data)


# -- Recommendations -----------------------------------------------------------------


def recommendations() -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.listed()
        .select_related("inspection", "area")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.filter(is_archived=False)
                .select_related("agency")
                .order_by("agency__name", "pk"),
                to_attr="live_actions",
            ),
            Prefetch("themes", queryset=Theme.objects.order_by("name", "pk")),
        )
    )


def recommendation_data(request: HttpRequest, recommendation: Recommendation) -> dict:
    area = recommendation.area
    return {
        "id": recommendation.pk,
        "inspection": inspection_ref(recommendation.inspection),
        "reference": recommendation.reference,
        "kind": recommendation.kind,
        "wording": recommendation.wording,
        "is_illustrative": recommendation.is_illustrative,
        "themes": [{"id": t.pk, "name": t.name} for t in recommendation.themes.all()],
        "area": {"id": area.pk, "name": area.name} if area else None,
        "target_date": recommendation.target_date,
        "response": recommendation.response,
        "actions": [
            {
                "id": a.pk,
                "agency": agency_ref(a.agency),
                "status": a.status,
                "confidence": or_none(a.confidence),
                "percent_complete": a.percent_complete,
            }
            for a in recommendation.live_actions
        ],
        "web_url": web_url(request, "recommendation_detail", recommendation.pk),
    }


@router.get(
    "/recommendations",
    response={200: s.RecommendationPage, **s.ERRORS},
    summary="List recommendations",
    tags=["Recommendations"],
)
@parameters(s.RecommendationFilters, s.Paging)
def recommendation_list(
    request: HttpRequest, filters: Query[s.RecommendationFilters], paging: Query[s.Paging]
):
    """Every live recommendation with each addressed agency's action, filtered and ordered
    as on the "All recommendations" page (newest report first, then by reference)."""
    reader(request)
    filterset = RecommendationFilter(as_query_dict(filters), queryset=recommendations(), request=request)
    return page(filtered(filterset), paging, lambda r: recommendation_data(request, r))


@router.get(
    "/recommendations/{recommendation_id}",
    response={200: s.Recommendation, **s.ERRORS_WITH_404},
    summary="Get a recommendation",
    tags=["Recommendations"],
)
@parameters()
def recommendation_detail(request: HttpRequest, recommendation_id: int = Path(..., ge=1, le=s.MAX_ID)):
    reader(request)
    recommendation = recommendations().filter(pk=recommendation_id).first()
    if recommendation is None:
        raise Http404
    return recommendation_data(request, recommendation)


# -- Actions -------------------------------------------------------------------------


def action_data(request: HttpRequest, action: Action, moment: Moment) -> dict:
    """An action with its state at ``moment`` (the ``s_*`` annotations of ``action_states``)."""
    recommendation = action.recommendation
    status = action.s_status
    return {
        "id": action.pk,
        "recommendation": {
            "id": recommendation.pk,
            "reference": recommendation.reference,
            "inspection": inspection_ref(recommendation.inspection),
        },
        "agency": agency_ref(action.agency),
        "owner": str(action.owner) if action.owner_id else None,
        "description": action.description,
        "status": status,
        "confidence": or_none(action.s_confidence),
        "percent_complete": action.s_percent,
        # The kind of involvement only: the words may not leave the tracker's pages.
        "voice": or_none(action.s_voice),
        "due_date": action.s_due,
        "is_overdue": action.s_due < moment.day and status not in Action.CLOSED_OR_WAITING,
        "next_milestone_due": action.s_milestone_due,
        "has_milestone_overdue": action.s_milestone_due is not None
        and action.s_milestone_due < moment.day
        and status not in Action.CLOSED_OR_WAITING,
        "impact_measure": action.impact_measure,
        "impact_evidenced": action.s_impact,
        "updated_at": action.updated_at,
        "web_url": web_url(request, "action_detail", action.pk),
    }


ACTION_JOINS = ("recommendation__inspection", "agency", "owner")


@router.get("/actions", response={200: s.ActionPage, **s.ERRORS}, summary="List actions", tags=["Actions"])
@parameters(s.ActionFilters, s.Paging)
def action_list(request: HttpRequest, filters: Query[s.ActionFilters], paging: Query[s.Paging]):
    """Every agency's live actions with their state (peer learning), filtered and sorted
    as on the "All actions" page; by due date unless sorted otherwise."""
    reader(request)
    moment = moment_for(filters.as_at)
    data = as_query_dict(filters)
    data.pop("as_at", None)
    filterset = ActionFilter(data, queryset=reporting.action_states(moment), request=request, moment=moment)
    queryset = filtered(filterset).select_related(*ACTION_JOINS)
    return page(queryset, paging, lambda a: action_data(request, a, moment))


@router.get(
    "/actions/{action_id}",
    response={200: s.Action, **s.ERRORS_WITH_404},
    summary="Get an action",
    tags=["Actions"],
)
@parameters()
def action_detail(request: HttpRequest, action_id: int = Path(..., ge=1, le=s.MAX_ID)):
    """One live action and its current state."""
    reader(request)
    moment = reporting.now()
    action = reporting.action_states(moment).select_related(*ACTION_JOINS).filter(pk=action_id).first()
    if action is None:
        raise Http404
    return action_data(request, action, moment)


# -- Updates (the timeline) ----------------------------------------------------------


def evidence_visible_to(user) -> QuerySet[Evidence]:
    """Evidence whose details the user may see: as ``access.can_download_evidence``, in SQL."""
    evidence = Evidence.objects.order_by("uploaded_at", "pk")
    if access.is_overseer(user) or user.is_staff:
        return evidence
    return evidence.filter(
        update__action__agency__memberships__user=user, update__action__agency__is_active=True
    )


def update_data(request: HttpRequest, update: Update, user) -> dict:
    action = update.action
    evidence = None
    if access.can_download_evidence(user, action):
        evidence = [
            {
                "id": e.pk,
                "original_name": e.original_name,
                "content_type": e.content_type,
                "size": e.size,
                "sha256": e.sha256,
                "uploaded_at": e.uploaded_at,
                "download_url": web_url(request, "evidence_download", e.pk),
            }
            for e in update.visible_evidence
        ]
    return {
        "id": update.pk,
        "action_id": action.pk,
        "recommendation_id": action.recommendation_id,
        "agency": agency_ref(action.agency),
        "author": str(update.author),
        "kind": update.kind,
        "narrative": update.narrative,
        "confidence": or_none(update.confidence),
        "percent_complete": update.percent_complete,
        "status_from": or_none(update.status_from),
        "status_to": or_none(update.status_to),
        "due_date_from": update.due_date_from,
        "due_date_to": update.due_date_to,
        "impact_value": None if update.impact_value is None else float(update.impact_value),
        "created_at": update.created_at,
        "evidence": evidence,
    }


@router.get(
    "/updates",
    response={200: s.UpdatePage, **s.ERRORS},
    summary="List updates (the timeline)",
    tags=["Actions"],
)
@parameters(s.UpdateFilters, s.Paging)
def update_list(request: HttpRequest, filters: Query[s.UpdateFilters], paging: Query[s.Paging]):
    """The timeline of live actions, newest first: narratives, confidence, status and due
    date changes. Evidence files are not served; their details are listed only where
    the token's owner may download them."""
    user = reader(request)
    if filters.since is not None:
        since = filters.since
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        try:
            filters.since = since.astimezone(UTC)
        except OverflowError:
            raise BadParameters(
                [{"parameter": "since", "message": "Enter a date and time after the year 1."}]
            ) from None
    base = Update.objects.filter(action__is_archived=False, action__recommendation__is_archived=False)
    queryset = (
        filtered(UpdateFilter(as_query_dict(filters), queryset=base))
        .order_by("-created_at", "-pk")
        .select_related("author", "action__agency")
        .prefetch_related(
            Prefetch("evidence", queryset=evidence_visible_to(user), to_attr="visible_evidence")
        )
    )
    return page(queryset, paging, lambda u: update_data(request, u, user))


# -- Public summary ------------------------------------------------------------------


def shares(row: dict) -> dict:
    return {
        "actions": row["total"],
        "assured_pct": row["assured_pct"],
        "under_way_pct": row["under_way_pct"],
        "not_started_pct": row["not_started_pct"],
    }


@router.get(
    "/public/summary",
    response={200: s.PublicSummary, 400: s.Problem},
    auth=None,
    summary="Public progress summary",
    tags=["Public"],
)
@parameters()
def public_summary(request: HttpRequest):
    """The figures of the public progress summary page, for anyone, without a token:
    aggregates only (no narrative, no evidence, no names of people)."""
    figures = reporting.public_figures()
    by_report = [
        {
            "title": row["recommendation__inspection__title"],
            "published_on": row["recommendation__inspection__published_on"],
            "recommendations": row["recommendations"],
            **shares(row),
        }
        for row in figures["by_inspection"]
    ]
    by_partner = [
        {"name": row["agency"]["name"], "short_name": row["agency"]["short_name"], **shares(row)}
        for row in figures["by_agency"]
    ]
    return {
        "generated_at": figures["updated"],
        "recommendations": figures["recommendation_total"],
        "totals": shares(figures["totals"]),
        "by_report": by_report,
        "by_partner": by_partner,
    }
