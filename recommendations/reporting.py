"""Figures for the dashboards, the exports and the public summary, now or "as at" a past day.

Every figure starts from ``action_states``: the live actions annotated with their
status, delivery confidence, percent complete and due date (``s_status``,
``s_confidence``, ``s_percent``, ``s_due``). Now, those are the action's own columns;
as at the end of a past day they come from the action's state interval holding that
moment (``ActionState``, kept in step with the append-only timeline), so last
quarter's board figures can be reproduced today and nothing archived since changes
them. Each function below is one aggregate query, whatever the amount of data.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Lag
from django.utils import dateformat, timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

from agencies.models import Agency
from recommendations import cache, intervals
from recommendations.models import (
    Action,
    ActionState,
    Clock,
    Confidence,
    Evidence,
    Inspection,
    Judgement,
    Recommendation,
    Status,
    Theme,
    TrendPoint,
    Update,
    UpdateKind,
    Voice,
)

OPEN = Q(s_status__in=[Status.NOT_STARTED, Status.IN_PROGRESS])
# On states annotated ``with_last_move``: back with the agency after a return, or marked
# ready for the lead, with no status change since.
RETURNED = Q(s_status=Status.IN_PROGRESS, last_move_from=Status.SUBMITTED)
READY = Q(s_status=Status.IN_PROGRESS, last_step_kind=UpdateKind.READY)
# On states annotated ``with_extension``: a new due date waiting for a decision.
EXTENSION_WAITING = Q(last_due_kind=UpdateKind.EXTENSION_REQUEST)
# Due later than first agreed: the date in force (then) has slipped.
SLIPPED = Q(s_due__gt=F("original_due_date"))
# Children's, young people's or families' views shaped the action (then).
VOICE_HEARD = Q(s_voice__in=Voice.shaped())
# The second level of assurance: assured as delivered, and its impact evidenced (then).
IMPACT_EVIDENCED = Q(s_impact=True)


class DaysLater(Func):
    """Whole days from the second date to the first, as an integer on both databases."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` ends in Europe/London."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


@dataclass(frozen=True)
class Moment:
    """The day the figures describe: today, or the end of a past day."""

    day: date
    is_past: bool

    @property
    def cutoff(self) -> datetime | None:
        return end_of_day(self.day) if self.is_past else None


def now() -> Moment:
    return Moment(day=timezone.localdate(), is_past=False)


def action_states(moment: Moment | None = None) -> QuerySet[Action]:
    """Live actions annotated with their state at ``moment`` (now when ``None``), and
    ranks that sort status in workflow order and confidence worst first."""
    states = _states(moment)
    return states.annotate(
        s_status_rank=Case(
            *(When(s_status=s, then=Value(i)) for i, s in enumerate(Status.values)), default=Value(9)
        ),
        s_confidence_rank=Case(
            When(s_confidence=Confidence.RED, then=Value(0)),
            When(s_confidence=Confidence.AMBER, then=Value(1)),
            When(s_confidence=Confidence.GREEN, then=Value(2)),
            default=Value(3),
        ),
    )


def _states(moment: Moment | None) -> QuerySet[Action]:
    if moment is None or not moment.is_past:
        return Action.objects.filter(is_archived=False, recommendation__is_archived=False).annotate(
            s_status=F("status"),
            s_confidence=F("confidence"),
            s_percent=F("percent_complete"),
            s_due=F("due_date"),
            s_voice=F("voice"),
            s_milestone_due=F("milestone_due"),
            s_impact=F("impact_evidenced"),
        )
    # The one interval of each action that holds the moment (the state just before the
    # day ended): a range condition on an index, joined once. Archiving is an interval
    # too, so what was live then is what the figures count, whatever was archived since.
    cutoff = moment.cutoff
    return (
        Action.objects.annotate(
            then=FilteredRelation(
                "states", condition=Q(states__valid_from__lt=cutoff, states__valid_to__gte=cutoff)
            )
        )
        .filter(then__archived=False)
        .annotate(
            s_status=F("then__status"),
            s_confidence=F("then__confidence"),
            s_percent=F("then__percent_complete"),
            s_due=F("then__due_date"),
            s_voice=F("then__voice"),
            s_milestone_due=F("then__milestone_due"),
            s_impact=F("then__impact_evidenced"),
        )
    )


