from __future__ import annotations

from django import forms

from api.services import DEFAULT_EXPIRY_DAYS

NEVER = "never"
EXPIRY_CHOICES = [
    ("30", "In 30 days"),
    ("90", "In 90 days"),
    ("180", "In 180 days"),
    ("365", "In a year"),
    (NEVER, "Never (revoke it yourself when it is no longer needed)"),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="What the token is for, so that you can tell it apart later. For example, Power BI board report.",
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "Token name must be 100 characters or fewer",
            "null_characters_not_allowed": "Token name must not contain null characters",
        },
    )
    expires = forms.ChoiceField(
        label="When should the token expire?",
        choices=EXPIRY_CHOICES,
        initial=str(DEFAULT_EXPIRY_DAYS),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select when the token should expire",
            "invalid_choice": "Select when the token should expire",
        },
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name for the token")
        return name

    @property
    def expires_in_days(self) -> int | None:
        value = self.cleaned_data["expires"]
        return None if value == NEVER else int(value)
