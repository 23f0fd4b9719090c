"""Personal API tokens: how a partner's or oversight's own tools read the tracker.

A token is a random secret shown once, when it is made; the database keeps only its
SHA-256 (a secret of 256 random bits needs no slow hash: nothing can be guessed from
the digest) and a short prefix so that its owner can tell tokens apart.

A token acts for its owner, but only while the owner's authority is what it was when
the token was made: each token stores a fingerprint of that authority (roles, agency
memberships, password, second factor; see ``api.services.authority_fingerprint``), and
a token whose owner's fingerprint has since changed is refused and marked revoked,
with the reason. A token made by a contributor therefore never reads as oversight, and
a password change or a second-factor reset ends every token made before it. Tokens
are revoked, never deleted, so the list keeps a record of what existed.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone


class RevokedReason(models.TextChoices):
    """Why a token stopped working; shown to its owner as "revoked: <label>"."""

    OWNER = "owner", "by you"
    ADMINISTRATOR = "administrator", "by an administrator"
    DEACTIVATED = "deactivated", "your account was deactivated"
    ROLE_CHANGED = "role_changed", "your role changed"
    MEMBERSHIPS_CHANGED = "memberships_changed", "your agency memberships changed"
    PASSWORD_CHANGED = "password_changed", "your password changed"
    TWO_FACTOR_CHANGED = "two_factor_changed", "your two-factor authentication changed"
    NO_FINGERPRINT = "no_fingerprint", "made before tokens were tied to your role"


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), revoked_at__isnull=True)

    def with_owner_deactivated_since(self) -> ApiTokenQuerySet:
        """Annotates ``owner_deactivated_since``: the owner's account was saved as
        inactive at some time after the token was made (from the user's history), so
        making the account active again does not bring its old tokens back. A subquery
        in the same query, not another query."""
        history = get_user_model().history.model
        return self.annotate(
            owner_deactivated_since=Exists(
                history.objects.filter(
                    id=OuterRef("user_id"), is_active=False, history_date__gte=OuterRef("created_at")
                )
            )
        )


class ApiToken(models.Model):
    RevokedReason = RevokedReason

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. “Power BI report”.")
    prefix = models.CharField(
        max_length=16, help_text="The first characters of the token, to tell tokens apart."
    )
    key_hash = models.CharField("SHA-256 of the token", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Never expires when empty.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(
        max_length=30,
        choices=RevokedReason.choices,
        blank=True,
        help_text="Why the token was revoked; empty while it works (and for tokens revoked before reasons were kept).",
    )
    authority_fingerprint = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="Digests of the owner's roles, memberships, password and second factor when the token "
        "was made; the token is refused once they differ.",
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"
        verbose_name_plural = "API tokens"
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="api_token_name_not_empty"),
            models.CheckConstraint(condition=~Q(prefix=""), name="api_token_prefix_not_empty"),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=False) | Q(revoked_reason=""),
                name="api_token_reason_only_when_revoked",
            ),
        ]
        indexes = [
            # The token page: a person's tokens, newest first.
            models.Index(fields=["user", "-created_at"], name="api_token_user_created"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def get_absolute_url(self) -> str:
        return reverse("api_tokens")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return not self.is_revoked and not self.is_expired