def overdue_q(moment: Moment) -> Q:
    return Q(s_due__lt=moment.day) & OPEN


def milestone_overdue_q(moment: Moment) -> Q:
    """Open, with a milestone not done that was due before the day."""
    return Q(s_milestone_due__lt=moment.day) & OPEN


def due_soon_q(moment: Moment, days: int = 30) -> Q:
    return Q(s_due__gte=moment.day, s_due__lte=moment.day + timedelta(days=days)) & OPEN


def status_counts(**extra) -> dict:
    """Count(...) expressions for each status plus the total, for ``annotate``/``aggregate``."""
    counts = {s: Count("pk", filter=Q(s_status=s)) for s in Status.values}
    return {"total": Count("pk"), **counts, **extra}


def with_shares(row: dict) -> dict:
    """Add whole-number percentages of the total for each status."""
    total = row.get("total") or 0
    for s in Status.values:
        row[f"{s}_pct"] = round(100 * row.get(s, 0) / total) if total else 0
    # Rounded from the combined count: the sum of two rounded shares can be a point out.
    under_way = row.get(Status.IN_PROGRESS, 0) + row.get(Status.SUBMITTED, 0)
    row["under_way_pct"] = round(100 * under_way / total) if total else 0
    row["voice_pct"] = round(100 * (row.get("voice") or 0) / total) if total else 0
    row["impact_pct"] = round(100 * (row.get("impact") or 0) / total) if total else 0
    assured = row.get(Status.ASSURED, 0)
    row["impact_of_assured_pct"] = round(100 * (row.get("impact") or 0) / assured) if assured else 0
    return row


MEASURES = (
    *Status.values,
    "overdue",
    "due_soon",
    *Confidence.values,
    "total",
    "percent_sum",
    "slipped",
    "slipped_days",
    "voice",
    "impact",
    "milestone_overdue",
)


def plan_counts() -> dict:
    """Beyond status: how many actions are due later than first agreed (and by how many
    days in all), how many the views of children, young people or families shaped, and
    how many have their impact evidenced."""
    return {
        "slipped": Count("pk", filter=SLIPPED),
        "slipped_days": Sum(DaysLater("s_due", "original_due_date"), filter=SLIPPED),
        # Shaped by the views of children, young people or families (then).
        "voice": Count("pk", filter=VOICE_HEARD),
        "impact": Count("pk", filter=IMPACT_EVIDENCED),
    }


def _measures(moment: Moment) -> dict:
    return {
        "total": Count("pk"),
        **{s: Count("pk", filter=Q(s_status=s)) for s in Status.values},
        "overdue": Count("pk", filter=overdue_q(moment)),
        "due_soon": Count("pk", filter=due_soon_q(moment)),
        "milestone_overdue": Count("pk", filter=milestone_overdue_q(moment)),
        # Delivery confidence of the open actions only: a closed one's last rating is history.
        **{c: Count("pk", filter=Q(s_confidence=c) & OPEN) for c in Confidence.values},
        "percent_sum": Sum("s_percent"),
        **plan_counts(),
    }


def _add(into: dict, row: dict) -> dict:
    for key in MEASURES:
        into[key] = into.get(key, 0) + (row.get(key) or 0)
    return into


@dataclass
class Summary:
    """The headline figures, the agency matrix, progress by report and open work by
    agency and graded area, all from one aggregate query over ``states``."""

    totals: dict
    by_agency: dict[int, dict]
    by_inspection: dict[int, dict]
    open_by_agency_area: dict[tuple[int, int], int]  # only where some are open


