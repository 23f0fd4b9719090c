from functools import cached_property

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    """Which workspace sections the person may use, and how much waits for them in
    each, for the service navigation. Lazy: costs the memberships query, and one or two
    for the counts, only on pages that render the navigation."""
    from recommendations import access, reporting

    class Navigation:
        @property
        def our_actions(self) -> bool:
            return bool(access.agency_roles(request.user))

        @property
        def recommendations(self) -> bool:
            return access.is_reader(request.user)

        @property
        def dashboard(self) -> bool:
            roles = access.agency_roles(request.user)
            return access.can_see_dashboard(request.user) or "lead" in roles.values()

        @property
        def assurance(self) -> bool:
            return access.is_overseer(request.user)

        @cached_property
        def attention(self) -> int:
            """Open actions that need the person now (overdue, returned, ready)."""
            return reporting.attention_count(request.user, access.agency_roles(request.user))

        @cached_property
        def queue(self) -> int:
            """Decisions waiting for the GMCA assurance team."""
            return reporting.queue_count(request.user, list(access.agency_roles(request.user)))

    return {"nav": Navigation()}
