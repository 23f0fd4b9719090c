"""The read-only JSON API: one ``NinjaAPI`` under /api/, its error responses and its docs.

Every error is JSON of one shape (``schemas.Problem``): a parameter that does not
validate is a 400 naming it (never a 500), a missing, unknown, revoked or expired
token a 401, an account that may read nothing a 403, an unknown id a 404, and a
database that cannot be reached a 503 (logged, as Django logs a 500).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from django.db import DatabaseError, InterfaceError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from api.auth import TokenAuth
from api.endpoints import BadParameters, router
from api.services import TokenRejected

logger = logging.getLogger("django.request")

DESCRIPTION = """\
Read-only access to the inspections, judgements, recommendations, partner actions and
progress updates of the Greater Manchester safeguarding partnership, with the same
access as the website: a token sees what its owner sees there.

Create a token on the [API tokens](/api/tokens/) page and send it on every request as
`Authorization: Bearer <token>`. The public summary needs no token. A token stops
working, and the API tokens page says why, when its owner's role, agency memberships,
password or two-factor authentication change after it was made.

Lists are paginated with `limit` (at most 100) and `offset`, and are returned in a
fixed order. Evidence files are not served by the API; their details are listed only
for agencies whose evidence the token's owner may download on the website.
"""


def head_as_get(view: Callable) -> Callable:
    """django-ninja routes by exact method, so HEAD was a 405 on every endpoint: answer
    it as GET (the server sends only the headers, as for Django's own views)."""

    @wraps(view)  # keeps the view's csrf_exempt
    def view_or_head(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            return view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"

    return view_or_head


class TrackerAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # "action_list" rather than django-ninja's default "api_endpoints_action_list".
        return operation.view_func.__name__

    @property
    def urls(self) -> tuple[list, str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = head_as_get(pattern.callback)
        return patterns, app_name, namespace


api = TrackerAPI(
    title="Safeguarding Assurance Tracker API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
    # The docs page uses the Swagger UI files shipped with django-ninja (no CDN, no
    # inline script), so it works under the site's Content Security Policy.
    docs=Swagger(settings={"persistAuthorization": False, "tryItOutEnabled": False}),
)
api.add_router("", router)


def problem(request: HttpRequest, status: int, detail: str, errors: list | None = None) -> HttpResponse:
    response = api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(ValidationError)
def bad_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        # ("query", "filters", "limit") -> "limit"; a list item keeps its position.
        parameter = next((part for part in reversed(location) if not part.isdigit()), "")
        errors.append({"parameter": parameter or "request", "message": error.get("msg", "Not valid.")})
    named = "; ".join(f"{e['parameter']}: {e['message']}" for e in errors)
    return problem(request, 400, f"Some parameters are not valid. {named}".strip(), errors)


@api.exception_handler(TokenRejected)
def token_rejected(request: HttpRequest, exc: TokenRejected) -> HttpResponse:
    return problem(request, 401, exc.message)


@api.exception_handler(AuthenticationError)
def no_token(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(
        request,
        401,
        "Send an API token in the Authorization header: “Authorization: Bearer <token>”. "
        "Create one on the API tokens page.",
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, exc.message)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, "Nothing with that id is available to you.")


@api.exception_handler(BadParameters)
def bad_filters(request: HttpRequest, exc: BadParameters) -> HttpResponse:
    named = "; ".join(f"{e['parameter']}: {e['message']}" for e in exc.errors)
    return problem(request, 400, f"Some parameters are not valid. {named}", exc.errors)


@api.exception_handler(DatabaseError)
@api.exception_handler(InterfaceError)  # a lost connection: not a DatabaseError in Django
def database_unavailable(request: HttpRequest, exc: DatabaseError | InterfaceError) -> HttpResponse:
    """JSON, like every other error of the API, rather than the website's error page."""
    logger.error(
        "Database error: %s", request.path, exc_info=exc, extra={"status_code": 503, "request": request}
    )
    response = problem(request, 503, "The service cannot reach its database. Try again in a few minutes.")
    response["Retry-After"] = "60"
    return response
