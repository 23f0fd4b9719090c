"""Today's figures, kept per agency in the database and worked out again only where
something changed.

Today's dashboard used to add up every live action (150,000 at national scale) after
any update anywhere, so the next reader after each progress update waited about 1.8 s.
Here each agency's live actions are counted into ``Tally`` rows (for the agency as a
whole, and by report, graded area and theme), with its progress updates, how many have
evidence and its days from submission to assurance. Every change that can alter an
agency's figures raises its ``TallyState.version`` in the same transaction (``touch``:
the write path for actions, the signals for recommendations), and a reader counts again
only the agencies whose rows are older than their version, then adds the rows up in
SQL. A change to one agency (a partner's update) is counted again by the request that
made it as soon as it commits (a few hundred actions), so readers seldom count at all.

What depends on the day rather than on a change (overdue, due in the next 30 days) is
counted from the actions on every read, over a partial index of the open ones.

A reader stores what it counted for an agency only if the version it read before
counting is still the version under the row lock, and skips rows a writer holds: a
change committed while it counted is never hidden. It shows what it counted either way.
``differences`` compares the stored rows with a count from scratch (``check_intervals``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from agencies.models import Agency
from recommendations import batch, reporting
from recommendations.models import (
    Action,
    Confidence,
    Status,
    Tally,
    TallyDimension,
    TallyState,
    Update,
)

COUNTS = (
    "total",
    *Status.values,
    *Confidence.values,
    "percent_sum",
    "slipped",
    "slipped_days",
    "voice",
    "impact",
)
OPEN = [Status.NOT_STARTED, Status.IN_PROGRESS]
Dim = TallyDimension


# -- Marking figures out of date (called by whatever changes them) --------------------


# A change to this many agencies or fewer (one, for a partner's update) is counted again
# as soon as it commits, by the request that made it, so that the next reader finds the
# tallies up to date; a change to more is left for the next reader.
COUNT_AFTER_COMMIT = 5


def touch(agency_ids: Iterable[int]) -> None:
    """These agencies' figures have changed: call it inside the transaction that changes
    them (inside ``batch.batched()`` it is noted and made once as the batch ends)."""
    ids = sorted({i for i in agency_ids if i is not None})
    if (noted := batch.pending()) is not None:
        noted.agencies.update(ids)
        return
    if ids:
        TallyState.objects.filter(agency_id__in=ids).update(version=F("version") + 1)
        if len(ids) <= COUNT_AFTER_COMMIT:
            transaction.on_commit(partial(bring_up_to_date, ids), robust=True)


def bring_up_to_date(agency_ids: list[int]) -> set[int]:
    """Count these agencies again if they are out of date, and store what was counted.
    Returns the agencies stored. One query if none is out of date."""
    versions = dict(
        TallyState.objects.filter(agency_id__in=agency_ids)
        .exclude(version=F("computed_version"))
        .values_list("agency_id", "version")
    )
    return _store(versions, count(list(versions))) if versions else set()


def touch_all() -> None:
    if (noted := batch.pending()) is not None:
        noted.all_agencies = True
        return
    TallyState.objects.update(version=F("version") + 1)


def touch_recommendations(recommendation_ids: Iterable[int]) -> None:
    """A recommendation's report, area, themes or archiving changed: its agencies' figures did."""
    touch(
        Action.objects.filter(recommendation_id__in=list(recommendation_ids))
        .values_list("agency_id", flat=True)
        .distinct()
    )


def track(agency_ids: Iterable[int]) -> None:
    """Give new agencies their (out of date) state row; called when an agency is created."""
    TallyState.objects.bulk_create([TallyState(agency_id=i) for i in agency_ids], ignore_conflicts=True)


# -- Counting --------------------------------------------------------------------------


@dataclass
class Counted:
    """One agency's figures, as counted from its actions and timeline."""

    rows: dict[tuple[str, int], dict] = field(default_factory=dict)
    spans: list[float] = field(default_factory=list)

    def add(self, dimension: str, key: int, values: dict) -> None:
        into = self.rows.setdefault((dimension, key), dict.fromkeys(COUNTS, 0))
        for name in COUNTS:
            into[name] += values.get(name) or 0


