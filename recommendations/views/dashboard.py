"""Oversight's dashboard (and each lead's view of their own agency), the comparison of
two dates, the board report, the exports and the public summary."""

from __future__ import annotations

import mimetypes
from datetime import timedelta
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.db.models import Case, Count, DateField, F, OuterRef, Q, Subquery, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from agencies.models import Agency, Membership
from recommendations import access, cache, exports, fragments, past, reporting, tallies
from recommendations.filters import ActionFilter, RecommendationFilter
from recommendations.models import Confidence, Recommendation, Status, Update, Voice
from recommendations.reporting import Moment
from recommendations.templatetags.govuk import heat
from recommendations.views.common import as_at_from_request, first_record_day


def dashboard_context(moment: Moment, *, agency: Agency | None = None) -> dict:
    """Every figure on the dashboard, at ``moment``, for all agencies or one. A fixed
    number of queries (the trend costs one a month), then cached."""
    # A past day's figures cannot change; today's change with every update, so they are
    # kept only until the next one (and the day rolls over at midnight).
    kind = cache.HISTORY if moment.is_past else cache.CURRENT
    key = f"dashboard:{'' if moment.is_past else 'today:'}{moment.day.isoformat()}:{agency.pk if agency else 'all'}"
    figures = cache.cached(kind, key, lambda: _dashboard_figures(moment, agency=agency))
    if figures["matrix"]:
        matrix_cells(figures["matrix"])
    # The reports' deadlines are the whole partnership's; read afresh (one query), since
    # administrators record them outside the write path that retires cached figures.
    clocks = reporting.deadlines(moment) if agency is None else None
    return {
        **figures,
        "clock_sections": clock_sections(clocks) if clocks is not None else None,
        "first_day": first_record_day(),
        "today": timezone.localdate(),
    }


def clock_sections(clocks: dict) -> list[tuple[str, list]]:
    return [("Overdue", clocks["overdue"]), ("Due in the next 30 days", clocks["due_soon"])]


def _plain_rows(matrix: list[dict]) -> list[dict]:
    """The matrix without model instances, to keep the cached figures small: a row for
    every agency is read back from the cache by every viewer."""
    return [
        {**row, "agency": {"pk": row["agency"].pk, "short_name": row["agency"].short_name}} for row in matrix
    ]


def _dashboard_figures(moment: Moment, *, agency: Agency | None = None) -> dict:
    states = reporting.action_states(moment)
    if agency is not None:
        states = states.filter(agency=agency)
    upcoming = states.select_related("agency", "recommendation__inspection").order_by("s_due", "pk")
    overdue = list(upcoming.filter(reporting.overdue_q(moment))[:10])
    due_soon = list(upcoming.filter(reporting.due_soon_q(moment))[:10])
    if moment.is_past and agency is None:
        # A stored day before it, moved on by what changed since (recommendations.past).
        summary, theme_counts, assurance_counts = past.figures(moment)
        by_theme = reporting.theme_rows(theme_counts)
        assurance = reporting.assurance_figures(moment, counts=assurance_counts)
    elif moment.is_past:
        summary = reporting.summarise(states, moment)
        by_theme = reporting.progress_by_theme(states)
        assurance = reporting.assurance_figures(moment, agency=agency)
    else:
        # Today's: the agencies' stored tallies, counted again only where something changed.
        figures = tallies.today(agency)
        summary, assurance = figures.summary, figures.assurance
        by_theme = reporting.theme_rows(figures.themes)
    trend = reporting.trend(moment, agency=agency, moment_totals=summary.totals)
    by_inspection = reporting.progress_by_inspection(states, summary=summary)
    return {
        "moment": moment,
        "agency": agency,
        "totals": summary.totals,
        "matrix": _plain_rows(reporting.agency_matrix(states, moment, summary=summary))
        if agency is None
        else None,
        "deadline_lists": [
            ("Overdue actions", overdue, "overdue"),
            ("Due in the next 30 days", due_soon, "30"),
        ],
        "progress_tables": [
            (
                "Progress by report",
                by_inspection,
                "recommendation__inspection_id",
                "recommendation__inspection__title",
                "inspection",
            ),
            (
                "Progress by theme",
                by_theme,
                "recommendation__themes__id",
                "recommendation__themes__name",
                "theme",
            ),
        ],
        "as_at_q": f"&as_at={moment.day.isoformat()}" if moment.is_past else "",
        "agency_q": f"&agency={agency.pk}" if agency else "",
        "grades": reporting.grades_with_open_work(states, moment, agency=agency, summary=summary),
        "trend": trend,
        "chart": trend_chart(trend),
        "activity": reporting.recent_activity(moment, agency=agency),
        "assurance": assurance,
        "statuses": Status.choices,
    }