def summarise(states: QuerySet[Action], moment: Moment) -> Summary:
    """One pass over the actions' states, grouped by agency, graded area and report
    (a few thousand groups at national scale), then added up here in every way the
    dashboard shows. One query."""
    groups = (
        states.order_by()
        .values("agency_id", "recommendation__area_id", "recommendation__inspection_id")
        .annotate(**_measures(moment))
    )
    totals: dict = {}
    by_agency: dict[int, dict] = {}
    by_inspection: dict[int, dict] = {}
    open_work: dict[tuple[int, int], int] = {}
    for row in groups:
        _add(totals, row)
        _add(by_agency.setdefault(row["agency_id"], {}), row)
        _add(by_inspection.setdefault(row["recommendation__inspection_id"], {}), row)
        still_open = row[Status.NOT_STARTED] + row[Status.IN_PROGRESS] + row[Status.SUBMITTED]
        # Only where there is open work, as a stored past day keeps it (past.count): a
        # day rolled forward and the same day counted afresh are then the same Summary.
        if row["recommendation__area_id"] is not None and still_open:
            key = (row["agency_id"], row["recommendation__area_id"])
            open_work[key] = open_work.get(key, 0) + still_open
    totals = finish_totals(_add(totals, {}))
    return Summary(with_shares(totals), by_agency, by_inspection, open_work)


def finish_totals(totals: dict) -> dict:
    """The averages worked out from the added-up totals."""
    totals["avg_percent"] = totals["percent_sum"] / totals["total"] if totals["total"] else None
    slipped = totals.get("slipped") or 0
    totals["slipped_avg_days"] = round(totals["slipped_days"] / slipped) if slipped else None
    return totals


def agency_matrix(states: QuerySet[Action], moment: Moment, *, summary: Summary | None = None) -> list[dict]:
    """One row per agency: counts by status, overdue and red, and totals. One query
    for the agencies, and the summary's if it is not given."""
    rows = (summary or summarise(states, moment)).by_agency
    agencies = Agency.objects.filter(Q(is_active=True) | Q(pk__in=list(rows))).order_by("name")
    keys = ["total", *Status.values, "overdue", "red", "slipped", "voice", "impact", "milestone_overdue"]
    return [{"agency": a, **{k: rows.get(a.pk, {}).get(k, 0) for k in keys}} for a in agencies]


def totals(states: QuerySet[Action], moment: Moment, *, summary: Summary | None = None) -> dict:
    return (summary or summarise(states, moment)).totals


def progress_by_inspection(
    states: QuerySet[Action], moment: Moment | None = None, *, summary: Summary | None = None
) -> list[dict]:
    """Counts by status for each report, newest first. One query for the reports'
    titles, and the summary's if it is not given."""
    rows = (summary or summarise(states, moment or now())).by_inspection
    inspections = Inspection.objects.filter(pk__in=list(rows)).order_by("-published_on", "title")
    return [
        with_shares(
            {
                "recommendation__inspection_id": i.pk,
                "recommendation__inspection__title": i.title,
                "recommendation__inspection__published_on": i.published_on,
                **rows[i.pk],
            }
        )
        for i in inspections
    ]


def progress_by_theme(states: QuerySet[Action]) -> list[dict]:
    rows = (
        states.filter(recommendation__themes__isnull=False)
        .order_by()
        .values("recommendation__themes__id", "recommendation__themes__name")
        .annotate(
            **status_counts(
                voice=Count("pk", filter=VOICE_HEARD), impact=Count("pk", filter=IMPACT_EVIDENCED)
            )
        )
        .order_by("recommendation__themes__name")
    )
    return [with_shares(dict(r)) for r in rows]


def theme_rows(counts: dict[int, dict]) -> list[dict]:
    """``progress_by_theme``'s rows from counts by theme id. One query, for the names."""
    themes = Theme.objects.filter(pk__in=list(counts)).order_by("name")
    return [
        with_shares(
            {
                "recommendation__themes__id": t.pk,
                "recommendation__themes__name": t.name,
                "total": counts[t.pk]["total"],
                **{s: counts[t.pk][s] for s in Status.values},
                "voice": counts[t.pk]["voice"],
                "impact": counts[t.pk]["impact"],
            }
        )
        for t in themes
    ]


