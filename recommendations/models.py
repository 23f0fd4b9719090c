"""Inspections, their judgements and recommendations, and the partners' work on them.

The timeline (``Update`` and ``Evidence``) is append-only: rows are written only by
``recommendations.services`` (the one write path for actions), never edited, refused
by database triggers if anything tries, and every foreign key into it is ``PROTECT``
so no cascade can remove history.

Invariants that span tables (a grade from the inspecting body's own scale) cannot be
CHECK constraints; ``clean()`` enforces them. An action's rules (a due date after the
report was published, who may make which move) live in ``recommendations.services``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from agencies.models import Agency


class Inspectorate(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    website = models.URLField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name


class Grade(models.Model):
    """One step of an inspectorate's grading scale; rank 1 is the best."""

    inspectorate = models.ForeignKey(Inspectorate, on_delete=models.CASCADE, related_name="grades")
    label = models.CharField(max_length=100)
    rank = models.PositiveSmallIntegerField(help_text="1 is the best grade on the scale.")
    is_graded = models.BooleanField(
        default=True, help_text="Off for outcomes such as CQC's 'not rated' that are not a grade."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspectorate__name", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["inspectorate", "label"], name="grade_label_unique_per_scale"),
            models.UniqueConstraint(fields=["inspectorate", "rank"], name="grade_rank_unique_per_scale"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="grade_rank_positive"),
        ]

    def __str__(self) -> str:
        return self.label


class GradedArea(models.Model):
    """An area an inspectorate grades, e.g. HMICFRS's "Investigating abuse, neglect and exploitation"."""

    inspectorate = models.ForeignKey(Inspectorate, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspectorate__name", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspectorate", "name"], name="graded_area_unique_per_inspectorate"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InspectionKind(models.TextChoices):
    INSPECTION_REPORT = "inspection_report", "Inspection report"
    REVIEW_REPORT = "review_report", "Review report"
    LETTER = "letter", "Letter"
    OVERVIEW = "overview", "Overview report"


class InspectionQuerySet(models.QuerySet):
    def released(self) -> InspectionQuerySet:
        """Published to partners: drafts are seen only by administrators."""
        return self.filter(released_at__isnull=False)


