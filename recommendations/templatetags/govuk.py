"""Template helpers for GOV.UK Frontend markup."""

from django import template
from django.forms import BoundField
from django.utils import timezone
from django.utils.html import format_html

from recommendations.models import Confidence, Status, UpdateKind

register = template.Library()

STATUS_TAG = {
    "not_started": "govuk-tag--grey",
    "in_progress": "govuk-tag--blue",
    "submitted": "govuk-tag--purple",
    "assured": "govuk-tag--green",
}
CONFIDENCE_TAG = {"green": "govuk-tag--green", "amber": "govuk-tag--yellow", "red": "govuk-tag--red"}
CONFIDENCE_SHORT = {"green": "Green", "amber": "Amber", "red": "Red"}
GROUPED = {"radioselect", "checkboxselectmultiple", "dateinput"}


@register.filter
def status_tag(status: str) -> str:
    return STATUS_TAG.get(status, "govuk-tag--grey")


@register.filter
def confidence_tag(confidence: str) -> str:
    return CONFIDENCE_TAG.get(confidence, "govuk-tag--grey")


@register.filter
def confidence_short(confidence: str) -> str:
    return CONFIDENCE_SHORT.get(confidence, "")


@register.filter
def error_anchor(field: BoundField) -> str:
    """The id an error summary link should focus: the first box of a group."""
    if field.widget_type in ("radioselect", "checkboxselectmultiple"):
        return f"{field.auto_id}_0"
    if field.widget_type == "dateinput":
        return f"{field.auto_id}_day"
    return field.id_for_label


@register.filter
def is_grouped(field: BoundField) -> bool:
    """Radios, checkboxes and date inputs are a fieldset with a legend, not a label."""
    return field.widget_type in GROUPED


@register.filter
def status_label(status: str) -> str:
    return Status(status).label if status in Status.values else ""


@register.filter
def confidence_label(confidence: str) -> str:
    return Confidence(confidence).label if confidence in Confidence.values else ""


@register.filter
def overdue_on(action, day) -> bool:
    """Whether an action from ``reporting.action_states`` was overdue on ``day``."""
    return action.s_due < day and action.s_status in (Status.NOT_STARTED, Status.IN_PROGRESS)


@register.filter
def bar(percent) -> str:
    """A small bar beside a percentage, drawn with SVG attributes (no inline styles, so
    the content security policy allows it, and the PDF renderer draws it too). Hidden
    from screen readers: the number beside it says the same."""
    try:
        width = max(0, min(100, int(percent)))
    except (TypeError, ValueError):
        return ""
    return format_html(
        '<svg class="app-bar" width="64" height="10" viewBox="0 0 100 10" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false"><rect width="100" height="10" fill="#f3f2f1" />'
        '<rect width="{}" height="10" fill="#1d70b8" /></svg>',
        width,
    )


@register.filter
def heat(count, total) -> str:
    """A shade for a matrix cell by its share of the row (a heat map of status by
    agency): the numbers stay the figures; the shade only helps the eye find where an
    agency's work sits."""
    try:
        share = int(count) / int(total)
    except (TypeError, ValueError, ZeroDivisionError):
        return ""
    if not count:
        return ""
    return f"app-heat-{min(4, 1 + int(share * 4))}"


@register.filter
def number(value) -> str:
    """A decimal as people write it: 62.5, not 62.50; 1,200, not 1200.00."""
    if value is None:
        return ""
    return f"{value.normalize():,f}"


@register.filter
def measured(value, unit: str) -> str:
    """A value with its unit: "62.5%", "6 reviewers"."""
    if value is None:
        return ""
    if not unit:
        return number(value)
    return f"{number(value)}{'' if unit == '%' else ' '}{unit}"


@register.filter
def milestone_overdue_on(action, day) -> bool:
    """Whether an action from ``reporting.action_states`` had a milestone overdue on ``day``."""
    return (
        action.s_milestone_due is not None
        and action.s_milestone_due < day
        and action.s_status in (Status.NOT_STARTED, Status.IN_PROGRESS)
    )


# The assurance team's decisions, as the timeline heads them.
DECISION_TITLES = {
    (Status.SUBMITTED, Status.ASSURED): "Assured by the GMCA assurance team",
    (Status.SUBMITTED, Status.IN_PROGRESS): "Returned by the GMCA assurance team",
    (Status.ASSURED, Status.IN_PROGRESS): "Reopened by the GMCA assurance team",
}


@register.filter
def entry_title(update) -> str:
    """A timeline entry's heading: the assurance team's decision, the status it moved
    to, or the kind of entry."""
    if not update.status_to:
        return update.get_kind_display()
    return DECISION_TITLES.get((update.status_from, update.status_to)) or update.get_status_to_display()


@register.filter
def returned(action) -> bool:
    """Whether an action from ``reporting.action_states`` annotated ``with_last_move``
    was back with its agency after a return: in progress, its latest move away from
    "submitted"."""
    return action.s_status == Status.IN_PROGRESS and action.last_move_from == Status.SUBMITTED


@register.filter
def clock(moment) -> str:
    """A time of day as people write it, in London: "4:03pm", "9:00am", "12:15pm"."""
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    return f"{hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"


@register.filter
def ready(action) -> bool:
    """Whether an action from ``reporting.action_states`` annotated ``with_last_move``
    was marked ready for the lead, with no status change since."""
    return action.s_status == Status.IN_PROGRESS and action.last_step_kind == UpdateKind.READY


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def whole_minutes(delta) -> int:
    """A ``timedelta`` in whole minutes, for messages such as django-axes' cool-off time."""
    return int(delta.total_seconds() // 60)