def grades_with_open_work(
    states: QuerySet[Action], moment: Moment, *, agency: Agency | None = None, summary: Summary | None = None
) -> list[dict]:
    """The latest grade each agency (or only ``agency``) had in each graded area by
    ``moment``, with the number of its open actions on recommendations about that
    area. One query, and the summary's if it is not given."""
    # Grades partners could see then: published by that day, and to partners by its end.
    judgements = Judgement.objects.released().filter(inspection__published_on__lte=moment.day)
    if moment.is_past:
        judgements = judgements.filter(inspection__released_at__lte=moment.cutoff)
    if agency is not None:
        # ``states`` is then that agency's alone: other agencies' rows would show 0 open.
        judgements = judgements.filter(agency=agency)
    judgements = judgements.order_by(
        "agency__name", "area__inspectorate_id", "area__order", "-inspection__published_on", "-pk"
    ).values(
        "agency_id",
        "area_id",
        "inspection_id",
        "agency__short_name",
        "area__name",
        "grade__label",
        "grade__rank",
        "inspection__title",
        "inspection__published_on",
    )
    latest: dict[tuple[int, int], dict] = {}
    for judgement in judgements:  # bounded by agencies x areas x inspections, not by actions
        latest.setdefault((judgement["agency_id"], judgement["area_id"]), judgement)
    open_counts = (summary or summarise(states, moment)).open_by_agency_area
    reports: dict[int, str] = {}
    rows = []
    for j in latest.values():
        if j["inspection_id"] not in reports:
            title = Truncator(j["inspection__title"]).words(8, truncate=" …")
            published = dateformat.format(j["inspection__published_on"], "M Y")
            reports[j["inspection_id"]] = f"{title}, {published}"
        open_actions = open_counts.get((j["agency_id"], j["area_id"]), 0)
        rank = j["grade__rank"]
        rows.append(
            {
                "open_actions": open_actions,
                # Plain data ready to print (the table has a row for every agency and graded
                # area, and is cached with the dashboard's figures).
                "agency": j["agency__short_name"],
                "area": j["area__name"],
                "grade": j["grade__label"],
                "title": j["inspection__title"],
                "tag": "govuk-tag--green"
                if rank <= 2
                else "govuk-tag--yellow"
                if rank == 3
                else "govuk-tag--red",
                "report": reports[j["inspection_id"]],
                "alert": bool(open_actions and rank > 2),
                "query": f"agency={j['agency_id']}&area={j['area_id']}"
                "&status=not_started&status=in_progress&status=submitted",
            }
        )
    return rows


def recent_activity(moment: Moment, *, agency: Agency | None = None, limit: int = 12) -> list[Update]:
    updates = Update.objects.filter(
        action__is_archived=False, kind__in=[UpdateKind.PROGRESS, UpdateKind.STATUS]
    ).select_related("author", "action__agency", "action__recommendation__inspection")
    if moment.is_past:
        updates = updates.filter(created_at__lt=moment.cutoff)
    if agency is not None:
        updates = updates.filter(action__agency=agency)
    return list(updates.order_by("-created_at", "-pk")[:limit])


def assurance_figures(moment: Moment, *, agency: Agency | None = None, counts: dict | None = None) -> dict:
    """Median days from submission to assurance, and the share of progress updates
    with evidence, at ``moment``, from the live actions' updates then. Three queries;
    two for a past day, whose ``counts`` of progress updates (``past.figures``) save
    one."""
    if moment.is_past:
        return _assurance_then(moment.cutoff, agency=agency, counts=counts)
    updates = Update.objects.all()
    if agency is not None:
        updates = updates.filter(action__agency=agency)
    by_agency = assurance_counts(updates).values()
    return assurance_summary(
        [span for figures in by_agency for span in figures["spans"]],
        sum(figures["progress_updates"] for figures in by_agency),
        sum(figures["evidenced_updates"] for figures in by_agency),
    )


def _assurance_then(cutoff: datetime, *, agency: Agency | None, counts: dict | None) -> dict:
    """The assurance figures at ``cutoff`` from the intervals, which carry what each
    action's timeline had recorded by then (``intervals.Record``): the actions archived
    at that moment are left out, whatever has been archived since. Two queries, or one
    with ``counts``."""
    states = ActionState.objects.all() if agency is None else ActionState.objects.filter(agency=agency)
    archived = states.filter(archived=True, valid_from__lt=cutoff, valid_to__gte=cutoff).values("action_id")
    spans = (
        states.filter(assured_days__isnull=False, valid_from__lt=cutoff)
        .exclude(action_id__in=archived)
        .values_list("assured_days", flat=True)
    )
    if counts is None:
        held = states.filter(valid_from__lt=cutoff, valid_to__gte=cutoff, archived=False)
        counts = held.aggregate(
            progress_updates=Coalesce(Sum("progress_updates"), 0),
            evidenced_updates=Coalesce(Sum("evidenced_updates"), 0),
        )
    return assurance_summary(list(spans), counts["progress_updates"], counts["evidenced_updates"])