class Inspection(models.Model):
    """A published report or letter from an inspectorate or review team.

    An administrator prepares it as a draft (its recommendations and agencies' actions
    with it) and publishes it to partners when ready: until then partners, oversight,
    the public page and the API do not see it (``services.inspection_publish``)."""

    Kind = InspectionKind

    title = models.CharField(max_length=300)
    short_name = models.CharField(
        max_length=60,
        unique=True,
        help_text='What lists call the report beside a reference, for example "CSE review Part Four" '
        "(a list then reads “CSE review Part Four R3”).",
    )
    slug = models.SlugField(max_length=80, unique=True)
    inspectorate = models.ForeignKey(Inspectorate, on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.INSPECTION_REPORT)
    programme = models.CharField(
        max_length=200, blank=True, help_text='For example "CSE Assurance Review Part Four".'
    )
    authors = models.CharField(
        max_length=300, blank=True, help_text="Who wrote or signed it, as published, where known."
    )
    published_on = models.DateField("publication date")
    source_url = models.URLField(
        "source", max_length=500, help_text="Where the published report can be read."
    )
    summary = models.TextField(blank=True)
    agencies = models.ManyToManyField(
        Agency, related_name="inspections", blank=True, verbose_name="agencies covered"
    )
    released_at = models.DateTimeField(
        "published to partners",
        null=True,
        blank=True,
        editable=False,
        help_text="Empty while the report is a draft that only administrators see.",
    )

    objects = InspectionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[agencies])

    class Meta:
        ordering = ["-published_on", "title"]
        # "Report" everywhere people read it: partners, the admin and exports alike.
        verbose_name = "report"
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=InspectionKind.values), name="inspection_kind_valid"),
            models.CheckConstraint(condition=~Q(short_name=""), name="inspection_short_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("report_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.released_at is None


class JudgementQuerySet(models.QuerySet):
    def released(self) -> JudgementQuerySet:
        """From reports published to partners."""
        return self.filter(inspection__released_at__isnull=False)


class Judgement(models.Model):
    """The grade an inspection gave one agency in one area."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="judgements", verbose_name="report"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="judgements")
    area = models.ForeignKey(GradedArea, on_delete=models.PROTECT, related_name="judgements")
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, related_name="judgements")

    objects = JudgementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "agency__name", "area__order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "agency", "area"], name="judgement_one_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.grade}"

    def clean(self) -> None:
        errors = {}
        if (
            self.inspection_id
            and self.grade_id
            and self.grade.inspectorate_id != self.inspection.inspectorate_id
        ):
            allowed = ", ".join(
                Grade.objects.filter(inspectorate_id=self.inspection.inspectorate_id).values_list(
                    "label", flat=True
                )
            )
            errors["grade"] = f"Choose a grade from {self.inspection.inspectorate}'s scale: {allowed}."
        if (
            self.inspection_id
            and self.area_id
            and self.area.inspectorate_id != self.inspection.inspectorate_id
        ):
            errors["area"] = f"Choose an area that {self.inspection.inspectorate} grades."
        if errors:
            raise ValidationError(errors)


class ClockKind(models.TextChoices):
    STATUTORY_RESPONSE = "statutory_response", "Published response (Police Act 1996, section 55)"
    ACTION_PLAN = "action_plan", "Action plan"
    OTHER = "other", "Other deadline"


# The Police Act 1996, section 55: the local policing body (here the Mayor) publishes its
# comments on an HMICFRS report on its force within 56 days, counting the day of publication.
STATUTORY_RESPONSE_DAYS = 56


class ClockQuerySet(models.QuerySet):
    def open_on(self, day: date) -> ClockQuerySet:
        """Not yet met on ``day``, of reports published to partners."""
        return self.filter(inspection__released_at__isnull=False).filter(
            Q(met_on__isnull=True) | Q(met_on__gt=day)
        )


class Clock(models.Model):
    """A deadline a report sets: the Mayor's published response to an HMICFRS report on
    GMP within 56 days, an agency's action plan when one is agreed, or another an
    administrator adds. It is met on the day the response or plan was published or
    sent. The GMCA assurance team sees those due soon and overdue, and is reminded."""

    Kind = ClockKind

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="clocks", verbose_name="report"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(
        "what is due",
        max_length=200,
        help_text="For example “The Mayor's comments on the report, published”.",
    )
    responsible = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="clocks",
        null=True,
        blank=True,
        verbose_name="who it falls to",
    )
    due_on = models.DateField("due")
    met_on = models.DateField("met on", null=True, blank=True)
    response_url = models.URLField(
        "published response", max_length=500, blank=True, help_text="Where the response or plan can be read."
    )
    is_illustrative = models.BooleanField(
        "illustrative",
        default=False,
        help_text="Illustrative: whether and when it was met could not be confirmed",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ClockQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "deadline"
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ClockKind.values), name="clock_kind_valid"),
            models.CheckConstraint(condition=~Q(title=""), name="clock_title_not_empty"),
            models.CheckConstraint(
                condition=Q(response_url="") | Q(met_on__isnull=False),
                name="clock_published_response_is_met",
            ),
        ]
        indexes = [
            # The assurance team's deadlines due soon or overdue: the open ones by due date.
            models.Index(fields=["due_on"], condition=Q(met_on__isnull=True), name="clock_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (due {date_format(self.due_on, 'j M Y')})"

    def get_absolute_url(self) -> str:
        return reverse("report_detail", args=[self.inspection_id])

    def clean(self) -> None:
        errors = {}
        published = self.inspection.published_on if self.inspection_id else None
        if published and self.due_on and self.due_on < published:
            errors["due_on"] = (
                f"The due date must be on or after the report was published, {date_format(published, 'j F Y')}."
            )
        if published and self.met_on and self.met_on < published:
            errors["met_on"] = (
                f"The date met must be on or after the report was published, {date_format(published, 'j F Y')}."
            )
        if self.met_on and self.met_on > timezone.localdate():
            errors["met_on"] = "The date met cannot be in the future."
        if self.response_url and not self.met_on:
            errors["met_on"] = "Enter the date it was met, since the response is published."
        if errors:
            raise ValidationError(errors)

    @classmethod
    def statutory_response(cls, inspection: Inspection, *, responsible: Agency | None = None) -> Clock:
        """The Mayor's published comments on an HMICFRS report on GMP: due 56 days from
        publication, counting the day of publication (13 December 2024 gives 6 February
        2025). Unsaved."""
        return cls(
            inspection=inspection,
            kind=ClockKind.STATUTORY_RESPONSE,
            title="The Mayor's comments on the report, published",
            responsible=responsible,
            due_on=inspection.published_on + timedelta(days=STATUTORY_RESPONSE_DAYS - 1),
        )

    def days_overdue(self, day: date) -> int:
        """Days past due on ``day`` while not met (0 if not overdue)."""
        if self.met_on is not None and self.met_on <= day:
            return 0
        return max((day - self.due_on).days, 0)


class Theme(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RecommendationKind(models.TextChoices):
    RECOMMENDATION = "recommendation", "Recommendation"
    AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"
    CAUSE_OF_CONCERN = "cause_of_concern", "Cause of concern"
    POINT_FOR_STRENGTHENING = "point_for_strengthening", "Point for strengthening"


class Response(models.TextChoices):
    """What the addressed bodies said they would do about a recommendation."""

    AWAITING = "awaiting", "Awaiting response"
    ACCEPTED = "accepted", "Accepted"
    ACCEPTED_IN_PRINCIPLE = "accepted_in_principle", "Accepted in principle"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


class RecommendationQuerySet(models.QuerySet):
    def listed(self) -> RecommendationQuerySet:
        """In the lists: not archived, and in a report published to partners."""
        return self.filter(is_archived=False, inspection__released_at__isnull=False)


class Recommendation(models.Model):
    Kind = RecommendationKind
    Response = Response

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="recommendations", verbose_name="report"
    )
    reference = models.CharField(max_length=30, help_text="Unique within the report, e.g. R1 or AFI 3.")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.RECOMMENDATION)
    wording = models.TextField()
    themes = models.ManyToManyField(Theme, related_name="recommendations", blank=True)
    area = models.ForeignKey(
        GradedArea,
        on_delete=models.PROTECT,
        related_name="recommendations",
        null=True,
        blank=True,
        verbose_name="graded area",
    )
    target_date = models.DateField(null=True, blank=True)
    response = models.CharField(max_length=30, choices=Response.choices, default=Response.AWAITING)
    is_illustrative = models.BooleanField(
        "illustrative",
        default=False,
        help_text="Illustrative: not the published wording",
    )
    is_archived = models.BooleanField(
        "archived",
        default=False,
        help_text="Archived recommendations keep their history but leave the lists.",
    )

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["inspection", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "reference"], name="recommendation_reference_unique"
            ),
            models.CheckConstraint(condition=~Q(reference=""), name="recommendation_reference_not_empty"),
            models.CheckConstraint(condition=~Q(wording=""), name="recommendation_wording_not_empty"),
            models.CheckConstraint(
                condition=Q(kind__in=RecommendationKind.values), name="recommendation_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(response__in=Response.values), name="recommendation_response_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.wording[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("recommendation_detail", args=[self.pk])

    @property
    def label(self) -> str:
        """The reference with its report's short name ("CSE review Part Four R3"), as
        every list shows it: two reports each have an R3. Reads the report unless it
        was selected with the recommendation."""
        return f"{self.inspection.short_name} {self.reference}"

    def clean(self) -> None:
        errors = {}
        if self.inspection_id and self.target_date and self.target_date < self.inspection.published_on:
            errors["target_date"] = (
                "The target date must be on or after the report's publication date, "
                f"{date_format(self.inspection.published_on, 'j F Y')}."
            )
        if (
            self.inspection_id
            and self.area_id
            and self.area.inspectorate_id != self.inspection.inspectorate_id
        ):
            errors["area"] = f"Choose an area that {self.inspection.inspectorate} grades."
        if errors:
            raise ValidationError(errors)


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted for assurance"
    ASSURED = "assured", "Assured"


class Confidence(models.TextChoices):
    GREEN = "green", "Green: on track"
    AMBER = "amber", "Amber: at risk"
    RED = "red", "Red: off track"


class Voice(models.TextChoices):
    """Whether, and how, children's, young people's, parents' and carers' views shaped an
    action (the HMICFRS letter of 13 December 2024 asked for their contributions)."""

    CHILDREN = "children", "Children or young people were asked for their views"
    FAMILIES = "families", "Parents or carers were asked for their views"
    CO_PRODUCED = "co_produced", "Designed with children, young people or families"
    REPRESENTED = "represented", "Through advocates or a group that represents them"
    NONE = "none", "Their views have not shaped this action"

    @classmethod
    def shaped(cls) -> list[str]:
        """The kinds that count as their views having shaped the action."""
        return [cls.CHILDREN, cls.FAMILIES, cls.CO_PRODUCED, cls.REPRESENTED]


class StaleVersion(ValidationError):
    """Someone else changed the action since the form was loaded."""


class ActionQuerySet(models.QuerySet):
    def overdue(self, *, today: date | None = None) -> ActionQuerySet:
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today).exclude(status__in=Action.CLOSED_OR_WAITING)

    def with_last_move(self, before: datetime | None = None) -> ActionQuerySet:
        """Annotate ``last_move_from``: the status the action's latest status change (or
        its latest ``before`` a moment) left, read from its timeline in the same query
        (``Action.is_returned``), and ``last_step_kind``: the kind of its latest status
        change or "ready for the lead" entry (``Action.is_ready``). Once per queryset:
        annotating again keeps the first."""
        if "last_move_from" in self.query.annotations:
            return self
        moves = Update.objects.filter(action=OuterRef("pk")).exclude(status_to="")
        if before is not None:
            moves = moves.filter(created_at__lt=before)
        latest = moves.order_by("-created_at", "-pk")
        # A "ready for the lead" entry after the latest status change marks it ready.
        steps = Update.objects.filter(action=OuterRef("pk")).filter(
            ~Q(status_to="") | Q(kind=UpdateKind.READY)
        )
        if before is not None:
            steps = steps.filter(created_at__lt=before)
        return self.annotate(
            last_move_from=Subquery(latest.values("status_from")[:1]),
            last_step_kind=Subquery(steps.order_by("-created_at", "-pk").values("kind")[:1]),
        )

    def with_due_history(self, before: datetime | None = None) -> ActionQuerySet:
        """Annotate ``due_moves``, how many times the due date has moved (by ``before``),
        and ``first_due``, the date first agreed: read from the timeline in the same
        query, so every list can say when a date has slipped."""
        if "due_moves" in self.query.annotations:
            return self
        moves = Update.objects.filter(action=OuterRef("pk"), kind=UpdateKind.DUE_DATE)
        if before is not None:
            moves = moves.filter(created_at__lt=before)
        counted = moves.order_by().values("action").annotate(n=Count("pk")).values("n")
        return self.annotate(
            due_moves=Coalesce(Subquery(counted), 0),
            first_due=Subquery(moves.order_by("created_at", "pk").values("due_date_from")[:1]),
        )

    def with_extension(self) -> ActionQuerySet:
        """Annotate ``last_due_kind``, the kind of the action's latest extension request,
        refusal or due date change (a request when one is waiting), and
        ``requested_due``, the date that request asked for."""
        if "last_due_kind" in self.query.annotations:
            return self
        steps = Update.objects.filter(
            action=OuterRef("pk"),
            kind__in=[UpdateKind.EXTENSION_REQUEST, UpdateKind.EXTENSION_REFUSED, UpdateKind.DUE_DATE],
        ).order_by("-created_at", "-pk")
        return self.annotate(
            last_due_kind=Subquery(steps.values("kind")[:1]),
            requested_due=Subquery(steps.values("requested_due_date")[:1]),
        )


class Action(models.Model):
    """One agency's work on one recommendation."""

    Status = Status

    # The only moves a status may make. Returning (submitted -> in progress) and
    # reopening (assured -> in progress) are the assurance team's, with a reason; who
    # may make which move, and its rules, are in ``recommendations.services``, the one
    # write path. This table only says which moves exist.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.NOT_STARTED: (Status.IN_PROGRESS,),
        Status.IN_PROGRESS: (Status.SUBMITTED,),
        Status.SUBMITTED: (Status.ASSURED, Status.IN_PROGRESS),
        Status.ASSURED: (Status.IN_PROGRESS,),
    }
    # Not overdue even when past the due date: the agency has done its part.
    CLOSED_OR_WAITING = (Status.SUBMITTED, Status.ASSURED)

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="actions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="actions")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
        help_text="The person accountable for the action in the agency.",
    )
    description = models.TextField(blank=True, help_text="What the agency will do.")
    due_date = models.DateField(help_text="The due date in force.")
    # The date agreed when the action was created, kept as it was (the timeline has every
    # move since): the dashboard compares it with the date in force, as at any day,
    # without reading anyone's timeline.
    original_due_date = models.DateField(
        "due date first agreed", editable=False, help_text="The due date agreed when the action was created."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    # The latest reported figures, written with each update so that lists and
    # dashboards filter on a column instead of a subquery per row.
    confidence = models.CharField(
        "delivery confidence", max_length=10, choices=Confidence.choices, blank=True
    )
    percent_complete = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    # Whether the views of children, young people and families shaped it ("" while
    # nobody has said), and how, in words that never identify anyone.
    voice = models.CharField(
        "voice of children and families", max_length=20, choices=Voice.choices, blank=True
    )
    voice_note = models.TextField("how their views shaped it", blank=True)
    # The agency's plan: "what we will do" (``description``), dated milestones
    # (``Milestone``), and whether contributors may change it as well as the leads.
    contributors_may_plan = models.BooleanField("contributors may change the plan", default=False)
    # Percent complete is the share of milestones done, worked out by the write path,
    # instead of a figure typed with each progress update.
    percent_from_milestones = models.BooleanField("percent complete from milestones", default=False)
    # The earliest due date of a milestone not yet done (empty if none): an open action
    # with this before today has a milestone overdue.
    milestone_due = models.DateField("next milestone due", null=True, blank=True, editable=False)
    # What would show the action made a difference, separate from whether it was done:
    # a measure in words, optionally a baseline and target value with a unit. Progress
    # updates record the latest value (``Update.impact_value``).
    impact_measure = models.TextField("what would show it made a difference", blank=True)
    impact_baseline = models.DecimalField("baseline", max_digits=12, decimal_places=2, null=True, blank=True)
    impact_target = models.DecimalField("target", max_digits=12, decimal_places=2, null=True, blank=True)
    impact_unit = models.CharField("unit", max_length=40, blank=True)
    # The second level of assurance: the GMCA assurance team has seen evidence that the
    # action made a difference. Only an assured action can have it; reopening clears it.
    impact_evidenced = models.BooleanField("impact evidenced", default=False)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised by every change; a form holding an older version is stale."
    )
    is_archived = models.BooleanField("archived", default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(
        default=timezone.now,
        help_text="When the latest timeline entry was written. The as-at figures rely on no "
        "update being later than this.",
    )

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "agency"], name="action_one_per_agency"),
            models.CheckConstraint(condition=Q(percent_complete__lte=100), name="action_percent_0_100"),
            models.CheckConstraint(condition=Q(version__gte=1), name="action_version_positive"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="action_status_valid"),
            models.CheckConstraint(
                condition=Q(confidence__in=["", *Confidence.values]), name="action_confidence_valid"
            ),
            models.CheckConstraint(condition=Q(voice__in=["", *Voice.values]), name="action_voice_valid"),
            models.CheckConstraint(
                condition=Q(impact_evidenced=False) | Q(status=Status.ASSURED),
                name="action_impact_only_when_assured",
            ),
        ]
        indexes = [
            # "Our actions": an agency's actions in due-date order, filtered by status.
            models.Index(fields=["agency", "status", "due_date"], name="action_agency_status_due"),
            # Overdue and due-soon lists across all agencies on the dashboard.
            models.Index(fields=["status", "due_date"], name="action_status_due"),
            # The open actions in due-date order: the dashboard's overdue and due-soon
            # lists read the first few, and its counts a short range, without a sort.
            models.Index(
                fields=["due_date", "id"],
                condition=Q(status__in=["not_started", "in_progress"], is_archived=False),
                name="action_open_due",
            ),
            # The first day anything was recorded (the earliest "as at"), read by every dashboard.
            models.Index(fields=["created_at"], name="action_created"),
            # Today's open actions with a milestone overdue: a short range of this index.
            models.Index(
                fields=["milestone_due"],
                condition=Q(
                    status__in=["not_started", "in_progress"], is_archived=False, milestone_due__isnull=False
                ),
                name="action_open_milestone_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation.reference} – {self.agency.short_name}"

    def get_absolute_url(self) -> str:
        return reverse("action_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    def is_overdue_on(self, day: date) -> bool:
        return self.due_date < day and self.status not in self.CLOSED_OR_WAITING

    @property
    def has_milestone_overdue(self) -> bool:
        """A milestone not done is past its due date while the action is still open."""
        return (
            self.milestone_due is not None
            and self.milestone_due < timezone.localdate()
            and self.status not in self.CLOSED_OR_WAITING
        )

    @property
    def is_returned(self) -> bool:
        """Sent back by the assurance team and not yet submitted again: in progress, and
        its latest status change was away from "submitted". Read from ``with_last_move``'s
        annotation, or with one query without it."""
        if self.status != Status.IN_PROGRESS:
            return False
        if not hasattr(self, "last_move_from"):
            moves = self.updates.exclude(status_to="").order_by("-created_at", "-pk")
            self.last_move_from = moves.values_list("status_from", flat=True).first()
        return self.last_move_from == Status.SUBMITTED

    def due_history(self) -> tuple[int, date | None]:
        """How many times the due date has moved, and the date first agreed (None if it
        never moved). From ``with_due_history``'s annotations, or one query without them."""
        if not hasattr(self, "due_moves"):
            moves = list(
                self.updates.filter(kind=UpdateKind.DUE_DATE)
                .order_by("created_at", "pk")
                .values_list("due_date_from", flat=True)
            )
            self.due_moves, self.first_due = len(moves), (moves[0] if moves else None)
        return self.due_moves, self.first_due

    def pending_extension(self) -> Update | None:
        """The request for a later due date still waiting for the GMCA assurance team:
        the latest extension request, if no decision or due date change came after it.
        One query."""
        latest = (
            self.updates.filter(
                kind__in=[UpdateKind.EXTENSION_REQUEST, UpdateKind.EXTENSION_REFUSED, UpdateKind.DUE_DATE]
            )
            .select_related("author")
            .order_by("-created_at", "-pk")
            .first()
        )
        return latest if latest is not None and latest.kind == UpdateKind.EXTENSION_REQUEST else None

    @property
    def is_ready(self) -> bool:
        """A contributor has said the work is ready for the lead to submit, and no status
        change has come since. Read from ``with_last_move``'s annotation, or with one
        query without it."""
        if self.status != Status.IN_PROGRESS:
            return False
        if not hasattr(self, "last_step_kind"):
            steps = self.updates.filter(~Q(status_to="") | Q(kind=UpdateKind.READY))
            self.last_step_kind = steps.order_by("-created_at", "-pk").values_list("kind", flat=True).first()
        return self.last_step_kind == UpdateKind.READY

    def allowed_transitions(self) -> tuple[str, ...]:
        return self.TRANSITIONS[self.status]


class UpdateKind(models.TextChoices):
    PROGRESS = "progress", "Progress update"
    STATUS = "status", "Status change"
    OWNER = "owner", "Owner changed"
    DUE_DATE = "due_date", "Due date changed"
    ARCHIVE = "archive", "Archived or restored"
    # A contributor tells the lead the work is done: no change of state.
    READY = "ready", "Ready for the lead"
    # A lead asks the GMCA assurance team for a later due date; the team approves it
    # (a due date change, by them) or refuses it. Until then the date in force stands.
    EXTENSION_REQUEST = "extension_request", "New due date asked for"
    EXTENSION_REFUSED = "extension_refused", "New due date refused"
    # An administrator publishes the draft report the action belongs to: it enters the
    # lists and the figures from then on (``archived`` false, as a restore would).
    PUBLISH = "publish", "Published to partners"
    # Whether and how children's, young people's and families' views shaped the action.
    VOICE = "voice", "Voice of children and families recorded"
    # The agency changes its plan: what it will do, its milestones or its impact measure
    # (``plan`` holds the whole plan as it then stood).
    PLAN = "plan", "Plan changed"
    # The GMCA assurance team has seen evidence that an assured action made a difference.
    IMPACT = "impact", "Impact evidenced"


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk changes would get round the rows' own guards, so they are refused too."""

    def update(self, **kwargs):
        raise ValidationError(f"{self.model._meta.verbose_name_plural.capitalize()} are append-only.")

    def delete(self):
        raise ValidationError(f"{self.model._meta.verbose_name_plural.capitalize()} are append-only.")

    delete.queryset_only = True


class Update(models.Model):
    """One entry on an action's timeline. Never edited or deleted."""

    Kind = UpdateKind

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="updates")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PROGRESS)
    narrative = models.TextField(blank=True)
    confidence = models.CharField(
        "delivery confidence", max_length=10, choices=Confidence.choices, blank=True
    )
    percent_complete = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    status_from = models.CharField(max_length=20, choices=Status.choices, blank=True)
    status_to = models.CharField(max_length=20, choices=Status.choices, blank=True)
    due_date_from = models.DateField(null=True, blank=True)
    due_date_to = models.DateField(null=True, blank=True)
    # For an extension request: the due date asked for (the due date itself is unchanged).
    requested_due_date = models.DateField(null=True, blank=True)
    # For an owner change: who owned it before and who owns it now (empty for nobody).
    owner_from = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="previous owner",
    )
    owner_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="new owner",
    )
    # For an archive entry: archived (true) or restored (false).
    archived = models.BooleanField(null=True, blank=True)
    # For a voice entry: how children's and families' views shaped the action (the
    # narrative says how, in words that identify nobody).
    voice = models.CharField(max_length=20, choices=Voice.choices, blank=True)
    # For a plan entry: the plan after the change (``services.plan_snapshot``), so the
    # timeline alone says what the plan was at any moment.
    plan = models.JSONField(null=True, blank=True)
    # For a progress update: the latest value of the action's impact measure, if given.
    impact_value = models.DecimalField("latest value", max_digits=12, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The form's one-time token: a double-submitted form finds its update already
    # written instead of writing a second one.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_complete__isnull=True) | Q(percent_complete__lte=100),
                name="update_percent_0_100",
            ),
            models.CheckConstraint(condition=Q(kind__in=UpdateKind.values), name="update_kind_valid"),
            models.CheckConstraint(
                condition=Q(confidence__in=["", *Confidence.values]), name="update_confidence_valid"
            ),
            # A status change names both ends and they differ. A progress update may
            # carry one (a lead submitting with a narrative); other kinds never do.
            models.CheckConstraint(
                condition=(
                    Q(
                        kind__in=["status", "progress"],
                        status_from__in=Status.values,
                        status_to__in=Status.values,
                    )
                    & ~Q(status_from=F("status_to"))
                )
                | (~Q(kind="status") & Q(status_from="", status_to="")),
                name="update_status_change_consistent",
                violation_error_message="A status change must name a different old and new status.",
            ),
            models.CheckConstraint(
                condition=Q(kind="archive", archived__isnull=False)
                | Q(kind="publish", archived=False)
                | (~Q(kind__in=["archive", "publish"]) & Q(archived__isnull=True)),
                name="update_archive_says_which",
            ),
            models.CheckConstraint(
                condition=Q(kind="owner") | Q(owner_to__isnull=True, owner_from__isnull=True),
                name="update_owner_only_on_owner_change",
            ),
            models.CheckConstraint(
                condition=Q(kind="voice", voice__in=Voice.values) | (~Q(kind="voice") & Q(voice="")),
                name="update_voice_only_on_voice_entry",
            ),
            models.CheckConstraint(
                condition=Q(kind="plan", plan__isnull=False) | (~Q(kind="plan") & Q(plan__isnull=True)),
                name="update_plan_only_on_plan_entry",
            ),
            models.CheckConstraint(
                condition=Q(kind="progress") | Q(impact_value__isnull=True),
                name="update_impact_value_on_progress",
            ),
        ]
        indexes = [
            # The requests for a new due date, for the assurance team's queue.
            models.Index(
                fields=["action"], condition=Q(kind="extension_request"), name="update_extension_requests"
            ),
            # An action's timeline, newest first.
            models.Index(fields=["action", "-created_at"], name="update_action_timeline"),
            # Recent activity on the dashboards: the latest updates anywhere, newest first.
            models.Index(fields=["-created_at", "-id"], name="update_recent_first"),
            # "As at" figures: an action's latest status change, or due-date change,
            # before a moment (reporting.action_states), one index entry away.
            models.Index(
                fields=["action", "-created_at"], condition=~Q(status_to=""), name="update_status_changes"
            ),
            models.Index(
                fields=["action", "-created_at"], condition=Q(kind="due_date"), name="update_due_date_changes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.action_id} by {self.author_id}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError("Updates are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Updates are append-only and cannot be deleted.")


MILESTONES_MAX = 20


class Milestone(models.Model):
    """A dated step in an agency's plan for an action. Written only by
    ``services.action_plan``, whose timeline entry holds the whole plan as it then
    stood; a milestone taken out of the plan is kept, marked removed."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField("due")
    done_on = models.DateField("done on", null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_removed = models.BooleanField("removed from the plan", default=False)

    class Meta:
        ordering = ["action", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="milestone_title_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        """Not done, and past its due date (whatever the action's status)."""
        return self.done_on is None and self.due_on < timezone.localdate()


def evidence_storage():
    return storages["evidence"]


def evidence_file_name(instance: Evidence, filename: str) -> str:
    # The stored name reveals nothing and cannot collide or traverse; the
    # original name lives in the database.
    today = timezone.now()
    return f"{today:%Y/%m}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file attached to an update. Never edited or deleted."""

    update = models.ForeignKey(Update, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(storage=evidence_storage, upload_to=evidence_file_name, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(help_text="In bytes.")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="evidence_not_empty"),
            models.CheckConstraint(condition=~Q(original_name=""), name="evidence_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.original_name

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError("Evidence is append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Evidence is append-only and cannot be deleted.")


class EvidenceAccess(models.Model):
    """Who downloaded which evidence file, and when. Append-only, for audit."""

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evidence_accesses"
    )
    accessed_at = models.DateTimeField(default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-accessed_at", "-pk"]
        verbose_name = "evidence download"
        verbose_name_plural = "evidence downloads"

    def __str__(self) -> str:
        return f"{self.evidence_id} by {self.user_id} at {self.accessed_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError("The evidence audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("The evidence audit trail is append-only.")


# The end of an interval that has not ended: a date rather than NULL, so that "the state
# at moment c" is the plain range condition valid_from < c <= valid_to, one index away.
FAR_FUTURE = datetime(9999, 12, 31, tzinfo=UTC)


class ActionState(models.Model):
    """One interval of an action's state: what it was from ``valid_from`` until
    ``valid_to``. Written by ``recommendations.services`` in the same transaction as
    the update that ends one interval and starts the next, rebuilt exactly from the
    timeline by ``recommendations.intervals.rebuild``, and read by every "as at"
    figure. The interval holding a moment c is the one with valid_from < c <= valid_to:
    what the timeline said just before c."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="states")
    # The action's agency, which never changes once it exists: figures by agency (the
    # trend) then read this table alone.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    # So are its recommendation and the due date first agreed: what changed between two
    # past days (``recommendations.past``) is then grouped by report, area and theme,
    # and counted as slipped, without reading the actions.
    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="+")
    agreed_due = models.DateField("due date first agreed")
    valid_from = models.DateTimeField()
    valid_to = models.DateTimeField(default=FAR_FUTURE)
    status = models.CharField(max_length=20, choices=Status.choices)
    confidence = models.CharField(max_length=10, choices=Confidence.choices, blank=True)
    percent_complete = models.PositiveSmallIntegerField()
    due_date = models.DateField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    archived = models.BooleanField()
    voice = models.CharField(max_length=20, choices=Voice.choices, blank=True, default="")
    milestone_due = models.DateField(null=True, blank=True)
    impact_evidenced = models.BooleanField(default=False)
    # What the timeline has recorded up to the interval's start, for the assurance
    # figures at any moment (``intervals.Record``): progress updates so far and those
    # with evidence, summed over the intervals holding a moment; when the action was
    # submitted, if that is its latest decision; and on the interval an assurance
    # starts, the days from the submission it assured.
    progress_updates = models.PositiveIntegerField(default=0)
    evidenced_updates = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    assured_days = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["action", "valid_from", "pk"]
        verbose_name = "action state interval"
        constraints = [
            models.CheckConstraint(condition=Q(valid_from__lte=F("valid_to")), name="action_state_ordered"),
            # One interval still open per action: the action's state now.
            models.UniqueConstraint(
                fields=["action"], condition=Q(valid_to=FAR_FUTURE), name="action_state_one_open"
            ),
        ]
        indexes = [
            # The intervals holding a moment: valid_to >= c, then valid_from < c (every
            # as-at figure, the trend's month-ends read from this table alone).
            models.Index(fields=["valid_to", "valid_from"], name="action_state_range"),
            # One action's intervals in order (the write path closes the open one).
            models.Index(fields=["action", "valid_from"], name="action_state_action"),
            # A past day's overdue and due-soon lists, nearest due date first: walked in
            # due-date order (280 ms to about 20 ms at national scale).
            models.Index(fields=["due_date"], name="action_state_due"),
            # What changed between two days (``recommendations.past``): intervals that
            # start, or end (above), or whose milestone falls due, in between.
            models.Index(fields=["valid_from"], name="action_state_from"),
            models.Index(
                fields=["milestone_due"],
                condition=Q(milestone_due__isnull=False),
                name="action_state_milestone",
            ),
            # The assurances made before a moment, for the median days to assure.
            models.Index(
                fields=["valid_from"], condition=Q(assured_days__isnull=False), name="action_state_assured"
            ),
            # The actions archived at a moment, left out of the assurance figures.
            models.Index(
                fields=["valid_to", "valid_from"], condition=Q(archived=True), name="action_state_archived"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_id}: {self.status} from {self.valid_from:%Y-%m-%d %H:%M}"


class TallyDimension(models.TextChoices):
    AGENCY = "agency", "Agency"
    INSPECTION = "inspection", "Report"
    AREA = "area", "Graded area"
    THEME = "theme", "Theme"
    # Open actions by the month they are due (key: year * 100 + month): the months
    # before this one are overdue whatever the day, so only this month's are counted
    # from the actions themselves.
    DUE_MONTH = "due_month", "Month due"


class Tally(models.Model):
    """An agency's live actions today, counted by status (and open ones by delivery
    confidence) for the agency as a whole or for one report, graded area or theme of it.

    Derived data, like ``ActionState``: worked out by ``recommendations.tallies`` for an
    agency whose ``TallyState`` says its rows are out of date, and read by today's
    dashboard and public summary, which then add up a few thousand rows rather than
    every action. Nothing else writes it."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=10, choices=TallyDimension.choices)
    # The report's, area's or theme's id; 0 on the agency's own row.
    key = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    not_started = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)
    submitted = models.PositiveIntegerField(default=0)
    assured = models.PositiveIntegerField(default=0)
    # Delivery confidence of the open (not started or in progress) actions only.
    green = models.PositiveIntegerField(default=0)
    amber = models.PositiveIntegerField(default=0)
    red = models.PositiveIntegerField(default=0)
    percent_sum = models.PositiveBigIntegerField(default=0)
    # On the agency's own row: its progress updates, and how many have evidence.
    progress_updates = models.PositiveIntegerField(default=0)
    evidenced_updates = models.PositiveIntegerField(default=0)
    # Actions due later than first agreed, and by how many days in all.
    slipped = models.PositiveIntegerField(default=0)
    slipped_days = models.PositiveBigIntegerField(default=0)
    # Actions that children's, young people's or families' views shaped.
    voice = models.PositiveIntegerField(default=0)
    # Actions assured as delivered whose impact the assurance team has also evidenced.
    impact = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "dimension", "key"], name="tally_one_per_key"),
        ]
        indexes = [models.Index(fields=["dimension", "key"], name="tally_dimension_key")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.dimension} {self.key}: {self.total}"