def _counts() -> dict:
    return {
        "total": Count("pk"),
        **{s: Count("pk", filter=Q(s_status=s)) for s in Status.values},
        # Delivery confidence of the open actions only: a closed one's last rating is history.
        **{c: Count("pk", filter=Q(s_confidence=c, s_status__in=OPEN)) for c in Confidence.values},
        "percent_sum": Sum("s_percent"),
        **reporting.plan_counts(),
    }


def month_key(day: date) -> int:
    return day.year * 100 + day.month


def count(agency_ids: list[int] | None = None) -> dict[int, Counted]:
    """Count the figures of these agencies (all when None) from scratch. Six queries."""
    states = reporting.action_states(reporting.now())
    updates = Update.objects.all()
    if agency_ids is not None:
        states = states.filter(agency_id__in=agency_ids)
        updates = updates.filter(action__agency_id__in=agency_ids)
    counted: dict[int, Counted] = defaultdict(Counted)
    groups = (
        states.order_by()
        .values("agency_id", "recommendation__inspection_id", "recommendation__area_id")
        .annotate(**_counts())
    )
    for row in groups:
        agency = counted[row["agency_id"]]
        agency.add(Dim.AGENCY, 0, row)
        agency.add(Dim.INSPECTION, row["recommendation__inspection_id"], row)
        if row["recommendation__area_id"] is not None:
            agency.add(Dim.AREA, row["recommendation__area_id"], row)
    themes = (
        states.filter(recommendation__themes__isnull=False)
        .order_by()
        .values("agency_id", "recommendation__themes__id")
        .annotate(**_counts())
    )
    for row in themes:
        counted[row["agency_id"]].add(Dim.THEME, row["recommendation__themes__id"], row)
    due_months = (
        states.filter(s_status__in=OPEN)
        .annotate(month=TruncMonth("s_due"))
        .order_by()
        .values("agency_id", "month")
        .annotate(total=Count("pk"))
    )
    for row in due_months:
        counted[row["agency_id"]].add(Dim.DUE_MONTH, month_key(row["month"]), row)
    for agency_id, figures in reporting.assurance_counts(updates).items():
        agency = counted[agency_id]
        agency.add(Dim.AGENCY, 0, {})
        agency.rows[Dim.AGENCY, 0]["progress_updates"] = figures["progress_updates"]
        agency.rows[Dim.AGENCY, 0]["evidenced_updates"] = figures["evidenced_updates"]
        agency.spans = sorted(figures["spans"])
    return dict(counted)


def _tally_rows(agency_id: int, counted: Counted) -> list[Tally]:
    return [
        Tally(agency_id=agency_id, dimension=dimension, key=key, **values)
        for (dimension, key), values in sorted(counted.rows.items())
    ]


def _store(versions: dict[int, int], counted: dict[int, Counted]) -> set[int]:
    """Store each agency's count if its version is still the one read before counting.
    Returns the agencies stored."""
    with transaction.atomic():
        # SKIP LOCKED: a writer holding the row is about to raise its version anyway.
        current = dict(
            TallyState.objects.select_for_update(skip_locked=True)
            .filter(agency_id__in=list(versions))
            .values_list("agency_id", "version")
        )
        keep = sorted(a for a, v in versions.items() if current.get(a) == v)
        if not keep:
            return set()
        Tally.objects.filter(agency_id__in=keep).delete()
        empty = Counted()
        Tally.objects.bulk_create(
            [row for a in keep for row in _tally_rows(a, counted.get(a, empty))], batch_size=2000
        )
        states = [
            TallyState(agency_id=a, computed_version=versions[a], spans=counted.get(a, empty).spans)
            for a in keep
        ]
        TallyState.objects.bulk_update(states, ["computed_version", "spans"], batch_size=500)
    return set(keep)