def matrix_cells(matrix: list[dict]) -> list[dict]:
    """Each agency row's cells ready to print: the count, the filter its link applies
    and what a screen reader hears (the matrix has a row for every agency). Worked out
    for each view rather than cached: cheaper than reading them back."""
    labels = dict(Status.choices)
    for row in matrix:
        agency = row["agency"]
        name, only = agency["short_name"], f"agency={agency['pk']}"
        cells = [
            {
                "n": row[s],
                "query": f"{only}&status={s}",
                "label": f"{row[s]} {labels[s].lower()} for {name}",
                "shade": heat(row[s], row["total"]),
            }
            for s in Status.values
        ]
        open_red = "confidence=red&status=not_started&status=in_progress"
        cells += [
            {
                "n": row["overdue"],
                "query": f"{only}&due=overdue",
                "label": f"{row['overdue']} overdue for {name}",
                "alert": bool(row["overdue"]),
            },
            {
                "n": row["red"],
                "query": f"{only}&{open_red}",
                "label": f"{row['red']} rated red for {name}",
                "alert": bool(row["red"]),
            },
            {
                "n": row["slipped"],
                "query": f"{only}&due=moved",
                "label": f"{row['slipped']} due later than first agreed for {name}",
            },
            {
                "n": row["voice"],
                "query": f"{only}&voice=yes",
                "label": f"{row['voice']} shaped by children's and families' views for {name}",
            },
            {
                "n": row["impact"],
                "query": f"{only}&impact=evidenced",
                "label": f"{row['impact']} with impact evidenced for {name}",
            },
            {
                "n": row["milestone_overdue"],
                "query": f"{only}&due=milestone",
                "label": f"{row['milestone_overdue']} with a milestone overdue for {name}",
                "alert": bool(row["milestone_overdue"]),
            },
            {"n": row["total"], "query": only, "label": f"All {row['total']} actions for {name}"},
        ]
        row["cells"] = cells
    return matrix


# GOV.UK Frontend's green, yellow and red, as SVG attributes so the PDF renderer sees them too.
CHART_COLOURS = {"green": "#0f7a52", "amber": "#ffdd00", "red": "#ca3535"}
CHART = {"width": 640, "height": 240, "left": 40, "bottom": 30, "top": 10}


def trend_chart(trend: list[dict]) -> dict:
    """Geometry for the server-rendered SVG: stacked bars of open actions by delivery
    confidence each month, and a line of the percent assured."""
    width, height = CHART["width"], CHART["height"]
    left, bottom, top = CHART["left"], CHART["bottom"], CHART["top"]
    plot_h = height - bottom - top
    slot = (width - left) / max(len(trend), 1)
    peak = max([r["green"] + r["amber"] + r["red"] for r in trend] + [1])
    bars, points = [], []
    for i, row in enumerate(trend):
        x = left + i * slot + slot * 0.15
        y = height - bottom
        segments = []
        for key in ("green", "amber", "red"):
            h = plot_h * row[key] / peak
            y -= h
            segments.append({"key": key, "y": round(y, 1), "h": round(h, 1), "colour": CHART_COLOURS[key]})
        bars.append({"x": round(x, 1), "w": round(slot * 0.7, 1), "segments": segments, "label": row["day"]})
        points.append(
            f"{round(left + (i + 0.5) * slot, 1)},{round(height - bottom - plot_h * row['assured_pct'] / 100, 1)}"
        )
    return {
        **CHART,
        "bars": bars,
        "line": " ".join(points),
        "peak": peak,
        "baseline": height - bottom,
        "plot_top": top,
    }


