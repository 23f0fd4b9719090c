"""Making, using and revoking API tokens. The token page and the API's authentication call these."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from api.models import ApiToken

# Recognisable in logs and by secret scanners: "sat_" for Safeguarding Assurance Tracker.
TOKEN_PREFIX = "sat_"  # noqa: S105 (a label, not a secret)
PREFIX_LENGTH = len(TOKEN_PREFIX) + 8
# Longer than any token we issue; anything longer is refused before it is hashed.
MAX_TOKEN_LENGTH = 200
DEFAULT_EXPIRY_DAYS = 90
# Writing last_used_at on every request would turn each read into a write; a minute's
# precision is enough to see whether a token is still in use.
LAST_USED_PRECISION = timedelta(minutes=1)


def max_active_tokens() -> int:
    return getattr(settings, "API_MAX_TOKENS_PER_USER", 10)


class TokenRejected(Exception):
    """The bearer token is missing, unknown, revoked or expired; the message says which."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, user, name: str, expires_in_days: int | None) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns it with its secret, which is not stored and
    cannot be shown again. ``expires_in_days=None`` makes a token that never expires.
    Refused (``ValidationError``) when the person already has the most active tokens allowed."""
    name = name.strip()
    with transaction.atomic():
        active = ApiToken.objects.filter(user=user).active().select_for_update().count()
        if active >= max_active_tokens():
            raise ValidationError(
                f"You already have {active} active tokens, the most allowed. Revoke one you no longer use first."
            )
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = timezone.now()
        token = ApiToken(
            user=user,
            name=name,
            prefix=secret[:PREFIX_LENGTH],
            key_hash=hash_secret(secret),
            created_at=now,
            expires_at=now + timedelta(days=expires_in_days) if expires_in_days else None,
        )
        token.full_clean()
        token.save()
    return token, secret


def token_revoke(*, token: ApiToken, by) -> bool:
    """Revoke ``token`` (its owner only). Returns False if it was revoked already."""
    if token.user_id != by.pk:
        raise PermissionDenied
    now = timezone.now()
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    if changed:
        token.revoked_at = now
    return bool(changed)


def token_authenticate(secret: str) -> ApiToken:
    """The active token with this secret, its user loaded; raises ``TokenRejected`` with
    a message that says what is wrong. One query, plus one write at most once a minute
    to record when the token was last used."""
    secret = secret.strip()
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > MAX_TOKEN_LENGTH:
        raise TokenRejected("The token is not one this service issued.")
    try:
        token = ApiToken.objects.select_related("user").get(key_hash=hash_secret(secret))
    except ApiToken.DoesNotExist:
        raise TokenRejected("The token is not one this service issued.") from None
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRejected("The token has been revoked. Create a new one on the API tokens page.")
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenRejected("The token has expired. Create a new one on the API tokens page.")
    if not token.user.is_active:
        raise TokenRejected("The account this token belongs to has been deactivated.")
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
