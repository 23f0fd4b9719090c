"""Administration of inspections and recommendations.

Administrators manage the records here, but they cannot rewrite history (issue 11):

- An action changes only through ``recommendations.services``, as on the website: a
  new owner or due date, archiving and restoring, and adding an action are commands
  that write an entry on the action's timeline. Its status and figures are read-only.
- Nothing is deleted: recommendations and actions are archived instead, and the
  records around them (reports, judgements, scales, themes) are kept.
- django-simple-history's "Revert" to an old version is switched off (it would write
  the old row back without a timeline entry): history pages are for reading.
- Updates and evidence (the timeline) are read-only.

Cached figures are retired by ``recommendations.signals`` and the services, never here.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.admin import SimpleHistoryAdmin

from agencies.models import Agency, User
from recommendations import access, services
from recommendations.models import (
    Action,
    Clock,
    Evidence,
    EvidenceAccess,
    Grade,
    GradedArea,
    Inspection,
    Inspectorate,
    Judgement,
    Recommendation,
    StaleVersion,
    Theme,
    Update,
)

ADMIN_ARCHIVE_REASON = "Archived by an administrator in the admin."
ADMIN_RESTORE_REASON = "Restored from the archive by an administrator in the admin."


def add_command_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a command's ``ValidationError`` on ``form``: on the field it names when the
    form has that field, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# -- Mixins shared by every admin that shows the record ---------------------------------


class NoDeleteMixin:
    """Records are archived or deactivated, never deleted: a deleted report, grade or
    membership would change past figures and leave the timeline pointing at nothing.
    Without delete permission the admin offers neither the button nor the bulk action."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class HistoryReadOnlyMixin:
    """django-simple-history's history pages, for reading only.

    ``SIMPLE_HISTORY_REVERT_DISABLED`` hides the "Revert" button, but the version page
    still saves whatever is POSTed to it (simple-history 3.13 checks only change
    permission), which would write an old row back with no timeline entry. So the
    POST is refused here too.
    """

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class RecordAdmin(NoDeleteMixin, HistoryReadOnlyMixin, SimpleHistoryAdmin):
    """The base for every admin with history: readable history, no revert, no delete."""


class NoDeleteInlineMixin:
    can_delete = False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# -- Scales, areas and themes -----------------------------------------------------------


class GradeInline(NoDeleteInlineMixin, admin.StackedInline):
    model = Grade
    extra = 0


class GradedAreaInline(NoDeleteInlineMixin, admin.StackedInline):
    model = GradedArea
    extra = 0