def refresh(agency: Agency | None = None) -> tuple[dict[int, list[float]], dict[int, Counted]]:
    """Bring the tallies of every agency (or one) up to date where they are not.
    Returns each fresh agency's spans, and the counts of those that could not be stored
    (a writer held them) for the caller to add in. One query when all are fresh."""
    states = TallyState.objects.all() if agency is None else TallyState.objects.filter(agency=agency)
    rows = states.values_list("agency_id", "version", "computed_version", "spans")
    versions: dict[int, int] = {}
    spans: dict[int, list[float]] = {}
    for agency_id, version, computed, agency_spans in rows:
        if version == computed:
            spans[agency_id] = agency_spans
        else:
            versions[agency_id] = version
    if agency is not None and not versions and agency.pk not in spans:
        track([agency.pk])  # an agency created behind the signals
        versions[agency.pk] = 1
    if not versions:
        return spans, {}
    counted = count(list(versions))
    stored = _store(versions, counted)
    for agency_id in versions:
        if agency_id in stored:
            spans[agency_id] = counted[agency_id].spans if agency_id in counted else []
    # An agency with nothing left to count (all archived, say) is in ``versions`` but not
    # in ``counted``: if it could not be stored, its empty count still replaces its rows.
    return spans, {a: counted.get(a, Counted()) for a in versions if a not in stored}


# -- Reading ---------------------------------------------------------------------------


@dataclass
class Today:
    """Today's figures for the dashboard: the summary, progress by theme and assurance."""

    summary: reporting.Summary
    themes: dict[int, dict]
    assurance: dict


def _due_counts(agency: Agency | None, months: list[dict]) -> dict[int, dict]:
    """Overdue, due in the next 30 days and with a milestone overdue, by agency. These
    move with the day, not with a change: open actions due in a month before this one
    (``months``: the tallies' rows) are overdue whatever the day, and the rest, due from
    the first of this month to 30 days ahead, are counted from the actions themselves,
    with those whose next milestone is past. One query."""
    moment = reporting.now()
    counts: dict[int, dict] = defaultdict(lambda: {"overdue": 0, "due_soon": 0, "milestone_overdue": 0})
    for row in months:
        counts[row["agency_id"]]["overdue"] += row["total"]
    window = Q(s_due__gte=moment.day.replace(day=1), s_due__lte=moment.day + timedelta(days=30))
    # Open actions with a milestone overdue, over their own partial index.
    late_milestone = reporting.milestone_overdue_q(moment)
    states = reporting.action_states(moment).filter(s_status__in=OPEN).filter(window | late_milestone)
    if agency is not None:
        states = states.filter(agency=agency)
    rows = (
        states.order_by()
        .values("agency_id")
        .annotate(
            overdue=Count("pk", filter=reporting.overdue_q(moment) & window),
            due_soon=Count("pk", filter=reporting.due_soon_q(moment) & window),
            milestone_overdue=Count("pk", filter=late_milestone),
        )
    )
    for row in rows:
        for name in ("overdue", "due_soon", "milestone_overdue"):
            counts[row["agency_id"]][name] += row[name]
    return counts


