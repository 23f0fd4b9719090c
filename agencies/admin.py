"""Administration of people, agencies and memberships.

Nothing here is deleted (issue 11): a person leaves by being deactivated, an agency
by being made inactive; their history stays. History pages are for reading only.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from agencies.models import Agency, ExternalIdentity, Membership, User
from recommendations.admin import HistoryReadOnlyMixin, NoDeleteInlineMixin, NoDeleteMixin, RecordAdmin


class MembershipInline(NoDeleteInlineMixin, admin.StackedInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]
    fk_name = "user"


class ExternalIdentityInline(admin.TabularInline):
    """The organisation accounts that sign this person in (made at their first sign-in,
    never typed). Read-only: to stop someone signing in, deactivate them."""

    model = ExternalIdentity
    extra = 0
    fields = ["issuer", "subject", "created_at", "last_signed_in_at"]
    readonly_fields = fields
    verbose_name_plural = "organisation accounts"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class TrackerUserAdmin(NoDeleteMixin, HistoryReadOnlyMixin, UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_oversight", "is_staff", "is_active"]
    list_filter = ["is_oversight", "is_staff", "is_superuser", "is_active", "memberships__agency"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Oversight", {"fields": ["is_oversight"]}),
    ]
    inlines = [MembershipInline, ExternalIdentityInline]
    actions = ["deactivate_selected"]

    @admin.action(description="Deactivate the selected people (they can no longer sign in)")
    def deactivate_selected(self, request, queryset):
        count = 0
        for user in queryset.filter(is_active=True):  # one save each, so history records who
            user.is_active = False
            user.save(update_fields=["is_active"])
            count += 1
        self.message_user(request, f"Deactivated {count}.", messages.SUCCESS)


class AgencyMembershipInline(NoDeleteInlineMixin, admin.StackedInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fk_name = "agency"


@admin.register(Agency)
class AgencyAdmin(RecordAdmin):
    list_display = ["name", "short_name", "kind", "is_active", "member_count"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [AgencyMembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_member_count=Count("memberships"))

    @admin.display(description="members", ordering="_member_count")
    def member_count(self, obj: Agency) -> int:
        return obj._member_count


@admin.register(Membership)
class MembershipAdmin(RecordAdmin):
    list_display = ["user", "agency", "role", "created_at"]
    list_filter = ["role", "agency"]
    list_select_related = ["user", "agency"]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "agency__name",
        "agency__short_name",
    ]
    autocomplete_fields = ["user", "agency"]
