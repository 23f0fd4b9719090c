"""People and the partner agencies they work for.

A person's reach comes from two places: memberships (contributor or lead of one or
more agencies) and the ``is_oversight`` flag for the Deputy Mayor's office and the
GMCA assurance team, who read everything. Administrators are Django staff.
"""

from asgiref.sync import sync_to_async
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.db.models import Q
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    is_oversight = models.BooleanField(
        "oversight",
        default=False,
        help_text="The Deputy Mayor's office or GMCA assurance team: reads every agency's "
        "actions and dashboards, and assures or returns submitted actions.",
    )

    is_demo = models.BooleanField(
        "demo account",
        default=False,
        help_text="Made by load_demo with the published demo password. May skip two-factor "
        "authentication only when DEBUG is on.",
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        ordering = ["last_name", "first_name", "username"]
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def check_password(self, raw_password: str) -> bool:
        """Whether ``raw_password`` is right; when it is but the stored hash is out of date
        (another hasher, or fewer iterations, than ``PASSWORD_HASHERS`` now asks for), save
        the password re-hashed, as Django does, and keep the person's API tokens working:
        re-hashing is not a password change (``api.services.tokens_follow_rehash``).

        The new hash is saved only if the stored one is still the hash just checked, with
        the row locked: a concurrent sign-in's upgrade, or a real password change made
        meanwhile, is left alone instead of overwritten. No query unless the hash is
        upgraded; then a few (the locked row, the save and its history row, the tokens)."""

        def upgrade(raw_password: str) -> None:
            from api.services import tokens_follow_rehash

            old_hash = self.password
            with transaction.atomic():
                stored = type(self)._default_manager.select_for_update().filter(pk=self.pk)
                if stored.values_list("password", flat=True).first() != old_hash:
                    return
                self.set_password(raw_password)
                # Not a password change: no password_changed() to the validators.
                self._password = None
                self.save(update_fields=["password"])
                tokens_follow_rehash(user=self, old_hash=old_hash)

        return check_password(raw_password, self.password, upgrade)

    async def acheck_password(self, raw_password: str) -> bool:
        """``check_password`` for async callers, with the same upgrade."""
        return await sync_to_async(self.check_password)(raw_password)


class AgencyKind(models.TextChoices):
    COMBINED_AUTHORITY = "combined_authority", "Combined authority"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    OTHER = "other", "Other"


class Role(models.TextChoices):
    CONTRIBUTOR = "contributor", "Contributor"
    LEAD = "lead", "Agency lead"


class Agency(models.Model):
    Kind = AgencyKind

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=50, unique=True, help_text="Used in tables and imports, e.g. GMP."
    )
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    is_active = models.BooleanField(
        "active", default=True, help_text="Inactive agencies keep their history but get no new work."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AgencyKind.values),
                name="agency_kind_valid",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="agency_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    Role = Role

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CONTRIBUTOR)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="membership_one_per_user_agency"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.agency.short_name})"


class ExternalIdentity(models.Model):
    """A person's account at their organisation's identity provider (OpenID Connect):
    the provider's issuer and the subject identifier it gives them. This link, never the
    e-mail address (which can be reassigned), is what signs them in as this user."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    issuer = models.URLField(max_length=300)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["issuer", "subject"]
        verbose_name = "organisation account"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="external_identity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"
