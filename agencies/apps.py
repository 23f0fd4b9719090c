from django.apps import AppConfig
from django.core import checks


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = "Agencies and people"

    def ready(self) -> None:
        checks.register(organisation_agencies_exist, checks.Tags.database)


def organisation_agencies_exist(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """Each organisation that signs its people in (OIDC_PROVIDERS) names an active agency
    (``manage.py check --database default``; the settings themselves are checked as the
    service starts)."""
    if not databases:
        return []
    from django.conf import settings

    from agencies.models import Agency

    wanted = {p.agency: p.key for p in settings.OIDC_PROVIDERS}
    if not wanted:
        return []
    found = set(Agency.objects.filter(slug__in=wanted, is_active=True).values_list("slug", flat=True))
    return [
        checks.Error(
            f"OIDC_PROVIDERS '{key}': no active agency has the slug {slug!r}.",
            hint="Add the agency in the admin, or correct 'agency' in the provider's entry.",
            id="agencies.E001",
        )
        for slug, key in sorted(wanted.items())
        if slug not in found
    ]
