"""The person's own e-mail preferences. There is no user id in the URL: each person
sees and changes only their own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from notifications import services
from notifications.forms import PreferencesForm
from notifications.models import SentNotification
from recommendations import access

RECENT = 10


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """Partners and oversight choose which e-mails they get. Someone no e-mail is ever
    sent to (no membership, not oversight) has nothing to choose: 404."""
    offered = services.kinds_offered(request.user, roles=access.agency_roles(request.user))
    if not offered:
        raise Http404
    preference = services.preference_for(request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST, offered=offered)
        if form.is_valid():
            services.preference_update(user=request.user, offered=offered, enabled=form.cleaned_data["kinds"])
            messages.success(request, "Your e-mail preferences have been saved.")
            return redirect("notification_preferences")
    else:
        form = PreferencesForm(
            initial={"kinds": [kind for kind in offered if preference.wants(kind)]}, offered=offered
        )
    ctx = {
        "form": form,
        "recent": SentNotification.objects.filter(recipient=request.user)[:RECENT],
    }
    return render(request, "notifications/preferences.html", ctx, status=400 if form.errors else 200)
