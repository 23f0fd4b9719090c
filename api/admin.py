from django.contrib import admin, messages
from django.utils import timezone

from api.models import ApiToken, RevokedReason


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their owners on the API tokens page (the secret is shown only
    there, once); administrators can see them and revoke them."""

    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_reason",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "revoked_reason", "expires_at"]
    search_fields = ["name", "prefix", "user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_reason",
    ]
    exclude = ["key_hash", "authority_fingerprint"]
    actions = ["revoke_selected"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Revoke selected tokens")
    def revoke_selected(self, request, queryset) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=RevokedReason.ADMINISTRATOR
        )
        self.message_user(request, f"{count} token(s) revoked.", messages.SUCCESS)
