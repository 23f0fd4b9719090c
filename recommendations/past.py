"""A past day's figures for the whole partnership: a stored day before it, plus what
changed in between.

Working a past day out from scratch reads every interval there has ever been (1.2
million at national scale) and adds up tens of thousands of groups: about 1.5 s. Figures
are sums over the intervals that hold a moment, so the figures at the end of day L are
those at the end of an earlier day E, plus, for each interval that starts or ends
between the two moments, what it adds at L less what it added at E. The counts that
move with the day alone (overdue, due in the next 30 days, a milestone overdue) change
for an interval held at both moments only when its due date or milestone date falls
between the days, so those intervals are read too, over the same expression. One
indexed query (and one for themes) over a day's changes replaces the whole scan.

Stored days (``PastFigures``) hold plain numbers, noting the intervals' generation as
``TrendPoint`` does: an entry backdated into a day retires that day's and later ones
(``intervals.still_valid``); a recommendation's report, area or themes changing (the
figures group by today's) retires them all. Generating data at scale and
``rebuild_intervals`` store every settled day by rolling forward from an empty first
day (the demo does not: a few hundred actions are quick to count, and loading it stays
quick); any past day worked out for a viewer is stored too, once it has settled, and
the next viewer of a later day moves it on. Only the whole partnership's figures are
stored; one agency's past dashboard counts its own actions.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta

from django.db.models import Case, F, Min, Q, Sum, Value, When
from django.utils import timezone

from recommendations import intervals, reporting
from recommendations.models import FAR_FUTURE, ActionState, Confidence, PastFigures, Status, Voice
from recommendations.reporting import MEASURES, Moment, Summary, end_of_day

DAY = timedelta(days=1)
# A stored day further back than this is not moved on: counting from scratch costs less
# than rolling over months of changes.
FURTHEST_ROLL = timedelta(days=31)
KEEP_BATCH = 100
SOON = timedelta(days=30)
OPEN = Q(status__in=[Status.NOT_STARTED, Status.IN_PROGRESS])
THEME_MEASURES = ("total", *Status.values, "voice", "impact")
# For the assurance figures: each held interval's progress updates so far, and those
# with evidence (``intervals.Record``).
ASSURANCE_MEASURES = ("progress_updates", "evidenced_updates")


def _empty() -> dict:
    return {"totals": {}, "by_agency": {}, "by_inspection": {}, "open": {}, "themes": {}}


def _add(into: dict, row: dict, keys=MEASURES, sign: int = 1) -> None:
    for key in keys:
        value = row.get(key) or 0
        if value:
            into[key] = into.get(key, 0) + sign * value


# -- From scratch ---------------------------------------------------------------------------


def count(moment: Moment) -> dict:
    """The figures at ``moment`` worked out from every interval (three queries)."""
    states = reporting.action_states(moment)
    summary = reporting.summarise(states, moment)
    data = _empty()
    _add(data["totals"], summary.totals)
    held = ActionState.objects.filter(_held(moment.cutoff)).aggregate(
        **{k: Sum(k) for k in ASSURANCE_MEASURES}
    )
    _add(data["totals"], held, ASSURANCE_MEASURES)
    for agency_id, row in summary.by_agency.items():
        _add(data["by_agency"].setdefault(str(agency_id), {}), row)
    for inspection_id, row in summary.by_inspection.items():
        _add(data["by_inspection"].setdefault(str(inspection_id), {}), row)
    for (agency_id, area_id), n in summary.open_by_agency_area.items():
        if n:
            data["open"][f"{agency_id}:{area_id}"] = n
    for row in reporting.progress_by_theme(states):
        _add(data["themes"].setdefault(str(row["recommendation__themes__id"]), {}), row, THEME_MEASURES)
    return data


# -- What changed between two days --------------------------------------------------------


def _held(cutoff) -> Q:
    return Q(valid_from__lt=cutoff, valid_to__gte=cutoff, archived=False)


def _conditions(day: date) -> dict[str, tuple[Q, object]]:
    """Each measure's condition on an interval held at the end of ``day``, and what it adds."""
    one = Value(1)
    slipped = Q(due_date__gt=F("agreed_due"))
    return {
        "total": (Q(), one),
        **{s: (Q(status=s), one) for s in Status.values},
        "overdue": (Q(due_date__lt=day) & OPEN, one),
        "due_soon": (Q(due_date__gte=day, due_date__lte=day + SOON) & OPEN, one),
        "milestone_overdue": (Q(milestone_due__lt=day) & OPEN, one),
        **{c: (Q(confidence=c) & OPEN, one) for c in Confidence.values},
        "percent_sum": (Q(), F("percent_complete")),
        "slipped": (slipped, one),
        "slipped_days": (slipped, reporting.DaysLater("due_date", "agreed_due")),
        "voice": (Q(voice__in=Voice.shaped()), one),
        "impact": (Q(impact_evidenced=True), one),
        **{key: (Q(), F(key)) for key in ASSURANCE_MEASURES},
    }


