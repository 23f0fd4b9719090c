"""Making, using and revoking API tokens. The token page and the API's authentication call these."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django_otp import device_classes

from agencies.models import Membership
from api.models import ApiToken, RevokedReason

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


# The parts of a person's authority a token is tied to, each with the reason recorded
# when it is no longer what it was when the token was made; checked in this order.
AUTHORITY_PARTS = {
    "role": RevokedReason.ROLE_CHANGED,
    "memberships": RevokedReason.MEMBERSHIPS_CHANGED,
    "password": RevokedReason.PASSWORD_CHANGED,
    "two_factor": RevokedReason.TWO_FACTOR_CHANGED,
}


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, separators=(",", ":")).encode()).hexdigest()


def _confirmed_devices(user_id: int) -> list[tuple[str, int]]:
    """``(model, id)`` of the person's confirmed second-factor devices, of every kind
    django-otp has installed, in one query. An unconfirmed device (the set-up page makes
    one before its code is proved) cannot sign anyone in, so it is left out."""
    querysets = [
        model.objects.filter(user_id=user_id, confirmed=True).values_list(
            models.Value(model._meta.label_lower, output_field=models.CharField()), "pk"
        )
        for model in device_classes()
    ]
    if not querysets:
        return []
    first, *rest = querysets
    return sorted(first.union(*rest, all=True))


def authority_fingerprint(*, user) -> dict[str, str]:
    """Digests of what decides what ``user`` may read and how they prove who they are:
    their roles and whether the account is active, their agency memberships (agency and
    role, whether or not the agency is active), their password hash and their confirmed
    second-factor devices. Two queries (memberships; devices); ``user``'s own fields are
    used as loaded, so pass a fresh row.

    A token stores this when it is made and is refused once it differs, whatever made
    the change: the website, the admin, a shell or a bulk update. A password hash
    that Django upgrades at sign-in is not a change of password: ``tokens_follow_rehash``
    re-stamps the tokens made under it."""
    memberships = sorted(Membership.objects.filter(user_id=user.pk).values_list("agency_id", "role"))
    return {
        "role": _digest([user.is_active, user.is_oversight, user.is_staff, user.is_superuser]),
        "memberships": _digest(memberships),
        "password": _digest(user.password),
        "two_factor": _digest(_confirmed_devices(user.pk)),
    }


def _revocation_reason(*, token: ApiToken, current: dict[str, str]) -> RevokedReason | None:
    """Why ``token`` may no longer be used although nobody revoked it, or None. Needs
    ``token.user`` and the ``owner_deactivated_since`` annotation
    (``ApiTokenQuerySet.with_owner_deactivated_since()``)."""
    if not token.user.is_active or token.owner_deactivated_since:
        # Also after the account is made active again: deactivation ends its tokens.
        return RevokedReason.DEACTIVATED
    if not token.authority_fingerprint:
        return RevokedReason.NO_FINGERPRINT
    for part, reason in AUTHORITY_PARTS.items():
        if token.authority_fingerprint.get(part) != current[part]:
            return reason
    return None


def tokens_revoke_stale(*, user) -> int:
    """Mark revoked, with the reason, every working token of ``user`` made while their
    authority was different from now (see ``authority_fingerprint``). Such a token is
    refused whether or not this runs; this makes the token page say why, and stops
    those tokens counting against the limit. Returns how many were revoked. Three
    queries, and one write per reason found."""
    return _revoke_stale(user=user, current=authority_fingerprint(user=user))


def _revoke_stale(*, user, current: dict[str, str]) -> int:
    tokens = ApiToken.objects.filter(user=user).active().with_owner_deactivated_since().select_related("user")
    stale = defaultdict(list)
    for token in tokens:
        reason = _revocation_reason(token=token, current=current)
        if reason is not None:
            stale[reason].append(token.pk)
    now = timezone.now()
    return sum(
        ApiToken.objects.filter(pk__in=pks, revoked_at__isnull=True).update(
            revoked_at=now, revoked_reason=reason
        )
        for reason, pks in stale.items()
    )


def tokens_follow_rehash(*, user, old_hash: str) -> int:
    """After Django re-hashed ``user``'s unchanged password (``user.password`` is now the
    new hash, ``old_hash`` the one it replaced), re-stamp the password part of their
    working tokens so the upgrade does not revoke them. Only tokens stamped with
    ``old_hash`` follow: one made under an older, different password, or already stale
    for another reason, stays as it is. Call it in the transaction that saves the new
    hash (``agencies.models.User.check_password`` does). Returns how many tokens were
    re-stamped. One query, and one write if any token follows."""
    old, new = _digest(old_hash), _digest(user.password)
    following = list(
        ApiToken.objects.filter(user_id=user.pk, authority_fingerprint__password=old)
        .active()
        .select_for_update()
    )
    for token in following:
        token.authority_fingerprint = {**token.authority_fingerprint, "password": new}
    ApiToken.objects.bulk_update(following, ["authority_fingerprint"])
    return len(following)


def token_create(*, user, name: str, expires_in_days: int | None) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns it with its secret, which is not stored and
    cannot be shown again. ``expires_in_days=None`` makes a token that never expires.
    Refused (``ValidationError``) when the person already has the most active tokens allowed."""
    name = name.strip()
    with transaction.atomic():
        # Lock the owner's row so that two requests cannot both count nine tokens and
        # both make a tenth: on PostgreSQL the second waits here until the first commits.
        # (Locking the token rows instead locks nothing when there are none to lock, and
        # never stops a new row.) SQLite runs one write transaction at a time
        # ("transaction_mode": "IMMEDIATE" in settings), which serialises this as well.
        owner = get_user_model().objects.select_for_update().get(pk=user.pk)
        fingerprint = authority_fingerprint(user=owner)
        _revoke_stale(user=owner, current=fingerprint)
        active = ApiToken.objects.filter(user=owner).active().count()
        if active >= max_active_tokens():
            raise ValidationError(
                f"You already have {active} active tokens, the most allowed. Revoke one you no longer use first."
            )
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = timezone.now()
        token = ApiToken(
            user=owner,
            name=name,
            prefix=secret[:PREFIX_LENGTH],
            key_hash=hash_secret(secret),
            created_at=now,
            expires_at=now + timedelta(days=expires_in_days) if expires_in_days else None,
            authority_fingerprint=fingerprint,
        )
        token.full_clean()
        token.save()
    return token, secret


