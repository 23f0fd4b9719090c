"""Each action's state intervals, kept in step with its timeline.

An action's state (status, delivery confidence, percent complete, due date, owner,
archived) changes only when an update is written. ``ActionState`` holds one row per
stretch of time between two such changes, so the state at any moment is one indexed
range condition away, whatever the size of the timeline.

The write path (``recommendations.services``) calls ``open_first`` when it creates an
action and ``advance`` with every update, in the same transaction. ``rebuild`` derives
the intervals from the timeline alone (for a migration, bulk-loaded data, or repair)
and ``differences`` compares what is stored with what the timeline says.

How the timeline determines the state: an action starts not started, with no
confidence and 0% (the due date, owner and archiving it started with are what the first
change of each moved away from, or as now if none ever changed), and each update that
sets a figure sets it from then on. For every action written through the write path,
where that leads is the action's state now.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time
from itertools import groupby

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from recommendations import batch
from recommendations.models import (
    FAR_FUTURE,
    Action,
    ActionState,
    Evidence,
    IntervalsGeneration,
    PastChange,
    Status,
    Update,
    UpdateKind,
)

BATCH = 5000


@dataclass(frozen=True)
class State:
    status: str
    confidence: str
    percent_complete: int
    due_date: date
    owner_id: int | None
    archived: bool
    voice: str
    milestone_due: date | None
    impact_evidenced: bool

    @classmethod
    def of(cls, action: Action) -> State:
        return cls(
            status=action.status,
            confidence=action.confidence,
            percent_complete=action.percent_complete,
            due_date=action.due_date,
            owner_id=action.owner_id,
            # Out of the figures: archived itself, or its recommendation is (archiving a
            # recommendation archives each action on its timeline; rows from before
            # that rule count as archived throughout, as they always did).
            archived=action.is_archived or action.recommendation.is_archived,
            voice=action.voice,
            milestone_due=action.milestone_due,
            impact_evidenced=action.impact_evidenced,
        )


STATE_FIELDS = [f.name for f in fields(State)]


@dataclass(frozen=True)
class Record:
    """What an action's timeline has recorded up to the start of an interval, for the
    assurance figures: its progress updates so far and how many came with evidence,
    when it was submitted if its latest decision is a submission, and, on the interval
    an assurance starts, the days since the submission it assured (the pairing the
    figures have always made: each assurance with the decision before it, if that was a
    submission)."""

    progress_updates: int = 0
    evidenced_updates: int = 0
    submitted_at: datetime | None = None
    assured_days: float | None = None

    def after(self, *, kind: str, status_to: str, created_at: datetime, evidenced: bool) -> Record:
        progress = kind == UpdateKind.PROGRESS
        submitted_at, assured_days = self.submitted_at, None
        if status_to == Status.SUBMITTED:
            submitted_at = created_at
        elif status_to == Status.ASSURED:
            if submitted_at is not None:
                assured_days = (created_at - submitted_at).total_seconds() / 86400
            submitted_at = None
        return Record(
            progress_updates=self.progress_updates + progress,
            evidenced_updates=self.evidenced_updates + (progress and evidenced),
            submitted_at=submitted_at,
            assured_days=assured_days,
        )


RECORD_FIELDS = [f.name for f in fields(Record)]
# The entries that move an action into or out of the figures: archiving or restoring
# it, and publishing the draft report it belongs to.
ARCHIVING = (UpdateKind.ARCHIVE, UpdateKind.PUBLISH)


def _row(
    action: Action, state: State, record: Record, start: datetime, end: datetime = FAR_FUTURE
) -> ActionState:
    return ActionState(
        action_id=action.pk,
        agency_id=action.agency_id,
        recommendation_id=action.recommendation_id,
        agreed_due=action.original_due_date,
        valid_from=start,
        valid_to=end,
        **vars(state),
        **vars(record),
    )


# -- Kept by the write path -------------------------------------------------------------


def open_first(actions: Iterable[Action]) -> None:
    """The first interval of new actions: as created, from their creation. One query
    (two if created in a past day)."""
    actions = list(actions)
    ActionState.objects.bulk_create(
        [_row(a, State.of(a), Record(), a.created_at) for a in actions], batch_size=BATCH
    )
    if actions and (first := min(a.created_at for a in actions)) < start_of_today():
        past_changed(timezone.localdate(first))


def advance(action: Action, update: Update, *, evidenced: bool) -> None:
    """End the action's open interval as ``update`` is written and open the next one
    with the action's state now (``evidenced``: files come with the update). Three
    queries (four if the update is in a past day); the caller holds the action's row
    lock."""
    when = update.created_at
    open_now = ActionState.objects.filter(action_id=action.pk, valid_to=FAR_FUTURE)
    before = Record(**open_now.values(*RECORD_FIELDS).get())
    open_now.update(valid_to=when)
    record = before.after(kind=update.kind, status_to=update.status_to, created_at=when, evidenced=evidenced)
    _row(action, State.of(action), record, when).save(force_insert=True)
    if when < start_of_today():
        past_changed(timezone.localdate(when))


# -- What was worked out for past days ---------------------------------------------------


def start_of_today() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def generation() -> int:
    """The intervals' generation: figures worked out for a past day hold while it stays. One query."""
    return IntervalsGeneration.objects.values_list("value", flat=True).first() or 0