def _dashboard_agency(request: HttpRequest) -> Agency | None:
    """Oversight and administrators see every agency; a lead sees their own; others nothing."""
    if access.can_see_dashboard(request.user):
        return None
    agency = access.current_agency(request)
    if agency is None or access.agency_roles(request.user).get(agency.pk) != Membership.Role.LEAD:
        raise Http404
    return agency


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    agency = _dashboard_agency(request)
    moment = as_at_from_request(request)
    context = dashboard_context(moment, agency=agency)
    # The page's links, as dashboard.html sets them for its sections.
    shown = {"links": True, "list_url": reverse("action_list"), "as_at_q": context["as_at_q"]}
    for name, row_partial in (("matrix", "matrix_row"), ("grades", "grade_row")):
        rows = context[name] or []
        template = f"recommendations/dashboard_sections.html#{row_partial}"
        for row, html in zip(rows, fragments.rows_html(template, rows, shown), strict=True):
            row["html"] = html
    return render(request, "recommendations/dashboard.html", context)


@login_required
@require_safe
def dashboard_compare(request: HttpRequest) -> HttpResponse:
    """The change in the headline figures and the agency matrix between two dates."""
    agency = _dashboard_agency(request)
    later = as_at_from_request(request, "to")
    if "from" in request.GET:
        earlier = as_at_from_request(request, "from")
    else:
        default = later.day - timedelta(days=91)
        first = first_record_day()
        earlier = Moment(day=max(default, first) if first else default, is_past=True)
    if earlier.day > later.day:
        messages.error(request, "The first date must be before the second. They have been swapped.")
        earlier, later = later, earlier
    columns = []
    for moment in (earlier, later):
        states = reporting.action_states(moment)
        if agency is not None:
            states = states.filter(agency=agency)
        if moment.is_past and agency is None:
            summary = past.figures(moment)[0]
        else:
            summary = reporting.summarise(states, moment)
        columns.append(
            {
                "moment": moment,
                "totals": summary.totals,
                "matrix": reporting.agency_matrix(states, moment, summary=summary) if agency is None else [],
            }
        )
    before, after = columns
    keys = ["total", *Status.values, "overdue", "red", "slipped", "assured_pct"]
    headline = [
        {
            "key": k,
            "before": before["totals"][k],
            "after": after["totals"][k],
            "change": after["totals"][k] - before["totals"][k],
        }
        for k in keys
    ]
    matrix = [
        {
            "agency": a["agency"],
            "assured_before": a["assured"],
            "assured_after": b["assured"],
            "overdue_before": a["overdue"],
            "overdue_after": b["overdue"],
            "total_before": a["total"],
            "total_after": b["total"],
        }
        for a, b in zip(before["matrix"], after["matrix"], strict=False)
    ]
    ctx = {
        "earlier": earlier,
        "later": later,
        "headline": headline,
        "matrix": matrix,
        "agency": agency,
        # Which actions changed, and how: the counts above, one by one.
        "changes": reporting.changes_between(earlier, later, agency=agency)
        if earlier.day < later.day
        else [],
    }
    return render(request, "recommendations/dashboard_compare.html", ctx)


@login_required
@require_safe
def board_report(request: HttpRequest) -> HttpResponse:
    """The dashboard as a document for a board: printable HTML, or a tagged PDF with
    ``?format=pdf``. Beyond the dashboard it has the exceptions (open actions overdue or
    rated red, with their latest update) and what changed since the board last met
    (``?since=``, a quarter before by default)."""
    agency = _dashboard_agency(request)
    moment = as_at_from_request(request)
    since = since_from_request(request, moment)

    def context() -> dict:
        return board_context(moment, agency=agency, since=since)

    if request.GET.get("format") != "pdf":
        return render(request, "recommendations/board_report.html", context())

    def make_pdf() -> bytes:
        from weasyprint import HTML  # imported here: it is slow to import and only this needs it

        html = render_to_string("recommendations/board_report_pdf.html", context(), request=request)
        # Tagged (PDF/UA-1): headings, tables and reading order for screen readers, with
        # the document's title and language.
        return HTML(string=html, base_url="file:///", url_fetcher=static_only_fetcher()).write_pdf(
            pdf_variant="pdf/ua-1"
        )

    # Laying out a dozen pages takes seconds: the file is kept until the figures behind
    # it change (any update for today's; a backdated one or an edited record for a past
    # day's), and says when it was produced.
    key = (
        f"board-pdf:{'past' if moment.is_past else 'today'}:{moment.day.isoformat()}:"
        f"{agency.pk if agency else 'all'}:{since.day.isoformat() if since else ''}"
    )
    pdf = cache.cached(cache.HISTORY if moment.is_past else cache.CURRENT, key, make_pdf)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="board-report-{moment.day.isoformat()}.pdf"'
    return response