@admin.register(Inspectorate)
class InspectorateAdmin(RecordAdmin):
    list_display = ["name", "short_name", "website"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [GradeInline, GradedAreaInline]


@admin.register(Grade)
class GradeAdmin(RecordAdmin):
    list_display = ["label", "inspectorate", "rank", "is_graded"]
    list_filter = ["inspectorate"]
    list_select_related = ["inspectorate"]
    search_fields = ["label"]


@admin.register(GradedArea)
class GradedAreaAdmin(RecordAdmin):
    list_display = ["name", "inspectorate", "order"]
    list_filter = ["inspectorate"]
    list_select_related = ["inspectorate"]
    search_fields = ["name"]


@admin.register(Theme)
class ThemeAdmin(RecordAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


# -- Reports and their judgements -------------------------------------------------------


class JudgementFormSet(forms.BaseInlineFormSet):
    """Each judgement's grade and area come from the report's inspectorate.

    ``Judgement.clean()`` checks this only once the report exists; on the report's add
    page it does not yet (no ``inspection_id``), so the check is made here against the
    inspectorate chosen on the page. The admin validates the report's form first, so
    ``self.instance.inspectorate`` is already the one chosen.
    """

    def clean(self) -> None:
        super().clean()
        inspectorate_id = self.instance.inspectorate_id
        if inspectorate_id is None:
            return  # the report's own form says an inspectorate is needed
        inspectorate = self.instance.inspectorate
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or self._should_delete_form(form):
                continue
            grade, area = data.get("grade"), data.get("area")
            if grade is not None and grade.inspectorate_id != inspectorate_id:
                allowed = ", ".join(
                    Grade.objects.filter(inspectorate_id=inspectorate_id).values_list("label", flat=True)
                )
                form.add_error("grade", f"Choose a grade from {inspectorate}'s scale: {allowed}.")
            if area is not None and area.inspectorate_id != inspectorate_id:
                form.add_error("area", f"Choose an area that {inspectorate} grades.")


class JudgementInline(NoDeleteInlineMixin, admin.StackedInline):
    # Stacked, not tabular: a tabular inline's inputs have no labels of their own (axe-core,
    # WCAG 4.1.2). Plain selects: short lists, usable with a keyboard and without JavaScript.
    model = Judgement
    formset = JudgementFormSet
    extra = 0


class RecommendationInline(NoDeleteInlineMixin, admin.StackedInline):
    model = Recommendation
    extra = 0
    fields = ["reference", "kind", "wording", "area", "themes", "target_date", "response", "is_archived"]
    # Archiving goes through the recommendations list's "Archive" action, which archives
    # the actions too, each with an entry on its timeline.
    readonly_fields = ["is_archived"]
    # Plain selects, not autocomplete: select2's widgets fail axe-core (WCAG 4.1.2) and
    # need JavaScript; the lists of areas and themes are short.
    show_change_link = True


class ClockInline(NoDeleteInlineMixin, admin.StackedInline):
    model = Clock
    extra = 0
    fields = ["kind", "title", "responsible", "due_on", "met_on", "response_url", "is_illustrative"]


@admin.register(Clock)
class ClockAdmin(RecordAdmin):
    list_display = ["title", "inspection", "responsible", "due_on", "met_on"]
    list_filter = ["kind", ("met_on", admin.EmptyFieldListFilter), "responsible"]
    list_select_related = ["inspection", "responsible"]
    search_fields = ["title", "inspection__title", "inspection__short_name"]
    date_hierarchy = "due_on"


@admin.register(Inspection)
class InspectionAdmin(RecordAdmin):
    list_display = [
        "title",
        "short_name",
        "inspectorate",
        "kind",
        "programme",
        "published_on",
        "partners_see",
        "recommendation_count",
    ]
    # Not "programme": its empty value would be a link with no text (WCAG 2.4.4).
    list_filter = [("released_at", admin.EmptyFieldListFilter), "inspectorate", "kind", "published_on"]
    # A new report is a draft: "View on site" shows it, and publishes it, on its page.
    readonly_fields = ["released_at"]
    list_select_related = ["inspectorate"]
    search_fields = ["title", "short_name", "programme", "summary"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}
    # Not filter_horizontal: its search icon carries ARIA that axe-core flags (WCAG 4.1.2).
    inlines = [JudgementInline, RecommendationInline, ClockInline]
    actions = ["add_statutory_response"]
    # Adds "Import recommendations" (recommendations.views.imports) beside "History".
    change_form_template = "recommendations/import_admin_change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_recommendation_count=Count("recommendations"))

    @admin.action(description="Add the Mayor's 56-day published response deadline")
    def add_statutory_response(self, request, queryset) -> None:
        gmca = Agency.objects.filter(kind=Agency.Kind.COMBINED_AUTHORITY).order_by("pk").first()
        added, skipped = 0, 0
        with transaction.atomic():
            # Not the changelist's queryset: it counts recommendations, and PostgreSQL
            # locks no rows of a grouped query.
            chosen = list(queryset.values_list("pk", flat=True))
            for inspection in Inspection.objects.select_for_update().filter(pk__in=chosen).order_by("pk"):
                if inspection.clocks.filter(kind=Clock.Kind.STATUTORY_RESPONSE).exists():
                    skipped += 1
                    continue
                clock = Clock.statutory_response(inspection, responsible=gmca)
                clock._history_user = request.user
                clock.save()
                added += 1
        self.message_user(
            request,
            f"Added {added} response deadline{'s' if added != 1 else ''}"
            + (f"; {skipped} report{'s' if skipped != 1 else ''} already had one." if skipped else "."),
            messages.SUCCESS,
        )

    @admin.display(description="published to partners", ordering="released_at")
    def partners_see(self, obj: Inspection) -> str:
        if obj.released_at is None:
            return "Draft"
        return date_format(timezone.localtime(obj.released_at), "j M Y")

    @admin.display(description="recommendations", ordering="_recommendation_count")
    def recommendation_count(self, obj: Inspection) -> int:
        return obj._recommendation_count


@admin.register(Judgement)
class JudgementAdmin(RecordAdmin):
    list_display = ["inspection", "agency", "area", "grade"]
    list_filter = ["grade__inspectorate", "grade", "agency"]
    list_select_related = ["inspection", "agency", "area", "grade"]
    search_fields = ["inspection__title", "agency__name", "area__name"]
    autocomplete_fields = ["inspection", "agency", "area", "grade"]


# -- Archiving, through the commands ----------------------------------------------------


class ArchiveMixin:
    """ "Archive" and "Restore" bulk actions. Each goes through the services, so every
    action archived or restored has an entry on its timeline saying who and why."""

    actions = ["archive_selected", "restore_selected"]

    def archive_one(self, request, obj, *, archived: bool, reason: str) -> None:
        raise NotImplementedError

    def _archive(self, request, queryset, *, archived: bool) -> int:
        reason = ADMIN_ARCHIVE_REASON if archived else ADMIN_RESTORE_REASON
        count = 0
        for obj in queryset.filter(is_archived=not archived).order_by("pk"):
            try:
                self.archive_one(request, obj, archived=archived, reason=reason)
            except ValidationError as error:
                self.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
            else:
                count += 1
        return count

    @admin.action(description="Archive the selected records")
    def archive_selected(self, request, queryset):
        count = self._archive(request, queryset, archived=True)
        self.message_user(request, f"Archived {count}.", messages.SUCCESS)

    @admin.action(description="Restore the selected records from the archive")
    def restore_selected(self, request, queryset):
        count = self._archive(request, queryset, archived=False)
        self.message_user(request, f"Restored {count}.", messages.SUCCESS)


# -- Recommendations and their actions --------------------------------------------------


class ActionInline(admin.StackedInline):
    """A recommendation's actions, to read. Each is changed on its own page (the change
    link), where every change goes on its timeline."""

    model = Action
    extra = 0
    fields = [
        "agency",
        "owner",
        "due_date",
        "status",
        "confidence",
        "percent_complete",
        "is_archived",
        "description",
    ]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # new actions are added in NewActionInline

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class NewActionFormSet(forms.BaseInlineFormSet):
    """New actions for the recommendation. ``RecommendationAdmin.save_formset`` creates
    them with ``services.action_create``; the same rules are checked here first so that
    a mistake shows on the page rather than failing the save."""

    def clean(self) -> None:
        super().clean()
        inspection = self.instance.inspection if self.instance.inspection_id else None
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or not form.has_changed():
                continue
            due, agency, owner = data.get("due_date"), data.get("agency"), data.get("owner")
            if due and inspection and (problem := services.due_date_problem(due, inspection.published_on)):
                form.add_error("due_date", problem)
            if owner is not None and agency is not None and agency.pk not in access.agency_roles(owner):
                form.add_error("owner", "Choose someone who works for the agency")


class NewActionInline(admin.StackedInline):
    """Add an agency's action to the recommendation (``services.action_create``)."""

    model = Action
    formset = NewActionFormSet
    verbose_name = "new action"
    verbose_name_plural = "add actions"
    extra = 0
    fields = ["agency", "owner", "due_date", "description"]
    autocomplete_fields = ["agency", "owner"]
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Recommendation)
class RecommendationAdmin(ArchiveMixin, RecordAdmin):
    list_display = [
        "reference",
        "short_wording",
        "inspection",
        "kind",
        "response",
        "target_date",
        "is_archived",
    ]
    list_filter = ["kind", "response", "is_archived", "inspection__inspectorate", "inspection", "themes"]
    list_select_related = ["inspection"]
    search_fields = ["reference", "wording", "inspection__title"]
    autocomplete_fields = ["inspection", "area", "themes"]
    # Archived or restored with the list's actions, which archive its actions too.
    readonly_fields = ["is_archived"]
    inlines = [ActionInline, NewActionInline]

    @admin.display(description="wording")
    def short_wording(self, obj: Recommendation) -> str:
        return obj.wording if len(obj.wording) <= 90 else f"{obj.wording[:87]}…"

    def archive_one(self, request, obj, *, archived: bool, reason: str) -> None:
        services.recommendation_archive(recommendation=obj, by=request.user, archived=archived, reason=reason)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Action:
            super().save_formset(request, form, formset, change)
            return
        # Existing actions are read-only here; only new ones are saved, by the command.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for action_form in formset.extra_forms:
            if not action_form.has_changed():
                continue
            data = action_form.cleaned_data
            formset.new_objects.append(
                services.action_create(
                    recommendation=form.instance,
                    agency=data["agency"],
                    due_date=data["due_date"],
                    owner=data.get("owner"),
                    description=data.get("description", ""),
                    by=request.user,
                )
            )


# -- An action's own page ---------------------------------------------------------------


class ActionAddForm(forms.ModelForm):
    """Add an action: validated by the model, then created by ``services.action_create``
    while the form is validated, so that the command's refusals show on the form."""

    by = None  # the administrator; set by ActionAdmin.get_form

    class Meta:
        model = Action
        fields = ["recommendation", "agency", "owner", "due_date", "description"]

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors:
            return
        data = self.cleaned_data
        try:
            with transaction.atomic():
                self.created = services.action_create(
                    recommendation=data["recommendation"],
                    agency=data["agency"],
                    due_date=data["due_date"],
                    owner=data.get("owner"),
                    description=data.get("description", ""),
                    by=self.by,
                )
        except ValidationError as error:
            add_command_errors(self, error)


class ActionChangeForm(forms.ModelForm):
    """Change an action: a new owner or due date is a command, with an entry on the
    timeline. What the agency will do is part of its plan, which its leads change on
    the action's page (``services.action_plan``), so it is read-only here.

    The commands run while the form is validated, all in one transaction that is rolled
    back if any is refused, so that a refusal (a stale version above all) re-renders the
    form with the reason and nothing saved. ``version`` is the version the page was
    loaded at; the commands compare it under a row lock.
    """

    owner = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody",
        help_text="A member of the action's agency. A new owner goes on the action's timeline.",
    )
    due_date = forms.DateField(
        widget=AdminDateWidget,
        help_text="A new due date goes on the action's timeline, with the reason below.",
    )
    reason = forms.CharField(
        label="Reason for the new due date",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed when the due date changes.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    by = None  # the administrator; set by ActionAdmin.get_form

    class Meta:
        model = Action
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        action = self.instance
        self.fields["owner"].queryset = (
            User.objects.filter(
                Q(memberships__agency_id=action.agency_id, is_active=True) | Q(pk=action.owner_id)
            )
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.initial.update(owner=action.owner_id, due_date=action.due_date, version=action.version)

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors:
            return
        try:
            self.saved = self._apply()
        except StaleVersion as error:
            self.add_error(None, error)
        except PermissionDenied:
            self.add_error(None, "You may not change this action.")
        except ValidationError as error:
            add_command_errors(self, error)

    @transaction.atomic
    def _apply(self) -> Action:
        data = self.cleaned_data
        current = (
            Action.objects.select_for_update(of=("self",))
            .select_related("owner", "recommendation__inspection")
            .get(pk=self.instance.pk)
        )
        if current.version != data["version"]:
            raise StaleVersion(services.STALE_MESSAGE)
        owner = data.get("owner")
        if (owner.pk if owner else None) != current.owner_id:
            services.action_assign_owner(
                action=current, by=self.by, owner=owner, expected_version=current.version
            )
        if data["due_date"] != current.due_date:
            services.action_change_due_date(
                action=current,
                by=self.by,
                due_date=data["due_date"],
                reason=data.get("reason", ""),
                expected_version=current.version,
            )
        return current


@admin.register(Action)
class ActionAdmin(ArchiveMixin, RecordAdmin):
    list_display = [
        "__str__",
        "agency",
        "owner",
        "due_date",
        "status",
        "confidence",
        "percent_complete",
        "is_archived",
    ]
    list_filter = ["status", "confidence", "is_archived", "agency", "recommendation__inspection"]
    list_select_related = ["recommendation", "agency", "owner"]
    search_fields = ["recommendation__reference", "recommendation__wording", "description", "agency__name"]
    autocomplete_fields = ["recommendation", "agency", "owner"]
    date_hierarchy = "due_date"

    # Status, confidence and percent move only through the timeline (the partners' and
    # oversight's pages); owner and due date through ActionChangeForm's commands.
    TIMELINE_FIELDS = [
        "status",
        "confidence",
        "percent_complete",
        "impact_evidenced",
        "is_archived",
        "created_at",
        "updated_at",
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["recommendation", "agency", "owner", "due_date", "description"]})]
        return [
            (
                None,
                {
                    "fields": ["recommendation", "agency", "description"],
                    "description": "What the agency will do is part of its plan: the agency's leads "
                    "change it on the action's page, with an entry on the timeline.",
                },
            ),
            (
                "Owner and due date",
                {
                    "fields": ["owner", "due_date", "reason", "version"],
                    "description": "A change here is an entry on the action's timeline, with who and when.",
                },
            ),
            ("From the timeline", {"fields": self.TIMELINE_FIELDS}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["recommendation", "agency", "description", *self.TIMELINE_FIELDS]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ActionAddForm
        else:
            # Nothing is copied onto the model by the form itself: the commands write.
            kwargs.update(form=ActionChangeForm, fields=[])
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"by": request.user})

    def save_form(self, request, form, change):
        # The form has already written through the services; the admin logs and
        # redirects with the action it wrote.
        form.save(commit=False)  # sets form.save_m2m for save_related
        return form.saved if change else form.created

    def save_model(self, request, obj, form, change) -> None:
        pass  # written by the form through recommendations.services

    def archive_one(self, request, obj, *, archived: bool, reason: str) -> None:
        services.action_archive(
            action=obj, by=request.user, archived=archived, reason=reason, expected_version=None
        )


# -- The timeline: read-only ------------------------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    """Append-only records: administrators can read them, nobody edits them here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["original_name", "content_type", "size", "sha256", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Update)
class UpdateAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "action",
        "kind",
        "author",
        "status_from",
        "status_to",
        "confidence",
        "percent_complete",
    ]
    list_filter = ["kind", "confidence", "status_to", "action__agency"]
    list_select_related = ["action__recommendation", "action__agency", "author"]
    search_fields = ["narrative", "action__recommendation__reference"]
    date_hierarchy = "created_at"
    inlines = [EvidenceInline]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "content_type", "size", "sha256", "uploaded_at", "update"]
    list_filter = ["content_type"]
    list_select_related = ["update"]
    search_fields = ["original_name", "sha256"]
    date_hierarchy = "uploaded_at"


@admin.register(EvidenceAccess)
class EvidenceAccessAdmin(ReadOnlyAdmin):
    list_display = ["accessed_at", "evidence", "user", "ip_address"]
    list_filter = ["evidence__update__action__agency"]
    list_select_related = ["evidence", "user"]
    search_fields = ["evidence__original_name", "user__username", "ip_address"]
    date_hierarchy = "accessed_at"