def past_changed(since: date | None = None) -> None:
    """Intervals before today changed from the end of ``since`` on (of any day, without
    it): retire what was worked out from them for that day and later ones. Call it in
    the transaction that changes them (inside ``batch.batched()`` it is noted and made
    once as the batch ends). Two queries (four the first time)."""
    since = since or date.min
    if (noted := batch.pending()) is not None:
        noted.past_changed = since if noted.past_changed is None else min(noted.past_changed, since)
        return
    if not IntervalsGeneration.objects.update(value=F("value") + 1):
        # The first change: make the row, then raise it as any other change would, so
        # that two first changes at once still get a generation each.
        IntervalsGeneration.objects.get_or_create(pk=1, defaults={"value": 0})
        IntervalsGeneration.objects.update(value=F("value") + 1)
    PastChange.objects.create(generation=Subquery(IntervalsGeneration.objects.values("value")[:1]), day=since)


def still_valid(stored: QuerySet) -> QuerySet:
    """Of ``stored`` (figures worked out for a past ``day`` at a ``generation``), those
    that no later change to the intervals reaches back to."""
    later = PastChange.objects.filter(generation__gt=OuterRef("generation"), day__lte=OuterRef("day"))
    return stored.exclude(Exists(later))


# -- Derived from the timeline ----------------------------------------------------------

UPDATE_COLUMNS = (
    "action_id",
    "created_at",
    "kind",
    "status_from",
    "status_to",
    "confidence",
    "percent_complete",
    "due_date_from",
    "due_date_to",
    "owner_from_id",
    "owner_to_id",
    "archived",
    "voice",
    "plan",
    "evidenced",
)


@dataclass(frozen=True)
class Entry:
    """The parts of an update that say how the state changed."""

    action_id: int
    created_at: datetime
    kind: str
    status_from: str
    status_to: str
    confidence: str
    percent_complete: int | None
    due_date_from: date | None
    due_date_to: date | None
    owner_from_id: int | None
    owner_to_id: int | None
    archived: bool | None
    voice: str
    plan: dict | None
    evidenced: bool


def next_milestone_due(plan: dict) -> date | None:
    """The earliest due date of a milestone not done, in a plan entry's snapshot."""
    return min(
        (date.fromisoformat(m["due_on"]) for m in plan.get("milestones", []) if not m.get("done_on")),
        default=None,
    )


def initial_state(now: State, entries: list[Entry]) -> State:
    """The state the action was created with, read from its timeline: not started, no
    confidence, 0%, no voice recorded, no milestones and no impact evidenced, as
    ``services.action_create`` makes every action; the due date, owner and archiving
    that the first change of each moved away from, or as now if none ever changed."""
    first = {
        "status": Status.NOT_STARTED,
        "confidence": "",
        "percent_complete": 0,
        "voice": "",
        "milestone_due": None,
        "impact_evidenced": False,
    }
    for entry in entries:
        if entry.kind == UpdateKind.DUE_DATE and entry.due_date_from and "due_date" not in first:
            first["due_date"] = entry.due_date_from
        if entry.kind == UpdateKind.OWNER and "owner_id" not in first:
            first["owner_id"] = entry.owner_from_id
        if entry.kind in ARCHIVING and entry.archived is not None and "archived" not in first:
            first["archived"] = not entry.archived
    return replace(now, **first)