def token_revoke(*, token: ApiToken, by) -> bool:
    """Revoke ``token`` (its owner only). Returns False if it was revoked already."""
    if token.user_id != by.pk:
        raise PermissionDenied
    now = timezone.now()
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_reason=RevokedReason.OWNER
    )
    if changed:
        token.revoked_at = now
        token.revoked_reason = RevokedReason.OWNER
    return bool(changed)


def _revoked_message(reason: str) -> str:
    said = f": {RevokedReason(reason).label}" if reason else ""
    return f"The token has been revoked{said}. Create a new one on the API tokens page."


def token_authenticate(secret: str) -> ApiToken:
    """The active token with this secret, its user loaded; raises ``TokenRejected`` with
    a message that says what is wrong. A token whose owner's authority has changed
    since it was made (see ``authority_fingerprint``) is refused and marked revoked with
    the reason. Three queries (the token with its owner; the owner's memberships; their
    second-factor devices), plus one write at most once a minute to record when the
    token was last used."""
    secret = secret.strip()
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > MAX_TOKEN_LENGTH:
        raise TokenRejected("The token is not one this service issued.")
    try:
        token = (
            ApiToken.objects.select_related("user")
            .with_owner_deactivated_since()
            .get(key_hash=hash_secret(secret))
        )
    except ApiToken.DoesNotExist:
        raise TokenRejected("The token is not one this service issued.") from None
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRejected(_revoked_message(token.revoked_reason))
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenRejected("The token has expired. Create a new one on the API tokens page.")
    reason = _revocation_reason(token=token, current=authority_fingerprint(user=token.user))
    if reason is not None:
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_reason=reason
        )
        raise TokenRejected(_revoked_message(reason))
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