def board_context(moment: Moment, *, agency: Agency | None = None, since: Moment | None = None) -> dict:
    """Everything the board report shows: the dashboard's figures, the exceptions and,
    with ``since``, what changed since then."""
    ctx = dashboard_context(moment, agency=agency)
    ctx["produced_at"] = timezone.localtime()
    ctx["exceptions"] = reporting.exceptions(moment, agency=agency)
    if since is not None:
        ctx["since"] = since
        ctx["since_q"] = f"&since={since.day.isoformat()}"
        ctx["changes"] = reporting.changes_between(since, moment, agency=agency)
    return ctx


def since_from_request(request: HttpRequest, moment: Moment) -> Moment | None:
    """The day a board last met, from ``?since=``, for "what changed since": by default
    a quarter before ``moment`` (not before the first record). None when there is no
    earlier day to compare with."""
    first = first_record_day()
    if first is None or first >= moment.day:
        return None
    default = Moment(day=max(moment.day - timedelta(days=91), first), is_past=True)
    raw = request.GET.get("since", "").strip()
    if raw:
        # A malformed, future or too early date gets its message from as_at_from_request.
        asked = as_at_from_request(request, "since")
        if asked.is_past and asked.day < moment.day:
            return asked
        if asked.is_past or raw == timezone.localdate().isoformat():
            messages.error(
                request,
                "The date to compare with must be before the report's date. Showing the last quarter.",
            )
    return default


