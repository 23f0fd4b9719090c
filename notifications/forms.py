from django import forms

from notifications.models import Kind

# What each kind of e-mail is called on the preferences page, and when it comes.
CHOICES = {
    Kind.DUE_SOON: ("Due date reminders", "14 days and 1 day before an action you own or lead is due."),
    Kind.OVERDUE: ("Overdue actions", "On the day an action you own or lead becomes overdue."),
    Kind.RETURNED: (
        "Returned or reopened actions",
        "When the GMCA assurance team returns an action you own or lead, or reopens one it had assured, "
        "with the reason.",
    ),
    Kind.DUE_DATE_DECIDED: (
        "New due dates",
        "When the GMCA assurance team approves or refuses a new due date your agency asked for, or sets one.",
    ),
    Kind.DUE_DATE_ASKED: (
        "New due dates asked for",
        "When an agency asks for a new due date for you to approve or refuse.",
    ),
    Kind.ASSURED: ("Assured actions", "When the GMCA assurance team assures one of your agency's actions."),
    Kind.READY: (
        "Actions ready to submit",
        "When someone in your agency says an action is ready for you to submit for assurance.",
    ),
    Kind.DIGEST: (
        "Weekly summary",
        "Once a week, usually on Monday: your agency's overdue actions, those due in the next 30 days "
        "and those returned.",
    ),
    Kind.DEADLINE: (
        "Report deadlines",
        "14 days and 1 day before a response or action plan a report calls for is due "
        "(such as the Mayor's comments within 56 days of an HMICFRS report on GMP), and the day after it is missed.",
    ),
    Kind.SUBMITTED: (
        "Actions submitted for assurance",
        "When an agency submits an action for you to assure.",
    ),
}


class PreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Send me e-mails about",
        help_text="Select all that apply.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select only the e-mails listed"},
    )

    def __init__(self, *args, offered: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(kind, CHOICES[kind][0]) for kind in offered]
        self.hints = {kind: CHOICES[kind][1] for kind in offered}
