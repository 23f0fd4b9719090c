from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    """Which workspace sections the person may use, for the service navigation. Lazy:
    costs the one memberships query only on pages that render the navigation."""
    from recommendations import access

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

    return {"nav": Navigation()}
