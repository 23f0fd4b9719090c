"""Evidence files, served only to those who may have them, and only as they were uploaded."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from assurance.network import client_ip
from recommendations import access
from recommendations.evidence import stored_file_check
from recommendations.models import EvidenceAccess

logger = logging.getLogger("recommendations.evidence")


@login_required
@require_safe
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Always an attachment with the recorded type and nosniff, so a browser never renders it.

    The stored file is hashed before it is served (reading it twice: once to check, once
    to send). A file that is missing or no longer the one uploaded is not served: the
    person sees why, the operators find it in the error log, and no download is recorded,
    because nobody received the file.
    """
    evidence = access.get_evidence_for_download(request, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        handle = None  # stored_file_check reports it missing
    problem = stored_file_check(evidence, handle=handle)
    if problem:
        if handle is not None:
            handle.close()
        logger.error(
            "Evidence %s failed its integrity check and was not served to user %s: "
            "stored name %s, original name %r, expected SHA-256 %s: %s",
            evidence.pk,
            request.user.pk,
            evidence.file.name,
            evidence.original_name,
            evidence.sha256,
            problem,
        )
        ctx = {"evidence": evidence, "action": evidence.update.action, "missing": handle is None}
        # A file that has gone is not found, as before; one that has changed conflicts with its record.
        status = 404 if handle is None else 409
        return render(request, "recommendations/evidence_integrity_failed.html", ctx, status=status)
    EvidenceAccess.objects.create(evidence=evidence, user=request.user, ip_address=client_ip(request))
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
