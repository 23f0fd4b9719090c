"""Bulk import of a report's recommendations: upload, preview, confirm, result.

Administrators only (Django staff who may add recommendations and actions); everyone
else gets 404. The logic lives in ``recommendations.imports``.

Between the preview and the confirmation the uploaded bytes wait in the session (a
server-side record: the database session backend), compressed and base64-encoded,
with their SHA-256. The confirmation form carries only that SHA-256, to say which
preview the person saw; the data itself never travels through the browser again, so
no hidden field can change what is imported. The confirmation reads and checks the
same bytes again before writing anything. Only a file with no errors is kept, and it
is removed once imported or replaced by the next upload.
"""

from __future__ import annotations

import base64
import hashlib
import zlib

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agencies.models import Agency
from recommendations.evidence import safe_name
from recommendations.imports import (
    COLUMNS,
    XLSX_CONTENT_TYPE,
    ImportForm,
    ImportResult,
    Preview,
    import_rows_check,
    recommendations_import,
    template_csv,
    template_xlsx,
)
from recommendations.models import Inspection, Theme

PENDING = "recommendation_import"
RESULT = "recommendation_import_result"
IMPORT_PERMISSIONS = ("recommendations.add_recommendation", "recommendations.add_action")


def get_inspection_for_importer(request: HttpRequest, pk: int) -> Inspection:
    """An inspection, for an administrator who may add recommendations (404 for anyone else)."""
    user = request.user
    if not (user.is_active and user.is_staff and user.has_perms(IMPORT_PERMISSIONS)):
        raise Http404
    try:
        return Inspection.objects.select_related("inspectorate").get(pk=pk)
    except Inspection.DoesNotExist:
        raise Http404 from None


def _upload_page(request: HttpRequest, inspection: Inspection, form: ImportForm, status: int = 200):
    ctx = {
        "inspection": inspection,
        "form": form,
        "columns": COLUMNS,
        "existing": inspection.recommendations.count(),
        "agencies": Agency.objects.filter(is_active=True).order_by("short_name"),
        "themes": Theme.objects.order_by("name"),
        "max_bytes": settings.IMPORT_MAX_BYTES,
    }
    return render(request, "recommendations/import_upload.html", ctx, status=status)


def _preview_page(request: HttpRequest, preview: Preview, *, name: str, sha256: str, changed: bool = False):
    ctx = {
        "inspection": preview.inspection,
        "preview": preview,
        "file_name": name,
        "sha256": sha256,
        "changed": changed,
        "form": ImportForm(),
    }
    if preview.error_rows:
        ctx["agencies"] = Agency.objects.filter(is_active=True).order_by("short_name")
        ctx["themes"] = Theme.objects.order_by("name")
    return render(
        request, "recommendations/import_preview.html", ctx, status=400 if preview.error_rows else 200
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def inspection_import(request: HttpRequest, pk: int) -> HttpResponse:
    """The upload form (GET) and the preview of an uploaded file (POST). Writes nothing."""
    inspection = get_inspection_for_importer(request, pk)
    if request.method in ("GET", "HEAD"):  # HEAD: the headers of the upload page
        return _upload_page(request, inspection, ImportForm())
    # A new upload replaces any file waiting to be confirmed.
    request.session.pop(PENDING, None)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, inspection, form, status=400)
    name = safe_name(form.cleaned_data["file"].name)
    data = form.data_bytes
    sha256 = hashlib.sha256(data).hexdigest()
    preview = import_rows_check(inspection=inspection, sheet=form.sheet)
    if not preview.error_rows:
        request.session[PENDING] = {
            "inspection": inspection.pk,
            "name": name,
            "sha256": sha256,
            "content": base64.b64encode(zlib.compress(data)).decode("ascii"),
        }
    return _preview_page(request, preview, name=name, sha256=sha256)


def _pending_bytes(pending: dict) -> bytes | None:
    """The waiting file's bytes, if they are intact."""
    try:
        inflater = zlib.decompressobj()
        data = inflater.decompress(base64.b64decode(pending["content"]), settings.IMPORT_MAX_BYTES + 1)
    except (KeyError, TypeError, ValueError, zlib.error):
        return None
    if hashlib.sha256(data).hexdigest() != pending.get("sha256"):
        return None
    return data


@login_required
@require_POST
def inspection_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Import the previewed file: all its new rows in one transaction, or nothing."""
    inspection = get_inspection_for_importer(request, pk)
    pending = request.session.get(PENDING)
    posted = request.POST.get("sha256", "")
    data = None
    if (
        isinstance(pending, dict)
        and pending.get("inspection") == inspection.pk
        and pending.get("sha256") == posted
    ):
        data = _pending_bytes(pending)
    if data is None:
        form = ImportForm.refused(
            [
                "The file you previewed is no longer waiting to be imported: it was imported already, "
                "another file was uploaded since, or your session ended. Nothing has been imported. "
                "Upload the file again."
            ]
        )
        return _upload_page(request, inspection, form, status=400)
    name = pending["name"]
    try:
        result = recommendations_import(inspection=inspection, name=name, data=data, by=request.user)
    except (ValidationError, IntegrityError) as error:
        request.session.pop(PENDING, None)
        messages = (
            error.messages
            if isinstance(error, ValidationError)
            else [
                "Someone else changed this report's recommendations at the same time. Nothing has been "
                "imported. Upload the file again to see the changes."
            ]
        )
        form = ImportForm.refused(messages)
        return _upload_page(request, inspection, form, status=400)
    request.session.pop(PENDING, None)
    if not isinstance(result, ImportResult):
        # The report or the agencies changed since the preview: show what is wrong now.
        return _preview_page(request, result, name=name, sha256=pending["sha256"], changed=True)
    request.session[RESULT] = {
        "inspection": inspection.pk,
        "name": name,
        "created": result.created,
        "skipped": result.skipped,
        "actions": result.actions,
    }
    return redirect("inspection_import_done", pk=inspection.pk)


@login_required
@require_safe
def inspection_import_done(request: HttpRequest, pk: int) -> HttpResponse:
    """How many recommendations the last import created and skipped."""
    inspection = get_inspection_for_importer(request, pk)
    result = request.session.get(RESULT)
    if not isinstance(result, dict) or result.get("inspection") != inspection.pk:
        return redirect("inspection_import", pk=inspection.pk)
    ctx = {
        "inspection": inspection,
        "result": result,
        "admin_recommendations": reverse("admin:recommendations_recommendation_changelist")
        + f"?inspection__id__exact={inspection.pk}",
    }
    return render(request, "recommendations/import_done.html", ctx)


@login_required
@require_safe
def inspection_import_template(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The heading row and one example row, as CSV or Excel."""
    inspection = get_inspection_for_importer(request, pk)
    if fmt == "xlsx":
        response = HttpResponse(template_xlsx(inspection), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(template_csv(inspection), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="recommendations-import-template.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
