"""The one write path for the record: every change to an action, and nothing else.

Each command below is one move a person can make (log progress, submit, assure,
return, reopen, name an owner, move the due date, archive or restore, create). A
command states who may make it and its business rules, then hands them to
``_append``, the one private step that writes: it locks the action's row, answers
a form sent twice with the update the first one wrote, refuses a stale version,
checks the rules against the locked row, writes the ``Update`` (the timeline), stamps
the action (a history row too) and moves its state intervals on
(``recommendations.intervals``), all in one transaction. Rules raise
``ValidationError`` keyed by the form field they are about, so forms only parse and
views only put the errors on the page; ``PermissionDenied`` means the person may not
make the move at all (views answer 404).

The website, the admin, the importer and ``load_demo`` all come through here.
``generate_scale`` alone writes its synthetic national-scale history in bulk, into
an empty database. Cached figures are retired here (and, for records the admin
edits, by ``recommendations.signals``), never by callers.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.utils import bulk_create_with_history

from notifications import services as notifications
from recommendations import access, batch, cache, intervals, tallies
from recommendations.evidence import check_evidence_file
from recommendations.models import (
    MILESTONES_MAX,
    Action,
    Evidence,
    Inspection,
    Milestone,
    Recommendation,
    StaleVersion,
    Status,
    Update,
    UpdateKind,
    Voice,
)

Rules = Callable[[Action], None]
# Entries other than status changes that e-mail someone (``notifications.services``).
NOTIFIED_KINDS = (
    UpdateKind.READY,
    UpdateKind.EXTENSION_REQUEST,
    UpdateKind.EXTENSION_REFUSED,
    UpdateKind.DUE_DATE,
)
NOT_GIVEN = object()

STALE_MESSAGE = (
    "This action changed while you were editing it. Nothing you entered has been saved. "
    "Check the changes below, then make yours again."
)


# -- Rules shared by several commands ------------------------------------------------


def due_date_problem(due: date, published: date) -> str | None:
    """Why ``due`` cannot be a due date for work on a report published on ``published``.
    The importer's row check and the commands both ask this."""
    if due < published:
        return f"The due date must be on or after the report was published, {date_format(published, 'j F Y')}"
    return None


def partner_moves(user, action: Action) -> list[str]:
    """The statuses ``user`` may move ``action`` to while logging progress: a
    not-started action can be started by anyone in its agency; only a lead submits.
    The progress form offers these and ``progress_log`` allows only these."""
    moves = []
    if action.status == Status.NOT_STARTED:
        moves.append(Status.IN_PROGRESS)
    if action.status == Status.IN_PROGRESS and access.can_lead_action(user, action):
        moves.append(Status.SUBMITTED)
    return moves


def _check_move(action: Action, to: str) -> None:
    """Refuse a move the transition table does not have, naming the allowed ones."""
    if to not in Status.values:
        raise ValidationError({"status_to": f"“{to}” is not a status."})
    allowed = action.allowed_transitions()
    if to not in allowed:
        names = ", ".join(Status(s).label.lower() for s in allowed) or "none (the action is closed)"
        raise ValidationError(
            {
                "status_to": f"An action that is {Status(action.status).label.lower()} cannot become "
                f"{Status(to).label.lower()}. It can become: {names}."
            }
        )


def _check_open_for_partners(action: Action) -> None:
    """Refuse any change to an action of a draft report or an archived one. One query
    unless the action's recommendation and report are already loaded."""
    _check_published(action)
    if action.is_archived or action.recommendation.is_archived:
        raise ValidationError("This action has been archived, so it can no longer be changed.")


def _check_published(action: Action) -> None:
    if action.recommendation.inspection.is_draft:
        raise ValidationError(
            "This action's report is still a draft: publish the report to partners before changing it."
        )


def _check_reason(text: str, field: str, message: str) -> None:
    if not text.strip():
        raise ValidationError({field: message})


