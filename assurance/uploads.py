"""Refuse an uploaded file that is over the limit while it is still arriving.

Django's own handlers keep every upload whole, in memory or in a temporary file, before
any form can look at its size: a 300 MB file would be written to disk in full only to
be refused for being over 20 MB. ``SizeLimitUploadHandler`` comes first in
``FILE_UPLOAD_HANDLERS`` and counts each file's bytes as they arrive. Once a file
passes the largest size any form accepts, the handlers after it get no more of it and
drop what they have; the rest is read from the connection (so the browser gets an
answer rather than a reset connection) and thrown away. The form then receives a
``RefusedUpload`` that is empty but knows the size that was sent, so the form's own
size check refuses it with its usual message and nothing is saved.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


def largest_upload() -> int:
    """The most bytes any form accepts in one file: evidence, or a recommendations import."""
    return max(settings.EVIDENCE_MAX_BYTES, settings.IMPORT_MAX_BYTES)


class RefusedUpload(UploadedFile):
    """A file refused for its size: its name and the number of bytes sent, no content.

    Its content is a closed buffer, so code that read it without checking ``size``
    first would fail loudly rather than store an empty file."""

    def __init__(self, name: str, content_type: str, size: int, charset, content_type_extra) -> None:
        empty = io.BytesIO()
        empty.close()
        super().__init__(empty, name, content_type, size, charset, content_type_extra)


class SizeLimitUploadHandler(FileUploadHandler):
    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.limit = largest_upload()
        self.refusing = False

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.refusing = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if not self.refusing and start + len(raw_data) > self.limit:
            self.refusing = True
            self._drop_partial_files()
        # None: the handlers after this one get nothing more of this file.
        return None if self.refusing else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.refusing:
            return None  # the next handler completes the file as usual
        return RefusedUpload(
            self.file_name, self.content_type, file_size, self.charset, self.content_type_extra
        )

    def _drop_partial_files(self) -> None:
        """Close (and so delete) what the other handlers hold of this file so far. Django's
        own handlers keep it in ``file``, which Django itself relies on to close them."""
        for handler in getattr(self.request, "upload_handlers", ()):
            partial = getattr(handler, "file", None)
            if handler is not self and partial is not None and not partial.closed:
                partial.close()
