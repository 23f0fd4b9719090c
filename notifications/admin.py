from django.contrib import admin

from notifications.models import NotificationPreference, SentNotification


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "due_reminders", "overdue", "returned", "assured", "submitted", "weekly_digest"]
    list_filter = ["due_reminders", "overdue", "returned", "assured", "submitted", "weekly_digest"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


@admin.register(SentNotification)
class SentNotificationAdmin(admin.ModelAdmin):
    """A record of what was sent: read-only, because a changed or deleted row would let
    the same e-mail go out again."""

    list_display = ["sent_at", "kind", "recipient", "subject"]
    list_filter = ["kind", "sent_at"]
    search_fields = ["key", "subject", "recipient__username", "recipient__email"]
    list_select_related = ["recipient"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