def _may(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# -- The commands ---------------------------------------------------------------------


def progress_log(
    *,
    action: Action,
    by,
    narrative: str,
    confidence: str,
    percent_complete: int,
    status_to: str = "",
    files: Sequence[UploadedFile] = (),
    impact_value: Decimal | None = None,
    expected_version: int | None,
    form_token: uuid.UUID | None = None,
    at: datetime | None = None,
) -> Update:
    """Log progress on an action, optionally starting it or (a lead) submitting it for
    assurance, with evidence and the latest value of its impact measure. Submitting
    needs a narrative, evidence (new or already on the action) and 100% complete. An
    action whose percent complete comes from its milestones takes ``None`` for it."""
    if status_to == action.status:
        status_to = ""

    def rules(current: Action) -> None:
        _may(access.can_edit_action(by, current))
        _check_open_for_partners(current)
        if current.status in Action.CLOSED_OR_WAITING:
            raise ValidationError(
                f"This action is {Status(current.status).label.lower()}, so progress can no longer be logged on it."
            )
        _check_reason(narrative, "narrative", "Enter what has been done since the last update")
        if percent_complete is None and not current.percent_from_milestones:
            raise ValidationError({"percent_complete": "Enter how complete the action is, from 0 to 100"})
        if percent_complete is not None and current.percent_from_milestones:
            raise ValidationError(
                {
                    "percent_complete": "Percent complete is worked out from the milestones: "
                    "mark milestones done in the plan instead"
                }
            )
        _check_impact_value(current, impact_value)
        if status_to:
            _check_move(current, status_to)
            if status_to not in partner_moves(by, current):
                raise ValidationError(
                    {"status_to": "Only your agency's lead can submit an action for assurance."}
                )
        if status_to == Status.SUBMITTED:
            _check_submission(current, percent_complete=percent_complete, new_files=len(files))

    return _append(
        action,
        by=by,
        kind=UpdateKind.PROGRESS,
        rules=rules,
        expected_version=expected_version,
        form_token=form_token,
        at=at,
        narrative=narrative.strip(),
        confidence=confidence,
        percent_complete=percent_complete,
        status_to=status_to,
        impact_value=impact_value,
        files=files,
    )


VOICE_NOTE_MAX = 1000


def action_record_voice(
    *,
    action: Action,
    by,
    voice: str,
    note: str,
    expected_version: int | None,
    form_token: uuid.UUID | None = None,
    at: datetime | None = None,
) -> Update:
    """Someone in the agency records whether, and how, the views of children, young
    people, parents and carers shaped the action. Saying how is required when they did;
    the words must never identify anyone (the form says so)."""

    def rules(current: Action) -> None:
        _may(access.can_edit_action(by, current))
        _check_open_for_partners(current)
        if voice not in Voice.values:
            raise ValidationError({"voice": "Select whether their views shaped this action"})
        if voice in Voice.shaped() and not note.strip():
            raise ValidationError({"note": "Say how their views shaped the action"})
        if len(note) > VOICE_NOTE_MAX:
            raise ValidationError({"note": f"Keep it to {VOICE_NOTE_MAX} characters or fewer"})
        if voice == current.voice and note.strip() == current.voice_note:
            raise ValidationError({"voice": "That is what the action already says"})

    return _append(
        action,
        by=by,
        kind=UpdateKind.VOICE,
        rules=rules,
        expected_version=expected_version,
        form_token=form_token,
        at=at,
        narrative=note.strip(),
        voice=voice,
    )


IMPACT_VALUE_LIMIT = Decimal("1e10")


def _check_impact_value(action: Action, value: Decimal | None) -> None:
    if value is None:
        return
    if not action.impact_measure:
        raise ValidationError(
            {
                "impact_value": "Say in the plan what would show the action made a difference before recording a value"
            }
        )
    if abs(value) >= IMPACT_VALUE_LIMIT:
        raise ValidationError({"impact_value": "Enter a value smaller than 10,000,000,000"})


def action_record_impact_value(
    *,
    action: Action,
    by,
    value: Decimal | None,
    narrative: str,
    files: Sequence[UploadedFile] = (),
    expected_version: int | None,
    form_token: uuid.UUID | None = None,
    at: datetime | None = None,
) -> Update:
    """Someone in the agency records the latest value of the action's impact measure,
    whatever its status: a difference often shows after the work is assured as
    delivered. A progress update that changes nothing else."""

    def rules(current: Action) -> None:
        _may(access.can_edit_action(by, current))
        _check_open_for_partners(current)
        if value is None:
            raise ValidationError({"impact_value": "Enter the latest value of the measure"})
        _check_impact_value(current, value)
        _check_reason(narrative, "narrative", "Say where the value comes from and what it shows")

    return _append(
        action,
        by=by,
        kind=UpdateKind.PROGRESS,
        rules=rules,
        expected_version=expected_version,
        form_token=form_token,
        at=at,
        narrative=narrative.strip(),
        impact_value=value,
        files=files,
    )


def action_evidence_impact(
    *,
    action: Action,
    by,
    note: str,
    files: Sequence[UploadedFile] = (),
    expected_version: int | None,
    form_token: uuid.UUID | None = None,
    at: datetime | None = None,
) -> Update:
    """The assurance team records the second level of assurance: an action assured as
    delivered has made the difference its measure looks for, with what shows it (a
    note, and evidence files if they have them). Nobody decides on their own agency's
    work; reopening the action clears it."""

    def rules(current: Action) -> None:
        _may(access.can_assure_action(by, current))
        _check_open_for_partners(current)
        if current.status != Status.ASSURED:
            raise ValidationError(
                "Only an action assured as delivered can have its impact evidenced; this one is "
                f"{Status(current.status).label.lower()}."
            )
        if current.impact_evidenced:
            raise ValidationError("The impact of this action is already evidenced.")
        if not current.impact_measure:
            raise ValidationError(
                "The agency has not said what would show this action made a difference. "
                "Ask them to add an impact measure to the plan first."
            )
        _check_reason(note, "note", "Enter what shows the action made a difference")

    return _append(
        action,
        by=by,
        kind=UpdateKind.IMPACT,
        rules=rules,
        expected_version=expected_version,
        form_token=form_token,
        at=at,
        narrative=note.strip(),
        impact_evidenced=True,
        files=files,
    )


@dataclass(frozen=True)
class MilestoneSpec:
    """One milestone as the plan form gives it: ``pk`` for one the action already has."""

    title: str
    due_on: date | None
    done_on: date | None = None
    pk: int | None = None
    remove: bool = False
    # Its place on the form (from 0), which errors name; its place in the plan if not given.
    row: int | None = None


@dataclass(frozen=True)
class Plan:
    """The agency's plan for an action, as it should stand after the change.
    ``contributors_may_plan`` is ``None`` to leave it as it is (a contributor's form)."""

    description: str
    milestones: Sequence[MilestoneSpec] = ()
    percent_from_milestones: bool = False
    contributors_may_plan: bool | None = None
    impact_measure: str = ""
    impact_baseline: Decimal | None = None
    impact_target: Decimal | None = None
    impact_unit: str = ""


DESCRIPTION_MAX = 10_000
IMPACT_UNIT_MAX = 40


def percent_done(milestones: Sequence) -> int:
    """Percent complete from milestones: the share done, rounded down (100 only when
    every one is done)."""
    if not milestones:
        return 0
    return 100 * sum(1 for m in milestones if m.done_on) // len(milestones)


def action_plan(
    *,
    action: Action,
    by,
    plan: Plan,
    expected_version: int | None,
    form_token: uuid.UUID | None = None,
    at: datetime | None = None,
) -> Update:
    """The agency writes or changes its plan for the action: what it will do, its dated
    milestones (done or not, with the date done), whether percent complete comes from
    them, what would show the action made a difference, and (a lead) whether
    contributors may change the plan too. The timeline entry says what changed and
    holds the whole plan as it then stood."""
    today = timezone.localdate(at) if at else timezone.localdate()
    changes: list[str] = []

    def rules(current: Action) -> None:
        _may(access.can_plan_action(by, current))
        _check_open_for_partners(current)
        if current.status == Status.SUBMITTED:
            raise ValidationError(
                "This action is submitted for assurance, so its plan cannot change until the GMCA "
                "assurance team has decided."
            )
        may_lead = access.can_lead_action(by, current)
        if plan.contributors_may_plan not in (None, current.contributors_may_plan) and not may_lead:
            raise ValidationError(
                {"contributors_may_plan": "Only your agency's lead can choose who may change the plan"}
            )
        _check_reason(plan.description, "description", "Enter what your agency will do")
        if len(plan.description) > DESCRIPTION_MAX:
            raise ValidationError({"description": f"Keep it to {DESCRIPTION_MAX:,} characters or fewer"})
        existing = {m.pk: m for m in current.milestones.filter(is_removed=False)}
        kept = _check_milestones(current, plan.milestones, existing, today)
        if plan.percent_from_milestones and not kept:
            raise ValidationError(
                {"percent_from_milestones": "Add a milestone to work out percent complete from milestones"}
            )
        if current.status == Status.ASSURED and plan.percent_from_milestones and percent_done(kept) != 100:
            raise ValidationError(
                {"percent_from_milestones": "This action is assured: every milestone must be done"}
            )
        _check_impact_plan(plan)
        changes.extend(_plan_changes(current, plan, existing, kept))
        if not changes:
            raise ValidationError("You have not changed anything in the plan.")

    def write(current: Action, when: datetime) -> dict:
        return _write_plan(current, plan, when)

    return _append(
        action,
        by=by,
        kind=UpdateKind.PLAN,
        rules=rules,
        expected_version=expected_version,
        form_token=form_token,
        at=at,
        narrative=lambda: " ".join(changes),
        plan=write,
    )


def _check_milestones(
    action: Action, specs: Sequence[MilestoneSpec], existing: dict[int, Milestone], today: date
) -> list[MilestoneSpec]:
    """The milestones the plan keeps, each checked; errors name the milestone by its
    place on the form (``m{n}_title`` and so on)."""
    published = action.recommendation.inspection.published_on
    errors: dict[str, str] = {}
    kept = []
    for n, spec in enumerate(specs):
        if spec.pk is not None and spec.pk not in existing:
            raise ValidationError("This form was for an older plan. Open the plan again.")
        if spec.remove:
            continue
        kept.append(spec)
        n = n if spec.row is None else spec.row
        place = f"milestone {n + 1}"
        title = spec.title.strip()
        if not title:
            errors[f"m{n}_title"] = f"Enter what {place} is"
        elif len(title) > 200:
            errors[f"m{n}_title"] = f"Describe {place} in 200 characters or fewer"
        if spec.due_on is None:
            errors[f"m{n}_due_on"] = f"Enter when {place} is due"
        elif problem := due_date_problem(spec.due_on, published):
            errors[f"m{n}_due_on"] = problem.replace("The due date", f"The due date of {place}")
        if spec.done_on is not None:
            if spec.done_on > today:
                errors[f"m{n}_done_on"] = f"The date {place} was done must be today or in the past"
            elif spec.done_on < published:
                errors[f"m{n}_done_on"] = (
                    f"The date {place} was done must be on or after the report was published, "
                    f"{date_format(published, 'j F Y')}"
                )
    if errors:
        raise ValidationError(errors)
    if len(kept) > MILESTONES_MAX:
        raise ValidationError(f"A plan can have up to {MILESTONES_MAX} milestones.")
    return kept


def _check_impact_plan(plan: Plan) -> None:
    if not plan.impact_measure.strip() and (
        plan.impact_baseline is not None or plan.impact_target is not None or plan.impact_unit.strip()
    ):
        raise ValidationError(
            {"impact_measure": "Say what would show the action made a difference, or leave the values empty"}
        )
    if len(plan.impact_measure) > 2_000:
        raise ValidationError({"impact_measure": "Keep it to 2,000 characters or fewer"})
    if len(plan.impact_unit) > IMPACT_UNIT_MAX:
        raise ValidationError({"impact_unit": f"Keep the unit to {IMPACT_UNIT_MAX} characters or fewer"})
    for name in ("impact_baseline", "impact_target"):
        value = getattr(plan, name)
        if value is not None and abs(value) >= IMPACT_VALUE_LIMIT:
            raise ValidationError({name: "Enter a value smaller than 10,000,000,000"})


def _day(value: date | None) -> str:
    return date_format(value, "j F Y") if value else ""


def _plan_changes(
    action: Action, plan: Plan, existing: dict[int, Milestone], kept: list[MilestoneSpec]
) -> list[str]:
    """What the change does, in sentences for the timeline (empty if nothing changes)."""
    said = []
    if plan.description.strip() != action.description:
        said.append("What we will do: changed." if action.description else "What we will do: written.")
    for spec in plan.milestones:
        title = spec.title.strip()
        before = existing.get(spec.pk) if spec.pk is not None else None
        if before is None:
            if not spec.remove:
                said.append(f"Milestone added: “{title}”, due {_day(spec.due_on)}.")
                if spec.done_on:
                    said.append(f"“{title}” done on {_day(spec.done_on)}.")
            continue
        if spec.remove:
            said.append(f"Milestone removed: “{before.title}”.")
            continue
        if title != before.title:
            said.append(f"Milestone “{before.title}” renamed “{title}”.")
        if spec.due_on != before.due_on:
            said.append(f"“{title}” now due {_day(spec.due_on)} (was {_day(before.due_on)}).")
        if spec.done_on != before.done_on:
            said.append(
                f"“{title}” done on {_day(spec.done_on)}."
                if spec.done_on
                else f"“{title}” not done after all."
            )
    if plan.percent_from_milestones != action.percent_from_milestones:
        said.append(
            f"Percent complete now worked out from the milestones: {percent_done(kept)}%."
            if plan.percent_from_milestones
            else "Percent complete no longer worked out from the milestones."
        )
    elif plan.percent_from_milestones and percent_done(kept) != action.percent_complete:
        said.append(f"Percent complete, from the milestones: {percent_done(kept)}%.")
    if plan.contributors_may_plan not in (None, action.contributors_may_plan):
        said.append(
            "Contributors may now change the plan."
            if plan.contributors_may_plan
            else "Only the agency's leads may now change the plan."
        )
    measure = (
        plan.impact_measure.strip(),
        plan.impact_baseline,
        plan.impact_target,
        plan.impact_unit.strip(),
    )
    if measure != (action.impact_measure, action.impact_baseline, action.impact_target, action.impact_unit):
        said.append("Impact measure changed." if action.impact_measure else "Impact measure set.")
    return said


def _write_plan(current: Action, plan: Plan, when: datetime) -> dict:
    """Write the plan onto the locked action and its milestones; return the snapshot
    its timeline entry keeps."""
    existing = {m.pk: m for m in current.milestones.filter(is_removed=False)}
    kept: list[Milestone] = []
    for position, spec in enumerate(plan.milestones):
        milestone = existing.get(spec.pk) if spec.pk is not None else Milestone(action=current)
        if spec.remove:
            if milestone.pk is not None:
                milestone.is_removed = True
                milestone.save(update_fields=["is_removed"])
            continue
        milestone.title, milestone.due_on, milestone.done_on = spec.title.strip(), spec.due_on, spec.done_on
        milestone.position = position
        milestone.save()
        kept.append(milestone)
    current.description = plan.description.strip()
    current.percent_from_milestones = plan.percent_from_milestones
    if plan.contributors_may_plan is not None:
        current.contributors_may_plan = plan.contributors_may_plan
    current.impact_measure = plan.impact_measure.strip()
    current.impact_baseline, current.impact_target = plan.impact_baseline, plan.impact_target
    current.impact_unit = plan.impact_unit.strip() if current.impact_measure else ""
    if plan.percent_from_milestones:
        current.percent_complete = percent_done(kept)
    snapshot = plan_snapshot(current, kept)
    # Read from the snapshot as the intervals read it from the timeline.
    current.milestone_due = intervals.next_milestone_due(snapshot)
    return snapshot


def plan_snapshot(action: Action, milestones: Sequence[Milestone]) -> dict:
    """The plan as a timeline entry keeps it."""

    def number(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {
        "description": action.description,
        "milestones": [
            {
                "id": m.pk,
                "title": m.title,
                "due_on": m.due_on.isoformat(),
                "done_on": m.done_on.isoformat() if m.done_on else None,
            }
            for m in milestones
        ],
        "percent_from_milestones": action.percent_from_milestones,
        "contributors_may_plan": action.contributors_may_plan,
        "impact": {
            "measure": action.impact_measure,
            "baseline": number(action.impact_baseline),
            "target": number(action.impact_target),
            "unit": action.impact_unit,
        },
    }


def action_mark_ready(
    *,
    action: Action,
    by,
    note: str = "",
    expected_version: int | None,
    form_token: uuid.UUID | None = None,
    at: datetime | None = None,
) -> Update:
    """Someone in the agency says an in-progress action is ready for the lead to submit
    (the leads are e-mailed). Nothing about the action changes; the entry stands until
    the next status change."""

    def rules(current: Action) -> None:
        _may(access.can_edit_action(by, current))
        _check_open_for_partners(current)
        if current.status != Status.IN_PROGRESS:
            raise ValidationError(
                f"Only an action in progress can be marked ready; this one is "
                f"{Status(current.status).label.lower()}."
            )
        if current.is_ready:
            raise ValidationError("This action is already marked ready for the lead.")

    return _append(
        action,
        by=by,
        kind=UpdateKind.READY,
        rules=rules,
        expected_version=expected_version,
        form_token=form_token,
        at=at,
        narrative=note.strip(),
    )


def action_submit(
    *,
    action: Action,
    by,
    note: str = "",
    expected_version: int | None,
    form_token: uuid.UUID | None = None,
    at: datetime | None = None,
) -> Update:
    """The lead submits an in-progress action for assurance as it stands, without
    logging progress again: it must be 100% complete with evidence."""

    def rules(current: Action) -> None:
        _may(access.can_lead_action(by, current))
        _check_open_for_partners(current)
        _check_move(current, Status.SUBMITTED)
        if current.percent_complete != 100:
            raise ValidationError(
                f"This action is {current.percent_complete}% complete. Log progress to 100% before submitting it."
            )
        _check_submission(current, percent_complete=None, new_files=0)

    return _append(
        action,
        by=by,
        kind=UpdateKind.STATUS,
        rules=rules,
        expected_version=expected_version,
        form_token=form_token,
        at=at,
        narrative=note.strip(),
        status_to=Status.SUBMITTED,
    )


def _check_submission(action: Action, *, percent_complete: int | None, new_files: int) -> None:
    if action.percent_from_milestones and action.percent_complete != 100:
        raise ValidationError(
            {
                "status_to": f"This action is {action.percent_complete}% complete: mark every milestone "
                "done in the plan before submitting it"
            }
        )
    if percent_complete is not None and percent_complete != 100:
        raise ValidationError({"percent_complete": "An action submitted for assurance must be 100% complete"})
    if not new_files and not Evidence.objects.filter(update__action=action).exists():
        raise ValidationError(
            {"files": "Attach at least one piece of evidence before submitting for assurance"}
        )


@dataclass(frozen=True)
class Decision:
    """One of the assurance team's moves on an action the agency has finished with."""

    from_status: str
    to_status: str
    verb: str  # "assured", "returned", "reopened"
    reason_needed: str = ""  # the error when no reason is given; empty if none is needed


ASSURE = Decision(Status.SUBMITTED, Status.ASSURED, "assured")
RETURN = Decision(Status.SUBMITTED, Status.IN_PROGRESS, "returned", "Enter why the action is being returned")
# Reopening, when the impact faded or a re-inspection found the issue again.
REOPEN = Decision(Status.ASSURED, Status.IN_PROGRESS, "reopened", "Enter why the action is being reopened")


def action_decide(
    decision: Decision,
    *,
    action: Action,
    by,
    note: str = "",
    files: Sequence[UploadedFile] = (),
    expected_version: int | None,
    form_token: uuid.UUID | None = None,
    at: datetime | None = None,
) -> Update:
    """The assurance team assures, returns or reopens an action, with a note (a reason
    where the decision needs one) and any evidence of their own. Nobody decides on their
    own agency's work."""

    def rules(current: Action) -> None:
        _may(access.can_assure_action(by, current))
        _check_open_for_partners(current)
        if current.status != decision.from_status:
            raise ValidationError(
                f"Only an action that is {Status(decision.from_status).label.lower()} can be "
                f"{decision.verb}; this one is {Status(current.status).label.lower()}."
            )
        if decision.reason_needed:
            _check_reason(note, "reason", decision.reason_needed)

    return _append(
        action,
        by=by,
        kind=UpdateKind.STATUS,
        rules=rules,
        expected_version=expected_version,
        form_token=form_token,
        at=at,
        narrative=note.strip(),
        status_to=decision.to_status,
        files=files,
    )


def action_assure(*, note: str = "", **kwargs) -> Update:
    """The assurance team accepts a submitted action: it is closed."""
    return action_decide(ASSURE, note=note, **kwargs)


def action_return(*, reason: str, **kwargs) -> Update:
    """The assurance team sends a submitted action back to the agency, saying why."""
    return action_decide(RETURN, note=reason, **kwargs)


def action_reopen(*, reason: str, **kwargs) -> Update:
    """The assurance team reopens an assured action, saying why."""
    return action_decide(REOPEN, note=reason, **kwargs)


def action_assign_owner(
    *,
    action: Action,
    by,
    owner,
    expected_version: int | None,
    form_token: uuid.UUID | None = None,
    at: datetime | None = None,
) -> Update:
    """An agency lead (or an administrator) names the person accountable for the action."""

    def rules(current: Action) -> None:
        _may(access.can_lead_action(by, current) or access.is_administrator(by))
        _check_open_for_partners(current)
        if owner is not None and current.agency_id not in access.agency_roles(owner):
            raise ValidationError({"owner": "Choose someone who works for the agency"})
        if (owner.pk if owner is not None else None) == current.owner_id:
            # The timeline is append-only: an entry saying nothing changed could never be removed.
            raise ValidationError({"owner": "Choose someone other than the current owner"})

    before = str(action.owner) if action.owner_id else "nobody"
    after = str(owner) if owner is not None else "nobody"
    return _append(
        action,
        by=by,
        kind=UpdateKind.OWNER,
        rules=rules,
        expected_version=expected_version,
        form_token=form_token,
        at=at,
        narrative=f"Owner changed from {before} to {after}.",
        owner=owner,
    )


def action_request_extension(
    *,
    action: Action,
    by,
    due_date: date | None,
    reason: str,
    expected_version: int | None,
    form_token: uuid.UUID | None = None,
    at: datetime | None = None,
) -> Update:
    """An agency lead asks the GMCA assurance team for a later due date, saying why.
    The due date in force stands (and the action stays overdue against it) until the
    team approves; one request waits at a time."""

    def rules(current: Action) -> None:
        _may(access.can_lead_action(by, current))
        _check_open_for_partners(current)
        if current.status not in (Status.NOT_STARTED, Status.IN_PROGRESS):
            raise ValidationError(
                f"This action is {Status(current.status).label.lower()}: its due date no longer needs moving."
            )
        if due_date is None:
            raise ValidationError({"due_date": "Enter the due date you are asking for"})
        if problem := due_date_problem(due_date, current.recommendation.inspection.published_on):
            raise ValidationError({"due_date": problem})
        if due_date <= current.due_date:
            raise ValidationError(
                {
                    "due_date": f"Enter a date after the current due date, {date_format(current.due_date, 'j F Y')}"
                }
            )
        _check_reason(reason, "reason", "Enter why the action needs more time")
        if (waiting := current.pending_extension()) is not None:
            raise ValidationError(
                f"A new due date of {date_format(waiting.requested_due_date, 'j F Y')} is already waiting for "
                "the GMCA assurance team."
            )

    return _append(
        action,
        by=by,
        kind=UpdateKind.EXTENSION_REQUEST,
        rules=rules,
        expected_version=expected_version,
        form_token=form_token,
        at=at,
        narrative=reason.strip(),
        requested_due_date=due_date,
    )


def action_decide_extension(
    *,
    action: Action,
    by,
    approve: bool,
    note: str = "",
    expected_version: int | None,
    form_token: uuid.UUID | None = None,
    at: datetime | None = None,
) -> Update:
    """The GMCA assurance team approves the waiting request for a later due date (the
    due date moves, by them, on the timeline) or refuses it with a reason."""
    request = action.pending_extension()

    def rules(current: Action) -> None:
        _may(access.can_assure_action(by, current))
        _check_open_for_partners(current)
        if request is None or current.pending_extension() != request:
            raise ValidationError("No request for a new due date is waiting on this action.")
        if not approve:
            _check_reason(note, "note", "Enter why the new due date is refused")

    if not approve:
        return _append(
            action,
            by=by,
            kind=UpdateKind.EXTENSION_REFUSED,
            rules=rules,
            expected_version=expected_version,
            form_token=form_token,
            at=at,
            narrative=note.strip(),
        )
    wanted = request.requested_due_date if request is not None else None
    return _append(
        action,
        by=by,
        kind=UpdateKind.DUE_DATE,
        rules=rules,
        expected_version=expected_version,
        form_token=form_token,
        at=at,
        narrative=note.strip()
        or (f"New due date of {date_format(wanted, 'j F Y')} approved." if wanted else ""),
        due_date=wanted,
    )


def action_change_due_date(
    *,
    action: Action,
    by,
    due_date: date | None,
    reason: str,
    expected_version: int | None,
    form_token: uuid.UUID | None = None,
    at: datetime | None = None,
) -> Update:
    """The GMCA assurance team (or an administrator, correcting a record) moves the due
    date, saying why; the old and new dates go on the timeline. An agency asks for a
    new date with ``action_request_extension``."""

    def rules(current: Action) -> None:
        _may(access.can_assure_action(by, current) or access.is_administrator(by))
        _check_open_for_partners(current)
        if due_date is None:
            raise ValidationError({"due_date": "Enter the new due date"})
        if problem := due_date_problem(due_date, current.recommendation.inspection.published_on):
            raise ValidationError({"due_date": problem})
        if due_date == current.due_date:
            raise ValidationError({"due_date": "Enter a date different from the current due date"})
        _check_reason(reason, "reason", "Enter why the due date is changing")

    return _append(
        action,
        by=by,
        kind=UpdateKind.DUE_DATE,
        rules=rules,
        expected_version=expected_version,
        form_token=form_token,
        at=at,
        narrative=reason.strip(),
        due_date=due_date,
    )


def action_archive(
    *,
    action: Action,
    by,
    archived: bool = True,
    reason: str,
    expected_version: int | None,
    form_token: uuid.UUID | None = None,
    at: datetime | None = None,
) -> Update:
    """An administrator archives an action (it leaves the lists and the figures from
    now on, keeping its history), or restores it. Either is an entry on the timeline,
    so figures for earlier dates do not change."""

    def rules(current: Action) -> None:
        _may(access.is_administrator(by))
        _check_published(current)
        if current.is_archived == archived:
            raise ValidationError(
                {
                    "is_archived": "The action is already archived."
                    if archived
                    else "The action is not archived."
                }
            )
        _check_reason(reason, "reason", "Enter why the action is being archived or restored")

    return _append(
        action,
        by=by,
        kind=UpdateKind.ARCHIVE,
        rules=rules,
        expected_version=expected_version,
        form_token=form_token,
        at=at,
        narrative=reason.strip(),
        archived=archived,
    )


def recommendation_archive(*, recommendation: Recommendation, by, archived: bool = True, reason: str) -> int:
    """Archive (or restore) a recommendation with its actions: each action's archiving
    is on its own timeline. Returns how many actions changed."""
    _may(access.is_administrator(by))
    _check_reason(reason, "reason", "Enter why the recommendation is being archived or restored")
    changed = 0
    with transaction.atomic():
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if recommendation.inspection.is_draft:
            # A draft's actions are out of the lists until the report is published,
            # which publishes the actions of the recommendations not archived then.
            _set_recommendation_archived(recommendation, archived, by)
            return 0
        # Every agency's tally state at once, in one order, before the actions touch them
        # one by one: two archives over the same agencies cannot then deadlock.
        tallies.touch_recommendations([recommendation.pk])
        if not archived:
            # Restored first, so each action's restoring entry finds it live again.
            _set_recommendation_archived(recommendation, archived, by)
        for action in recommendation.actions.filter(is_archived=not archived).order_by("pk"):
            action_archive(action=action, by=by, archived=archived, reason=reason, expected_version=None)
            changed += 1
        _set_recommendation_archived(recommendation, archived, by)
    return changed


def inspection_publish(*, inspection: Inspection, by, at: datetime | None = None) -> int:
    """An administrator publishes a draft report to partners: from now on partners,
    oversight, the public page and the API see it, its grades and its recommendations,
    and each of its actions (except on archived recommendations) enters the lists and
    the figures with a "published" entry on its timeline. Figures for earlier days do
    not change. Returns how many actions were published."""
    _may(access.is_administrator(by))
    published = 0
    with transaction.atomic(), batch.batched():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if not inspection.is_draft:
            raise ValidationError(
                f"{inspection.title} was already published to partners on "
                f"{date_format(timezone.localtime(inspection.released_at), 'j F Y')}."
            )
        when = at or timezone.now()
        inspection.released_at = when
        inspection._history_user = by
        inspection._history_date = when
        inspection.save(update_fields=["released_at"])
        actions = Action.objects.filter(
            recommendation__inspection=inspection, recommendation__is_archived=False, is_archived=True
        ).order_by("pk")
        for action in actions:
            _append(
                action,
                by=by,
                kind=UpdateKind.PUBLISH,
                rules=lambda current: None,
                expected_version=None,
                form_token=None,
                at=at,
                narrative=f"{inspection.title} was published to partners.",
                archived=False,
            )
            published += 1
        # The report, its grades and recommendations enter today's lists even with no action.
        cache.bump(cache.HISTORY if at is not None else cache.CURRENT)
    return published


def _set_recommendation_archived(recommendation: Recommendation, archived: bool, by) -> None:
    if recommendation.is_archived != archived:
        recommendation.is_archived = archived
        recommendation._history_user = by
        recommendation.save(update_fields=["is_archived"])


def action_create(
    *,
    recommendation: Recommendation,
    agency,
    due_date: date,
    by,
    owner=None,
    description: str = "",
    at: datetime | None = None,
) -> Action:
    """An administrator (or the demo) adds an agency's action to a recommendation. It
    starts not started, version 1, with nothing yet on its timeline; in a draft report,
    out of the lists and figures until the report is published."""
    _may(access.is_administrator(by))
    if Action.objects.filter(recommendation=recommendation, agency=agency).exists():
        raise ValidationError({"agency": f"{agency.short_name} already has an action on this recommendation"})
    if owner is not None and agency.pk not in access.agency_roles(owner):
        raise ValidationError({"owner": "Choose someone who works for the agency"})
    (action,) = actions_create(
        [ActionSpec(recommendation, agency, due_date, owner, description)], by=by, at=at, reason=""
    )
    return action


@dataclass(frozen=True)
class ActionSpec:
    recommendation: Recommendation
    agency: object
    due_date: date
    owner: object = None
    description: str = ""


def actions_create(
    specs: Sequence[ActionSpec], *, by, reason: str, at: datetime | None = None
) -> list[Action]:
    """Create many not-started actions at once (the importer's rows): the same rules as
    ``action_create``, a fixed number of queries, and one history row each."""
    _may(access.is_administrator(by))
    for spec in specs:
        if problem := due_date_problem(spec.due_date, spec.recommendation.inspection.published_on):
            raise ValidationError({"due_date": problem})
    when = at or timezone.now()
    with transaction.atomic():
        actions = bulk_create_with_history(
            [
                Action(
                    recommendation=spec.recommendation,
                    agency=spec.agency,
                    due_date=spec.due_date,
                    original_due_date=spec.due_date,
                    owner=spec.owner,
                    description=spec.description,
                    # Out of the lists and figures until the report is published.
                    is_archived=spec.recommendation.inspection.is_draft,
                    created_at=when,
                    updated_at=when,
                )
                for spec in specs
            ],
            Action,
            default_user=by,
            default_change_reason=reason or None,
            default_date=when,
        )
        intervals.open_first(actions)
        tallies.touch(a.agency_id for a in actions)
    if actions:
        cache.bump(cache.HISTORY if at else cache.CURRENT)
    return actions


# -- The one step that writes ---------------------------------------------------------


def _append(
    action: Action,
    *,
    by,
    kind: str,
    rules: Rules,
    expected_version: int | None,
    form_token: uuid.UUID | None,
    at: datetime | None,
    narrative: str | Callable[[], str] = "",
    confidence: str = "",
    percent_complete: int | None = None,
    status_to: str = "",
    due_date: date | None = None,
    owner=NOT_GIVEN,
    archived: bool | None = None,
    requested_due_date: date | None = None,
    voice: str | None = None,
    plan: Callable[[Action, datetime], dict] | None = None,
    impact_value: Decimal | None = None,
    impact_evidenced: bool | None = None,
    files: Sequence[UploadedFile] = (),
) -> Update:
    """Lock the action, de-duplicate by form token, compare versions, check ``rules``
    against the locked row, then write the update (and evidence) and stamp the action.

    ``at`` backdates the entry (the demo's history); it may not come before the
    action's latest entry, so the timeline stays in order. A form token already used
    returns that earlier update, marked ``is_duplicate``, and changes nothing. The
    caller's ``action`` is refreshed with the new state. Five or six queries, plus two
    for each evidence file (and for a plan, one to read the milestones and one to write
    each). ``narrative`` may be worked out once the rules have passed; ``plan`` writes
    the plan onto the locked action and returns the snapshot its entry keeps.
    """
    stored: list = []
    try:
        with transaction.atomic():
            current = (
                Action.objects.select_for_update(of=("self",))
                .select_related("recommendation__inspection")
                .get(pk=action.pk)
            )
            if form_token is not None:
                earlier = Update.objects.filter(form_token=form_token).first()
                if earlier is not None:
                    if earlier.action_id != current.pk:
                        raise ValidationError("This form was not for this action. Open the form again.")
                    earlier.is_duplicate = True
                    _copy_state(current, action)
                    return earlier
            if expected_version is not None and current.version != expected_version:
                raise StaleVersion(STALE_MESSAGE)
            rules(current)
            if at is not None and at < current.updated_at:
                raise ValidationError("A backdated entry cannot come before the action's latest entry.")
            # Never before the latest entry, even if this server's clock is a little behind
            # another's: the timeline, and the intervals cut from it, stay in order.
            when = at or max(timezone.now(), current.updated_at)
            if callable(narrative):
                narrative = narrative()
            snapshot = plan(current, when) if plan is not None else None
            if snapshot is not None and current.percent_from_milestones:
                # On the entry too, so that the timeline alone gives the figure.
                percent_complete = current.percent_complete
            update = Update(
                action=current,
                author=by,
                kind=kind,
                narrative=narrative,
                confidence=confidence,
                percent_complete=percent_complete,
                created_at=when,
                form_token=form_token,
                requested_due_date=requested_due_date,
                plan=snapshot,
                impact_value=impact_value,
            )
            if status_to and status_to != current.status:
                update.status_from, update.status_to = current.status, status_to
                current.status = status_to
                if status_to != Status.ASSURED:
                    # Impact is evidenced only while the action stays assured as delivered.
                    current.impact_evidenced = False
            if impact_evidenced is not None:
                current.impact_evidenced = impact_evidenced
            if confidence:
                current.confidence = confidence
            if percent_complete is not None:
                current.percent_complete = percent_complete
            if due_date is not None and due_date != current.due_date:
                update.due_date_from, update.due_date_to = current.due_date, due_date
                current.due_date = due_date
            if owner is not NOT_GIVEN:
                update.owner_from_id, update.owner_to = current.owner_id, owner
                current.owner = owner
            if archived is not None:
                update.archived = archived
                current.is_archived = archived
            if voice is not None:
                update.voice = current.voice = voice
                current.voice_note = narrative
            current.version += 1
            current.updated_at = when
            current._history_user = by
            current._history_date = when
            current.save()
            update.save()
            intervals.advance(current, update, evidenced=bool(files))
            tallies.touch([current.agency_id])
            _attach_evidence(update=update, files=files, stored=stored, at=at)
            # A backdated entry changes figures for past dates as well as today's; any
            # other entry (archiving included: it is an interval too) only today's.
            cache.bump(cache.HISTORY if at is not None else cache.CURRENT)
            if at is None and (update.status_to or kind in NOTIFIED_KINDS):
                transaction.on_commit(partial(notifications.event_notify, update_id=update.pk), robust=True)
    except BaseException:
        # The rows were rolled back: take back the files already written too, so that no
        # evidence is left on disk without a record (unlisted, unaudited, never backed up).
        for field_file in stored:
            with contextlib.suppress(OSError):
                field_file.storage.delete(field_file.name)
        raise
    _copy_state(current, action)
    return update


def _copy_state(source: Action, target: Action) -> None:
    # Setting owner_id drops a cached owner that no longer matches (Django's FK descriptor).
    for field in (
        "status",
        "confidence",
        "percent_complete",
        "due_date",
        "owner_id",
        "is_archived",
        "voice",
        "voice_note",
        "description",
        "contributors_may_plan",
        "percent_from_milestones",
        "milestone_due",
        "impact_measure",
        "impact_baseline",
        "impact_target",
        "impact_unit",
        "impact_evidenced",
        "version",
        "updated_at",
    ):
        setattr(target, field, getattr(source, field))


def _attach_evidence(
    *, update: Update, files: Sequence[UploadedFile], stored: list, at: datetime | None
) -> list[Evidence]:
    """Store each file and record it; every file written is appended to ``stored`` so
    that the caller can take it back if the transaction fails."""
    attached = []
    for upload in files:
        checked = check_evidence_file(upload)
        evidence = Evidence(
            update=update,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_at=at or update.created_at,
        )
        try:
            evidence.file.save(checked.original_name, upload, save=False)
        except OSError as error:
            # Storage full or unwritable: the caller's transaction rolls the update back.
            raise ValidationError(
                {
                    "files": f"{checked.original_name} could not be stored, so nothing has been saved. Try again later."
                }
            ) from error
        stored.append(evidence.file)
        evidence.save()
        attached.append(evidence)
    return attached
