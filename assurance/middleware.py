"""Project middleware: two-factor enforcement and the Permissions-Policy header."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# Pages a person who still owes a second factor may reach: the two-factor pages
# themselves, signing out, and what is public anyway.
TWO_FACTOR_OPEN = {
    "two_factor_verify",
    "two_factor_setup",
    "logout",
    "healthz",
    "accessibility",
    "public_summary",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def needs_two_factor(user) -> bool:
    """Oversight and administrators must use a second factor, except demo accounts on a
    development machine."""
    if not getattr(settings, "TWO_FACTOR_REQUIRED", True):
        return False
    if not (user.is_authenticated and (user.is_oversight or user.is_staff)):
        return False
    return not (settings.TWO_FACTOR_EXEMPT_DEMO_ACCOUNTS and user.is_demo)


class RequireTwoFactorMiddleware:
    """Sends oversight and administrators who have not verified a second factor in this
    session to verify one (or to set one up first), before any other page, the Django
    admin included."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not needs_two_factor(user) or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in TWO_FACTOR_OPEN:
            return None
        from django_otp import devices_for_user

        target = "two_factor_verify" if any(devices_for_user(user, confirmed=True)) else "two_factor_setup"
        response = redirect(target)
        response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return response


class PermissionsPolicyMiddleware:
    """Django has no setting for this header: turn off browser features the service never uses."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