class TallyState(models.Model):
    """Whether an agency's ``Tally`` rows are up to date: every change that can alter
    them raises ``version`` in the same transaction (the write path for actions, the
    signals for recommendations), and rows worked out at version v are stored with
    ``computed_version`` v. The agency's days from submission to assurance are kept
    here too, for the median."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, primary_key=True, related_name="+")
    version = models.PositiveBigIntegerField(default=1)
    computed_version = models.PositiveBigIntegerField(default=0)
    spans = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.computed_version}/{self.version}"


class IntervalsGeneration(models.Model):
    """One row, raised whenever state intervals before today change (an entry backdated
    into a past day, intervals rebuilt): what was worked out from them for a past day
    (``TrendPoint``, ``PastFigures``) notes the generation it was worked out at, and
    holds until a change with a later one reaches back to its day (``PastChange``)."""

    value = models.PositiveBigIntegerField(default=1)

    def __str__(self) -> str:
        return str(self.value)


class PastChange(models.Model):
    """The intervals changed from the end of ``day`` on (an entry backdated into that
    day, or, from the first day there is, intervals rebuilt or a recommendation
    regrouped): figures worked out for that day or a later one at an earlier
    ``generation`` no longer hold (``intervals.still_valid``). Earlier days' stay."""

    generation = models.PositiveBigIntegerField()
    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["day", "generation"], name="past_change_day")]

    def __str__(self) -> str:
        return f"from {self.day} (generation {self.generation})"