def apply(state: State, entry: Entry) -> State:
    """The state after ``entry``."""
    changes = {}
    if entry.status_to:
        changes["status"] = entry.status_to
    if entry.confidence:
        changes["confidence"] = entry.confidence
    if entry.percent_complete is not None:
        changes["percent_complete"] = entry.percent_complete
    if entry.kind == UpdateKind.DUE_DATE and entry.due_date_to:
        changes["due_date"] = entry.due_date_to
    if entry.kind == UpdateKind.OWNER:
        changes["owner_id"] = entry.owner_to_id
    if entry.kind in ARCHIVING and entry.archived is not None:
        changes["archived"] = entry.archived
    if entry.kind == UpdateKind.VOICE:
        changes["voice"] = entry.voice
    if entry.kind == UpdateKind.PLAN and entry.plan is not None:
        changes["milestone_due"] = next_milestone_due(entry.plan)
    if entry.kind == UpdateKind.IMPACT:
        changes["impact_evidenced"] = True
    elif entry.status_to and entry.status_to != Status.ASSURED:
        # Impact is evidenced only while the action stays assured as delivered.
        changes["impact_evidenced"] = False
    return replace(state, **changes) if changes else state


def derive(action: Action, entries: list[Entry]) -> list[tuple[datetime, datetime, State, Record]]:
    """The intervals the timeline ``entries`` (oldest first) give ``action``: one from its
    creation, and one more from each update, even if it changed nothing the interval
    records. For an action written through the write path the last one is its state
    now; ``differences`` reports any action for which it is not."""
    state, record = initial_state(State.of(action), entries), Record()
    start = action.created_at
    intervals = []
    for entry in entries:
        # Time never runs backwards on a timeline (the write path stamps each entry no
        # earlier than the one before); rows written out of order by hand are taken as
        # happening at the same moment as the entry before them.
        moment = max(entry.created_at, start)
        intervals.append((start, moment, state, record))
        state, start = apply(state, entry), moment
        record = record.after(
            kind=entry.kind, status_to=entry.status_to, created_at=entry.created_at, evidenced=entry.evidenced
        )
    intervals.append((start, FAR_FUTURE, state, record))
    return intervals


def _timelines(action_ids: Iterable[int] | None) -> Iterator[tuple[Action, list[Entry]]]:
    """Each action with its timeline, oldest first, in two streamed queries."""
    actions = (
        Action.objects.order_by("pk")
        .select_related("recommendation")
        .only(
            "pk",
            "agency_id",
            "recommendation_id",
            "original_due_date",
            "created_at",
            "status",
            "confidence",
            "percent_complete",
            "due_date",
            "owner_id",
            "is_archived",
            "recommendation__is_archived",
            "voice",
            "milestone_due",
            "impact_evidenced",
        )
    )
    updates = (
        Update.objects.order_by("action_id", "created_at", "pk")
        .annotate(evidenced=Exists(Evidence.objects.filter(update=OuterRef("pk"))))
        .values_list(*UPDATE_COLUMNS)
    )
    if action_ids is not None:
        ids = list(action_ids)
        actions, updates = actions.filter(pk__in=ids), updates.filter(action_id__in=ids)
    pending = iter(updates.iterator(chunk_size=BATCH))
    entry = next(pending, None)
    for action in actions.iterator(chunk_size=BATCH):
        entries = []
        while entry is not None and entry[0] <= action.pk:
            if entry[0] == action.pk:
                entries.append(Entry(*entry))
            entry = next(pending, None)
        yield action, entries


def expected(action_ids: Iterable[int] | None = None) -> Iterator[ActionState]:
    """The intervals the timeline gives, action by action, oldest first."""
    for action, entries in _timelines(action_ids):
        for start, end, state, record in derive(action, entries):
            yield _row(action, state, record, start, end)


def rebuild(action_ids: Iterable[int] | None = None) -> int:
    """Replace the stored intervals (of ``action_ids``, or all) with those the timeline
    gives, in one transaction. Returns how many were written. Streams: memory stays flat
    at national scale, and PostgreSQL takes the rows by COPY."""
    ids = None if action_ids is None else list(action_ids)
    today = start_of_today()
    with transaction.atomic():
        stored = ActionState.objects.all() if ids is None else ActionState.objects.filter(action_id__in=ids)
        # Only what reaches back before today, before or after, can change figures
        # worked out for past days.
        past = stored.filter(valid_from__lt=today).exists()
        stored._raw_delete(stored.db)
        written = _write(expected(ids))
        if past or stored.filter(valid_from__lt=today).exists():
            past_changed()
        return written