def today(agency: Agency | None = None) -> Today:
    """Today's figures for every agency or one: the stored tallies brought up to date,
    then added up. Five queries when nothing has changed."""
    spans_by_agency, unstored = refresh(agency)
    rows = Tally.objects.exclude(agency_id__in=list(unstored))
    if agency is not None:
        rows = rows.filter(agency=agency)
    this_month = month_key(reporting.now().day)
    per_agency = list(
        rows.filter(dimension__in=[Dim.AGENCY, Dim.AREA]).values(
            "agency_id", "dimension", "key", *COUNTS, "progress_updates", "evidenced_updates"
        )
    )
    months = list(
        rows.filter(dimension=Dim.DUE_MONTH, key__lt=this_month)
        .values("agency_id")
        .annotate(total=Sum("total"))
    )
    summed = list(
        rows.filter(dimension__in=[Dim.INSPECTION, Dim.THEME])
        .values("dimension", "key")
        .annotate(**{f"{name}_sum": Sum(name) for name in COUNTS})
    )
    for agency_id, counted in unstored.items():
        for (dimension, key), values in counted.rows.items():
            if dimension == Dim.DUE_MONTH:
                if key < this_month:
                    months.append({"agency_id": agency_id, "total": values["total"]})
            elif dimension in (Dim.AGENCY, Dim.AREA):
                per_agency.append({"agency_id": agency_id, "dimension": dimension, "key": key, **values})
            else:
                summed.append({"dimension": dimension, "key": key, **{f"{n}_sum": values[n] for n in COUNTS}})
        spans_by_agency[agency_id] = counted.spans

    due = _due_counts(agency, months)
    by_agency: dict[int, dict] = {}
    open_work: dict[tuple[int, int], int] = {}
    progress = evidenced = 0
    for row in per_agency:
        if row["dimension"] == Dim.AGENCY:
            by_agency[row["agency_id"]] = {
                **{name: row[name] for name in COUNTS},
                **due[row["agency_id"]],
            }
            progress += row.get("progress_updates") or 0
            evidenced += row.get("evidenced_updates") or 0
        else:
            key = (row["agency_id"], row["key"])
            still_open = row[Status.NOT_STARTED] + row[Status.IN_PROGRESS] + row[Status.SUBMITTED]
            open_work[key] = open_work.get(key, 0) + still_open
    by_agency = {a: values for a, values in by_agency.items() if values["total"]}
    by_key: dict[str, dict[int, dict]] = {Dim.INSPECTION: {}, Dim.THEME: {}}
    for row in summed:
        into = by_key[row["dimension"]].setdefault(row["key"], dict.fromkeys(COUNTS, 0))
        for name in COUNTS:
            into[name] += row[f"{name}_sum"] or 0
    totals: dict = {}
    for values in by_agency.values():
        reporting._add(totals, values)
    totals = reporting.finish_totals(reporting._add(totals, {}))
    summary = reporting.Summary(
        reporting.with_shares(totals),
        by_agency,
        {k: v for k, v in by_key[Dim.INSPECTION].items() if v["total"]},
        open_work,
    )
    spans = [s for agency_spans in spans_by_agency.values() for s in agency_spans]
    assurance = reporting.assurance_summary(spans, progress, evidenced)
    themes = {k: v for k, v in by_key[Dim.THEME].items() if v["total"]}
    return Today(summary=summary, themes=themes, assurance=assurance)


# -- Checking --------------------------------------------------------------------------


def differences(limit: int = 20) -> list[str]:
    """Every up-to-date agency whose stored tallies differ from a count from scratch."""
    fresh = list(TallyState.objects.filter(version=F("computed_version")).values_list("agency_id", "spans"))
    counted = count([a for a, _ in fresh])
    stored: dict[int, dict] = defaultdict(dict)
    fields = [*COUNTS, "progress_updates", "evidenced_updates"]
    for row in Tally.objects.filter(agency_id__in=[a for a, _ in fresh]).values(
        "agency_id", "dimension", "key", *fields
    ):
        stored[row["agency_id"]][row["dimension"], row["key"]] = {f: row[f] for f in fields}
    problems = [
        f"agency {agency_id}: live actions but no tally state (created behind the signals)"
        for agency_id in Action.objects.filter(is_archived=False)
        .exclude(agency_id__in=TallyState.objects.values("agency_id"))
        .values_list("agency_id", flat=True)
        .distinct()[:limit]
    ]
    for agency_id, spans in fresh:
        expected = counted.get(agency_id, Counted())
        want = {k: {f: v.get(f, 0) for f in fields} for k, v in expected.rows.items() if any(v.values())}
        have = {k: v for k, v in stored[agency_id].items() if any(v.values())}
        if want != have:
            keys = sorted(set(want) ^ set(have) | {k for k in set(want) & set(have) if want[k] != have[k]})
            problems.append(f"agency {agency_id}: tallies differ at {keys[:5]}")
        if sorted(spans) != expected.spans:
            problems.append(f"agency {agency_id}: days to assurance differ")
        if len(problems) >= limit:
            break
    return problems
