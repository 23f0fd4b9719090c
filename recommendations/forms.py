"""Forms for the partner workspace and the assurance queue.

Forms only parse what was typed (a real date, a whole number, a file of an allowed
type); every rule about the action itself is in ``recommendations.services``, whose
errors the views put on the same fields. Every form that changes an action carries the action's ``version`` (so a stale form
is caught, never silently applied) and a one-time ``form_token`` (so a double
submission writes one update). Messages follow the GOV.UK error message style.
"""

from __future__ import annotations

import uuid
from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from agencies.models import User
from recommendations.evidence import ACCEPT_ATTRIBUTE, ALLOWED_DESCRIPTION, check_evidence_file
from recommendations.models import Action, Confidence, Status, Voice

NO_PERSONAL_DATA = (
    "Describe systems and practice only. Do not enter names or details of children, victims, "
    "families or cases."
)
MAX_FILES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise ValidationError(f"Attach {MAX_FILES} files or fewer at a time")
        errors, checked = [], []
        for upload in files:
            try:
                check_evidence_file(upload)
                checked.append(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


class DateInputWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes."""

    template_name = "includes/date_input_widget.html"

    def __init__(self, attrs=None) -> None:
        numeric = {"inputmode": "numeric", "spellcheck": "false"}
        super().__init__(
            {
                "day": forms.TextInput(numeric),
                "month": forms.TextInput(numeric),
                "year": forms.TextInput(numeric),
            },
            attrs,
        )

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]


class GovukDateField(forms.MultiValueField):
    widget = DateInputWidget

    def __init__(self, *, name: str, **kwargs) -> None:
        self.name = name
        # Parts are optional one by one, so ``compress`` can name the missing one.
        parts = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        super().__init__(parts, require_all_fields=False, **kwargs)

    def compress(self, values):
        if not values or not any(values):
            return None
        day, month, year = (str(v or "").strip() for v in values)
        for part, value in (("day", day), ("month", month), ("year", year)):
            if not value:
                raise ValidationError(f"{self.name} must include a {part}")
        try:
            if len(year) != 4:
                raise ValueError
            return date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(f"{self.name} must be a real date") from None


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, action: Action, **kwargs) -> None:
        self.action = action
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", action.version)
        kwargs["initial"].setdefault("form_token", uuid.uuid4())
        super().__init__(*args, **kwargs)


# What each move offered with a progress update does, said as what the person is doing.
MOVE_LABELS = {
    Status.IN_PROGRESS: "Start it: in progress",
    Status.SUBMITTED: "Submit it for assurance with this update",
}


class ProgressForm(VersionedForm):
    narrative = forms.CharField(
        label="What has been done since the last update?",
        help_text=NO_PERSONAL_DATA,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        required=False,  # services.progress_log asks for a narrative
    )
    confidence = forms.ChoiceField(
        label="How confident are you that the action will be delivered on time?",
        choices=Confidence.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a delivery confidence",
            "invalid_choice": "Select a delivery confidence",
        },
    )
    percent_complete = forms.IntegerField(
        label="Percent complete",
        help_text="A whole number from 0 to 100.",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Enter how complete the action is, from 0 to 100",
            "invalid": "Percent complete must be a whole number, like 60",
            "min_value": "Percent complete must be 0 or more",
            "max_value": "Percent complete must be 100 or less",
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-3"}
        ),
    )
    status_to = forms.ChoiceField(
        label="Change the status",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select a status the action can move to"},
    )
    files = MultipleFileField(
        label="Evidence (optional)",
        help_text=ALLOWED_DESCRIPTION,
        widget=MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    def __init__(self, *args, action: Action, moves: list[str], **kwargs) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("confidence", action.confidence or None)
        kwargs["initial"].setdefault("percent_complete", action.percent_complete)
        super().__init__(*args, action=action, **kwargs)
        # Any status parses; ``services.progress_log`` decides whether this person may
        # make the move. Only the moves they may make are offered.
        field = self.fields["status_to"]
        field.choices = [("", ""), *Status.choices]
        field.widget.choices = [("", f"Keep it {Status(action.status).label.lower()}")] + [
            (s, MOVE_LABELS.get(s, Status(s).label)) for s in moves
        ]
        self.offers_moves = bool(moves)
        limit = filesizeformat(settings.EVIDENCE_MAX_BYTES)
        self.fields[
            "files"
        ].help_text = (
            f"{ALLOWED_DESCRIPTION}, each smaller than {limit}. You can choose several files at once."
        )


class OwnerForm(VersionedForm):
    owner = forms.ModelChoiceField(
        label="Who owns this action?",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody yet",
        error_messages={"invalid_choice": "Choose someone who works for the agency"},
    )

    def __init__(self, *args, action: Action, **kwargs) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("owner", action.owner_id)
        super().__init__(*args, action=action, **kwargs)
        # Only the agency's own people: a forged id for anyone else is an invalid choice.
        self.fields["owner"].queryset = User.objects.filter(
            memberships__agency_id=action.agency_id, is_active=True
        ).order_by("first_name", "last_name")


class DueDateForm(VersionedForm):
    due_date = GovukDateField(
        name="The new due date",
        label="The due date you are asking for",
        help_text="For example, 27 3 2027",
        required=False,  # services.action_request_extension asks for one
        error_messages={"incomplete": "Enter the due date you are asking for"},
    )
    reason = forms.CharField(
        label="Why does the action need more time?",
        help_text="The GMCA assurance team decides; until then the current due date stands. "
        + NO_PERSONAL_DATA,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        required=False,  # services.action_request_extension asks for a reason
    )


def text_field(label: str, *, help_text: str = NO_PERSONAL_DATA, rows: int = 3) -> forms.CharField:
    """A free-text note or reason on the timeline. Never required here: the service
    asks for a reason where one is needed, so the error comes from the one place."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=5_000,
    )


class AssureForm(VersionedForm):
    note = text_field("Comment (optional)")


class ReadyForm(VersionedForm):
    note = text_field("Anything the lead should know (optional)")


class VoiceForm(VersionedForm):
    voice = forms.ChoiceField(
        label="Have the views of children, young people, parents or carers shaped this action?",
        choices=Voice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether their views shaped this action"},
    )
    note = text_field(
        "How did their views shape it?",
        help_text="For example what a group of young people told you and what you changed because of it. "
        "Never write anything that could identify a child, young person or family: no names, ages, "
        "schools, places or case details.",
        rows=5,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["voice"].initial = self.action.voice or None
        self.fields["note"].initial = self.action.voice_note


class SubmitForm(VersionedForm):
    note = text_field("Note for the GMCA assurance team (optional)")


class ExtensionDecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        label="Do you approve the new due date?",
        choices=[("approve", "Yes, approve it"), ("refuse", "No, refuse it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you approve the new due date"},
    )
    note = text_field(
        "Your reason",
        help_text="Needed if you refuse; the agency will see it on the action's timeline. "
        + NO_PERSONAL_DATA,
        rows=4,
    )


class ReopenForm(VersionedForm):
    reason = text_field(
        "Why are you reopening this action?",
        help_text="For example, the impact has faded or a re-inspection found the issue again. "
        "The agency will see this on the action's timeline. " + NO_PERSONAL_DATA,
        rows=4,
    )


class ReturnForm(VersionedForm):
    reason = text_field(
        "Why are you returning this action?",
        help_text="The agency will see this on the action's timeline. " + NO_PERSONAL_DATA,
        rows=4,
    )