COPY_COLUMNS = [
    "action_id",
    "agency_id",
    "recommendation_id",
    "agreed_due",
    "valid_from",
    "valid_to",
    *STATE_FIELDS,
    *RECORD_FIELDS,
]


def _write(rows: Iterable[ActionState]) -> int:
    """Insert ``rows`` in batches. The rows are read from the database as they are made,
    so each batch is complete before it is written: a COPY holds the connection."""
    written, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH * 10:
            written += _insert(batch)
            batch = []
    return written + _insert(batch)


def _insert(batch: list[ActionState]) -> int:
    if not batch:
        return 0
    if connection.vendor != "postgresql":
        return len(ActionState.objects.bulk_create(batch, batch_size=BATCH))
    table = ActionState._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(COPY_COLUMNS)}) FROM STDIN") as copy,
    ):
        for row in batch:
            copy.write_row([getattr(row, name) for name in COPY_COLUMNS])
    return len(batch)


def _full_key(row: ActionState) -> tuple:
    return (
        row.agency_id,
        row.recommendation_id,
        row.agreed_due,
        row.valid_from,
        row.valid_to,
        *(getattr(row, name) for name in STATE_FIELDS),
        *(getattr(row, name) for name in RECORD_FIELDS),
    )


def _grouped(rows: Iterable[ActionState]) -> Iterator[tuple[int, list[tuple]]]:
    for action_id, group in groupby(rows, key=lambda r: r.action_id):
        yield action_id, [_full_key(r) for r in group]


def differences(action_ids: Iterable[int] | None = None, *, limit: int = 50) -> list[str]:
    """The actions whose stored intervals differ from those their timeline gives (at
    most ``limit`` lines). Empty if every one matches. Both sides are streamed in
    action order, so memory stays flat at any size."""
    ids = None if action_ids is None else list(action_ids)
    stored = ActionState.objects.order_by("action_id", "valid_from", "valid_to", "pk")
    if ids is not None:
        stored = stored.filter(action_id__in=ids)
    have = _grouped(stored.iterator(chunk_size=BATCH))
    want = _grouped(expected(ids))
    problems: list[str] = []
    got, wanted = next(have, None), next(want, None)
    while (got is not None or wanted is not None) and len(problems) < limit:
        if wanted is None or (got is not None and got[0] < wanted[0]):
            problems.append(f"Action {got[0]}: stored intervals for an action that does not exist")
            got = next(have, None)
        elif got is None or wanted[0] < got[0]:
            problems.append(f"Action {wanted[0]}: no stored intervals; its timeline gives {len(wanted[1])}")
            wanted = next(want, None)
        else:
            if got[1] != wanted[1]:
                first = next(
                    (i for i, (a, b) in enumerate(zip(got[1], wanted[1], strict=False)) if a != b),
                    min(len(got[1]), len(wanted[1])),
                )
                problems.append(
                    f"Action {got[0]}: {len(got[1])} stored interval(s), {len(wanted[1])} from its "
                    f"timeline; they first differ at interval {first + 1}"
                )
            got, wanted = next(have, None), next(want, None)
    if len(problems) < limit:
        problems += _first_agreed_differences(ids, limit - len(problems))
    return problems


def _first_agreed_differences(ids: list[int] | None, limit: int) -> list[str]:
    """Actions whose due date first agreed is not the one their first interval (as
    created) has. One query."""
    first = ActionState.objects.filter(action_id=OuterRef("pk"), valid_from=OuterRef("created_at")).exclude(
        due_date=OuterRef("original_due_date")
    )
    wrong = Action.objects.filter(Exists(first))
    if ids is not None:
        wrong = wrong.filter(pk__in=ids)
    return [
        f"Action {pk}: due date first agreed {agreed}, but {found} from its timeline"
        for pk, agreed, found in wrong.annotate(found=Subquery(first.values("due_date")[:1]))
        .order_by("pk")
        .values_list("pk", "original_due_date", "found")[:limit]
    ]
