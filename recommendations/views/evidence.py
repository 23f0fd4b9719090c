"""Evidence files, served only to those who may have them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from assurance.network import client_ip
from recommendations import access
from recommendations.models import EvidenceAccess


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Always an attachment with the recorded type and nosniff, so a browser never renders it."""
    evidence = access.get_evidence_for_download(request, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    EvidenceAccess.objects.create(evidence=evidence, user=request.user, ip_address=client_ip(request))
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
