"""Small pieces the workspace views share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Min, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format

from recommendations import access, reporting
from recommendations.models import Action, Evidence, StaleVersion, Status, Update, UpdateKind
from recommendations.reporting import Moment

PAGE_SIZE = 25
TIMELINE_PAGE_SIZE = 30


def paginate(
    request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE, param: str = "page"
) -> Page:
    """A page of a totally ordered queryset; a page number out of range gives the nearest page.
    Two queries: the count and the page."""
    page = Paginator(queryset, per_page).get_page(request.GET.get(param))
    page.elided = list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
    return page


def as_at_from_request(request: HttpRequest, param: str = "as_at") -> Moment:
    """The day asked for in ``?as_at=YYYY-MM-DD``, or now. A date that is malformed, in
    the future or before the first record gets a message and the current figures."""
    raw = request.GET.get(param, "").strip()
    if not raw:
        return reporting.now()
    try:
        day = date.fromisoformat(raw)
        if len(raw) != 10:
            raise ValueError
    except ValueError:
        messages.error(
            request, f"“{raw[:20]}” is not a date. Enter a date like 2025-03-31. Showing today's figures."
        )
        return reporting.now()
    today = timezone.localdate()
    if day > today:
        messages.error(request, "The date must be today or in the past. Showing today's figures.")
        return reporting.now()
    first = first_record_day()
    if first is None or day < first:
        shown = date_format(first, "j F Y") if first else "any record"
        messages.error(
            request, f"The date must be on or after the first record, {shown}. Showing today's figures."
        )
        return reporting.now()
    if day == today:
        return reporting.now()
    return Moment(day=day, is_past=True)


def first_record_day() -> date | None:
    """The day the first action was created: nothing can be shown as at before it. One query."""
    first = Action.objects.aggregate(first=Min("created_at"))["first"]
    return timezone.localdate(first) if first else None


def query_without(request: HttpRequest, *names: str) -> str:
    """The current query string without some parameters, for pagination and sort links."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def timeline(updates: QuerySet[Update]) -> QuerySet[Update]:
    """Updates with what the timeline shows: authors, the action's agency and evidence (three queries a page)."""
    return updates.select_related("author", "action__agency", "action__recommendation").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on its field where the form has one."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def action_form_view(
    request: HttpRequest,
    *,
    action: Action,
    form_class: type[forms.Form],
    save: Callable[[dict], object],
    template: str,
    success: Callable[[object], str],
    redirect_to: str,
    ctx: dict | None = None,
    **form_kwargs,
) -> HttpResponse:
    """The shape every form that changes an action shares.

    GET shows the form; a POST that parses calls ``save(cleaned_data)`` (a command in
    ``recommendations.services``, which checks every rule) and redirects; a stale
    version, or the command's refusal, comes back on the form with a GOV.UK error
    summary (status 400) and changes nothing. A stale form also shows the updates
    written since it was loaded. A form sent twice gets the first one's result.
    """
    ctx = {"action": action, **(ctx or {})}
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, action=action, **form_kwargs)
        if form.is_valid():
            try:
                result = save(form.cleaned_data)
            except StaleVersion as error:
                form.add_error(None, error)
                missed = max(Action.objects.get(pk=action.pk).version - form.cleaned_data["version"], 0)
                ctx["changes"] = list(timeline(action.updates.order_by("-created_at", "-pk"))[:missed])
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                if getattr(result, "is_duplicate", False):
                    # A double click or a resent form: the first one did the work.
                    messages.success(request, "Your change was saved.")
                else:
                    messages.success(request, success(result))
                return redirect(redirect_to)
    else:
        form = form_class(action=action, **form_kwargs)
    ctx["form"] = form
    return render(request, template, ctx, status=400 if form.errors else 200)


def check_page_context(action: Action, request: HttpRequest) -> dict:
    """What a check-your-answers page about ``action`` shows: its latest progress, every
    piece of its evidence and its earlier returns. Three queries."""
    updates = action.updates.select_related("author").order_by("-created_at", "-pk")
    return {
        "latest_progress": updates.filter(kind=UpdateKind.PROGRESS).first(),
        "evidence": list(
            Evidence.objects.filter(update__action=action)
            .select_related("update")
            .order_by("-update__created_at", "-pk")
        ),
        "returns": list(updates.filter(status_from=Status.SUBMITTED, status_to=Status.IN_PROGRESS)),
        "can_download": access.can_download_evidence(request.user, action),
    }


def plan_context(action: Action) -> dict:
    """What the plan and impact sections of an action show: its milestones and the
    latest values of its impact measure. Two queries."""
    return {
        "milestones": list(action.milestones.filter(is_removed=False)),
        "impact_values": list(
            action.updates.filter(impact_value__isnull=False)
            .select_related("author")
            .order_by("-created_at", "-pk")[:12]
        ),
    }