def _signed(keys, early: date, late: date) -> dict:
    """For each measure: what the intervals add at the end of ``late`` less what they
    added at the end of ``early``."""
    held_early, held_late = _held(end_of_day(early)), _held(end_of_day(late))
    at_early, at_late = _conditions(early), _conditions(late)
    return {
        key: Sum(Case(When(held_late & at_late[key][0], then=at_late[key][1]), default=Value(0)))
        - Sum(Case(When(held_early & at_early[key][0], then=at_early[key][1]), default=Value(0)))
        for key in keys
    }


def _changed(early: date, late: date):
    """The intervals whose part in the figures may differ between the ends of the days."""
    start, end = end_of_day(early), end_of_day(late)
    both = Q(valid_from__lt=start, valid_to__gte=end)
    return ActionState.objects.filter(
        Q(valid_from__gte=start, valid_from__lt=end)
        | Q(valid_to__gte=start, valid_to__lt=end)
        # Held at both: overdue changes for a due date in [early, late), due in the next
        # 30 days for one in [early, late) or (early + 30, late + 30].
        | (both & Q(due_date__gte=early, due_date__lt=late))
        | (both & Q(due_date__gt=early + SOON, due_date__lte=late + SOON))
        | (both & Q(milestone_due__gte=early, milestone_due__lt=late))
    ).order_by()


def roll(data: dict, early: date, late: date) -> dict:
    """``data`` (the figures at the end of ``early``) moved on to the end of ``late``: two
    queries over the intervals that changed in between."""
    changed = _changed(early, late)
    groups = changed.values("agency_id", "recommendation__inspection_id", "recommendation__area_id").annotate(
        **_signed((*MEASURES, *ASSURANCE_MEASURES), early, late)
    )
    for row in groups:
        _add(data["totals"], row, (*MEASURES, *ASSURANCE_MEASURES))
        _add(data["by_agency"].setdefault(str(row["agency_id"]), {}), row)
        _add(data["by_inspection"].setdefault(str(row["recommendation__inspection_id"]), {}), row)
        area = row["recommendation__area_id"]
        opened = row[Status.NOT_STARTED] + row[Status.IN_PROGRESS] + row[Status.SUBMITTED]
        if area is not None and opened:
            key = f"{row['agency_id']}:{area}"
            data["open"][key] = data["open"].get(key, 0) + opened
    themes = (
        changed.filter(recommendation__themes__isnull=False)
        .values("recommendation__themes__id")
        .annotate(**_signed(THEME_MEASURES, early, late))
    )
    for row in themes:
        _add(data["themes"].setdefault(str(row["recommendation__themes__id"]), {}), row, THEME_MEASURES)
    return _pruned(data)


def _pruned(data: dict) -> dict:
    """Without groups that hold nothing any more (a count from scratch has no row for them)."""
    for part in ("by_agency", "by_inspection", "themes"):
        data[part] = {k: v for k, v in data[part].items() if v.get("total")}
    data["open"] = {k: v for k, v in data["open"].items() if v}
    return data


# -- Stored days --------------------------------------------------------------------------


def _settled(day: date) -> bool:
    return end_of_day(day) <= timezone.now() - reporting.SETTLE


def _keep(days: dict[date, dict], generation: int) -> int:
    """Store the settled ones of ``days``, worked out at ``generation``. Returns how many.
    (A viewer that worked from an earlier generation may store over a later one's row:
    its generation then marks it retired, and the next viewer works the day out again.)"""
    rows = [PastFigures(day=d, generation=generation, figures=f) for d, f in days.items() if _settled(d)]
    if rows:
        PastFigures.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["day"], update_fields=["generation", "figures"]
        )
    return len(rows)