def assurance_counts(updates: QuerySet[Update]) -> dict[int, dict]:
    """For each agency, from ``updates`` of its live actions: the days from each
    assurance back to the submission it assured, its progress updates and how many have
    evidence. Three queries."""
    updates = updates.filter(action__is_archived=False)
    by_agency: dict[int, dict] = defaultdict(
        lambda: {"spans": [], "progress_updates": 0, "evidenced_updates": 0}
    )
    # Each assurance paired with the submission before it: the previous of the action's
    # submissions and assurances, by a window over those rows alone (a subquery per
    # assurance cost 0.5 s at national scale).
    in_order = {"partition_by": [F("action_id")], "order_by": [F("created_at").asc(), F("pk").asc()]}
    decisions = (
        updates.filter(status_to__in=[Status.SUBMITTED, Status.ASSURED])
        .annotate(
            agency_id=F("action__agency_id"),
            before_status=Window(Lag("status_to"), **in_order),
            before_at=Window(Lag("created_at"), **in_order),
        )
        .values_list("agency_id", "status_to", "created_at", "before_status", "before_at")
    )
    for agency_id, status, assured, before, submitted in decisions:
        if status == Status.ASSURED and before == Status.SUBMITTED:
            by_agency[agency_id]["spans"].append((assured - submitted).total_seconds() / 86400)
    progress = updates.filter(kind=UpdateKind.PROGRESS)
    for row in progress.order_by().values("action__agency_id").annotate(n=Count("pk")):
        by_agency[row["action__agency_id"]]["progress_updates"] = row["n"]
    # Counted from the evidence side (far fewer rows than updates) rather than an EXISTS
    # per update: 913 ms -> about 300 ms at national scale.
    evidenced = (
        Evidence.objects.filter(update__in=progress.values("pk"))
        .order_by()
        .values("update__action__agency_id")
        .annotate(n=Count("update_id", distinct=True))
    )
    for row in evidenced:
        by_agency[row["update__action__agency_id"]]["evidenced_updates"] = row["n"]
    return dict(by_agency)


def assurance_summary(spans: list[float], progress_updates: int, evidenced_updates: int) -> dict:
    return {
        "median_days_to_assure": round(statistics.median(spans), 1) if spans else None,
        "assured_count": len(spans),
        "progress_updates": progress_updates,
        "evidence_pct": round(100 * evidenced_updates / progress_updates) if progress_updates else None,
    }


def month_ends(moment: Moment, months: int = 12) -> list[date]:
    """The last day of each of the ``months`` months up to ``moment`` (the last one is ``moment`` itself)."""
    ends = [moment.day]
    first = moment.day.replace(day=1)
    for _ in range(months - 1):
        first_of_previous = (first - timedelta(days=1)).replace(day=1)
        ends.append(first - timedelta(days=1))
        first = first_of_previous
    return list(reversed(ends))


def trend(
    moment: Moment, *, agency: Agency | None = None, months: int = 12, moment_totals: dict | None = None
) -> list[dict]:
    """Open actions by delivery confidence, and the share assured, at the end of each
    month. Month-ends that have passed are worked out once from the state intervals
    (one query each) and kept as ``TrendPoint`` rows while the intervals' past stays as
    it was: two queries when all are kept. The moment's own figures are
    ``moment_totals`` when the caller has them (the dashboard's summary), else counted."""
    today = timezone.localdate()
    days = month_ends(moment, months)
    if moment_totals is not None:
        days = days[:-1]
    figures = _past_points([day for day in days if day < today], agency=agency)
    if moment_totals is not None:
        figures[moment.day] = _point(moment_totals)
        days = [*days, moment.day]
    rows = []
    for day in days:
        if day not in figures:
            states = action_states(now())
            figures[day] = trend_point(states.filter(agency=agency) if agency is not None else states)
        rows.append({"day": day, **figures[day]})
    return rows


SETTLE = timedelta(minutes=10)


