from django.contrib.auth import views as auth_views
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from agencies import sso
from agencies.models import Agency
from recommendations import access
from recommendations.models import Action, Inspection, Recommendation, Status


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Sends each person to what they need: partners to their agency's actions and what
    needs doing, the GMCA assurance team to its queue (submissions and new due dates
    waiting for a decision); everyone else sees what the tracker holds."""
    if access.agency_roles(request.user):
        return redirect("our_actions")
    if not request.user.is_authenticated:
        return redirect("public_summary")
    if request.user.is_oversight:
        return redirect("assurance_queue")
    figures = Action.objects.filter(is_archived=False).aggregate(
        total=Count("pk"),
        assured=Count("pk", filter=Q(status=Status.ASSURED)),
        submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
        in_progress=Count("pk", filter=Q(status=Status.IN_PROGRESS)),
        not_started=Count("pk", filter=Q(status=Status.NOT_STARTED)),
    )
    ctx = {
        "figures": figures,
        "agency_count": Agency.objects.filter(is_active=True).count(),
        "inspection_count": Inspection.objects.released().count(),
        "recommendation_count": Recommendation.objects.listed().count(),
    }
    return render(request, "home.html", ctx)


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.html", {})


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and uptime checks: 200 "ok" only if the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A stale or forged form: say so plainly, change nothing."""
    return render(request, "registration/csrf_failure.html", {}, status=403)


def ping(request: HttpRequest) -> HttpResponse:
    """No database, no template: the ceiling a benchmark compares real pages with."""
    return HttpResponse("pong", content_type="text/plain")


class SignInView(auth_views.LoginView):
    """Django's sign-in with a username and password (the demo's accounts and
    administrators' break-glass ones), beside signing in with an organisation's account
    where any organisation is set up for that."""

    template_name = "registration/login.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "organisations": sso.providers()}