class PastFigures(models.Model):
    """The whole partnership's dashboard figures at the end of a past day (the totals, and
    by agency, report, agency and graded area, and theme), as plain numbers. Derived data,
    like ``TrendPoint``: valid until a later change reaches back to its day
    (``PastChange``). Stored
    for every settled day by the bulk loaders, and for every past day worked out for a
    viewer; another day's figures are the stored day before it plus what changed in
    between (``recommendations.past``). The totals also hold the held intervals' progress
    updates, with and without evidence, for the assurance figures."""

    day = models.DateField(unique=True)
    generation = models.PositiveBigIntegerField()
    figures = models.JSONField()

    class Meta:
        verbose_name_plural = "past figures"

    def __str__(self) -> str:
        return f"{self.day} (generation {self.generation})"


class TrendPoint(models.Model):
    """The trend's figures at the end of a past day, for every agency (scope 0) or one
    (scope: its id), worked out once from ``ActionState`` and read by every dashboard,
    board report and as-at view that shows that month-end. Derived data: valid until a
    later change reaches back to its day (``PastChange``); an ordinary update (written
    now) cannot change a day that has ended."""

    day = models.DateField()
    scope = models.PositiveIntegerField()
    generation = models.PositiveBigIntegerField()
    total = models.PositiveIntegerField()
    assured = models.PositiveIntegerField()
    green = models.PositiveIntegerField()
    amber = models.PositiveIntegerField()
    red = models.PositiveIntegerField()

    FIGURES = ("total", "assured", "green", "amber", "red")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "scope"], name="trend_point_one_per_day")]

    def __str__(self) -> str:
        return f"{self.day} ({self.scope or 'all'}): {self.total}"
