"""Project middleware: /healthz before everything, sessions that the API leaves alone,
two-factor enforcement and the Permissions-Policy header."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
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
    "sso_start",
    "sso_organisation",
    "sso_callback",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


class HealthCheckMiddleware:
    """Answers /healthz first, before any other middleware runs.

    The answer must say whether the database answers and nothing else: a session cookie
    looked up in the database that is down would turn it into an error page, a Host
    header naming the server's own address (as a load balancer's probe does) into a 400,
    and a probe over plain HTTP into a redirect. It names no one and changes nothing."""

    PATH = "/healthz"  # as in assurance/urls.py, where reverse("healthz") finds it

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == self.PATH:
            from assurance.views import healthz

            return healthz(request)
        return self.get_response(request)


def is_api(request: HttpRequest) -> bool:
    """Whether the request is for the JSON API (not its tokens page, which is a web page)."""
    match = getattr(request, "resolver_match", None)
    return match is not None and "api" in match.namespaces


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that the API's answers leave the session as it was.

    The API authenticates by token and never reads the session, so an API call from a
    signed-in browser does not keep the website's idle session alive, and, while the
    database that holds sessions is down, the API's JSON answer is not replaced by an
    error page when the session would have been saved."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if is_api(request):
            return response
        return super().process_response(request, response)


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
        # The address first: open pages and the API (which authenticates by token alone,
        # never by session) do not load the session's user, so they still answer, in
        # their own way, while the database that holds sessions is down.
        match = request.resolver_match
        if is_api(request) or (match is not None and match.url_name in TWO_FACTOR_OPEN):
            return None
        from agencies.sso import two_factor_from_provider

        user = request.user
        if not needs_two_factor(user) or user.is_verified() or two_factor_from_provider(request):
            return None
        from django_otp import devices_for_user

        target = "two_factor_verify" if any(devices_for_user(user, confirmed=True)) else "two_factor_setup"
        response = redirect(target)
        response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return response


class SignInProvidersPolicyMiddleware:
    """The Content Security Policy's ``form-action`` lets a form's redirect go only to this
    site: signing in with an organisation's account (the e-mail form) and signing out of it
    (the header's button, on every page) redirect to the organisation's identity provider,
    so its address is allowed too, where any is set up."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        origins = sorted({provider_origin(p.issuer) for p in settings.OIDC_PROVIDERS})
        if origins and not hasattr(response, "_csp_config"):
            policy = dict(settings.SECURE_CSP)
            response._csp_config = {**policy, "form-action": [*policy.get("form-action", []), *origins]}
        return response


def provider_origin(issuer: str) -> str:
    parts = urlsplit(issuer)
    return f"{parts.scheme}://{parts.netloc}"


class PermissionsPolicyMiddleware:
    """Django has no setting for this header: turn off browser features the service never uses."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