def figures(moment: Moment) -> tuple[Summary, dict[int, dict], dict[str, int]]:
    """The whole partnership's summary, counts by theme and progress updates (with and
    without evidence) at the end of a past day: the stored day itself, or the one before
    it moved on, or (with none stored) a count from scratch; kept for the next viewer. At
    most five queries."""
    generation = intervals.generation()
    stored = (
        intervals.still_valid(PastFigures.objects.filter(day__lte=moment.day))
        .order_by("-day")
        .values_list("day", "figures")
        .first()
    )
    if stored is not None and stored[0] == moment.day:
        data = stored[1]
    else:
        if stored is not None and moment.day - stored[0] <= FURTHEST_ROLL:
            data = roll(stored[1], stored[0], moment.day)
        else:
            data = count(moment)
        _keep({moment.day: data}, generation)
    return (
        summary_of(data),
        {int(k): _theme_row(v) for k, v in data["themes"].items()},
        {key: data["totals"].get(key, 0) for key in ASSURANCE_MEASURES},
    )


def _theme_row(row: dict) -> dict:
    return {key: row.get(key, 0) for key in THEME_MEASURES}


def summary_of(data: dict) -> Summary:
    """``reporting.summarise``'s result from stored numbers."""
    totals = reporting.finish_totals({key: data["totals"].get(key, 0) for key in MEASURES})
    full = lambda row: {key: row.get(key, 0) for key in MEASURES}  # noqa: E731
    return Summary(
        reporting.with_shares(totals),
        {int(k): full(v) for k, v in data["by_agency"].items()},
        {int(k): full(v) for k, v in data["by_inspection"].items()},
        {tuple(int(part) for part in k.split(":")): v for k, v in data["open"].items()},
    )


def _days_that_may_change() -> set[date]:
    """Every day at whose end the figures may differ from the day before's (and a day
    either side): an interval starts or ends in it, or a due date or milestone date
    makes an action overdue, due in the next 30 days or its milestone overdue. Five
    queries; a day's roll over any other day finds nothing."""
    states = ActionState.objects.order_by()
    days = set()
    for field in ("valid_from", "valid_to"):
        moments = states.exclude(**{field: FAR_FUTURE}).datetimes(field, "day")
        days.update(moment.date() for moment in moments)
    for field, offsets in (("due_date", (1, -SOON.days)), ("milestone_due", (1,))):
        for when in states.exclude(**{f"{field}__isnull": True}).dates(field, "day"):
            days.update(when + timedelta(days=offset) for offset in offsets)
    return {day + timedelta(days=shift) for day in days for shift in (-1, 0, 1)}


def keep_days() -> int:
    """Store the figures at the end of every settled day since the first interval began
    that has none still valid: all of them after the intervals are derived again, those
    from the day an entry was backdated into after one. Rolls forward a day's changes at
    a time (over the days that may change them) from the last day still stored before
    the first one missing, or from an empty day before the first interval. For
    ``generate_scale``, ``rebuild_intervals`` and ``keep_past_figures``, so that a viewer
    reads any past day's figures as they are (about 15 KB a day at national scale).
    Returns how many days were stored (yesterday only once it has settled); two queries
    when none are missing."""
    first = ActionState.objects.aggregate(first=Min("valid_from"))["first"]
    if first is None:
        return 0
    generation = intervals.generation()
    yesterday = timezone.localdate() - timedelta(days=1)
    before_first = timezone.localtime(first).date() - timedelta(days=1)  # nothing is held at its end
    day = before_first
    valid = set(intervals.still_valid(PastFigures.objects.filter(day__gt=day)).values_list("day", flat=True))
    while day + DAY <= yesterday and day + DAY in valid:
        day += DAY
    if day + DAY > yesterday:
        return 0
    data = _empty()
    if day in valid:
        # Read through the check again: a viewer may have stored over it since.
        start = intervals.still_valid(PastFigures.objects.filter(day=day)).values_list("figures", flat=True)
        if (found := start.first()) is not None:
            data = found
        else:
            day = before_first
    changing = _days_that_may_change()
    kept, stored = {}, 0
    while day + DAY <= yesterday:
        if day + DAY in changing:
            data = roll(data, day, day + DAY)
        day += DAY
        kept[day] = copy.deepcopy(data)
        if len(kept) == KEEP_BATCH:
            stored, kept = stored + _keep(kept, generation), {}
    return stored + _keep(kept, generation)
