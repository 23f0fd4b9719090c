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
from recommendations import services
from recommendations.evidence import ACCEPT_ATTRIBUTE, ALLOWED_DESCRIPTION, check_evidence_file
from recommendations.models import MILESTONES_MAX, Action, Confidence, Milestone, Status, Voice
from recommendations.templatetags.govuk import measured

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


def evidence_field() -> MultipleFileField:
    return MultipleFileField(
        label="Evidence (optional)",
        help_text=ALLOWED_DESCRIPTION,
        widget=MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )


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


def measure_hint(action: Action) -> str:
    """The impact measure, its baseline and target, as a hint beside a value field."""
    parts = [action.impact_measure.rstrip(".") + "."]
    if action.impact_baseline is not None:
        parts.append(f"Baseline {measured(action.impact_baseline, action.impact_unit)}.")
    if action.impact_target is not None:
        parts.append(f"Target {measured(action.impact_target, action.impact_unit)}.")
    return " ".join(parts)


def decimal_field(label: str, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=12,
        decimal_places=2,
        error_messages={
            "invalid": f"{label.split(' (')[0].capitalize()} must be a number, like 62 or 4.5",
            "max_digits": "Enter a value smaller than 10,000,000,000",
            "max_whole_digits": "Enter a value smaller than 10,000,000,000",
            "max_decimal_places": "Enter the value to 2 decimal places or fewer",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        **kwargs,
    )


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
    # Its hint is set with the size limit below.
    files = evidence_field()

    impact_value = decimal_field("Latest value of the impact measure (optional)")

    def __init__(self, *args, action: Action, moves: list[str], **kwargs) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("confidence", action.confidence or None)
        kwargs["initial"].setdefault("percent_complete", action.percent_complete)
        super().__init__(*args, action=action, **kwargs)
        if action.percent_from_milestones:
            # Worked out from the milestones (``services.action_plan``), not typed in.
            del self.fields["percent_complete"]
        if action.impact_measure:
            self.fields["impact_value"].help_text = measure_hint(action)
        else:
            del self.fields["impact_value"]
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
    # What the assurance team saw, if they have it as a file: a site visit note, say.
    files = evidence_field()


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


class PlanForm(VersionedForm):
    """The agency's plan: what it will do, its milestones (those it has, then a few
    empty rows for new ones), percent complete from them, its impact measure, and for
    a lead whether contributors may change it."""

    NEW_ROWS = 3

    description = forms.CharField(
        label="What will your agency do?",
        help_text="The steps, who is involved and how you will know it is done. " + NO_PERSONAL_DATA,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        required=False,  # services.action_plan asks for it
    )
    percent_from_milestones = forms.BooleanField(
        label="Work out percent complete from the milestones",
        help_text="Percent complete is then the share of milestones done, and progress updates no longer ask for it.",
        required=False,
    )
    impact_measure = forms.CharField(
        label="What would show that the action has made a difference?",
        help_text="Something you can measure or observe, separate from finishing the work: for example, the "
        "share of missing-from-care episodes followed by a return interview within 72 hours. "
        + NO_PERSONAL_DATA,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        required=False,
    )
    impact_baseline = decimal_field("Baseline value (optional)")
    impact_target = decimal_field("Target value (optional)")
    impact_unit = forms.CharField(
        label="Unit (optional)",
        help_text="For example %, days or referrals a month.",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    contributors_may_plan = forms.BooleanField(
        label="Let the agency's contributors change this plan too",
        required=False,
    )

    def __init__(self, *args, action: Action, milestones: list[Milestone], may_lead: bool, **kwargs) -> None:
        kwargs.setdefault("initial", {})
        for name in (
            "description",
            "percent_from_milestones",
            "impact_measure",
            "impact_baseline",
            "impact_target",
            "impact_unit",
            "contributors_may_plan",
        ):
            kwargs["initial"].setdefault(name, getattr(action, name))
        for name in ("impact_baseline", "impact_target"):
            # As people write them: 90, not 90.00.
            if (value := kwargs["initial"][name]) is not None:
                kwargs["initial"][name] = f"{value.normalize():f}"
        super().__init__(*args, action=action, **kwargs)
        if not may_lead:
            del self.fields["contributors_may_plan"]
        self.existing = milestones
        count = min(len(milestones) + self.NEW_ROWS, MILESTONES_MAX + self.NEW_ROWS)
        self.rows = []
        for n in range(count):
            milestone = milestones[n] if n < len(milestones) else None
            place = f"milestone {n + 1}"
            self.fields[f"m{n}_title"] = forms.CharField(
                label="What is the milestone?",
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"class": "govuk-!-width-full"}),
                error_messages={"max_length": f"Describe {place} in 200 characters or fewer"},
            )
            self.fields[f"m{n}_due_on"] = GovukDateField(
                name=f"The due date of {place}",
                label="Due",
                help_text="For example, 27 3 2027",
                required=False,
            )
            self.fields[f"m{n}_done_on"] = GovukDateField(
                name=f"The date {place} was done",
                label="Done on",
                help_text="Leave empty until it is done.",
                required=False,
            )
            if milestone is not None:
                self.fields[f"m{n}_remove"] = forms.BooleanField(
                    label="Remove this milestone from the plan", required=False
                )
                self.initial.setdefault(f"m{n}_title", milestone.title)
                self.initial.setdefault(f"m{n}_due_on", milestone.due_on)
                self.initial.setdefault(f"m{n}_done_on", milestone.done_on)
            self.rows.append({"number": n + 1, "milestone": milestone, "prefix": f"m{n}"})

    def bound_rows(self) -> list[dict]:
        """Each milestone row with its bound fields, for the template."""
        return [
            {
                **row,
                "title": self[f"{row['prefix']}_title"],
                "due_on": self[f"{row['prefix']}_due_on"],
                "done_on": self[f"{row['prefix']}_done_on"],
                "remove": self[f"{row['prefix']}_remove"] if row["milestone"] else None,
            }
            for row in self.rows
        ]

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors:
            data["plan"] = self.plan()
        return data

    def plan(self) -> services.Plan:
        data = self.cleaned_data
        milestones = []
        for row in self.rows:
            prefix, milestone = row["prefix"], row["milestone"]
            title, due_on, done_on = (
                data.get(f"{prefix}_title", ""),
                data.get(f"{prefix}_due_on"),
                data.get(f"{prefix}_done_on"),
            )
            if milestone is None and not (title.strip() or due_on or done_on):
                continue  # an empty row for a new milestone
            milestones.append(
                services.MilestoneSpec(
                    title=title,
                    due_on=due_on,
                    done_on=done_on,
                    pk=milestone.pk if milestone else None,
                    remove=bool(data.get(f"{prefix}_remove")),
                    row=row["number"] - 1,
                )
            )
        return services.Plan(
            description=data["description"],
            milestones=milestones,
            percent_from_milestones=data["percent_from_milestones"],
            contributors_may_plan=data["contributors_may_plan"]
            if "contributors_may_plan" in self.fields
            else None,
            impact_measure=data["impact_measure"],
            impact_baseline=data["impact_baseline"],
            impact_target=data["impact_target"],
            impact_unit=data["impact_unit"],
        )


class ImpactValueForm(VersionedForm):
    impact_value = decimal_field("Latest value")
    narrative = forms.CharField(
        label="Where does the value come from, and what does it show?",
        help_text="For example, the quarterly audit of 40 return interviews. " + NO_PERSONAL_DATA,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
        required=False,
    )
    files = evidence_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["impact_value"].help_text = measure_hint(self.action)


class ImpactForm(VersionedForm):
    note = text_field(
        "What shows the action has made a difference?",
        help_text="The agency will see this on the action's timeline. " + NO_PERSONAL_DATA,
        rows=5,
    )
    files = evidence_field()
