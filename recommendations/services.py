"""What partners and oversight do to actions. Views call these; they hold the rules.

Each function checks that the person may do what is asked (the views' access helpers
already keep outsiders out; this is the second lock), runs in one transaction and
goes through ``Action.record``/``Action.transition`` so that every change is an
``Update`` row on the timeline and a history row.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Sequence
from datetime import date
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from notifications import services as notifications
from recommendations import access
from recommendations.evidence import check_evidence_file
from recommendations.models import Action, Evidence, Status, Update, UpdateKind


def _attach_evidence(*, update: Update, files: Sequence[UploadedFile], stored: list) -> list[Evidence]:
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


def update_create(
    *,
    action: Action,
    author,
    narrative: str,
    confidence: str,
    percent_complete: int,
    status_to: str = "",
    files: Sequence[UploadedFile] = (),
    expected_version: int,
    form_token: uuid.UUID | None = None,
) -> Update:
    """Log progress on an action, optionally moving its status and attaching evidence.

    Submitting for assurance is a lead's move and needs a narrative and evidence (new
    or already on the action); assuring and returning are oversight's and have their
    own functions.
    """
    if not access.can_edit_action(author, action):
        raise PermissionDenied
    if (earlier := _already_done(action=action, form_token=form_token)) is not None:
        return earlier
    if action.status in Action.CLOSED_OR_WAITING:
        raise ValidationError(
            f"This action is {Status(action.status).label.lower()}, so progress can no longer be logged on it."
        )
    if not narrative.strip():
        raise ValidationError({"narrative": "Enter what has been done since the last update"})
    if status_to == action.status:
        status_to = ""
    if status_to:
        action.check_transition(status_to)
        if status_to == Status.SUBMITTED:
            _check_can_submit(action=action, user=author, new_files=len(files))
        elif action.status == Status.SUBMITTED:
            raise ValidationError({"status_to": "Only oversight can return a submitted action."})
        elif status_to not in (Status.IN_PROGRESS,):
            raise ValidationError({"status_to": "Only oversight can assure an action."})
    stored: list = []
    try:
        with transaction.atomic():
            update = action.record(
                by=author,
                kind=UpdateKind.PROGRESS,
                narrative=narrative.strip(),
                confidence=confidence,
                percent_complete=percent_complete,
                status_to=status_to,
                expected_version=expected_version,
                form_token=form_token,
            )
            if not getattr(update, "is_duplicate", False):
                _attach_evidence(update=update, files=files, stored=stored)
                if update.status_to == Status.SUBMITTED:
                    _notify_on_commit(update)
    except BaseException:
        # The rows were rolled back: take back the files already written too, so that no
        # evidence is left on disk without a record (unlisted, unaudited, never backed up).
        for field_file in stored:
            with contextlib.suppress(OSError):
                field_file.storage.delete(field_file.name)
        raise
    return update


def _already_done(*, action: Action, form_token: uuid.UUID | None) -> Update | None:
    """The update an earlier submission of the same form wrote, if any: a double click
    or a resent form then changes nothing and is not an error."""
    if form_token is None:
        return None
    earlier = Update.objects.filter(form_token=form_token, action=action).first()
    if earlier is not None:
        earlier.is_duplicate = True
    return earlier


def _check_can_submit(*, action: Action, user, new_files: int) -> None:
    if not access.can_lead_action(user, action):
        raise ValidationError({"status_to": "Only your agency's lead can submit an action for assurance."})
    if not new_files and not Evidence.objects.filter(update__action=action).exists():
        raise ValidationError(
            {"files": "Attach at least one piece of evidence before submitting for assurance"}
        )


def action_assure(
    *, action: Action, by, note: str, expected_version: int, form_token: uuid.UUID | None = None
) -> Update:
    """Oversight accepts a submitted action: it is closed."""
    if not access.can_assure_action(by, action):
        raise PermissionDenied
    if (earlier := _already_done(action=action, form_token=form_token)) is not None:
        return earlier
    update = action.transition(
        to=Status.ASSURED, by=by, note=note.strip(), expected_version=expected_version, form_token=form_token
    )
    _notify_on_commit(update)
    return update


def action_return(
    *, action: Action, by, reason: str, expected_version: int, form_token: uuid.UUID | None = None
) -> Update:
    """Oversight sends a submitted action back to the agency, with a reason."""
    if not access.can_assure_action(by, action):
        raise PermissionDenied
    if (earlier := _already_done(action=action, form_token=form_token)) is not None:
        return earlier
    if action.status != Status.SUBMITTED:
        action.check_transition(Status.IN_PROGRESS)  # names what is allowed instead
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the action is being returned"})
    update = action.transition(
        to=Status.IN_PROGRESS, by=by, note=reason.strip(), expected_version=expected_version
    )
    _notify_on_commit(update)
    return update


def _notify_on_commit(update: Update) -> None:
    """E-mail the people a submission, return or assurance concerns once it is committed;
    a mail server that is down fails nothing here (send_reminders retries)."""
    if not getattr(update, "is_duplicate", False):
        transaction.on_commit(partial(notifications.event_notify, update_id=update.pk), robust=True)


def action_assign_owner(
    *, action: Action, by, owner, expected_version: int, form_token: uuid.UUID | None = None
) -> Update:
    """An agency lead names the person accountable for the action."""
    if not access.can_lead_action(by, action):
        raise PermissionDenied
    if (earlier := _already_done(action=action, form_token=form_token)) is not None:
        return earlier
    if owner is not None and action.agency_id not in access.agency_roles(owner):
        raise ValidationError({"owner": "Choose someone who works for the agency"})
    if (owner.pk if owner is not None else None) == action.owner_id:
        # The timeline is append-only: an entry saying nothing changed could never be removed.
        raise ValidationError({"owner": "Choose someone other than the current owner"})
    before = str(action.owner) if action.owner_id else "nobody"
    after = str(owner) if owner is not None else "nobody"
    return action.record(
        by=by,
        kind=UpdateKind.OWNER,
        narrative=f"Owner changed from {before} to {after}.",
        owner=owner,
        expected_version=expected_version,
        form_token=form_token,
    )


def action_change_due_date(
    *,
    action: Action,
    by,
    due_date: date,
    reason: str,
    expected_version: int,
    form_token: uuid.UUID | None = None,
) -> Update:
    """An agency lead moves the due date, saying why; the old and new dates go on the timeline."""
    if not access.can_lead_action(by, action):
        raise PermissionDenied
    if (earlier := _already_done(action=action, form_token=form_token)) is not None:
        return earlier
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the due date is changing"})
    published = action.recommendation.inspection.published_on
    if due_date < published:
        raise ValidationError({"due_date": "The due date must be on or after the report was published"})
    if due_date == action.due_date:
        raise ValidationError({"due_date": "Enter a date different from the current due date"})
    return action.record(
        by=by,
        kind=UpdateKind.DUE_DATE,
        narrative=reason.strip(),
        due_date=due_date,
        expected_version=expected_version,
        form_token=form_token,
    )