def static_only_fetcher():
    """A WeasyPrint fetcher that loads our own static files and nothing else: nothing
    from the network, nothing else on disk.

    ``{% static %}`` names files as the storage in use serves them: in production the
    collected copies in STATIC_ROOT under hashed names (``app.1c3d849ad5ee.css``),
    which only that storage knows; in development, with nothing collected, the source
    files, which the finders find. So the finders are asked first and the storage next.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    static_path = urlparse(settings.STATIC_URL).path

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            path = unquote(urlparse(url).path)
            name = path.removeprefix(static_path) if path.startswith(static_path) else ""
            body = _static_file(name)
            if body is None:
                raise ValueError(f"The board report may not load {url}")
            return URLFetcherResponse(
                url, body, headers={"Content-Type": mimetypes.guess_type(name)[0] or "text/css"}
            )

    return StaticOnly()


def _static_file(name: str) -> bytes | None:
    """The content of the static file ``name``, or None if there is none by that name."""
    if not name or name.startswith("/") or ".." in PurePosixPath(name).parts:
        return None
    try:
        found = finders.find(name)
        if found:
            return Path(found).read_bytes()
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as handle:
                return handle.read()
    except (SuspiciousFileOperation, OSError):
        return None
    return None


# -- Exports -----------------------------------------------------------------------

STATUS_LABELS = dict(Status.choices)
CONFIDENCE_LABELS = dict(Confidence.choices)
VOICE_LABELS = dict(Voice.choices)


def action_columns(request: HttpRequest) -> list[exports.Column]:
    """One row per action, as at the day asked for (``action_export_rows`` annotates it)."""
    Column = exports.Column
    return [
        Column("Report", "recommendation__inspection__title", width=30),
        Column("Reference", "recommendation__reference", width=11),
        Column("Recommendation", "recommendation__wording", width=50),
        Column("Agency", "agency__name", width=26),
        Column("Owner", "owner_name", width=20),
        Column("What the agency will do", "description", width=50),
        Column("Due date", "s_due", width=13),
        Column("Status", "s_status", STATUS_LABELS.get, width=20),
        Column("Overdue", "days_overdue", lambda v: "Yes" if v is not None else "No", width=10),
        Column("Days overdue", "days_overdue", width=10),
        Column("Delivery confidence", "s_confidence", lambda v: CONFIDENCE_LABELS.get(v, ""), width=16),
        Column("Percent complete", "s_percent", width=10),
        Column("Latest update", "latest_narrative", width=60),
        Column("Next milestone due", "s_milestone_due", width=13),
        # The kind of involvement only, as in the API: the words stay on the tracker's pages.
        Column("Voice of children and families", "s_voice", lambda v: VOICE_LABELS.get(v, ""), width=30),
        Column("What would show it made a difference", "impact_measure", width=40),
        Column("Impact evidenced", "s_impact", lambda v: "Yes" if v else "No", width=10),
        Column("Link", "pk", exports.page_link(request, "action_detail"), width=40, is_link=True),
    ]


def action_export_rows(states, moment: Moment):
    """The actions with what their rows show beyond their state: the owner's name, days
    overdue (then), and the latest narrative written by then."""
    latest = Update.objects.filter(action=OuterRef("pk")).exclude(narrative="")
    if moment.is_past:
        latest = latest.filter(created_at__lt=moment.cutoff)
    return states.annotate(
        owner_name=exports.person_name("owner"),
        days_overdue=Case(
            When(
                reporting.overdue_q(moment),
                then=reporting.DaysLater(Value(moment.day, output_field=DateField()), F("s_due")),
            ),
            default=None,
        ),
        latest_narrative=Subquery(latest.order_by("-created_at", "-pk").values("narrative")[:1]),
    )


def recommendation_columns(request: HttpRequest) -> list[exports.Column]:
    Column = exports.Column
    return [
        Column("Report", "inspection__title", width=30),
        Column("Published", "inspection__published_on", width=13),
        Column("Reference", "reference", width=11),
        Column("Kind", "kind", dict(Recommendation.Kind.choices).get, width=22),
        Column("Wording", "wording", width=60),
        Column(
            "Illustrative: not the published wording",
            "is_illustrative",
            lambda v: "Yes" if v else "No",
            width=14,
        ),
        Column("Graded area", "area__name", width=24),
        Column("Response", "response", dict(Recommendation.Response.choices).get, width=16),
        Column("Target date", "target_date", width=13),
        Column("Agencies addressed", "n_actions", width=11),
        Column("Agencies assured", "n_assured", width=11),
        Column("Link", "pk", exports.page_link(request, "recommendation_detail"), width=40, is_link=True),
    ]


def update_columns(request: HttpRequest) -> list[exports.Column]:
    Column = exports.Column
    return [
        Column("Time", "created_at", width=18),
        Column("Report", "action__recommendation__inspection__title", width=30),
        Column("Reference", "action__recommendation__reference", width=11),
        Column("Agency", "action__agency__name", width=26),
        Column("Author", "author_name", width=20),
        Column("Kind", "kind", dict(Update.Kind.choices).get, width=22),
        Column("Narrative", "narrative", width=60),
        Column("Delivery confidence", "confidence", lambda v: CONFIDENCE_LABELS.get(v, ""), width=16),
        Column("Percent complete", "percent_complete", width=10),
        Column("Status from", "status_from", lambda v: STATUS_LABELS.get(v, ""), width=18),
        Column("Status to", "status_to", lambda v: STATUS_LABELS.get(v, ""), width=18),
        Column("Due date from", "due_date_from", width=13),
        Column("Due date to", "due_date_to", width=13),
        Column("Latest value of the impact measure", "impact_value", width=12),
        Column("Evidence files", "n_evidence", width=10),
        Column("Link", "action_id", exports.page_link(request, "action_detail"), width=40, is_link=True),
    ]


def queue_columns(request: HttpRequest) -> list[exports.Column]:
    Column = exports.Column
    return [
        Column("Submitted", "submitted_at", width=18),
        Column("Report", "recommendation__inspection__title", width=30),
        Column("Reference", "recommendation__reference", width=11),
        Column("Recommendation", "recommendation__wording", width=50),
        Column("Agency", "agency__name", width=26),
        Column("Owner", "owner_name", width=20),
        Column("Due date", "due_date", width=13),
        Column("Evidence files", "evidence_count", width=10),
        Column("Link", "pk", exports.page_link(request, "action_detail"), width=40, is_link=True),
    ]


def filters_described(filterset) -> list[tuple[str, str]]:
    """The filters a list was downloaded with, in words: ("Agency", "Bolton Council")."""
    form = filterset.form
    if not form.is_valid():
        return []
    described = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if name == "sort" or value in (None, "", [], ()):
            continue
        labels = dict(getattr(field, "choices", []) or [])
        values = value if isinstance(value, list | tuple) else [value]
        described.append((str(field.label), ", ".join(str(labels.get(v, v)) for v in values)))
    return described


def export_response(fmt: str, queryset, columns, name: str, sheet: str, about: exports.About | None = None):
    if fmt == "xlsx":
        return exports.xlsx_response(queryset, columns, name, sheet, about)
    return exports.csv_response(queryset, columns, name)


def export_about(
    request: HttpRequest, title: str, description: str, filterset=None, moment: Moment | None = None
):
    return exports.About(
        title=title,
        description=description,
        by=request.user.get_full_name() or request.user.get_username(),
        filters=filters_described(filterset) if filterset is not None else [],
        as_at=moment.day if moment is not None and moment.is_past else None,
    )


@login_required
@require_safe
def export_actions(request: HttpRequest, fmt: str) -> HttpResponse:
    if not access.is_reader(request.user):
        raise Http404
    moment = as_at_from_request(request)
    filterset = ActionFilter(
        request.GET, queryset=reporting.action_states(moment), request=request, moment=moment
    )
    name = f"actions-{moment.day.isoformat()}"
    about = export_about(
        request,
        "Actions on safeguarding recommendations",
        "One row per agency's action on a recommendation: its state (status, due date, delivery "
        "confidence, percent complete, impact) and the latest update written about it. The link opens "
        "the action's page, with its whole timeline and evidence.",
        filterset,
        moment,
    )
    rows = action_export_rows(filterset.qs, moment)
    return export_response(fmt, rows, action_columns(request), name, "Actions", about)


@login_required
@require_safe
def export_recommendations(request: HttpRequest, fmt: str) -> HttpResponse:
    if not access.is_reader(request.user):
        raise Http404
    filterset = RecommendationFilter(request.GET, queryset=Recommendation.objects.listed(), request=request)
    live = Q(actions__is_archived=False)
    queryset = filterset.qs.annotate(
        n_actions=Count("actions", filter=live, distinct=True),
        n_assured=Count("actions", filter=live & Q(actions__status=Status.ASSURED), distinct=True),
    ).order_by("-inspection__published_on", "inspection_id", "reference", "pk")
    about = export_about(
        request,
        "Safeguarding recommendations",
        "One row per recommendation or area for improvement, with how many agencies it is "
        "addressed to and how many of their actions are assured.",
        filterset,
    )
    return export_response(
        fmt,
        queryset,
        recommendation_columns(request),
        f"recommendations-{timezone.localdate().isoformat()}",
        "Recommendations",
        about,
    )


@login_required
@require_safe
def export_updates(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every update on the actions the filters select (the timeline, as a table)."""
    if not access.is_reader(request.user):
        raise Http404
    moment = as_at_from_request(request)
    filterset = ActionFilter(
        request.GET, queryset=reporting.action_states(moment), request=request, moment=moment
    )
    updates = Update.objects.filter(action__in=filterset.qs.values("pk"))
    if moment.is_past:
        updates = updates.filter(created_at__lt=moment.cutoff)
    updates = updates.annotate(
        n_evidence=Count("evidence"), author_name=exports.person_name("author")
    ).order_by("created_at", "pk")
    about = export_about(
        request,
        "Updates on actions",
        "One row per entry on the timelines of the actions the filters select, oldest first: "
        "progress, decisions, new due dates, plans and the rest.",
        filterset,
        moment,
    )
    return export_response(
        fmt, updates, update_columns(request), f"updates-{moment.day.isoformat()}", "Updates", about
    )


# -- Public summary ------------------------------------------------------------------


@require_safe
def public_summary(request: HttpRequest) -> HttpResponse:
    """Aggregates only, for anyone: no narrative, no evidence, no names of people."""
    return render(request, "recommendations/public_summary.html", reporting.public_figures())
