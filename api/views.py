"""The API tokens page: make, list and revoke one's own tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from api import services
from api.forms import TokenForm
from api.models import ApiToken
from recommendations import access


def get_token_for_owner(request: HttpRequest, pk: int) -> ApiToken:
    """One of the signed-in person's own tokens; 404 for anyone else's."""
    try:
        return ApiToken.objects.get(pk=pk, user=request.user)
    except ApiToken.DoesNotExist:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """The person's tokens and a form for a new one. A new token's secret is shown in the
    response to the POST that made it, and never again: it is not stored, so the page
    is not redirected and is marked not to be cached."""
    if not access.is_reader(request.user):
        raise Http404
    # So that a token stopped by a change to the person's role, memberships, password
    # or second factor is listed as revoked, with the reason, even before it is next used.
    services.tokens_revoke_stale(user=request.user)
    secret = created = None
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = services.token_create(
                user=request.user, name=form.cleaned_data["name"], expires_in_days=form.expires_in_days
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = TokenForm()
    ctx = {
        "form": form,
        "created": created,
        "secret": secret,
        "tokens": list(ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk")),
        "max_tokens": services.max_active_tokens(),
    }
    response = render(request, "api/tokens.html", ctx, status=400 if form.errors else 200)
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_token_for_owner(request, pk)
    if services.token_revoke(token=token, by=request.user):
        messages.success(request, f"Token “{token.name}” revoked. Requests that send it are now refused.")
    else:
        messages.info(request, f"Token “{token.name}” was already revoked.")
    return redirect("api_tokens")
