"""Filters for the action and recommendation lists. They live in the query string, so a
filtered list can be bookmarked and shared; values that do not validate are ignored
(and the page says so) rather than failing the page.

Every choice list is a callable over what the person may see, so a dropdown never
names what they may not.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from agencies.models import Agency, User
from recommendations import reporting
from recommendations.models import (
    Action,
    Confidence,
    GradedArea,
    Inspection,
    Recommendation,
    Status,
    Theme,
)
from recommendations.reporting import Moment


def _inspections(request) -> QuerySet[Inspection]:
    return Inspection.objects.released().order_by("-published_on", "title")


def _themes(request) -> QuerySet[Theme]:
    return Theme.objects.order_by("name")


def _areas(request) -> QuerySet[GradedArea]:
    return GradedArea.objects.order_by("inspectorate__name", "order", "name")


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Reference or words")
    agency = django_filters.ModelChoiceFilter(
        queryset=lambda request: Agency.objects.order_by("name"), label="Agency", empty_label="All agencies"
    )
    status = django_filters.MultipleChoiceFilter(
        field_name="s_status", choices=Status.choices, widget=forms.CheckboxSelectMultiple, label="Status"
    )
    confidence = django_filters.MultipleChoiceFilter(
        field_name="s_confidence",
        choices=Confidence.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Delivery confidence",
    )
    due = django_filters.ChoiceFilter(
        choices=[
            ("overdue", "Overdue"),
            ("30", "Due in the next 30 days"),
            ("moved", "Due later than first agreed"),
            ("milestone", "A milestone overdue"),
        ],
        method="filter_due",
        label="Due date",
        widget=forms.RadioSelect,
        empty_label=None,
    )
    voice = django_filters.ChoiceFilter(
        choices=[
            ("yes", "Shaped by their views"),
            ("no", "Not shaped by their views, or not recorded"),
        ],
        method="filter_voice",
        label="Voice of children and families",
        widget=forms.RadioSelect,
        empty_label=None,
    )
    impact = django_filters.ChoiceFilter(
        choices=[
            ("evidenced", "Impact evidenced"),
            ("delivered", "Assured as delivered, impact not yet evidenced"),
        ],
        method="filter_impact",
        label="Impact",
        widget=forms.RadioSelect,
        empty_label=None,
    )
    task = django_filters.ChoiceFilter(
        choices=[
            ("returned", "Returned by the GMCA assurance team"),
            ("ready", "Ready for the lead to submit"),
            ("unowned", "Open, with nobody named as owner"),
            ("extension", "A new due date waiting for a decision"),
        ],
        method="filter_task",
        label="Needs",
        widget=forms.RadioSelect,
        empty_label=None,
    )
    inspection = django_filters.ModelChoiceFilter(
        field_name="recommendation__inspection",
        queryset=_inspections,
        label="Report",
        empty_label="All reports",
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="recommendation__themes", queryset=_themes, label="Theme", empty_label="All themes"
    )
    # The dashboard's "latest grades" figures drill down by graded area.
    area = django_filters.ModelChoiceFilter(
        field_name="recommendation__area",
        queryset=_areas,
        label="Graded area",
        empty_label="All graded areas",
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=User.objects.none(), label="Owner", empty_label="Anyone"
    )
    sort = django_filters.OrderingFilter(
        fields=[
            ("s_due", "due"),
            ("recommendation__reference", "reference"),
            ("agency__name", "agency"),
            ("s_status_rank", "status"),
            ("s_confidence_rank", "confidence"),
            ("s_percent", "percent"),
        ],
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Action
        fields: list[str] = []

    def __init__(self, *args, agency: Agency | None = None, moment: Moment | None = None, **kwargs) -> None:
        """``queryset`` must come from ``reporting.action_states``. With ``agency`` the list
        is that agency's (an owner filter instead of an agency one)."""
        super().__init__(*args, **kwargs)
        self.moment = moment or reporting.now()
        if agency is not None:
            del self.filters["agency"]
            self.filters["owner"].queryset = User.objects.filter(memberships__agency=agency).order_by(
                "first_name", "last_name"
            )
        else:
            del self.filters["owner"]

    def search(self, queryset, name, value):
        value = value.strip()[:200]
        if not value:
            return queryset
        return queryset.filter(
            Q(recommendation__reference__icontains=value)
            | Q(recommendation__wording__icontains=value)
            | Q(description__icontains=value)
        )

    def filter_due(self, queryset, name, value):
        if value == "overdue":
            return queryset.filter(reporting.overdue_q(self.moment))
        if value == "30":
            return queryset.filter(reporting.due_soon_q(self.moment))
        if value == "moved":
            return queryset.filter(reporting.SLIPPED)
        if value == "milestone":
            return queryset.filter(reporting.milestone_overdue_q(self.moment))
        return queryset

    def filter_impact(self, queryset, name, value):
        if value == "evidenced":
            return queryset.filter(reporting.IMPACT_EVIDENCED)
        if value == "delivered":
            return queryset.filter(s_status=Status.ASSURED).exclude(reporting.IMPACT_EVIDENCED)
        return queryset

    def filter_voice(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(reporting.VOICE_HEARD)
        if value == "no":
            return queryset.exclude(reporting.VOICE_HEARD)
        return queryset

    def filter_task(self, queryset, name, value):
        if value == "returned":
            return queryset.with_last_move(before=self.moment.cutoff).filter(reporting.RETURNED)
        if value == "ready":
            return queryset.with_last_move(before=self.moment.cutoff).filter(reporting.READY)
        if value == "extension":
            return queryset.with_extension().filter(reporting.EXTENSION_WAITING)
        if value == "unowned":
            return queryset.filter(reporting.OPEN, owner__isnull=True)
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # Theme is a many-to-many: one row per action whatever its number of themes.
        if self.form.cleaned_data.get("theme"):
            queryset = queryset.distinct()
        # Ties on the chosen column fall back to the primary key, so pages are stable.
        return queryset.order_by(*(queryset.query.order_by or ["s_due"]), "pk")


class RecommendationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Reference or words")
    inspection = django_filters.ModelChoiceFilter(
        queryset=_inspections, label="Report", empty_label="All reports"
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes", queryset=_themes, label="Theme", empty_label="All themes"
    )
    agency = django_filters.ModelChoiceFilter(
        field_name="actions__agency",
        queryset=lambda request: Agency.objects.order_by("name"),
        label="Addressed to",
        empty_label="Any partner",
    )
    kind = django_filters.ChoiceFilter(
        choices=Recommendation.Kind.choices, label="Kind", empty_label="Any kind"
    )

    class Meta:
        model = Recommendation
        fields: list[str] = []

    def search(self, queryset, name, value):
        value = value.strip()[:200]
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(wording__icontains=value))

    @property
    def qs(self):
        queryset = super().qs
        cleaned = getattr(self.form, "cleaned_data", {})  # none when there is no query string
        if cleaned.get("theme") or cleaned.get("agency"):
            queryset = queryset.distinct()
        return queryset.order_by(
            "-inspection__published_on", "inspection__title", "inspection_id", "reference", "pk"
        )