def _past_points(days: list[date], *, agency: Agency | None = None) -> dict[date, dict]:
    """The trend's figures at the end of each of ``days`` (all past): those kept, and
    the rest worked out and kept. Two queries, plus one a day and one to keep them if any
    must be worked out."""
    scope = agency.pk if agency else 0
    generation = intervals.generation()
    kept = intervals.still_valid(TrendPoint.objects.filter(scope=scope, day__in=days))
    figures = {p.day: _point({f: getattr(p, f) for f in TrendPoint.FIGURES}) for p in kept}
    missing = [day for day in days if day not in figures]
    if missing:
        worked_out = _trend_points(missing, agency=agency)
        # Kept only once the day has been over a while: an update stamped just before
        # midnight may still be committing, and nothing would retire a point without it.
        settled = timezone.now() - SETTLE
        keep = [
            TrendPoint(day=day, scope=scope, generation=generation, **{f: v[f] for f in TrendPoint.FIGURES})
            for day, v in worked_out.items()
            if end_of_day(day) <= settled
        ]
        if keep:
            TrendPoint.objects.bulk_create(
                keep,
                update_conflicts=True,
                unique_fields=["day", "scope"],
                update_fields=["generation", *TrendPoint.FIGURES],
            )
        figures.update(worked_out)
    return figures


def keep_month_ends() -> int:
    """Work out and keep the trend's figures (every agency's together) at each month-end
    since the first action, so that no view pays for them: the commands that write in
    bulk (generating data, loading the demo, rebuilding intervals) call it. Returns how
    many month-ends there are."""
    first = Action.objects.order_by("created_at").values_list("created_at", flat=True).first()
    if first is None:
        return 0
    today = timezone.localdate()
    days, day = [], timezone.localtime(first).date()
    while True:
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)  # its month's end
        if day >= today:
            break
        days.append(day)
        day += timedelta(days=1)
    _past_points(days)
    return len(days)


def _trend_points(days: list[date], *, agency: Agency | None = None) -> dict[date, dict]:
    """The trend's figures at the end of each of ``days``, from the state intervals
    alone (no join): one range query a day. (Joining all the days to the intervals in
    one query was measured slower at national scale: 1.3 s against 0.15 s a day.)"""
    points = {}
    for day in days:
        cutoff = end_of_day(day)
        states = ActionState.objects.filter(valid_from__lt=cutoff, valid_to__gte=cutoff, archived=False)
        if agency is not None:
            states = states.filter(agency=agency)
        points[day] = trend_point(states.annotate(s_status=F("status"), s_confidence=F("confidence")))
    return points


def trend_point(states: QuerySet) -> dict:
    """What the trend shows of one moment: one aggregate query."""
    row = states.aggregate(
        total=Count("pk"),
        assured=Count("pk", filter=Q(s_status=Status.ASSURED)),
        **{c: Count("pk", filter=Q(s_confidence=c) & OPEN) for c in Confidence.values},
    )
    return _point(row)


def _point(row: dict) -> dict:
    point = {k: row[k] for k in TrendPoint.FIGURES}
    point["assured_pct"] = round(100 * point["assured"] / point["total"]) if point["total"] else 0
    return point


def public_figures() -> dict:
    """The public summary's figures (the page and the API's): aggregates only, no
    narrative, evidence or names. Anyone may load them any number of times, so they are
    kept until the next change anywhere."""
    return cache.cached(cache.CURRENT, "public-summary", _compute_public_figures, timeout=60 * 60)


def _compute_public_figures() -> dict:
    """Plain data only (no model instances), so the cached value outlives code changes."""
    from recommendations import tallies  # it builds on this module

    states = action_states()
    summary = tallies.today().summary
    recommendations = Recommendation.objects.listed()
    by_inspection = progress_by_inspection(states, summary=summary)
    rec_counts = {
        r["inspection_id"]: r["n"]
        for r in recommendations.order_by().values("inspection_id").annotate(n=Count("pk"))
    }
    for row in by_inspection:
        row["recommendations"] = rec_counts.get(row["recommendation__inspection_id"], 0)
    by_agency = [
        with_shares({**row, "agency": {"name": row["agency"].name, "short_name": row["agency"].short_name}})
        for row in agency_matrix(states, now(), summary=summary)
        if row["total"]
    ]
    return {
        "by_inspection": by_inspection,
        "by_agency": by_agency,
        "totals": summary.totals,
        "recommendation_total": recommendations.filter(
            Exists(Action.objects.filter(recommendation=OuterRef("pk")))
        ).count(),
        "updated": timezone.localtime(),
    }


