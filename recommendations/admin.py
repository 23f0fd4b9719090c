"""Administration of inspections and recommendations.

Administrators manage the records here. Nothing that the timeline depends on can be
deleted: recommendations and actions are archived instead, and updates and evidence
are read-only (they are written only by the partners' and oversight's pages).
"""

from django.contrib import admin, messages
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from recommendations import cache
from recommendations.models import (
    Action,
    Evidence,
    EvidenceAccess,
    Grade,
    GradedArea,
    Inspection,
    Inspectorate,
    Judgement,
    Recommendation,
    Theme,
    Update,
)


class FiguresChangedMixin:
    """Any change made here may alter figures for past dates: retire cached ones."""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        cache.bump(cache.HISTORY)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        cache.bump(cache.HISTORY)

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        cache.bump(cache.HISTORY)


class NoDeleteMixin:
    """Records that the timeline depends on are archived, never deleted."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ArchiveMixin(NoDeleteMixin):
    actions = ["archive_selected", "restore_selected"]

    @admin.action(description="Archive the selected records")
    def archive_selected(self, request, queryset):
        count = 0
        for obj in queryset.filter(is_archived=False):  # one save each, so history records who archived
            obj.is_archived = True
            obj.save(update_fields=["is_archived"])
            count += 1
        cache.bump(cache.HISTORY)
        self.message_user(request, f"Archived {count}.", messages.SUCCESS)

    @admin.action(description="Restore the selected records from the archive")
    def restore_selected(self, request, queryset):
        count = 0
        for obj in queryset.filter(is_archived=True):
            obj.is_archived = False
            obj.save(update_fields=["is_archived"])
            count += 1
        cache.bump(cache.HISTORY)
        self.message_user(request, f"Restored {count}.", messages.SUCCESS)


class GradeInline(admin.StackedInline):
    model = Grade
    extra = 0


class GradedAreaInline(admin.StackedInline):
    model = GradedArea
    extra = 0


@admin.register(Inspectorate)
class InspectorateAdmin(FiguresChangedMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "website"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [GradeInline, GradedAreaInline]


@admin.register(Grade)
class GradeAdmin(FiguresChangedMixin, SimpleHistoryAdmin):
    list_display = ["label", "inspectorate", "rank", "is_graded"]
    list_filter = ["inspectorate"]
    list_select_related = ["inspectorate"]
    search_fields = ["label"]


@admin.register(GradedArea)
class GradedAreaAdmin(FiguresChangedMixin, SimpleHistoryAdmin):
    list_display = ["name", "inspectorate", "order"]
    list_filter = ["inspectorate"]
    list_select_related = ["inspectorate"]
    search_fields = ["name"]


@admin.register(Theme)
class ThemeAdmin(FiguresChangedMixin, SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class JudgementInline(admin.StackedInline):
    # Stacked, not tabular: a tabular inline's inputs have no labels of their own (axe-core,
    # WCAG 4.1.2). Plain selects: short lists, usable with a keyboard and without JavaScript.
    model = Judgement
    extra = 0


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    fields = ["reference", "kind", "wording", "area", "themes", "target_date", "response", "is_archived"]
    # Plain selects, not autocomplete: select2's widgets fail axe-core (WCAG 4.1.2) and
    # need JavaScript; the lists of areas and themes are short.
    show_change_link = True

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Inspection)
class InspectionAdmin(FiguresChangedMixin, NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["title", "inspectorate", "kind", "programme", "published_on", "recommendation_count"]
    # Not "programme": its empty value would be a link with no text (WCAG 2.4.4).
    list_filter = ["inspectorate", "kind", "published_on"]
    list_select_related = ["inspectorate"]
    search_fields = ["title", "programme", "summary"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}
    # Not filter_horizontal: its search icon carries ARIA that axe-core flags (WCAG 4.1.2).
    inlines = [JudgementInline, RecommendationInline]
    # Adds "Import recommendations" (recommendations.views.imports) beside "History".
    change_form_template = "recommendations/import_admin_change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_recommendation_count=Count("recommendations"))

    @admin.display(description="recommendations", ordering="_recommendation_count")
    def recommendation_count(self, obj: Inspection) -> int:
        return obj._recommendation_count


@admin.register(Judgement)
class JudgementAdmin(FiguresChangedMixin, SimpleHistoryAdmin):
    list_display = ["inspection", "agency", "area", "grade"]
    list_filter = ["grade__inspectorate", "grade", "agency"]
    list_select_related = ["inspection", "agency", "area", "grade"]
    search_fields = ["inspection__title", "agency__name", "area__name"]
    autocomplete_fields = ["inspection", "agency", "area", "grade"]


class ActionInline(admin.StackedInline):
    model = Action
    extra = 0
    fields = ["agency", "owner", "due_date", "status", "confidence", "percent_complete", "is_archived"]
    readonly_fields = ["status", "confidence", "percent_complete"]
    autocomplete_fields = ["agency", "owner"]
    show_change_link = True

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Recommendation)
class RecommendationAdmin(FiguresChangedMixin, ArchiveMixin, SimpleHistoryAdmin):
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
    inlines = [ActionInline]

    @admin.display(description="wording")
    def short_wording(self, obj: Recommendation) -> str:
        return obj.wording if len(obj.wording) <= 90 else f"{obj.wording[:87]}…"


@admin.register(Action)
class ActionAdmin(FiguresChangedMixin, ArchiveMixin, SimpleHistoryAdmin):
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
    # Status, confidence and percent move only through the timeline, so that every
    # change is an Update row with who, when and why.
    readonly_fields = ["status", "confidence", "percent_complete", "version", "created_at", "updated_at"]
    date_hierarchy = "due_date"

    def get_readonly_fields(self, request, obj=None):
        # Once an action exists its due date moves only through the lead's form, which
        # records the old and new dates and the reason on the timeline.
        return [*self.readonly_fields, "due_date"] if obj is not None else self.readonly_fields


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
