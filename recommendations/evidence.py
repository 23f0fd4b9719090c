"""Checking uploaded evidence: what a file really is, and a safe name for it.

The type is read from the file's first bytes (and, for Office files, the parts inside
the zip), never trusted from the name or the browser's content type; the name's
extension must then agree with what the content is. A renamed executable or web page
is refused whatever it is called.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc, .xls, .ppt
ZIP_MAGIC = b"PK\x03\x04"

# extension -> (content type, the family the content must be)
ALLOWED = {
    ".pdf": ("application/pdf", "pdf"),
    ".doc": ("application/msword", "ole2"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    ".xls": ("application/vnd.ms-excel", "ole2"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ".ppt": ("application/vnd.ms-powerpoint", "ole2"),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    ".csv": ("text/csv", "text"),
    ".txt": ("text/plain", "text"),
    ".png": ("image/png", "png"),
    ".jpg": ("image/jpeg", "jpeg"),
    ".jpeg": ("image/jpeg", "jpeg"),
}
ALLOWED_DESCRIPTION = "PDF, Word, Excel, CSV, PowerPoint, plain text, PNG or JPEG"
ACCEPT_ATTRIBUTE = ",".join(ALLOWED)

OOXML_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<script|<\?xml|<svg|<head|<body)", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedFile:
    original_name: str
    content_type: str
    size: int
    sha256: str


def safe_name(name: str) -> str:
    """A display and download name with no path, control characters or oddities."""
    name = unicodedata.normalize("NFKC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"[^\w.() -]+", "-", name, flags=re.ASCII)
    name = re.sub(r"\s+", " ", name)
    name = re.sub(r"-{2,}", "-", name).strip(" .-")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = ext.lower()[:10]
    stem = stem[:150].strip(" .-") or "evidence"
    return f"{stem}.{ext}" if ext else stem


def _content_family(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(OLE2_MAGIC):
        return "ole2"
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" not in names:
            return None
        for family, prefix in OOXML_PART.items():
            if any(n.startswith(prefix) for n in names):
                return family
        return None
    if _is_plain_text(upload):
        return "text"
    return None


def _is_plain_text(upload: UploadedFile) -> bool:
    """UTF-8 (or Windows-1252, as Excel writes CSV) text, with no NUL bytes and not a web page."""
    upload.seek(0)
    first = True
    for chunk in upload.chunks():
        if first and HTML_START.match(chunk):
            return False
        first = False
        if b"\x00" in chunk:
            return False
    upload.seek(0)
    data = upload.read(64 * 1024)
    upload.seek(0)
    try:
        # Not final: a multi-byte character may be cut at the end of the sample.
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
        return True
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def check_evidence_file(upload: UploadedFile) -> CheckedFile:
    """Validate one uploaded file; raise ``ValidationError`` with a message for the form."""
    name = safe_name(upload.name)
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(f"{name} is empty. Choose a file that has something in it.")
    if upload.size > limit:
        raise ValidationError(
            f"{name} is {filesizeformat(upload.size)}. Each file must be smaller than {filesizeformat(limit)}."
        )
    ext = ("." + name.rpartition(".")[2].lower()) if "." in name else ""
    if ext not in ALLOWED:
        raise ValidationError(f"{name} is not an allowed type. The file must be a {ALLOWED_DESCRIPTION}.")
    content_type, expected_family = ALLOWED[ext]
    family = _content_family(upload)
    if family != expected_family:
        raise ValidationError(
            f"{name} is not a real {ext[1:].upper()} file: its content does not match its name. "
            f"The file must be a {ALLOWED_DESCRIPTION}."
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        original_name=name, content_type=content_type, size=upload.size, sha256=digest.hexdigest()
    )


def stored_file_check(evidence, *, handle=None) -> str | None:
    """What is wrong with the stored copy of ``evidence`` (missing, unreadable, or not
    the bytes that were uploaded), or ``None`` if it is whole. The one rule for
    downloads, backups and ``verify_evidence``.

    Reads the whole file, 1 MB at a time. Given ``handle`` (the stored file, open for
    reading), it reads that and rewinds it, so what is then served or copied is what was
    checked; without one it opens the file itself and closes it.
    """
    if handle is None:
        try:
            with evidence.file.storage.open(evidence.file.name, "rb") as opened:
                return stored_file_check(evidence, handle=opened)
        except FileNotFoundError:
            return "the file is missing"
        except OSError as error:
            return f"the file cannot be read ({error.strerror or error})"
    digest = hashlib.sha256()
    size = 0
    handle.seek(0)
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    handle.seek(0)
    actual = digest.hexdigest()
    if size == evidence.size and actual == evidence.sha256:
        return None
    problems = []
    if size != evidence.size:
        problems.append(f"it is {size} bytes, not the {evidence.size} recorded")
    if actual != evidence.sha256:
        problems.append(f"its SHA-256 is {actual}, not the {evidence.sha256} recorded")
    return "the file has changed: " + " and ".join(problems)