# -- Counts for the navigation ---------------------------------------------------------


def attention_count(user, roles: dict[int, str]) -> int:
    """How many open actions need the person now: overdue, with a milestone overdue or
    returned, and for a lead ready to submit too; a lead's whole agency, a contributor's
    own actions (``roles``:
    ``{agency_id: role}``). One query over the open actions in scope, which the home
    page's task list breaks down."""
    from agencies.models import Membership

    if not roles:
        return 0
    led = [a for a, role in roles.items() if role == Membership.Role.LEAD]
    others = [a for a, role in roles.items() if role != Membership.Role.LEAD]
    moment = now()
    scope = Q(agency_id__in=led) | Q(agency_id__in=others, owner=user)
    needs = overdue_q(moment) | milestone_overdue_q(moment) | RETURNED | (READY & Q(agency_id__in=led))
    return (
        action_states(moment)
        .filter(scope, s_status__in=[Status.NOT_STARTED, Status.IN_PROGRESS])
        .with_last_move()
        .aggregate(n=Count("pk", filter=needs))["n"]
    )


def queue_count(user, own_agencies: list[int]) -> int:
    """The GMCA assurance team's queue: submissions and requests for a new due date
    waiting for a decision, leaving out the person's own agency's. Two queries."""
    live = Action.objects.filter(is_archived=False, recommendation__is_archived=False).exclude(
        agency_id__in=own_agencies
    )
    submitted = live.filter(status=Status.SUBMITTED).count()
    asked = (
        live.filter(pk__in=Update.objects.filter(kind=UpdateKind.EXTENSION_REQUEST).values("action_id"))
        .with_extension()
        .filter(EXTENSION_WAITING)
        .count()
    )
    return submitted + asked


# -- Deadlines reports set -------------------------------------------------------------


def deadlines(moment: Moment, *, days: int = 30) -> dict[str, list[Clock]]:
    """The reports' deadlines still open at ``moment``: ``overdue`` (oldest first) and
    ``due_soon``, due in the next ``days`` days. Only deadlines recorded by then count, so
    a past day's figures do not change when one is added later. One query."""
    clocks = Clock.objects.open_on(moment.day).filter(due_on__lte=moment.day + timedelta(days=days))
    if moment.is_past:
        clocks = clocks.filter(created_at__lt=moment.cutoff)
    found = {"overdue": [], "due_soon": []}
    for clock in clocks.select_related("inspection", "responsible").order_by("due_on", "pk"):
        clock.overdue_days = clock.days_overdue(moment.day)
        found["overdue" if clock.due_on < moment.day else "due_soon"].append(clock)
    return found


EXCEPTIONS_SHOWN = 30


def exceptions(moment: Moment, *, agency: Agency | None = None, shown: int = EXCEPTIONS_SHOWN) -> dict:
    """What a board should look at first: the open actions overdue or rated red at
    ``moment``, longest overdue first, each with the latest update written by then.
    ``count`` is how many there are; ``rows`` the first ``shown``. Two queries."""
    states = action_states(moment)
    if agency is not None:
        states = states.filter(agency=agency)
    found = states.filter(overdue_q(moment) | (Q(s_confidence=Confidence.RED) & OPEN))
    latest = Update.objects.filter(action=OuterRef("pk")).exclude(narrative="")
    if moment.is_past:
        latest = latest.filter(created_at__lt=moment.cutoff)
    latest = latest.order_by("-created_at", "-pk")
    rows = list(
        found.select_related("agency", "recommendation__inspection")
        .annotate(
            latest_narrative=Subquery(latest.values("narrative")[:1]),
            latest_at=Subquery(latest.values("created_at")[:1]),
        )
        .order_by("s_due", "pk")[:shown]
    )
    for action in rows:
        action.days_overdue = (moment.day - action.s_due).days if action.s_due < moment.day else None
    return {"rows": rows, "count": found.count()}


CHANGES_SHOWN = 25


@dataclass
class Change:
    """One kind of change between two days: how many, the first few (each a dict with
    ``label``, ``url``, ``day`` and ``detail``), and whether it is for the better (None:
    neither)."""

    key: str
    title: str
    better: bool | None
    count: int
    rows: list[dict]


def _short(text: str, words: int = 30) -> str:
    return Truncator(text).words(words)


def _action_row(action: Action, day=None, detail: str = "") -> dict:
    return {
        "label": f"{action.agency.short_name}: {action.recommendation.label}",
        "url": action.get_absolute_url(),
        "day": day,
        "detail": detail,
    }


def changes_between(
    earlier: Moment, later: Moment, *, agency: Agency | None = None, shown: int = CHANGES_SHOWN
) -> list[Change]:
    """What changed between the end of ``earlier`` (a past day) and ``later`` (now, or
    the end of a later day), for a board that last met on ``earlier``: actions newly
    assured, with impact newly evidenced, newly overdue, returned to their agency, with
    a due date moved, and grades published. Each list reads the intervals at the two
    moments or the timeline within the window. Twelve queries."""
    start, end = earlier.cutoff, later.cutoff
    then, now_ = action_states(earlier), action_states(later)
    if agency is not None:
        then, now_ = then.filter(agency=agency), now_.filter(agency=agency)
    joins = ("agency", "recommendation__inspection")

    def in_window(rows, field):
        rows = rows.filter(**{f"{field}__gte": start})
        return rows.filter(**{f"{field}__lt": end}) if end is not None else rows

    def from_updates(key, title, better, updates, detail):
        updates = in_window(updates, "created_at").filter(action__in=now_.values("pk"))
        rows = updates.select_related(*(f"action__{j}" for j in joins)).order_by("-created_at", "-pk")[:shown]
        return Change(
            key,
            title,
            better,
            updates.count(),
            [_action_row(u.action, timezone.localtime(u.created_at).date(), detail(u)) for u in rows],
        )

    def from_states(key, title, better, states, detail):
        rows = states.select_related(*joins).order_by("s_due", "pk")[:shown]
        return Change(key, title, better, states.count(), [_action_row(a, None, detail(a)) for a in rows])

    def due(action) -> str:
        return f"Due {date_format(action.s_due, 'j F Y')}"

    judgements = in_window(Judgement.objects.released(), "inspection__released_at")
    if agency is not None:
        judgements = judgements.filter(agency=agency)
    grades = judgements.select_related("agency", "area", "grade", "inspection").order_by(
        "inspection__published_on", "agency__name", "area__order"
    )
    return [
        from_states(
            "assured",
            "Newly assured as delivered",
            True,
            now_.filter(s_status=Status.ASSURED).exclude(
                pk__in=then.filter(s_status=Status.ASSURED).values("pk")
            ),
            lambda a: "",
        ),
        from_updates(
            "impact",
            "Impact newly evidenced",
            True,
            Update.objects.filter(kind=UpdateKind.IMPACT),
            lambda u: _short(u.narrative),
        ),
        from_states(
            "overdue",
            "Newly overdue",
            False,
            now_.filter(overdue_q(later)).exclude(pk__in=then.filter(overdue_q(earlier)).values("pk")),
            due,
        ),
        from_updates(
            "returned",
            "Returned to the agency by the assurance team",
            False,
            Update.objects.filter(status_from=Status.SUBMITTED, status_to=Status.IN_PROGRESS),
            lambda u: _short(u.narrative),
        ),
        from_updates(
            "due_moved",
            "Due date moved",
            False,
            Update.objects.filter(kind=UpdateKind.DUE_DATE),
            lambda u: (
                f"From {date_format(u.due_date_from, 'j F Y')} to {date_format(u.due_date_to, 'j F Y')}"
            ),
        ),
        Change(
            "grades",
            "Grades published",
            None,
            grades.count(),
            [
                {
                    "label": f"{j.agency.short_name}: {j.area.name}",
                    "url": j.inspection.get_absolute_url(),
                    "day": j.inspection.published_on,
                    "detail": f"{j.grade.label}, {j.inspection.short_name}",
                }
                for j in grades[:shown]
            ],
        ),
    ]
